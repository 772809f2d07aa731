extension Rules {
    /// `AdaDelta(ρ = 0.9, ϵ = 1e-8)` (no η): a ← ρa + (1−ρ)g²; Δ = g·√(d + ϵ)/√(a + ϵ);
    /// d ← ρd + (1−ρ)Δ². State: `(a = 0, d = 0)`.
    struct AdaDelta: TypedRule {
        typealias State = ArrayPairState
        var rho: RuleNumber = .float64(0.9), epsilon: RuleNumber = .float64(1e-8)

        static let fields: [TypedRuleField<AdaDelta>] = [.number("rho", \.rho), .number("epsilon", \.epsilon)]

        func initState(for x: Tensor) throws -> ArrayPairState {
            ArrayPairState(first: try Rule.zeros(like: x), second: try Rule.zeros(like: x))
        }

        func apply<F: FloatElement>(_ state: inout ArrayPairState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let acc = try Self.buffer(state.first, n, F.self), dacc = try Self.buffer(state.second, n, F.self)
            let ρ = rho.value(F.self), ϵ = epsilon.value(F.self), c = 1 - ρ
            return try Rule.delta(g, owned: owned) { i in
                let d = dx[i]
                let a = ρ * acc[i] + c * (d * d)
                acc[i] = a
                let e = d * (dacc[i] + ϵ).squareRoot() / (a + ϵ).squareRoot()
                dacc[i] = ρ * dacc[i] + c * (e * e)
                return e
            }
        }
    }
}

extension RuleKind { public static let adadelta = RuleKind(Rules.AdaDelta.self) }
