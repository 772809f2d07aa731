extension Rules {
    /// `AdaBelief(η = 0.001, β = (0.9, 0.999), ϵ = 1e-16)`: m ← β₁m + (1−β₁)g;
    /// s ← β₂s + (1−β₂)(g−m)² + ϵ (with the new m); Δ = η·[m/(1−β₁ᵗ)] / (√(s/(1−β₂ᵗ)) + ϵ).
    /// State: `(m = 0, s = 0, βt = β)`.
    struct AdaBelief: ElementwiseAdamRule {
        var eta: RuleNumber = .float64(0.001), beta = RulePair(0.9, 0.999), epsilon: RuleNumber = .float64(1e-16)

        func delta<F: FloatElement>(_ k: AdamMoments<F>, _ m: inout F, _ s: inout F, _ g: F) -> F {
            let mi = k.first(m, g)
            // The second moment of the surprise g − m, not of g.
            let si = k.second(s, g - mi) + k.ϵ
            m = mi; s = si
            return k.η * mi / k.d1 / ((si / k.d2).squareRoot() + k.ϵ)
        }
    }
}

extension RuleKind { public static let adabelief = RuleKind(Rules.AdaBelief.self) }
