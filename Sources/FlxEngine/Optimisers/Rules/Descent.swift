extension Rules {
    /// `Descent(η = 1f-1)`, plain gradient descent: Δ = η·g. State: `nothing` (whatever state
    /// it is given comes back unchanged, as in Julia). η is stored as given (no `float`, no
    /// sign check); the default is a Float32.
    struct Descent: TypedRule {
        typealias State = OptState
        var eta: RuleNumber = .float32(0.1)

        static let name = "Descent"
        static let style = RuleStyle.descent
        static let display = RuleDisplay.positional(typeParameters: 0)
        static let fields: [TypedRuleField<Descent>] = [.number("eta", \.eta, .keep)]

        func initState(for x: Tensor) throws -> OptState { .nothing }

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = eta.value(F.self)
            for i in 0..<n { o[i] = dx[i] * η }
            return out
        }

        func fusedUpdate<F: FloatElement & SIMDScalar>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, _: F.Type) throws -> Bool {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let η = eta.value(F.self)
            for i in 0..<n { x[i] = x[i] - dx[i] * η }
            return true
        }
    }
}

extension RuleKind {
    public static let descent = RuleKind(Rules.Descent.self)
}
