extension Rules {
    /// `ClipNorm(ω = 10, p = 2; throw = true)`: n = ‖g‖ₚ per array (`RuleNorm`, as Julia's
    /// `norm`); a non-finite n with `throw` is a DomainError; Δ = g·min(ω/n, 1). State: `nothing`.
    /// ω and p are positional only; `throw` must be a Bool.
    enum ClipNorm: RuleDefinition {
        static let spec = RuleSpec(name: "ClipNorm", style: .clipNorm, display: .positional(typeParameters: 2), fields: [
            param("omega", .int(10)), param("p", .int(2)), param("throw", .bool(true), .bool)])

        static func configure(_ h: inout RuleHyper, _ rule: Rule) {
            h.delta = rule.number("omega"); h.rho = rule.number("p"); h.flag = rule.field("throw") == .bool(true)
        }

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { .nothing }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            guard case .real(let pv, let pf32)? = rule.field("p"), case .real(let ω, let ωf32)? = rule.field("omega") else {
                throw Rule.stateError(rule)
            }
            let nrm = RuleNorm.norm(dx, n, p: pv, pIsFloat32: pf32, F.self)
            if h.flag && !nrm.isFinite {
                throw RuleError.nonFiniteNorm(p: .real(pv, float32: pf32), norm: .real(Double(nrm), float32: F.self == Float.self),
                                              shape: xt.shape, dtype: xt.dtype)
            }
            // T(min(omega / nrm, 1)), the division in promote_type(typeof(omega), T).
            let λ: F
            if ωf32 && F.self == Float.self {
                λ = F(jmin(Float(ω) / Float(nrm), 1))
            } else {
                λ = F(jmin(ω / Double(nrm), 1))
            }
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            for i in 0..<n { o[i] = dx[i] * λ }
            return (state, out)
        }
    }
}

extension RuleKind {
    public static let clipNorm = RuleKind(Rules.ClipNorm.self)
}
