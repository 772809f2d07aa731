/// `relu.(A .+ b)` with `b` along A's leading dimensions (Dense's `bias_act!`) in one
/// pass forward and one backward, instead of the general block interpreter's register
/// copies. Results are bit-identical to the general path's:
/// - forward, `relu(a + b)` is the same two operations;
/// - backward, relu's rule `Δ * (Ω > 0)` reads the saved output Ω (which is positive
///   exactly where `a + b` is; a tracked output cannot be mutated), and the adjoint of
///   `+` passes it on unchanged: the general path's `-0.0 + Δ·1` is Δ itself. The bias
///   gradient is that same array summed over the batch by `Tape.accumulate`, whose sums
///   start at +0.0 as the general path's `sum(dx; dims)` inputs do.
extension Fused {
    /// The bias's length when this evaluation can take the dedicated pass, else nil.
    static func biasReluLength(_ program: FusedProgram, _ inputs: [Tensor], _ t: DType, _ shape: Shape) -> Int? {
        guard program.isBiasRelu, inputs.count == 2, t == .float32 || t == .float64 else { return nil }
        let a = inputs[0], b = inputs[1]
        guard a.dtype == t, b.dtype == t, a.shape == shape, b.count > 0, b.count < shape.count else { return nil }
        // b must match the output's leading dims exactly and be 1 after them.
        var r = 0, n = 1
        while r < shape.rank && r < b.rank && b.shape[r] == shape[r] { n *= shape[r]; r += 1 }
        guard r > 0, n == b.count else { return nil }
        for d in r..<b.rank where b.shape[d] != 1 { return nil }
        return n
    }

    static func biasReluForward<T: FloatElement>(_ a: Tensor, _ b: Tensor, _ out: Tensor, rows n: Int, _: T.Type) {
        let pa = a.ptr(T.self), pb = b.ptr(T.self), po = out.ptr(T.self)
        var col = 0
        while col < out.count {
            for i in 0..<n {
                let v = pa[col &+ i] + pb[i]
                po[col &+ i] = v > 0 ? v : (v.isNaN ? v : 0)
            }
            col &+= n
        }
    }

    /// The gradient both inputs take: `Δ * (Ω > 0)`.
    static func biasReluBackward(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        let out = rec.output
        let dz = try Tensor(uninitialized: out.dtype, out.shape)
        func run<T: FloatElement>(_: T.Type) {
            let pg = g.ptr(T.self), po = out.ptr(T.self), pd = dz.ptr(T.self)
            for j in 0..<out.count { pd[j] = SignedZero.times(pg[j], po[j] > 0) }
        }
        if out.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        // Tape.accumulate keeps a gradient as it is or sums it into a fresh array, never
        // writing into it, so both inputs may take the same one.
        for x in rec.extra { try tape.accumulate(x, dz) }
    }
}
