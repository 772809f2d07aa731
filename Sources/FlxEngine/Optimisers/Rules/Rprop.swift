extension Rules {
    /// `Rprop(η = 1e-3, ℓ = (0.5, 1.2), Γ = (1e-6, 50.0))`: s = gprev·g;
    /// step ← s>0 ? min(step·ℓ₂, Γ₂) : s<0 ? max(step·ℓ₁, Γ₁) : step; gprev ← s<0 ? 0 : g;
    /// Δ = step·sign(gprev). State: `(gprev = 0, step = fill(η))`.
    enum Rprop: RuleDefinition {
        static let spec = RuleSpec(name: "Rprop", style: .def, fields: [
            param("eta", .f64(1e-3)), param("ell", .pair(.f64(0.5), .f64(1.2)), .floatPair),
            param("gamma", .pair(.f64(1e-6), .f64(50.0)), .floatPair)])

        static func configure(_ h: inout RuleHyper, _ rule: Rule) {
            (h.l1, h.l2) = Rule.pairNumbers(rule.field("ell"))
            (h.g1, h.g2) = Rule.pairNumbers(rule.field("gamma"))
        }

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            .tuple([try Rule.zeroState(x), try Rule.filledState(rule.hyper.eta, x)])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            guard case .tuple(let s) = state, s.count == 2 else { throw Rule.stateError(rule) }
            let gp = try Rule.buffer(s[0], n, rule, F.self), st = try Rule.buffer(s[1], n, rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let ℓ1 = F(h.l1), ℓ2 = F(h.l2), Γ1 = F(h.g1), Γ2 = F(h.g2)
            for i in 0..<n {
                let d = dx[i], p = gp[i] * d
                let e = p > 0 ? jmin(st[i] * ℓ2, Γ2) : p < 0 ? jmax(st[i] * ℓ1, Γ1) : st[i]
                let gn: F = p < 0 ? 0 : d
                st[i] = e; gp[i] = gn
                o[i] = e * jsign(gn)
            }
            return (state, out)
        }
    }
}

extension RuleKind {
    public static let rprop = RuleKind(Rules.Rprop.self)
}
