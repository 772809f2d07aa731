extension Rules {
    /// Flux 0.13's `ClipNorm(thresh)`: if ‖g‖₂ > thresh, Δ = g·thresh/‖g‖₂, else Δ = g. The
    /// scaling runs in Float64 when thresh or the array is Float64 (promotion), else in Float32.
    /// State: `nothing`.
    struct LegacyClipNorm: TypedRule {
        /// Required: the constructor always sets it.
        var thresh = HyperValue.int(0)

        static let name = "ClipNorm"
        static let style = RuleStyle.legacy
        static let display = RuleDisplay.positional(typeParameters: 1)
        static let fields: [TypedRuleField<LegacyClipNorm>] = [.asGiven("thresh", \.thresh, required: true)]

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            guard let t = thresh.number else { throw Self.stateMismatch }
            let nrm = RuleNorm.norm2(dx, n)
            let wide = thresh.isFloat64 || F.self == Double.self
            if Double(nrm) > t {
                if wide {
                    let s = t / Double(nrm)
                    for i in 0..<n { o[i] = F(Double(dx[i]) * s) }
                } else {
                    let s = F(t) / nrm
                    for i in 0..<n { o[i] = dx[i] * s }
                }
            } else if o != dx {
                for i in 0..<n { o[i] = dx[i] }
            }
            return out
        }
    }
}

extension RuleKind { public static let legacyClipNorm = RuleKind(Rules.LegacyClipNorm.self) }
