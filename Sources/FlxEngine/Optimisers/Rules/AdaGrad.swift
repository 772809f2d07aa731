extension Rules {
    /// `AdaGrad(η = 0.1, ϵ = 1e-8)`: acc ← acc + g²; Δ = ηg/(√acc + ϵ).
    /// State: acc = fill(ϵ) (not zero).
    enum AdaGrad: RuleDefinition {
        static let spec = RuleSpec(name: "AdaGrad", style: .def, fields: [param("eta", .f64(0.1)), param("epsilon", .f64(1e-8))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { try Rule.filledState(rule.hyper.eps, x) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            let acc = try Rule.buffer(state, n, rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), ϵ = F(h.eps)
            for i in 0..<n {
                let d = dx[i]
                let a = acc[i] + d * d
                acc[i] = a
                o[i] = d * η / (a.squareRoot() + ϵ)
            }
            return (state, out)
        }
    }
}

extension RuleKind {
    public static let adagrad = RuleKind(Rules.AdaGrad.self)
}
