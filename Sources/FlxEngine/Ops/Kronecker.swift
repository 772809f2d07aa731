/// `kron(A, B)`, the Kronecker product: block (i, j) of the result is `A[i, j] * B`.
/// Two vectors give a vector; otherwise a vector counts as a one-column matrix and the
/// result is a matrix, as in Julia.
///
/// Backward: each block is one product, so Ā[i, j] = Σ Ḡ_block(i, j) ⊙ B and
/// B̄ = Σ_(i, j) A[i, j] Ḡ_block(i, j).
extension LinearAlgebra {
    public static func kron(_ a: Tensor, _ b: Tensor, tape: Tape?) throws -> Tensor {
        guard a.rank >= 1 && a.rank <= 2 && b.rank >= 1 && b.rank <= 2 else {
            throw EngineError.argument("kron takes vectors and matrices, got arrays of size \(dims: a.shape.dims) and \(dims: b.shape.dims)")
        }
        let (m, n) = (a.shape[0], a.rank == 2 ? a.shape[1] : 1)
        let (p, q) = (b.shape[0], b.rank == 2 ? b.shape[1] : 1)
        let (rows, rowOverflow) = m.multipliedReportingOverflow(by: p)
        let (cols, colOverflow) = n.multipliedReportingOverflow(by: q)
        if rowOverflow || colOverflow { throw EngineError.outOfMemory }
        // Julia's `promote_op(*, T, S)`: Bool times Bool stays Bool, any other Bool becomes Int.
        let t = a.dtype == .bool && b.dtype == .bool ? DType.bool : DType.arithmetic(a.dtype, b.dtype)
        let out = try Tensor(uninitialized: t, a.rank == 1 && b.rank == 1 ? Shape([rows]) : Shape(rows, cols))
        let x = try a.promoted(to: t), y = try b.promoted(to: t)
        func fill<E: TensorElement>(_: E.Type, _ mul: (E, E) -> E) {
            let pa = x.ptr(E.self), pb = y.ptr(E.self), po = out.ptr(E.self)
            for j in 0..<n {
                for i in 0..<m {
                    let s = pa[j &* m &+ i]
                    for l in 0..<q {
                        let col = po + ((j &* q &+ l) &* rows &+ i &* p)
                        let src = pb + l &* p
                        for k in 0..<p { col[k] = mul(s, src[k]) }
                    }
                }
            }
        }
        switch t {
        case .float32: fill(Float.self, *)
        case .float64: fill(Double.self, *)
        case .int64: fill(Int64.self, &*)
        case .bool: fill(Bool.self) { $0 && $1 }
        }
        if t.isFloat, let tape, Tape.anyTracked(tape, a, b) { tape.record(.kron, output: out, a, b) }
        return out
    }

    static func backwardKron(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, let b = rec.b else { return }
        let t = rec.output.dtype
        let (m, n) = (a.shape[0], a.rank == 2 ? a.shape[1] : 1)
        let (p, q) = (b.shape[0], b.rank == 2 ? b.shape[1] : 1)
        let rows = m &* p
        let x = try a.promoted(to: t), y = try b.promoted(to: t), gg = try g.promoted(to: t)
        let da = try Tensor.zeros(t, a.shape), db = try Tensor.zeros(t, b.shape)
        func run<T: FloatElement>(_: T.Type) {
            let pa = x.ptr(T.self), pb = y.ptr(T.self), pg = gg.ptr(T.self)
            let pda = da.ptr(T.self), pdb = db.ptr(T.self)
            for j in 0..<n {
                for i in 0..<m {
                    let s = pa[j &* m &+ i]
                    var acc: T = 0
                    for l in 0..<q {
                        let col = pg + ((j &* q &+ l) &* rows &+ i &* p)
                        for k in 0..<p {
                            acc += col[k] * pb[l &* p &+ k]
                            pdb[l &* p &+ k] += s * col[k]
                        }
                    }
                    pda[j &* m &+ i] = acc
                }
            }
        }
        if t == .float32 { run(Float.self) } else { run(Double.self) }
        try tape.accumulate(a, da)
        try tape.accumulate(b, db)
    }
}
