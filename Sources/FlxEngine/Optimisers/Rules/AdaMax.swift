extension Rules {
    /// `AdaMax(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`: m ← β₁m + (1−β₁)g; u ← max(β₂u, |g|);
    /// Δ = (η/(1−β₁ᵗ))·m/(u + ϵ). State: `(m = 0, u = 0, βt = β)`.
    enum AdaMax: RuleDefinition {
        static let spec = RuleSpec(name: "AdaMax", style: .def, fields: [
            param("eta", .f64(0.001)), param("beta", Rule.betaDefault, .floatPair), param("epsilon", .f64(1e-8))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { try AdamMoments<Double>.initial(rule, x) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self)
            let k = try AdamMoments<F>(rule, state, count: 3, n: n), m = k.m, v = k.v
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let a = k.η / k.d1, β2 = k.β2
            for i in 0..<n {
                let d = dx[i]
                // The second slot is an infinity norm, not a mean square.
                let mi = k.first(m[i], d), ui = jmax(β2 * v[i], abs(d))
                m[i] = mi; v[i] = ui
                o[i] = a * mi / (ui + k.ϵ)
            }
            return (k.nextState(), out)
        }
    }
}

extension RuleKind {
    public static let adamax = RuleKind(Rules.AdaMax.self)
}
