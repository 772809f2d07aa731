extension Rules {
    /// `AdaGrad(η = 0.1, ϵ = 1e-8)`: acc ← acc + g²; Δ = ηg/(√acc + ϵ).
    /// State: acc = fill(ϵ) (not zero).
    struct AdaGrad: TypedRule {
        typealias State = ArrayState
        var eta: RuleNumber = .float64(0.1), epsilon: RuleNumber = .float64(1e-8)

        static let fields: [TypedRuleField<AdaGrad>] = [.number("eta", \.eta), .number("epsilon", \.epsilon)]

        func initState(for x: Tensor) throws -> ArrayState { ArrayState(array: try Rule.filled(epsilon.double, like: x)) }

        func apply<F: FloatElement>(_ state: inout ArrayState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let dx = g.ptr(F.self), acc = try Self.buffer(state.array, xt.count, F.self)
            let η = eta.value(F.self), ϵ = epsilon.value(F.self)
            return try Rule.delta(g, owned: owned) { i in
                let d = dx[i]
                let a = acc[i] + d * d
                acc[i] = a
                return d * η / (a.squareRoot() + ϵ)
            }
        }
    }
}

extension RuleKind { public static let adagrad = RuleKind(Rules.AdaGrad.self) }
