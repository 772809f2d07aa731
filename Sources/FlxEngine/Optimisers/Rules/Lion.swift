extension Rules {
    /// `Lion(η = 0.001, β = (0.9, 0.999))`, as Optimisers.jl's source has it:
    /// m ← β₂g + (1−β₂)m; Δ = η·sign((β₂−β₁)g + β₁m). State: m = 0.
    struct Lion: TypedRule {
        typealias State = ArrayState
        var eta: RuleNumber = .float64(0.001), beta = RulePair(0.9, 0.999)

        static let name = "Lion"
        static let style = RuleStyle.def
        static let display = RuleDisplay.keywords
        static let fields: [TypedRuleField<Lion>] = [.number("eta", \.eta), .pair("beta", \.beta)]

        func initState(for x: Tensor) throws -> ArrayState { ArrayState(array: try Rule.zeros(like: x)) }

        func apply<F: FloatElement>(_ state: inout ArrayState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let m = try Self.buffer(state.array, n, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = eta.value(F.self), (β1, β2) = beta.values(F.self), c2 = 1 - β2, k = β2 - β1
            for i in 0..<n {
                let d = dx[i]
                let mi = β2 * d + c2 * m[i]
                m[i] = mi
                o[i] = η * jsign(k * d + β1 * mi)
            }
            return out
        }
    }
}

extension RuleKind {
    public static let lion = RuleKind(Rules.Lion.self)
}
