extension Rules {
    /// `RAdam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`: m, v as Adam; ρ∞ = 2/(1−β₂) − 1,
    /// ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ); if ρₜ > 4, r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)) and
    /// Δ = η·r·m̂/(√v̂ + ϵ), else Δ = η·m̂. State: `(m = 0, v = 0, βt = β, t = 1)`.
    enum RAdam: RuleDefinition {
        static let spec = RuleSpec(name: "RAdam", style: .def, fields: [
            param("eta", .f64(0.001)), param("beta", Rule.betaDefault, .floatPair), param("epsilon", .f64(1e-8))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            try AdamMoments<Double>.initial(rule, x, extra: [.int(1)])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self)
            let k = try AdamMoments<F>(rule, state, count: 4, n: n), m = k.m, v = k.v
            guard case .int(let t) = k.rest[k.rest.startIndex] else { throw Rule.stateError(rule) }
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = k.η, ϵ = k.ϵ, d1 = k.d1, d2 = k.d2, bt = k.bt
            let ρinf = 2 / (1 - k.β2) - 1
            let ρ = ρinf - F(2 * t) * bt.1 / (1 - bt.1)
            for i in 0..<n {
                let d = dx[i]
                m[i] = k.first(m[i], d)
                v[i] = k.second(v[i], d)
            }
            if ρ > 4 {
                let r = ((ρ - 4) * (ρ - 2) * ρinf / ((ρinf - 4) * (ρinf - 2) * ρ)).squareRoot()
                for i in 0..<n { o[i] = m[i] / d1 / ((v[i] / d2).squareRoot() + ϵ) * η * r }
            } else {
                for i in 0..<n { o[i] = m[i] / d1 * η }
            }
            return (k.nextState([.int(t + 1)]), out)
        }
    }
}

extension RuleKind {
    public static let radam = RuleKind(Rules.RAdam.self)
}
