extension Rules {
    /// `OptimiserChain(rules...)`: a left fold, each member transforming the previous member's Δ
    /// (the empty chain is the identity, like `Descent(1)`); a member returning `nothing` skips
    /// the rest. State: the tuple of the members' states.
    struct OptimiserChain: TypedRule {
        /// The members' states, as Julia's values.
        typealias State = [OptState]
        var rules: [Rule] = []

        static let style = RuleStyle.chain
        static let display = RuleDisplay.members(legacy: false)
        static let fields: [TypedRuleField<OptimiserChain>] = [.members("opts", \.rules)]

        func initState(for x: Tensor) throws -> [OptState] { try Self.initStates(rules, x) }

        func apply<F: FloatElement>(_ state: inout [OptState], _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            try Self.fold(rules, &state, xt, g, owned: owned, of: Self.self)
        }

        /// The members' initial states, in order.
        static func initStates(_ rules: [Rule], _ x: Tensor) throws -> [OptState] { try rules.map { try Rule.initState($0, for: x) } }

        /// The fold over the members (shared with Flux 0.13's `Optimiser`).
        static func fold<R: TypedRule>(_ rules: [Rule], _ states: inout [OptState], _ xt: Tensor, _ g: Tensor, owned: Bool,
                                       of rule: R.Type) throws -> Tensor? {
            guard states.count == rules.count else { throw R.stateMismatch }
            var d: Tensor? = g
            var own = owned
            for (k, r) in rules.enumerated() {
                guard let cur = d else { break }  // a member returned `nothing`: later members skipped
                let (ns, nd) = try Rule.step(r, states[k], xt, cur, owned: own)
                states[k] = ns
                // Δ that is a state buffer (Momentum's v, AccumGrad's acc) must not be overwritten.
                own = nd.map { $0 === cur ? own : !Rule.isStateTensor($0, ns) } ?? false
                d = nd
            }
            return d
        }
    }
}

/// A chain's state: the tuple of its members' states.
extension TypedRule where State == [OptState] {
    static func shown(_ state: [OptState]) -> OptState { .tuple(state) }
    static func state(_ shown: OptState) -> [OptState]? { if case .tuple(let s) = shown { return s } else { return nil } }
}

extension RuleKind { public static let optimiserChain = RuleKind(Rules.OptimiserChain.self) }

extension Rule {
    /// `OptimiserChain(rules...)` (or Flux 0.13's `Optimiser(opts...)` with `legacy: true`).
    public static func chain(_ rules: [Rule], legacy: Bool = false) -> Rule {
        legacy ? Rule(Rules.LegacyOptimiser(os: rules)) : Rule(Rules.OptimiserChain(rules: rules))
    }
}
