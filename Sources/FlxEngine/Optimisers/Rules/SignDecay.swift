extension Rules {
    /// `SignDecay(λ = 1e-3)`, L1 decay: Δ = g + λ·sign(x). State: `nothing`.
    enum SignDecay: RuleDefinition {
        static let spec = RuleSpec(name: "SignDecay", style: .def, fields: [param("lambda", .f64(1e-3))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { .nothing }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let λ = F(rule.hyper.lambda)
            for i in 0..<n { o[i] = dx[i] + λ * jsign(x[i]) }
            return (state, out)
        }
    }
}

extension RuleKind {
    public static let signDecay = RuleKind(Rules.SignDecay.self)
}
