/// Optimisers.jl rules with their default hyperparameters.
public enum OptimiserRule: Sendable, Hashable {
    /// `Descent(η = 0.1)`: x .-= η .* dx
    case descent(eta: Double)
    /// `Momentum(η = 0.01, ρ = 0.9)`: v = ρv + η dx; x .-= v
    case momentum(eta: Double, rho: Double)
    /// `Adam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)` with bias correction.
    case adam(eta: Double, beta1: Double, beta2: Double, epsilon: Double)
    /// `RMSProp(η = 0.001, ρ = 0.9, ϵ = 1e-8)`: acc = ρ acc + (1-ρ) dx²; x .-= η dx / (√acc + ϵ)
    case rmsprop(eta: Double, rho: Double, epsilon: Double)

    public static let descentDefault = OptimiserRule.descent(eta: 0.1)
    public static let momentumDefault = OptimiserRule.momentum(eta: 0.01, rho: 0.9)
    public static let adamDefault = OptimiserRule.adam(eta: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
    public static let rmspropDefault = OptimiserRule.rmsprop(eta: 0.001, rho: 0.9, epsilon: 1e-8)
}

/// Per-parameter optimiser state (`Flux.setup` gives one per array).
public final class OptimiserState {
    public let rule: OptimiserRule
    /// First moment / velocity / accumulator, shaped like the parameter.
    var first: Tensor?
    /// Second moment (Adam).
    var second: Tensor?
    /// β1^t and β2^t for Adam's bias correction (start at β, as Optimisers.jl does).
    var beta1Power: Double = 1
    var beta2Power: Double = 1

    init(rule: OptimiserRule) { self.rule = rule }
}
