extension Rules {
    /// `Lion(η = 0.001, β = (0.9, 0.999))`, as Optimisers.jl's source has it:
    /// m ← β₂g + (1−β₂)m; Δ = η·sign((β₂−β₁)g + β₁m). State: m = 0.
    struct Lion: TypedRule {
        typealias State = ArrayState
        var eta: RuleNumber = .float64(0.001), beta = RulePair(0.9, 0.999)

        static let fields: [TypedRuleField<Lion>] = [.number("eta", \.eta), .pair("beta", \.beta)]

        func initState(for x: Tensor) throws -> ArrayState { ArrayState(array: try Rule.zeros(like: x)) }

        func apply<F: FloatElement>(_ state: inout ArrayState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let dx = g.ptr(F.self), m = try Self.buffer(state.array, xt.count, F.self)
            let η = eta.value(F.self), (β1, β2) = beta.values(F.self), c2 = 1 - β2, k = β2 - β1
            return try Rule.delta(g, owned: owned) { i in
                let d = dx[i]
                let mi = β2 * d + c2 * m[i]
                m[i] = mi
                return η * jsign(k * d + β1 * mi)
            }
        }
    }
}

extension RuleKind { public static let lion = RuleKind(Rules.Lion.self) }
