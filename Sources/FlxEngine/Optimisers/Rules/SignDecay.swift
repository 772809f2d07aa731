extension Rules {
    /// `SignDecay(λ = 1e-3)`, L1 decay: Δ = g + λ·sign(x). State: `nothing`.
    struct SignDecay: TypedRule {
        typealias State = OptState
        var lambda: RuleNumber = .float64(1e-3)

        static let name = "SignDecay"
        static let style = RuleStyle.def
        static let display = RuleDisplay.keywords
        static let fields: [TypedRuleField<SignDecay>] = [.number("lambda", \.lambda)]

        func initState(for x: Tensor) throws -> OptState { .nothing }

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let λ = lambda.value(F.self)
            for i in 0..<n { o[i] = dx[i] + λ * jsign(x[i]) }
            return out
        }
    }
}

extension RuleKind {
    public static let signDecay = RuleKind(Rules.SignDecay.self)
}
