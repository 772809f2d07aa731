extension Rules {
    /// `Descent(η = 1f-1)`, plain gradient descent: Δ = η·g. State: `nothing` (whatever state
    /// it is given comes back unchanged, as in Julia). η is stored as given (no `float`, no
    /// sign check); the default is a Float32.
    struct Descent: TypedRule {
        var eta: RuleNumber = .float32(0.1)

        static let style = RuleStyle.descent
        static let display = RuleDisplay.positional(typeParameters: 0)
        static let fields: [TypedRuleField<Descent>] = [.number("eta", \.eta, .keep)]

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let dx = g.ptr(F.self), η = eta.value(F.self)
            return try Rule.delta(g, owned: owned) { i in dx[i] * η }
        }

        func fusedUpdate<F: FloatElement & SIMDScalar>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, _: F.Type) throws -> Bool {
            let x = xt.ptr(F.self), dx = g.ptr(F.self), η = eta.value(F.self)
            for i in 0..<xt.count { x[i] = x[i] - dx[i] * η }
            return true
        }
    }
}

extension RuleKind { public static let descent = RuleKind(Rules.Descent.self) }
