extension Rules {
    /// `NAdam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`: m, v as Adam;
    /// Δ = η·(β₁m/(1−β₁·β₁ᵗ) + (1−β₁)g/(1−β₁ᵗ)) / (√(β₂v/(1−β₂ᵗ)) + ϵ).
    /// State: `(m = 0, v = 0, βt = β)`.
    enum NAdam: RuleDefinition {
        static let spec = RuleSpec(name: "NAdam", style: .def, fields: [
            param("eta", .f64(0.001)), param("beta", Rule.betaDefault, .floatPair), param("epsilon", .f64(1e-8))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { try AdamMoments<Double>.initial(rule, x) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self)
            let k = try AdamMoments<F>(rule, state, count: 3, n: n), m = k.m, v = k.v
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let β1 = k.β1, c1 = k.c1, lookAhead = 1 - β1 * k.bt.0
            for i in 0..<n {
                let d = dx[i]
                let mi = k.first(m[i], d), vi = k.second(v[i], d)
                m[i] = mi; v[i] = vi
                o[i] = (β1 * mi / lookAhead + c1 * d / k.d1) / ((vi * k.β2 / k.d2).squareRoot() + k.ϵ) * k.η
            }
            return (k.nextState(), out)
        }
    }
}

extension RuleKind {
    public static let nadam = RuleKind(Rules.NAdam.self)
}
