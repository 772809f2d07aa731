/// How gradients keep the sign of zero the way Zygote does.
///
/// Julia multiplies by a `Bool` where a derivative is a condition (NNlib's relu
/// rule is `Δ * (Ω > 0)`, ChainRules' `max(x, y)` is `(gt, !gt)`), and
/// `Δ * false` is `copysign(0, Δ)`: a negative upstream gives `-0.0`. And Zygote
/// never adds a gradient to a fresh `+0.0`: one contribution is the gradient
/// itself, so buffers that sum contributions start at `-0.0`, the additive
/// identity that leaves every value, `-0.0` included, unchanged (`+0.0 + -0.0`
/// would be `+0.0`).
enum SignedZero {
    /// The start of a sum of gradient contributions.
    static let accumulatorStart = -0.0

    /// Julia's `Δ * flag` for a Bool flag: `Δ`, or a zero with `Δ`'s sign.
    @inline(__always)
    static func times<T: FloatElement>(_ g: T, _ flag: Bool) -> T {
        flag ? g : T(signOf: g, magnitudeOf: 0)  // copysign: no branch, so loops vectorise
    }
}
