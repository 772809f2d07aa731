extension Rules {
    /// `Nesterov(η = 0.001, ρ = 0.9)`: Δ = −ρ²v + (1+ρ)ηg (with the old v); then v ← ρv − ηg.
    /// State: v = 0.
    enum Nesterov: RuleDefinition {
        static let spec = RuleSpec(name: "Nesterov", style: .def, fields: [param("eta", .f64(0.001)), param("rho", .f64(0.9))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { try Rule.zeroState(x) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            let v = try Rule.buffer(state, n, rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), ρ = F(h.rho)
            let a = -(ρ * ρ), c = (1 + ρ) * η
            for i in 0..<n {
                let d = dx[i], vi = v[i]
                o[i] = a * vi + c * d
                v[i] = ρ * vi - η * d
            }
            return (state, out)
        }

        static func fusedUpdate<F: FloatElement & SIMDScalar>(_ rule: Rule, _ state: inout OptState, _ xt: Tensor, _ g: Tensor,
                                                              _: F.Type) throws -> Bool {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self), h = rule.hyper
            let v = try Rule.buffer(state, n, rule, F.self)
            let η = F(h.eta), ρ = F(h.rho)
            let a = -(ρ * ρ), c = (1 + ρ) * η
            for i in 0..<n {
                let d = dx[i], vi = v[i]
                x[i] = x[i] - (a * vi + c * d)
                v[i] = ρ * vi - η * d
            }
            return true
        }
    }
}

extension RuleKind {
    public static let nesterov = RuleKind(Rules.Nesterov.self)
}
