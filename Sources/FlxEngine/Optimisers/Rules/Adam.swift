extension Rules {
    /// `Adam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`:
    /// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; Δ = η·[m/(1−β₁ᵗ)] / (√(v/(1−β₂ᵗ)) + ϵ).
    /// State: `(m = 0, v = 0, βt = β)`, βt in the parameter's element type, times β each step.
    struct Adam: ElementwiseAdamRule {
        var eta: RuleNumber = .float64(0.001), beta = RulePair(0.9, 0.999), epsilon: RuleNumber = .float64(1e-8)

        func delta<F: FloatElement>(_ k: AdamMoments<F>, _ m: inout F, _ v: inout F, _ g: F) -> F {
            let mi = k.first(m, g), vi = k.second(v, g)
            m = mi; v = vi
            return mi / k.d1 / ((vi / k.d2).squareRoot() + k.ϵ) * k.η
        }

        /// The C kernel over x, g, m, v (`AdamKernel`); βt rewritten in place.
        func fusedUpdate<F: FloatElement & SIMDScalar>(_ state: inout AdamState, _ xt: Tensor, _ g: Tensor, _: F.Type) throws -> Bool {
            let k = try moments(state, n: xt.count, F.self)
            AdamKernel.step(&state, xt, g, k, mode: .adam, λ: 0)
            return true
        }
    }
}

extension RuleKind { public static let adam = RuleKind(Rules.Adam.self) }
