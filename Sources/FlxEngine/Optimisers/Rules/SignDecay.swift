extension Rules {
    /// `SignDecay(λ = 1e-3)`, L1 decay: Δ = g + λ·sign(x). State: `nothing`.
    struct SignDecay: TypedRule {
        var lambda: RuleNumber = .float64(1e-3)

        static let fields: [TypedRuleField<SignDecay>] = [.number("lambda", \.lambda)]

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let x = xt.ptr(F.self), dx = g.ptr(F.self), λ = lambda.value(F.self)
            return try Rule.delta(g, owned: owned) { i in dx[i] + λ * jsign(x[i]) }
        }
    }
}

extension RuleKind { public static let signDecay = RuleKind(Rules.SignDecay.self) }
