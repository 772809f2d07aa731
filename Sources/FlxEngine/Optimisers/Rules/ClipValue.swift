extension Rules {
    /// Flux 0.13's `ClipValue(thresh)`: Δ = clamp(g, −thresh, thresh), in Float64 and rounded to T.
    /// State: `nothing`.
    enum ClipValue: RuleDefinition {
        static let kind = RuleKind.clipValue
        static let spec = RuleSpec(name: "ClipValue", style: .legacy, fields: [param("thresh", nil, .keep)])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { .nothing }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            guard let t = rule.field("thresh")?.number else { throw Rule.stateError(rule) }
            for i in 0..<n { o[i] = F(jclamp(Double(dx[i]), -t, t)) }
            return (state, out)
        }

        /// `ClipValue{Float64}(0.5)`.
        static func show(_ rule: Rule, compact: Bool) -> String {
            let v = rule.fields[0].value
            return "ClipValue{\(v.juliaTypeName)}(\(Rule.shownText(v, compact: compact)))"
        }
    }
}
