extension Rules {
    /// `AdamW(η = 0.001, β = (0.9, 0.999), λ = 0, ϵ = 1e-8; couple = true)`: a = the Adam
    /// direction with η = 1; coupled Δ = η(a + λx), decoupled (`couple = false`) Δ = ηa + λx.
    /// State: `(m = 0, v = 0, βt = β)`, as Adam. β is stored as given (no `float`).
    struct AdamW: TypedRule {
        typealias State = AdamState
        var eta: RuleNumber = .float64(0.001), beta: HyperValue = .pair(.f64(0.9), .f64(0.999))
        var lambda: RuleNumber = .float64(0.0), epsilon: RuleNumber = .float64(1e-8), couple = true

        static let style = RuleStyle.adamw
        static let fields: [TypedRuleField<AdamW>] = [
            .number("eta", \.eta), .asGiven("beta", \.beta), .number("lambda", \.lambda), .number("epsilon", \.epsilon),
            .flag("couple", \.couple),
        ]

        func initState(for x: Tensor) throws -> AdamState { try AdamState(zerosLike: x, beta: beta.pairNumbers) }

        func apply<F: FloatElement>(_ state: inout AdamState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let k = try moments(state, n: n, F.self), m = k.m, v = k.v
            let η = k.η, λ = lambda.value(F.self)
            let out = try Rule.delta(g, owned: owned) { i in
                let d = dx[i]
                let mi = k.first(m[i], d), vi = k.second(v[i], d)
                m[i] = mi; v[i] = vi
                let a = mi / k.d1 / ((vi / k.d2).squareRoot() + k.ϵ)
                return couple ? η * (a + λ * x[i]) : η * a + λ * x[i]
            }
            k.advance(&state)
            return out
        }

        /// The C kernel over x, g, m, v (`AdamKernel`, coupled or decoupled decay).
        func fusedUpdate<F: FloatElement & SIMDScalar>(_ state: inout AdamState, _ xt: Tensor, _ g: Tensor, _: F.Type) throws -> Bool {
            let k = try moments(state, n: xt.count, F.self)
            AdamKernel.step(&state, xt, g, k, mode: couple ? .coupledDecay : .decoupledDecay, λ: lambda.value(F.self))
            return true
        }

        private func moments<F: FloatElement>(_ state: AdamState, n: Int, _: F.Type) throws -> AdamMoments<F> {
            let (b1, b2) = beta.pairNumbers
            return try AdamMoments(state, n: n, η: eta.value(F.self), β: (F(b1), F(b2)), ϵ: epsilon.value(F.self), of: Self.self)
        }
    }
}

extension RuleKind { public static let adamw = RuleKind(Rules.AdamW.self) }
