extension Rules {
    /// `NAdam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`: m, v as Adam;
    /// Δ = η·(β₁m/(1−β₁·β₁ᵗ) + (1−β₁)g/(1−β₁ᵗ)) / (√(β₂v/(1−β₂ᵗ)) + ϵ).
    /// State: `(m = 0, v = 0, βt = β)`.
    enum NAdam: RuleDefinition {
        static let kind = RuleKind.nadam
        static let spec = RuleSpec(name: "NAdam", style: .def, fields: [
            param("eta", .f64(0.001)), param("beta", Rule.betaDefault, .floatPair), param("epsilon", .f64(1e-8))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            .tuple([try Rule.zeroState(x), try Rule.zeroState(x), Rule.betaState(rule, x)])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            guard case .tuple(let s) = state, s.count == 3 else { throw Rule.stateError(rule) }
            let m = try Rule.buffer(s[0], n, rule, F.self), v = try Rule.buffer(s[1], n, rule, F.self)
            let bt = try Rule.powers(s[2], rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), ϵ = F(h.eps)
            let c1 = 1 - β1, c2 = 1 - β2, d1 = 1 - bt.0, d2 = 1 - bt.1
            let k = 1 - β1 * bt.0
            for i in 0..<n {
                let d = dx[i]
                let mi = β1 * m[i] + c1 * d, vi = β2 * v[i] + c2 * (d * d)
                m[i] = mi; v[i] = vi
                o[i] = (β1 * mi / k + c1 * d / d1) / ((vi * β2 / d2).squareRoot() + ϵ) * η
            }
            return (.tuple([s[0], s[1], Rule.nextPowers(bt, (β1, β2))]), out)
        }
    }
}
