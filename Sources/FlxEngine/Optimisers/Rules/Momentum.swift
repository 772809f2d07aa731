extension Rules {
    /// `Momentum(η = 0.01, ρ = 0.9)`: v ← ρv + ηg; Δ = v (η inside the buffer). State: v = 0.
    struct Momentum: TypedRule {
        typealias State = ArrayState
        var eta: RuleNumber = .float64(0.01), rho: RuleNumber = .float64(0.9)

        static let fields: [TypedRuleField<Momentum>] = [.number("eta", \.eta), .number("rho", \.rho)]

        func initState(for x: Tensor) throws -> ArrayState { ArrayState(array: try Rule.zeros(like: x)) }

        func apply<F: FloatElement>(_ state: inout ArrayState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let v = try Self.buffer(state.array, n, F.self)
            let η = eta.value(F.self), ρ = rho.value(F.self)
            for i in 0..<n { v[i] = ρ * v[i] + η * dx[i] }
            return state.array
        }

        func fusedUpdate<F: FloatElement & SIMDScalar>(_ state: inout ArrayState, _ xt: Tensor, _ g: Tensor, _: F.Type) throws -> Bool {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let v = try Self.buffer(state.array, n, F.self)
            let η = eta.value(F.self), ρ = rho.value(F.self)
            for i in 0..<n {
                let vi = ρ * v[i] + η * dx[i]
                v[i] = vi
                x[i] = x[i] - vi
            }
            return true
        }
    }
}

extension RuleKind { public static let momentum = RuleKind(Rules.Momentum.self) }
