extension Rules {
    /// Flux 0.13's `WeightDecay(wd = 0)`: Δ = g + wd·x (in Float64 when wd is a Float64).
    /// State: `nothing`.
    enum LegacyWeightDecay: RuleDefinition {
        static let spec = RuleSpec(name: "WeightDecay", style: .legacy, display: .positional(typeParameters: 0), fields: [param("wd", .int(0), .keep)])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { .nothing }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            guard let wd = rule.field("wd") else { throw Rule.stateError(rule) }
            Rule.addDecay(o, dx, x, n, wd, F.self)
            return (state, out)
        }
    }
}

extension RuleKind {
    public static let legacyWeightDecay = RuleKind(Rules.LegacyWeightDecay.self)
}
