extension Rules {
    /// Flux 0.13's `Optimiser(opts...)`: applies its members in sequence, exactly as
    /// `OptimiserChain` (whose fold it reuses). Shown as `Optimiser(Any[...])`.
    enum LegacyOptimiser: RuleDefinition {
        static let kind = RuleKind.legacyOptimiser
        static let spec = RuleSpec(name: "Optimiser", style: .chain, fields: [], isLegacy: true)

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { try OptimiserChain.chainInit(rule, x) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            try OptimiserChain.chainApply(rule, state, xt, g, owned: owned)
        }

        static func show(_ rule: Rule, compact: Bool) -> String {
            "Optimiser(Any[\(rule.children.map { $0.juliaShow(compact: compact) }.joined(separator: ", "))])"
        }
    }
}
