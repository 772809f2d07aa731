extension Rules {
    /// `NAdam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`: m, v as Adam;
    /// Δ = η·(β₁m/(1−β₁·β₁ᵗ) + (1−β₁)g/(1−β₁ᵗ)) / (√(β₂v/(1−β₂ᵗ)) + ϵ).
    /// State: `(m = 0, v = 0, βt = β)`.
    struct NAdam: ElementwiseAdamRule {
        var eta: RuleNumber = .float64(0.001), beta = RulePair(0.9, 0.999), epsilon: RuleNumber = .float64(1e-8)

        func delta<F: FloatElement>(_ k: AdamMoments<F>, _ m: inout F, _ v: inout F, _ g: F) -> F {
            let mi = k.first(m, g), vi = k.second(v, g)
            m = mi; v = vi
            // The look-ahead 1 − β₁·β₁ᵗ: the bias correction of the next step.
            return (k.β1 * mi / (1 - k.β1 * k.bt.0) + k.c1 * g / k.d1) / ((vi * k.β2 / k.d2).squareRoot() + k.ϵ) * k.η
        }
    }
}

extension RuleKind { public static let nadam = RuleKind(Rules.NAdam.self) }
