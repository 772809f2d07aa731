extension Rules {
    /// `RAdam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`: m, v as Adam; ρ∞ = 2/(1−β₂) − 1,
    /// ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ); if ρₜ > 4, r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)) and
    /// Δ = η·r·m̂/(√v̂ + ϵ), else Δ = η·m̂. State: `(m = 0, v = 0, βt = β, t = 1)`.
    enum RAdam: RuleDefinition {
        static let kind = RuleKind.radam
        static let spec = RuleSpec(name: "RAdam", style: .def, fields: [
            param("eta", .f64(0.001)), param("beta", Rule.betaDefault, .floatPair), param("epsilon", .f64(1e-8))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            .tuple([try Rule.zeroState(x), try Rule.zeroState(x), Rule.betaState(rule, x), .int(1)])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            guard case .tuple(let s) = state, s.count == 4, case .int(let t) = s[3] else { throw Rule.stateError(rule) }
            let m = try Rule.buffer(s[0], n, rule, F.self), v = try Rule.buffer(s[1], n, rule, F.self)
            let bt = try Rule.powers(s[2], rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), ϵ = F(h.eps)
            let c1 = 1 - β1, c2 = 1 - β2, d1 = 1 - bt.0, d2 = 1 - bt.1
            let ρinf = 2 / (1 - β2) - 1
            let ρ = ρinf - F(2 * t) * bt.1 / (1 - bt.1)
            for i in 0..<n {
                let d = dx[i]
                m[i] = β1 * m[i] + c1 * d
                v[i] = β2 * v[i] + c2 * (d * d)
            }
            if ρ > 4 {
                let r = ((ρ - 4) * (ρ - 2) * ρinf / ((ρinf - 4) * (ρinf - 2) * ρ)).squareRoot()
                for i in 0..<n { o[i] = m[i] / d1 / ((v[i] / d2).squareRoot() + ϵ) * η * r }
            } else {
                for i in 0..<n { o[i] = m[i] / d1 * η }
            }
            return (.tuple([s[0], s[1], Rule.nextPowers(bt, (β1, β2)), .int(t + 1)]), out)
        }
    }
}
