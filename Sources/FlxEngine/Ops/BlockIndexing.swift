/// NNlib's `gather` and `scatter(+)` in one shape: an array seen as a row of blocks of
/// `inner` consecutive elements (the leading dimensions), moved whole by a block index.
///
/// `gather` reads block `sources[k]` into output block k; its gradient adds each output
/// block's gradient back into the block it came from, which is `scatterAdd`. `scatterAdd`
/// adds input block k into block `targets[k]` of a base array; its gradient is the base's
/// gradient unchanged and, for the input, a `gather` of the upstream blocks. So each is
/// the other's adjoint, and both are exact for repeated indices.
public final class BlockMap {
    /// Elements per block, and one block index per moved block.
    let inner: Int
    let indices: [Int]

    init(inner: Int, indices: [Int]) {
        self.inner = inner
        self.indices = indices
    }
}

public enum BlockIndexing {
    /// `out[:, k] = x[:, sources[k]]` (0-based block indices); `shape` is the result's and
    /// holds `inner · sources.count` elements.
    public static func gather(_ x: Tensor, inner: Int, sources: [Int], shape: Shape, tape: Tape?) throws -> Tensor {
        let blocks = inner == 0 ? 0 : x.count / inner
        let moved = inner.multipliedReportingOverflow(by: sources.count)
        guard inner >= 0, !moved.overflow, shape.count == moved.partialValue, inner == 0 || x.count % inner == 0 else {
            throw EngineError.dimensionMismatch("gather: blocks of \(inner) do not fit \(x.shape) and \(shape)")
        }
        guard sources.allSatisfy({ $0 >= 0 && $0 < blocks }) || inner == 0 else {
            throw EngineError.argument("gather: an index is outside the \(blocks) slices of the source")
        }
        let out = try Tensor(uninitialized: x.dtype, shape)
        let bytes = inner * x.dtype.byteWidth
        for (k, s) in sources.enumerated() { rawCopy(out.raw + k * bytes, x.raw + s * bytes, bytes) }
        let map = BlockMap(inner: inner, indices: sources)
        if let tape, tape.isTracked(x) { tape.record(.blockGather(map), output: out, x) }
        return out
    }

    /// A copy of `base` with `src[:, k]` added into block `targets[k]`, in `base`'s element type.
    public static func scatterAdd(_ src: Tensor, inner: Int, targets: [Int], into base: Tensor, tape: Tape?) throws -> Tensor {
        let blocks = inner == 0 ? 0 : base.count / inner
        let moved = inner.multipliedReportingOverflow(by: targets.count)
        guard inner >= 0, !moved.overflow, src.count == moved.partialValue, inner == 0 || base.count % inner == 0 else {
            throw EngineError.dimensionMismatch("scatter: blocks of \(inner) do not fit \(src.shape) and \(base.shape)")
        }
        guard targets.allSatisfy({ $0 >= 0 && $0 < blocks }) || inner == 0 else {
            throw EngineError.argument("scatter: an index is outside the \(blocks) slices of the destination")
        }
        let dtype = base.dtype == .bool ? DType.int64 : base.dtype
        let out = try base.converted(to: dtype)  // converting always copies
        let s = src.dtype == dtype ? src : try src.converted(to: dtype)
        func run<T: Numeric>(_: T.Type, _ add: (T, T) -> T) {
            let ps = s.raw.assumingMemoryBound(to: T.self), po = out.raw.assumingMemoryBound(to: T.self)
            for (k, t) in targets.enumerated() {
                let from = k * inner, to = t * inner
                for i in 0..<inner { po[to + i] = add(po[to + i], ps[from + i]) }
            }
        }
        switch dtype {
        case .float32: run(Float.self, +)
        case .float64: run(Double.self, +)
        default: run(Int64.self, &+)  // Julia's Int addition wraps
        }
        let map = BlockMap(inner: inner, indices: targets)
        if dtype.isFloat, let tape, Tape.anyTracked(tape, src, base) {
            tape.record(.blockScatterAdd(map), output: out, src, base)
        }
        return out
    }

    static func backwardGather(_ map: BlockMap, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        let zeros = try Tensor.zeros(g.dtype, x.shape)
        try tape.accumulate(x, try scatterAdd(g, inner: map.inner, targets: map.indices, into: zeros, tape: nil))
    }

    static func backwardScatterAdd(_ map: BlockMap, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        if let base = rec.b { try tape.accumulate(base, g) }
        if let src = rec.a, tape.isTracked(src) {
            try tape.accumulate(src, try gather(g, inner: map.inner, sources: map.indices, shape: src.shape, tape: nil))
        }
    }
}
