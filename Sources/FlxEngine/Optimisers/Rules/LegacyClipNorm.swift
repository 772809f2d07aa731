extension Rules {
    /// Flux 0.13's `ClipNorm(thresh)`: if ‖g‖₂ > thresh, Δ = g·thresh/‖g‖₂, else Δ = g. The
    /// scaling runs in Float64 when thresh or the array is Float64 (promotion), else in Float32.
    /// State: `nothing`.
    enum LegacyClipNorm: RuleDefinition {
        static let spec = RuleSpec(name: "ClipNorm", style: .legacy, display: .positional(typeParameters: 1), fields: [param("thresh", nil, .keep)])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { .nothing }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            guard let tv = rule.field("thresh"), let t = tv.number else { throw Rule.stateError(rule) }
            let nrm = RuleNorm.norm2(dx, n)
            let wide = tv.isFloat64 || F.self == Double.self
            if Double(nrm) > t {
                if wide {
                    let s = t / Double(nrm)
                    for i in 0..<n { o[i] = F(Double(dx[i]) * s) }
                } else {
                    let s = F(t) / nrm
                    for i in 0..<n { o[i] = dx[i] * s }
                }
            } else if o != dx {
                for i in 0..<n { o[i] = dx[i] }
            }
            return (state, out)
        }
    }
}

extension RuleKind {
    public static let legacyClipNorm = RuleKind(Rules.LegacyClipNorm.self)
}
