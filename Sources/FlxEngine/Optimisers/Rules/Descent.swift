extension Rules {
    /// `Descent(η = 1f-1)`, plain gradient descent: Δ = η·g. State: `nothing`.
    /// η is stored as given (no `float`, no sign check); the default is a Float32.
    enum Descent: RuleDefinition {
        static let spec = RuleSpec(name: "Descent", style: .descent, display: .positional(typeParameters: 0), fields: [param("eta", .f32(0.1), .keep)])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { .nothing }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta)
            for i in 0..<n { o[i] = dx[i] * η }
            return (state, out)
        }

        static func fusedUpdate<F: FloatElement & SIMDScalar>(_ rule: Rule, _ state: inout OptState, _ xt: Tensor, _ g: Tensor,
                                                              _: F.Type) throws -> Bool {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let η = F(rule.hyper.eta)
            for i in 0..<n { x[i] = x[i] - dx[i] * η }
            return true
        }
    }
}

extension RuleKind {
    public static let descent = RuleKind(Rules.Descent.self)
}
