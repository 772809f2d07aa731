/// NNlib's `batched_mul` on rank-3 arrays: C[:, :, k] = op(A[:, :, k]) · op(B[:, :, k]),
/// where a batch size of 1 on either side is shared by every k. Each product goes to
/// the same kernels as `*` (BLAS gemm for floats), reading the slice in place; the
/// gradients are batched products again, and a shared operand's gradient is summed
/// over the batch by the tape's accumulation.
public enum BatchedMatmul {
    public static func multiply(_ a: Tensor, transA: Bool = false, _ b: Tensor, transB: Bool = false, tape: Tape?) throws -> Tensor {
        guard a.rank == 3, b.rank == 3 else {
            throw EngineError.argument("batched_mul needs 3-dimensional arrays, got sizes \(a.shape) and \(b.shape)")
        }
        let ka = a.shape[2], kb = b.shape[2]
        guard ka == kb || ka == 1 || kb == 1 else { throw EngineError.dimensionMismatch("batch size mismatch: A != B") }
        let m = transA ? a.shape[1] : a.shape[0], inner = transA ? a.shape[0] : a.shape[1]
        let innerB = transB ? b.shape[1] : b.shape[0], n = transB ? b.shape[0] : b.shape[1]
        guard inner == innerB else {
            throw EngineError.dimensionMismatch("A has dimensions (\(m),\(inner)) but B has dimensions (\(innerB),\(n))")
        }
        var t = DType.arithmetic(a.dtype, b.dtype)
        if t == .bool { t = .int64 }
        let ac = a.dtype == t ? a : try a.converted(to: t)
        let bc = b.dtype == t ? b : try b.converted(to: t)
        let batches = Swift.max(ka, kb)
        let out = try Tensor(uninitialized: t, Shape([m, n, batches]))
        let slice = try Tensor(uninitialized: t, Shape(m, n))
        let bytes = m * n * t.byteWidth
        for k in 0..<batches {
            let oa = try MatOperand(slice: ac, k == 0 || ka == 1 ? 0 : k, trans: transA)
            let ob = try MatOperand(slice: bc, k == 0 || kb == 1 ? 0 : k, trans: transB)
            try MatmulKernel.multiply(oa, ob, into: slice)
            rawCopy(out.raw + k * bytes, slice.raw, bytes)
        }
        if t.isFloat, let tape, Tape.anyTracked(tape, a, b) {
            tape.record(.batchedMatmul(transA: transA, transB: transB), output: out, a, b)
        }
        return out
    }

    static func backward(transA: Bool, transB: Bool, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, let b = rec.b else { return }
        if tape.isTracked(a) {
            let dA = transA ? try multiply(b, transA: transB, g, transB: true, tape: nil)
                            : try multiply(g, b, transB: !transB, tape: nil)
            try tape.accumulate(a, dA)
        }
        if tape.isTracked(b) {
            let dB = transB ? try multiply(g, transA: true, a, transB: transA, tape: nil)
                            : try multiply(a, transA: !transA, g, tape: nil)
            try tape.accumulate(b, dB)
        }
    }
}

extension MatOperand {
    /// The k-th matrix of a rank-3 array, read in place.
    init(slice t: Tensor, _ k: Int, trans: Bool) throws {
        guard t.rank == 3, k >= 0, k < Swift.max(t.shape[2], 1) else {
            throw EngineError.argument("matrix \(k + 1) is not a matrix of a \(array: t.shape, t.dtype)")
        }
        tensor = t
        self.trans = trans
        storedRows = t.shape[0]; storedCols = t.shape[1]
        offset = k * t.shape[0] * t.shape[1]
        ld = Swift.max(t.shape[0], 1)
    }
}
