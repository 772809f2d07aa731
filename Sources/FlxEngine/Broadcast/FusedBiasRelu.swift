/// `relu.(A .+ b)` with `b` along a run of A's dimensions (Dense's and Conv's `bias_act!`) in one
/// pass forward and one backward, instead of the general block interpreter's register
/// copies. Results are bit-identical to the general path's:
/// - forward, `relu(a + b)` is the same two operations;
/// - backward, relu's rule `Δ * (Ω > 0)` reads the saved output Ω (which is positive
///   exactly where `a + b` is; a tracked output cannot be mutated), and the adjoint of
///   `+` passes it on unchanged: the general path's `-0.0 + Δ·1` is Δ itself. The bias
///   gradient is that same array summed over the batch by `Tape.accumulate`, whose sums
///   start at +0.0 as the general path's `sum(dx; dims)` inputs do.
extension Fused {
    /// How the bias lines up with the output: the output read as (inner, bias, outer)
    /// with the bias's elements along the middle (Dense: inner 1; Conv's (1, 1, C, 1)
    /// bias on WHCN: inner W·H).
    struct BiasLayout {
        let inner: Int, length: Int, outer: Int
    }

    /// The layout when this evaluation can take the dedicated passes, else nil.
    static func biasReluLayout(_ program: FusedProgram, _ inputs: [Tensor], _ t: DType, _ shape: Shape) -> BiasLayout? {
        guard program.isBiasRelu else { return nil }
        return biasLayout(inputs, t, shape)
    }

    /// `op.(A .+ b)`'s layout: A of the output's shape and element type, b along a run of
    /// its dimensions.
    static func biasLayout(_ inputs: [Tensor], _ t: DType, _ shape: Shape) -> BiasLayout? {
        guard inputs.count == 2, t == .float32 || t == .float64 else { return nil }
        let a = inputs[0], b = inputs[1]
        // A one-element bias is left to the general path: its gradient is a whole-array
        // sum, which starts from the first term (keeping an all -0.0 sum), while
        // `sum(dx; dims)` starts from +0.0.
        guard a.dtype == t, b.dtype == t, a.shape == shape, b.count > 1, b.count < shape.count, b.rank <= shape.rank else { return nil }
        // b's sizes: 1 before a run of dims equal to the output's, 1 after.
        var d = 0
        while d < b.rank && b.shape[d] == 1 && shape[d] != 1 { d += 1 }
        let first = d
        while d < b.rank && b.shape[d] == shape[d] { d += 1 }
        for e in d..<b.rank where b.shape[e] != 1 { return nil }
        var inner = 1
        for e in 0..<first { inner *= shape[e] }
        guard b.count * inner <= shape.count, shape.count % (b.count * inner) == 0 else { return nil }
        return BiasLayout(inner: inner, length: b.count, outer: shape.count / (b.count * inner))
    }

    static func biasReluForward<T: FloatElement>(_ a: Tensor, _ b: Tensor, _ out: Tensor, _ layout: BiasLayout, _: T.Type) {
        let pa = a.ptr(T.self), pb = b.ptr(T.self), po = out.ptr(T.self)
        let inner = layout.inner, length = layout.length
        @inline(__always) func relu(_ v: T) -> T { v > 0 ? v : (v.isNaN ? v : 0) }
        if inner == 1 {
            // Dense: a column of `length` outputs reads the whole bias; columns go to threads.
            Parallel.forEach(layout.outer, elementsPerItem: length) { columns in
                for col in columns {
                    let base = col &* length
                    for c in 0..<length { po[base &+ c] = relu(pa[base &+ c] + pb[c]) }
                }
            }
            return
        }
        // Pieces are (bias element, outer index) blocks of `inner` outputs each.
        Parallel.forEach(length * layout.outer, elementsPerItem: inner) { blocks in
            var c = blocks.lowerBound % length, base = blocks.lowerBound &* inner
            for _ in blocks {
                let bias = pb[c]
                for i in 0..<inner { po[base &+ i] = relu(pa[base &+ i] + bias) }
                base &+= inner
                c &+= 1
                if c == length { c = 0 }
            }
        }
    }

    /// The gradient both inputs take: `Δ * (Ω > 0)`.
    static func biasReluBackward(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        let out = rec.output
        let dz = try Tensor(uninitialized: out.dtype, out.shape)
        func run<T: FloatElement>(_: T.Type) {
            let pg = g.ptr(T.self), po = out.ptr(T.self), pd = dz.ptr(T.self)
            Parallel.forEach(out.count, elementsPerItem: 1) { r in
                for j in r { pd[j] = SignedZero.times(pg[j], po[j] > 0) }
            }
        }
        if out.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        // Tape.accumulate keeps a gradient as it is or sums it into a fresh array, never
        // writing into it, so both inputs may take the same one.
        for x in rec.extra { try tape.accumulate(x, dz) }
    }
}
