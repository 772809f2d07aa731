extension Rules {
    /// Flux 0.13's `ClipValue(thresh)`: Δ = clamp(g, −thresh, thresh), in Float64 and rounded to T.
    /// State: `nothing`.
    enum ClipValue: RuleDefinition {
        static let spec = RuleSpec(name: "ClipValue", style: .legacy, display: .positional(typeParameters: 1), fields: [param("thresh", nil, .keep)])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { .nothing }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            guard let t = rule.field("thresh")?.number else { throw Rule.stateError(rule) }
            for i in 0..<n { o[i] = F(jclamp(Double(dx[i]), -t, t)) }
            return (state, out)
        }
    }
}

extension RuleKind {
    public static let clipValue = RuleKind(Rules.ClipValue.self)
}
