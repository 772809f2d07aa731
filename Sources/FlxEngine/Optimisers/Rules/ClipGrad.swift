extension Rules {
    /// `ClipGrad(δ = 10.0)`: Δ = clamp(g, −δ, δ). State: `nothing`.
    struct ClipGrad: TypedRule {
        var delta: RuleNumber = .float64(10.0)

        static let fields: [TypedRuleField<ClipGrad>] = [.number("delta", \.delta)]

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let dx = g.ptr(F.self), δ = delta.value(F.self), lo = -δ
            return try Rule.delta(g, owned: owned) { i in jclamp(dx[i], lo, δ) }
        }
    }
}

extension RuleKind { public static let clipGrad = RuleKind(Rules.ClipGrad.self) }
