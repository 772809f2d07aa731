extension Rules {
    /// `AdamW(η = 0.001, β = (0.9, 0.999), λ = 0, ϵ = 1e-8; couple = true)`: a = the Adam
    /// direction with η = 1; coupled Δ = η(a + λx), decoupled (`couple = false`) Δ = ηa + λx.
    /// State: `(m = 0, v = 0, βt = β)`, as Adam. β is stored as given (no `float`).
    enum AdamW: RuleDefinition {
        static let kind = RuleKind.adamw
        static let spec = RuleSpec(name: "AdamW", style: .adamw, fields: [
            param("eta", .f64(0.001)), param("beta", Rule.betaDefault, .keep), param("lambda", .f64(0.0)),
            param("epsilon", .f64(1e-8)), param("couple", .bool(true), .bool)])

        static func configure(_ h: inout RuleHyper, _ rule: Rule) { h.flag = rule.field("couple") == .bool(true) }

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            .tuple([try Rule.zeroState(x), try Rule.zeroState(x), Rule.betaState(rule, x)])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self), h = rule.hyper
            guard case .tuple(let s) = state, s.count == 3 else { throw Rule.stateError(rule) }
            let m = try Rule.buffer(s[0], n, rule, F.self), v = try Rule.buffer(s[1], n, rule, F.self)
            let bt = try Rule.powers(s[2], rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), ϵ = F(h.eps)
            let c1 = 1 - β1, c2 = 1 - β2, d1 = 1 - bt.0, d2 = 1 - bt.1
            let λ = F(h.lambda)
            for i in 0..<n {
                let d = dx[i]
                let mi = β1 * m[i] + c1 * d, vi = β2 * v[i] + c2 * (d * d)
                m[i] = mi; v[i] = vi
                let a = mi / d1 / ((vi / d2).squareRoot() + ϵ)
                o[i] = h.flag ? η * (a + λ * x[i]) : η * a + λ * x[i]
            }
            return (.tuple([s[0], s[1], Rule.nextPowers(bt, (β1, β2))]), out)
        }

        /// SIMD loop over x, g, m, v (`Rule.adamLoop`, mode 1 coupled / 2 decoupled).
        static func fusedUpdate<F: FloatElement & SIMDScalar>(_ rule: Rule, _ state: inout OptState, _ xt: Tensor, _ g: Tensor,
                                                              _: F.Type) throws -> Bool {
            if rule.hyper.flag {
                try Rule.fusedAdamStep(rule, &state, xt, g, mode: 1, F.self)
            } else {
                try Rule.fusedAdamStep(rule, &state, xt, g, mode: 2, F.self)
            }
            return true
        }
    }
}
