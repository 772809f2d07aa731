extension Rules {
    /// `Momentum(η = 0.01, ρ = 0.9)`: v ← ρv + ηg; Δ = v (η inside the buffer). State: v = 0.
    enum Momentum: RuleDefinition {
        static let spec = RuleSpec(name: "Momentum", style: .def, fields: [param("eta", .f64(0.01)), param("rho", .f64(0.9))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { try Rule.zeroState(x) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            guard case .tensor(let vt) = state else { throw Rule.stateError(rule) }
            let v = try Rule.buffer(state, n, rule, F.self)
            let η = F(h.eta), ρ = F(h.rho)
            for i in 0..<n { v[i] = ρ * v[i] + η * dx[i] }
            return (state, vt)
        }

        static func fusedUpdate<F: FloatElement & SIMDScalar>(_ rule: Rule, _ state: inout OptState, _ xt: Tensor, _ g: Tensor,
                                                              _: F.Type) throws -> Bool {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self), h = rule.hyper
            let v = try Rule.buffer(state, n, rule, F.self)
            let η = F(h.eta), ρ = F(h.rho)
            for i in 0..<n {
                let vi = ρ * v[i] + η * dx[i]
                v[i] = vi
                x[i] = x[i] - vi
            }
            return true
        }
    }
}

extension RuleKind {
    public static let momentum = RuleKind(Rules.Momentum.self)
}
