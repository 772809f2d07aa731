extension Rules {
    /// `AdaBelief(η = 0.001, β = (0.9, 0.999), ϵ = 1e-16)`: m ← β₁m + (1−β₁)g;
    /// s ← β₂s + (1−β₂)(g−m)² + ϵ (with the new m); Δ = η·[m/(1−β₁ᵗ)] / (√(s/(1−β₂ᵗ)) + ϵ).
    /// State: `(m = 0, s = 0, βt = β)`.
    enum AdaBelief: RuleDefinition {
        static let spec = RuleSpec(name: "AdaBelief", style: .def, fields: [
            param("eta", .f64(0.001)), param("beta", Rule.betaDefault, .floatPair), param("epsilon", .f64(1e-16))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { try AdamMoments<Double>.initial(rule, x) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self)
            let k = try AdamMoments<F>(rule, state, count: 3, n: n), m = k.m, v = k.v
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            for i in 0..<n {
                let d = dx[i]
                let mi = k.first(m[i], d)
                // The second moment of the surprise g − m, not of g.
                let si = k.second(v[i], d - mi) + k.ϵ
                m[i] = mi; v[i] = si
                o[i] = k.η * mi / k.d1 / ((si / k.d2).squareRoot() + k.ϵ)
            }
            return (k.nextState(), out)
        }
    }
}

extension RuleKind {
    public static let adabelief = RuleKind(Rules.AdaBelief.self)
}
