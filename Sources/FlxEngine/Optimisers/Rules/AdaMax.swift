extension Rules {
    /// `AdaMax(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`: m ← β₁m + (1−β₁)g; u ← max(β₂u, |g|);
    /// Δ = (η/(1−β₁ᵗ))·m/(u + ϵ). State: `(m = 0, u = 0, βt = β)`.
    struct AdaMax: ElementwiseAdamRule {
        var eta: RuleNumber = .float64(0.001), beta = RulePair(0.9, 0.999), epsilon: RuleNumber = .float64(1e-8)

        func delta<F: FloatElement>(_ k: AdamMoments<F>, _ m: inout F, _ u: inout F, _ g: F) -> F {
            // The second slot is an infinity norm, not a mean square.
            let mi = k.first(m, g), ui = jmax(k.β2 * u, abs(g))
            m = mi; u = ui
            return k.correctedRate * mi / (ui + k.ϵ)
        }
    }
}

extension RuleKind { public static let adamax = RuleKind(Rules.AdaMax.self) }
