extension Rules {
    /// `Adam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`:
    /// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; Δ = η·[m/(1−β₁ᵗ)] / (√(v/(1−β₂ᵗ)) + ϵ).
    /// State: `(m = 0, v = 0, βt = β)`, βt in the parameter's element type, times β each step.
    enum Adam: RuleDefinition {
        static let spec = RuleSpec(name: "Adam", style: .def, fields: [
            param("eta", .f64(0.001)), param("beta", Rule.betaDefault, .floatPair), param("epsilon", .f64(1e-8))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { try AdamMoments<Double>.initial(rule, x) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self)
            let k = try AdamMoments<F>(rule, state, count: 3, n: n), m = k.m, v = k.v
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            for i in 0..<n {
                let d = dx[i]
                let mi = k.first(m[i], d), vi = k.second(v[i], d)
                m[i] = mi; v[i] = vi
                o[i] = mi / k.d1 / ((vi / k.d2).squareRoot() + k.ϵ) * k.η
            }
            return (k.nextState(), out)
        }

        /// SIMD loop over x, g, m, v (`Rule.adamLoop`, mode 0); βt rewritten in place.
        static func fusedUpdate<F: FloatElement & SIMDScalar>(_ rule: Rule, _ state: inout OptState, _ xt: Tensor, _ g: Tensor,
                                                              _: F.Type) throws -> Bool {
            try Rule.fusedAdamStep(rule, &state, xt, g, mode: 0, F.self)
            return true
        }
    }
}

extension RuleKind {
    public static let adam = RuleKind(Rules.Adam.self)
}
