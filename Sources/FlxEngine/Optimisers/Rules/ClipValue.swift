extension Rules {
    /// Flux 0.13's `ClipValue(thresh)`: Δ = clamp(g, −thresh, thresh), in Float64 and rounded to T.
    /// State: `nothing`.
    struct ClipValue: TypedRule {
        /// Required: the constructor always sets it.
        var thresh = HyperValue.int(0)

        static let style = RuleStyle.legacy
        static let display = RuleDisplay.positional(typeParameters: 1)
        static let fields: [TypedRuleField<ClipValue>] = [.asGiven("thresh", \.thresh, required: true)]

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            guard let t = thresh.number else { throw Self.stateMismatch }
            let dx = g.ptr(F.self)
            return try Rule.delta(g, owned: owned) { i in F(jclamp(Double(dx[i]), -t, t)) }
        }
    }
}

extension RuleKind { public static let clipValue = RuleKind(Rules.ClipValue.self) }
