extension Rules {
    /// Flux 0.13's `InvDecay(γ = 0.001)`: per-array counter k (from 1): Δ = g/(1 + γk), k += 1.
    /// State: k. Arithmetic in Float64, rounded to T.
    enum InvDecay: RuleDefinition {
        static let spec = RuleSpec(name: "InvDecay", style: .legacy, display: .positional(typeParameters: 0, stateDictionary: .steps), fields: [param("gamma", .f64(0.001), .float64)])

        static func configure(_ h: inout RuleHyper, _ rule: Rule) { h.rho = rule.number("gamma") }

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { .int(1) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            guard case .int(let k) = state else { throw Rule.stateError(rule) }
            let c = 1 / (1 + h.rho * Double(k))
            for i in 0..<n { o[i] = F(Double(dx[i]) * c) }
            return (.int(k + 1), out)
        }
    }
}

extension RuleKind {
    public static let invDecay = RuleKind(Rules.InvDecay.self)
}
