extension Rules {
    /// `AdaDelta(ρ = 0.9, ϵ = 1e-8)` (no η): a ← ρa + (1−ρ)g²; Δ = g·√(d + ϵ)/√(a + ϵ);
    /// d ← ρd + (1−ρ)Δ². State: `(a = 0, d = 0)`.
    enum AdaDelta: RuleDefinition {
        static let spec = RuleSpec(name: "AdaDelta", style: .def, fields: [param("rho", .f64(0.9)), param("epsilon", .f64(1e-8))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            .tuple([try Rule.zeroState(x), try Rule.zeroState(x)])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            guard case .tuple(let s) = state, s.count == 2 else { throw Rule.stateError(rule) }
            let acc = try Rule.buffer(s[0], n, rule, F.self), dacc = try Rule.buffer(s[1], n, rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let ρ = F(h.rho), ϵ = F(h.eps), c = 1 - ρ
            for i in 0..<n {
                let d = dx[i]
                let a = ρ * acc[i] + c * (d * d)
                acc[i] = a
                let e = d * (dacc[i] + ϵ).squareRoot() / (a + ϵ).squareRoot()
                dacc[i] = ρ * dacc[i] + c * (e * e)
                o[i] = e
            }
            return (state, out)
        }
    }
}

extension RuleKind {
    public static let adadelta = RuleKind(Rules.AdaDelta.self)
}
