extension Rules {
    /// `AdamW(η = 0.001, β = (0.9, 0.999), λ = 0, ϵ = 1e-8; couple = true)`: a = the Adam
    /// direction with η = 1; coupled Δ = η(a + λx), decoupled (`couple = false`) Δ = ηa + λx.
    /// State: `(m = 0, v = 0, βt = β)`, as Adam. β is stored as given (no `float`).
    enum AdamW: RuleDefinition {
        static let spec = RuleSpec(name: "AdamW", style: .adamw, fields: [
            param("eta", .f64(0.001)), param("beta", Rule.betaDefault, .keep), param("lambda", .f64(0.0)),
            param("epsilon", .f64(1e-8)), param("couple", .bool(true), .bool)])

        static func configure(_ h: inout RuleHyper, _ rule: Rule) { h.flag = rule.field("couple") == .bool(true) }

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { try AdamMoments<Double>.initial(rule, x) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self), h = rule.hyper
            let k = try AdamMoments<F>(rule, state, count: 3, n: n), m = k.m, v = k.v
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = k.η, λ = F(h.lambda)
            for i in 0..<n {
                let d = dx[i]
                let mi = k.first(m[i], d), vi = k.second(v[i], d)
                m[i] = mi; v[i] = vi
                let a = mi / k.d1 / ((vi / k.d2).squareRoot() + k.ϵ)
                o[i] = h.flag ? η * (a + λ * x[i]) : η * a + λ * x[i]
            }
            return (k.nextState(), out)
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

extension RuleKind {
    public static let adamw = RuleKind(Rules.AdamW.self)
}
