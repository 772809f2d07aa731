/// `A[i, j, …]` reads (gather, differentiable by scatter-add) and `A[i, j, …] = v`
/// writes (refused on arrays the live tape tracks, as Zygote refuses mutation).
public enum Indexing {
    /// `x[specs...]`; dims indexed by a scalar are dropped, so `A[2, 1]` is rank 0.
    public static func getindex(_ x: Tensor, _ specs: [IndexSpec], tape: Tape?) throws -> Tensor {
        let plan = try IndexPlan(specs: specs, shape: x.shape, dtype: x.dtype)
        return try gather(x, plan: plan, tape: tape)
    }

    /// `x` read at the 0-based positions `lists[d]` along each dimension d (their Cartesian
    /// product): one gather, differentiable by scatter-add. Padding by repetition,
    /// reflection or wrap-around and nearest-neighbour upsampling are such reads.
    public static func take(_ x: Tensor, lists: [[Int]], tape: Tape?) throws -> Tensor {
        guard lists.count == x.rank else { throw EngineError.argument("take: \(lists.count) index lists for a \(x.rank)-dimensional array") }
        for (d, list) in lists.enumerated() where list.contains(where: { $0 < 0 || $0 >= x.shape[d] }) {
            throw EngineError.argument("take: an index along dimension \(d + 1) is outside 1:\(x.shape[d])")
        }
        return try gather(x, plan: try IndexPlan(lists: lists, source: x.shape), tape: tape)
    }

    static func gather(_ x: Tensor, plan: IndexPlan, tape: Tape?) throws -> Tensor {
        let out = try Tensor(uninitialized: x.dtype, plan.resultShape)
        func go<T>(_: T.Type) {
            // Raw, width-only moves (see stridedCopy).
            let ps = UnsafeRawPointer(x.raw), po = out.raw, w = MemoryLayout<T>.stride
            plan.forEach { i, s in po.storeBytes(of: ps.load(fromByteOffset: s &* w, as: T.self), toByteOffset: i &* w, as: T.self) }
        }
        withElementWidth(x.dtype, { go(UInt8.self) }, { go(UInt32.self) }, { go(UInt64.self) })
        if let tape, tape.isTracked(x) { tape.record(.gather(plan), output: out, x) }
        return out
    }

    static func backwardGather(_ plan: IndexPlan, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        try tape.accumulateScattered(x, plan: plan, g)
    }

    /// The adjoint of a gather: zeros of `shape` with `g[i]` added at each position the plan
    /// read (repeated positions add up). Recorded, so a gather's gradient can be
    /// differentiated again (its own gradient is the gather).
    static func scatterAdd(_ g: Tensor, plan: IndexPlan, into shape: Shape, tape: Tape?) throws -> Tensor {
        let out = try Tensor.zeros(g.dtype, shape)
        func run<T: FloatElement>(_: T.Type) {
            let pg = g.ptr(T.self), po = out.ptr(T.self)
            plan.forEach { i, s in po[s] += pg[i] }
        }
        if g.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        if let tape, tape.isTracked(g) { tape.record(.scatterAdd(plan), output: out, g) }
        return out
    }

    static func backwardScatterAdd(_ plan: IndexPlan, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        try tape.accumulate(x, gather(g, plan: plan, tape: nil))
    }

    /// `x[specs...] = value` (or `.=`): `value` has one element or as many as the selection,
    /// converted to x's type. Throws Zygote's mutation error when x is tracked on `tape`.
    public static func setindex(_ x: Tensor, _ specs: [IndexSpec], value: Tensor, tape: Tape?) throws {
        if let tape, tape.isTracked(x) {
            throw EngineError.mutation(function: "setindex!", x.shape, x.dtype)
        }
        let plan = try IndexPlan(specs: specs, shape: x.shape, dtype: x.dtype)
        let n = plan.resultShape.count
        guard value.count == 1 || value.count == n else {
            throw EngineError.dimensionMismatch("tried to assign \(value.count) elements to \(n) destinations")
        }
        // Converting always copies, so a value that aliases x reads its old contents.
        let v = try value.converted(to: x.dtype)
        let single = v.count == 1
        func go<T>(_: T.Type) {
            let pv = UnsafeRawPointer(v.raw), px = x.raw, w = MemoryLayout<T>.stride
            plan.forEach { i, s in
                px.storeBytes(of: pv.load(fromByteOffset: (single ? 0 : i) &* w, as: T.self), toByteOffset: s &* w, as: T.self)
            }
        }
        withElementWidth(x.dtype, { go(UInt8.self) }, { go(UInt32.self) }, { go(UInt64.self) })
    }
}
