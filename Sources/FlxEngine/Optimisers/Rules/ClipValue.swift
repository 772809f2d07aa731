extension Rules {
    /// Flux 0.13's `ClipValue(thresh)`: Δ = clamp(g, −thresh, thresh), in Float64 and rounded to T.
    /// State: `nothing`.
    struct ClipValue: TypedRule {
        typealias State = OptState
        /// Required: the constructor always sets it.
        var thresh = HyperValue.int(0)

        static let name = "ClipValue"
        static let style = RuleStyle.legacy
        static let display = RuleDisplay.positional(typeParameters: 1)
        static let fields: [TypedRuleField<ClipValue>] = [.asGiven("thresh", \.thresh, required: true)]

        func initState(for x: Tensor) throws -> OptState { .nothing }

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            guard let t = thresh.number else { throw Self.stateMismatch }
            for i in 0..<n { o[i] = F(jclamp(Double(dx[i]), -t, t)) }
            return out
        }
    }
}

extension RuleKind {
    public static let clipValue = RuleKind(Rules.ClipValue.self)
}
