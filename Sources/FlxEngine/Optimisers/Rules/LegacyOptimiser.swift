extension Rules {
    /// Flux 0.13's `Optimiser(opts...)`: applies its members in sequence, exactly as
    /// `OptimiserChain` (whose fold it reuses). Shown as `Optimiser(Any[...])`.
    enum LegacyOptimiser: RuleDefinition {
        static let spec = RuleSpec(name: "Optimiser", style: .chain, display: .members(legacy: true), fields: [], isLegacy: true)

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { try OptimiserChain.chainInit(rule, x) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            try OptimiserChain.chainApply(rule, state, xt, g, owned: owned)
        }
    }
}

extension RuleKind {
    public static let legacyOptimiser = RuleKind(Rules.LegacyOptimiser.self)
}
