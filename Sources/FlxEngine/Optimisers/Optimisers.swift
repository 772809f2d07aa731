#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `Flux.setup` / `Flux.update!` for one array: updates the parameter in place
/// in a single pass, allocating nothing after setup.
public enum Optimisers {
    /// State for `param` (float arrays only).
    public static func setup(_ rule: OptimiserRule, for param: Tensor) throws -> OptimiserState {
        guard param.dtype.isFloat else {
            throw EngineError.argument("optimisers update floating-point arrays, got \(param.shape.summary(param.dtype))")
        }
        let s = OptimiserState(rule: rule)
        switch rule {
        case .descent: break
        case .momentum, .rmsprop: s.first = try Tensor.zeros(param.dtype, param.shape)
        case .adam(_, let b1, let b2, _):
            s.first = try Tensor.zeros(param.dtype, param.shape)
            s.second = try Tensor.zeros(param.dtype, param.shape)
            s.beta1Power = b1
            s.beta2Power = b2
        }
        return s
    }

    /// One step of `state.rule` on `param` with `gradient` (same shape; any float type).
    /// Parameters are updated outside differentiation, so no tape is consulted.
    public static func update(_ state: OptimiserState, param: Tensor, gradient: Tensor) throws {
        guard param.dtype.isFloat else { throw EngineError.argument("cannot update a \(param.dtype.juliaName) array") }
        guard gradient.shape == param.shape else {
            throw EngineError.dimensionMismatch("gradient of size \(gradient.shape) does not match parameter of size \(param.shape)")
        }
        let g = try gradient.promoted(to: param.dtype)
        if let f = state.first, f.shape != param.shape || f.dtype != param.dtype {
            throw EngineError.argument("optimiser state was set up for a \(f.shape.summary(f.dtype)), not a \(param.shape.summary(param.dtype))")
        }
        if param.dtype == .float32 { step(state, param, g, Float.self) } else { step(state, param, g, Double.self) }
    }

    private static func step<T: FloatElement>(_ s: OptimiserState, _ param: Tensor, _ g: Tensor, _: T.Type) {
        let x = param.ptr(T.self), dx = g.ptr(T.self), n = param.count
        switch s.rule {
        case .descent(let eta):
            let η = T(eta)
            for i in 0..<n { x[i] -= η * dx[i] }
        case .momentum(let eta, let rho):
            guard let v = s.first?.ptr(T.self) else { return }
            let η = T(eta), ρ = T(rho)
            for i in 0..<n { v[i] = ρ * v[i] + η * dx[i]; x[i] -= v[i] }
        case .rmsprop(let eta, let rho, let eps):
            guard let acc = s.first?.ptr(T.self) else { return }
            let η = T(eta), ρ = T(rho), ϵ = T(eps)
            for i in 0..<n {
                acc[i] = ρ * acc[i] + (1 - ρ) * dx[i] * dx[i]
                x[i] -= dx[i] * η / (acc[i].squareRoot() + ϵ)
            }
        case .adam(let eta, let b1, let b2, let eps):
            guard let m = s.first?.ptr(T.self), let v = s.second?.ptr(T.self) else { return }
            let η = T(eta), β1 = T(b1), β2 = T(b2), ϵ = T(eps)
            let c1 = 1 - T(s.beta1Power), c2 = 1 - T(s.beta2Power)
            for i in 0..<n {
                m[i] = β1 * m[i] + (1 - β1) * dx[i]
                v[i] = β2 * v[i] + (1 - β2) * dx[i] * dx[i]
                x[i] -= m[i] / c1 / ((v[i] / c2).squareRoot() + ϵ) * η
            }
            s.beta1Power *= b1
            s.beta2Power *= b2
        }
    }
}
