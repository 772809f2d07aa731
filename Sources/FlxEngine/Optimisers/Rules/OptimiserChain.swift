extension Rules {
    /// `OptimiserChain(rules...)`: a left fold, each member transforming the previous member's Δ
    /// (the empty chain is the identity, like `Descent(1)`); a member returning `nothing` skips
    /// the rest. State: the tuple of the members' states. Built by `Rule.chain`.
    enum OptimiserChain: RuleDefinition {
        static let spec = RuleSpec(name: "OptimiserChain", style: .chain, display: .members(legacy: false), fields: [])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { try chainInit(rule, x) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            try chainApply(rule, state, xt, g, owned: owned)
        }

        /// The members' initial states, in order.
        static func chainInit(_ rule: Rule, _ x: Tensor) throws -> OptState {
            .tuple(try rule.children.map { try Rule.initState($0, for: x) })
        }

        /// The fold over the members (shared with Flux 0.13's `Optimiser`).
        static func chainApply(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool) throws -> (OptState, Tensor?) {
            guard case .tuple(let s) = state, s.count == rule.children.count else { throw Rule.stateError(rule) }
            var states = s
            var d: Tensor? = g
            var own = owned
            for (k, r) in rule.children.enumerated() {
                guard let cur = d else { break }  // a member returned `nothing`: later members skipped
                let (ns, nd) = try Rule.step(r, s[k], xt, cur, owned: own)
                states[k] = ns
                // Δ that is a state buffer (Momentum's v, AccumGrad's acc) must not be overwritten.
                own = nd.map { $0 === cur ? own : !Rule.isStateTensor($0, ns) } ?? false
                d = nd
            }
            return (.tuple(states), d)
        }
    }
}

extension RuleKind {
    public static let optimiserChain = RuleKind(Rules.OptimiserChain.self)
}
