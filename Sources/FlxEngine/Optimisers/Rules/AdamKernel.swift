import CFlxKernels

/// Adam / AdamW in place: m, v and x updated in one pass by the C kernel (built for AVX2 too:
/// the loop is bound by division and square root, which run twice as wide there). Same IEEE
/// operations in the same order as `apply!` followed by `x .-= Δ`, so the results are
/// bit-identical to it.
enum AdamKernel {
    /// What the kernel computes as Δ from the Adam direction a.
    enum Mode: Int32 {
        /// Adam: ηa.
        case adam = 0
        /// AdamW coupled: η(a + λx).
        case coupledDecay = 1
        /// AdamW decoupled: ηa + λx.
        case decoupledDecay = 2
    }

    /// One fused step on state `(m, v, βt)` with the step's moments `k` (read from that state):
    /// the kernel over x, g, m, v, then βt advanced.
    @inline(__always)
    static func step<F: FloatElement>(_ state: inout AdamState, _ xt: Tensor, _ g: Tensor, _ k: AdamMoments<F>, mode: Mode, λ: F) {
        run(xt.count, xt.ptr(F.self), g.ptr(F.self), k, mode: mode, λ: λ)
        k.advance(&state)
    }

    @inline(__always)
    private static func run<F: FloatElement>(_ n: Int, _ x: UnsafeMutablePointer<F>, _ dx: UnsafeMutablePointer<F>,
                                             _ k: AdamMoments<F>, mode: Mode, λ: F) {
        func p<T>(_ q: UnsafeMutablePointer<F>, _: T.Type) -> UnsafeMutablePointer<T> {
            UnsafeMutableRawPointer(q).assumingMemoryBound(to: T.self)
        }
        if F.self == Float.self {
            flx_adam_f32(n, p(x, Float.self), p(dx, Float.self), p(k.m, Float.self), p(k.v, Float.self), mode.rawValue,
                         Float(k.η), Float(k.β1), Float(k.β2), Float(k.ϵ), Float(λ), Float(k.d1), Float(k.d2))
        } else {
            flx_adam_f64(n, p(x, Double.self), p(dx, Double.self), p(k.m, Double.self), p(k.v, Double.self), mode.rawValue,
                         Double(k.η), Double(k.β1), Double(k.β2), Double(k.ϵ), Double(λ), Double(k.d1), Double(k.d2))
        }
    }
}
