extension Rules {
    /// `Nesterov(η = 0.001, ρ = 0.9)`: Δ = −ρ²v + (1+ρ)ηg (with the old v); then v ← ρv − ηg.
    /// State: v = 0.
    struct Nesterov: TypedRule {
        typealias State = ArrayState
        var eta: RuleNumber = .float64(0.001), rho: RuleNumber = .float64(0.9)

        static let fields: [TypedRuleField<Nesterov>] = [.number("eta", \.eta), .number("rho", \.rho)]

        func initState(for x: Tensor) throws -> ArrayState { ArrayState(array: try Rule.zeros(like: x)) }

        func apply<F: FloatElement>(_ state: inout ArrayState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let dx = g.ptr(F.self), v = try Self.buffer(state.array, xt.count, F.self)
            let η = eta.value(F.self), ρ = rho.value(F.self)
            let a = -(ρ * ρ), c = (1 + ρ) * η
            return try Rule.delta(g, owned: owned) { i in
                let d = dx[i], vi = v[i]
                v[i] = ρ * vi - η * d
                return a * vi + c * d
            }
        }

        func fusedUpdate<F: FloatElement & SIMDScalar>(_ state: inout ArrayState, _ xt: Tensor, _ g: Tensor, _: F.Type) throws -> Bool {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let v = try Self.buffer(state.array, n, F.self)
            let η = eta.value(F.self), ρ = rho.value(F.self)
            let a = -(ρ * ρ), c = (1 + ρ) * η
            for i in 0..<n {
                let d = dx[i], vi = v[i]
                x[i] = x[i] - (a * vi + c * d)
                v[i] = ρ * vi - η * d
            }
            return true
        }
    }
}

extension RuleKind { public static let nesterov = RuleKind(Rules.Nesterov.self) }
