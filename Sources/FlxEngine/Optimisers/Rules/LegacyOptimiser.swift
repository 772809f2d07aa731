extension Rules {
    /// Flux 0.13's `Optimiser(opts...)`: applies its members in sequence, exactly as
    /// `OptimiserChain` (whose fold it reuses). Shown as `Optimiser(Any[...])`; its field is `os`.
    struct LegacyOptimiser: TypedRule {
        typealias State = [OptState]
        var os: [Rule] = []

        static let name = "Optimiser"
        static let style = RuleStyle.chain
        static let display = RuleDisplay.members(legacy: true)
        static let fields: [TypedRuleField<LegacyOptimiser>] = [.members("os", \.os)]
        static let isLegacy = true

        func initState(for x: Tensor) throws -> [OptState] { try OptimiserChain.initStates(os, x) }

        func apply<F: FloatElement>(_ state: inout [OptState], _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            try OptimiserChain.fold(os, &state, xt, g, owned: owned, of: Self.self)
        }
    }
}

extension RuleKind { public static let legacyOptimiser = RuleKind(Rules.LegacyOptimiser.self) }
