/// reshape/vec (views sharing memory, as in Julia), broadcastTo, cat/hcat/vcat,
/// permutedims, repeat; forward and backward.
public enum Shaping {
    /// `reshape(x, dims...)` with at most one `-1` standing for Julia's `:`.
    public static func reshape(_ x: Tensor, _ dims: [Int], tape: Tape?) throws -> Tensor {
        var dims = dims
        let colons = dims.indices.filter { dims[$0] == -1 }
        let text: EngineMessage = "\(requestedDims: dims)"
        if colons.count > 1 {
            throw EngineError.argument("new dimensions \(text) may have at most one omitted dimension specified by Colon()")
        }
        if let c = colons.first {
            var known = 1
            for (i, d) in dims.enumerated() where i != c {
                guard d >= 0 else { throw EngineError.argument("invalid Array dimensions") }
                let (p, o) = known.multipliedReportingOverflow(by: d)
                guard !o else { throw EngineError.argument("invalid Array dimensions") }
                known = p
            }
            guard known != 0 ? x.count % known == 0 : x.count == 0 else {
                throw EngineError.dimensionMismatch("array size \(x.count) must be divisible by the product of the new dimensions \(text)")
            }
            dims[c] = known == 0 ? 0 : x.count / known
        }
        let shape = try Shape(dims)
        return try reshape(x, shape, tape: tape)
    }

    /// `reshape(x, shape)` without allocation of a dims array.
    public static func reshape(_ x: Tensor, _ shape: Shape, tape: Tape?) throws -> Tensor {
        guard shape.count == x.count else {
            throw EngineError.dimensionMismatch("new dimensions \(shape) must be consistent with array size \(x.count)")
        }
        let out = Tensor(viewOf: x, shape: shape)
        if let tape, tape.isTracked(x) { tape.record(.reshape, output: out, x) }
        return out
    }

    /// `vec(x)`: the column-major elements as a vector.
    public static func vec(_ x: Tensor, tape: Tape?) throws -> Tensor {
        try reshape(x, Shape(x.count), tape: tape)
    }

    /// `dropdims(x; dims)`: removes the listed size-1 dims (1-based), sharing memory.
    public static func dropdims(_ x: Tensor, dims: [Int], tape: Tape?) throws -> Tensor {
        for d in dims {
            guard d >= 1 && d <= x.rank else { throw EngineError.argument("dropped dims must be in range 1:\(x.rank)") }
            guard x.shape[d - 1] == 1 else { throw EngineError.argument("dropped dims must all be size 1") }
        }
        guard Set(dims).count == dims.count else { throw EngineError.argument("dropped dims must be unique") }
        let kept = (0..<x.rank).filter { !dims.contains($0 + 1) }.map { x.shape[$0] }
        return try reshape(x, Shape(kept), tape: tape)
    }

    /// `Flux.unsqueeze(x; dims)`: inserts a size-1 dim at 1-based position `dim` (1...rank+1).
    public static func unsqueeze(_ x: Tensor, dim: Int, tape: Tape?) throws -> Tensor {
        guard dim >= 1 && dim <= x.rank + 1 else { throw EngineError.argument("unsqueeze: dims must be in 1:\(x.rank + 1), got \(dim)") }
        var ds = x.shape.dims
        ds.insert(1, at: dim - 1)
        return try reshape(x, Shape(ds), tape: tape)
    }

    /// `fill(value, dims...)`.
    public static func fill(_ value: Double, dtype: DType, shape: Shape) throws -> Tensor {
        try Tensor.filled(value: value, dtype: dtype, shape: shape)
    }

    static func backwardReshape(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        try tape.accumulate(x, Tensor(viewOf: g, shape: x.shape))
    }

    /// Materialises `x` broadcast to `shape` (untracked helper for backward rules).
    static func broadcastTo(_ x: Tensor, _ shape: Shape) throws -> Tensor {
        if x.shape == shape { return x }
        let combined = try BroadcastShape.combine(x.shape, shape)
        guard combined == shape else { throw BroadcastShape.mismatch(x.shape, shape) }
        let out = try Tensor(uninitialized: x.dtype, shape)
        withBroadcastStrides(x.shape, shape, shape) { sa, _ in stridedCopy(from: x, strides: sa, into: out) }
        return out
    }

    /// `cat(xs...; dims=d)` with 1-based `dim`; `vcat` is dim 1, `hcat` dim 2.
    public static func cat(_ xs: [Tensor], dim: Int, tape: Tape?) throws -> Tensor {
        guard dim >= 1 else { throw EngineError.argument("cat: dimension must be ≥ 1, got \(dim)") }
        guard let first = xs.first else { throw EngineError.argument("cat: need at least one array") }
        let d = dim - 1
        let rank = xs.reduce(dim) { Swift.max($0, $1.rank) }
        try AllocationGuard.reserve(count: rank, bytesEach: MemoryLayout<Int>.stride)
        var dims = (0..<rank).map { first.shape[$0] }
        dims[d] = 0
        var dtype = first.dtype
        for x in xs {
            dtype = DType.promote(dtype, x.dtype)
            for i in 0..<rank where i != d && x.shape[i] != dims[i] {
                throw EngineError.dimensionMismatch("mismatch in dimension \(i + 1) (expected \(dims[i]) got \(x.shape[i]))")
            }
            let (sum, o) = dims[d].addingReportingOverflow(x.shape[d])
            guard !o else { throw EngineError.argument("invalid Array dimensions") }
            dims[d] = sum
        }
        let shape = try Shape(dims)
        let out = try Tensor(uninitialized: dtype, shape)
        if shape.count == 0 {
            // Nothing to copy (and block sizes of empty arrays may not even fit an Int).
            if let tape, xs.contains(where: { tape.isTracked($0) }) { tape.record(.cat(dim: d), output: out, nil, extra: xs) }
            return out
        }
        let inner = shape.stride(d), outer = shape.count / Swift.max(inner * shape[d], 1)
        let w = dtype.byteWidth
        var offset = 0
        for x in xs {
            let src = try x.promoted(to: dtype)
            let block = inner * x.shape[d]
            for o in 0..<outer where block > 0 {
                rawCopy(out.raw + (o * inner * shape[d] + offset) * w, src.raw + o * block * w, block * w)
            }
            offset += block
        }
        if let tape, xs.contains(where: { tape.isTracked($0) }) {
            tape.record(.cat(dim: d), output: out, nil, extra: xs)
        }
        return out
    }

    /// `vcat(xs...)`; vectors and matrices get Julia's vcat-specific message.
    public static func vcat(_ xs: [Tensor], tape: Tape?) throws -> Tensor {
        if xs.allSatisfy({ $0.rank <= 2 }), Set(xs.map { $0.shape[1] }).count > 1 {
            throw EngineError.dimensionMismatch("number of columns of each array must match (got \(dims: xs.map { $0.shape[1] }))")
        }
        return try cat(xs, dim: 1, tape: tape)
    }

    /// `hcat(xs...)`; vectors are columns. Vectors and matrices get Julia's hcat-specific message.
    public static func hcat(_ xs: [Tensor], tape: Tape?) throws -> Tensor {
        if xs.allSatisfy({ $0.rank <= 2 }), Set(xs.map { $0.shape[0] }).count > 1 {
            throw EngineError.argument("number of rows of each array must match (got \(dims: xs.map { $0.shape[0] }))")
        }
        return try cat(xs, dim: 2, tape: tape)
    }

    static func backwardCat(_ d: Int, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        let shape = g.shape
        if shape.count == 0 { return }
        let inner = shape.stride(d), outer = shape.count / Swift.max(inner * shape[d], 1)
        let w = g.dtype.byteWidth
        var offset = 0
        for x in rec.extra {
            let block = inner * x.shape[d]
            if tape.isTracked(x) {
                let part = try Tensor(uninitialized: g.dtype, x.shape)
                for o in 0..<outer where block > 0 {
                    rawCopy(part.raw + o * block * w, g.raw + (o * inner * shape[d] + offset) * w, block * w)
                }
                try tape.accumulate(x, part)
            }
            offset += block
        }
    }

    /// `permutedims(x, perm)` with a 1-based permutation of 1...rank.
    public static func permutedims(_ x: Tensor, _ perm: [Int], tape: Tape?) throws -> Tensor {
        let r = x.rank
        guard perm.count == r, Set(perm) == Set(1...Swift.max(r, 1)) || r == 0 else {
            throw EngineError.argument("no valid permutation of dimensions")
        }
        let p0 = perm.map { $0 - 1 }
        let shape = try Shape(p0.map { x.shape[$0] })
        let out = try Tensor(uninitialized: x.dtype, shape)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: Swift.max(r, 1)) { s in
            s.initialize(repeating: 0)
            for i in 0..<r { s[i] = x.shape.stride(p0[i]) }
            stridedCopy(from: x, strides: s, into: out)
        }
        if let tape, tape.isTracked(x) { tape.record(.permute(p0), output: out, x) }
        return out
    }

    static func backwardPermute(_ p0: [Int], _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        var inverse = [Int](repeating: 0, count: p0.count)
        for (i, p) in p0.enumerated() { inverse[p] = i + 1 }
        try tape.accumulate(x, permutedims(g, inverse, tape: nil))
    }

    /// `repeat(x, counts...)`: tiles x `counts[i]` times along dim i (counts may exceed the rank).
    public static func `repeat`(_ x: Tensor, counts: [Int], tape: Tape?) throws -> Tensor {
        guard counts.allSatisfy({ $0 >= 0 }) else { throw EngineError.argument("counts must be non-negative") }
        let r = Swift.max(x.rank, counts.count)
        // Validate the result size first: index lists are only built for a shape that can exist.
        var outDims = [Int]()
        for i in 0..<r {
            let (total, o) = x.shape[i].multipliedReportingOverflow(by: i < counts.count ? counts[i] : 1)
            guard !o else { throw EngineError.argument("invalid Array dimensions") }
            outDims.append(total)
        }
        let outShape = try Shape(outDims)
        if outShape.count == 0 {
            let out = try Tensor(uninitialized: x.dtype, outShape)
            if let tape, tape.isTracked(x) { tape.record(.tile(counts), output: out, x) }
            return out
        }
        let (bytes, o) = outShape.count.multipliedReportingOverflow(by: x.dtype.byteWidth)
        guard !o, bytes < Int(Int32.max) << 8 else { throw EngineError.outOfMemory }
        var lists: [[Int]] = []
        for i in 0..<r {
            let n = x.shape[i], c = i < counts.count ? counts[i] : 1
            let (total, o) = n.multipliedReportingOverflow(by: c)
            guard !o else { throw EngineError.argument("invalid Array dimensions") }
            lists.append((0..<total).map { $0 % Swift.max(n, 1) })
        }
        let base = r > x.rank ? try reshape(x, Shape((0..<r).map { x.shape[$0] }), tape: tape) : x
        let plan = try IndexPlan(lists: lists, source: base.shape)
        return try Indexing.gather(base, plan: plan, tape: tape)
    }
}
