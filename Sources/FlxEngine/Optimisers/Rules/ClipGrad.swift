extension Rules {
    /// `ClipGrad(δ = 10.0)`: Δ = clamp(g, −δ, δ). State: `nothing`.
    enum ClipGrad: RuleDefinition {
        static let spec = RuleSpec(name: "ClipGrad", style: .def, fields: [param("delta", .f64(10.0))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { .nothing }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let δ = F(rule.hyper.delta), lo = -δ
            for i in 0..<n { o[i] = jclamp(dx[i], lo, δ) }
            return (state, out)
        }
    }
}

extension RuleKind {
    public static let clipGrad = RuleKind(Rules.ClipGrad.self)
}
