extension Rules {
    /// `ClipNorm(ω = 10, p = 2; throw = true)`: n = ‖g‖ₚ per array (`RuleNorm`, as Julia's
    /// `norm`); a non-finite n with `throw` is a DomainError; Δ = g·min(ω/n, 1). State: `nothing`.
    /// ω and p are positional only; `throw` must be a Bool.
    struct ClipNorm: TypedRule {
        var omega: RuleNumber = .int(10), p: RuleNumber = .int(2), `throw` = true

        static let style = RuleStyle.clipNorm
        static let display = RuleDisplay.positional(typeParameters: 2)
        static let fields: [TypedRuleField<ClipNorm>] = [.number("omega", \.omega), .number("p", \.p), .flag("throw", \.throw)]

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            // The constructor applies `float`: both are floats.
            guard case let (pv, pf32)? = p.float, case let (ω, ωf32)? = omega.float else { throw Self.stateMismatch }
            let nrm = RuleNorm.norm(dx, n, p: pv, pIsFloat32: pf32, F.self)
            if self.throw && !nrm.isFinite {
                throw RuleError.nonFiniteNorm(p: p.hyper, norm: .real(Double(nrm), float32: F.self == Float.self),
                                              shape: xt.shape, dtype: xt.dtype)
            }
            // T(min(omega / nrm, 1)), the division in promote_type(typeof(omega), T).
            let λ: F
            if ωf32 && F.self == Float.self {
                λ = F(jmin(Float(ω) / Float(nrm), 1))
            } else {
                λ = F(jmin(ω / Double(nrm), 1))
            }
            return try Rule.delta(g, owned: owned) { i in dx[i] * λ }
        }
    }
}

extension RuleKind { public static let clipNorm = RuleKind(Rules.ClipNorm.self) }
