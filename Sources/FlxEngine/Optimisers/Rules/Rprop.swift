extension Rules {
    /// `Rprop(η = 1e-3, ℓ = (0.5, 1.2), Γ = (1e-6, 50.0))`: s = gprev·g;
    /// step ← s>0 ? min(step·ℓ₂, Γ₂) : s<0 ? max(step·ℓ₁, Γ₁) : step; gprev ← s<0 ? 0 : g;
    /// Δ = step·sign(gprev). State: `(gprev = 0, step = fill(η))`.
    struct Rprop: TypedRule {
        typealias State = ArrayPairState
        var eta: RuleNumber = .float64(1e-3), ell = RulePair(0.5, 1.2), gamma = RulePair(1e-6, 50.0)

        static let fields: [TypedRuleField<Rprop>] = [.number("eta", \.eta), .pair("ell", \.ell), .pair("gamma", \.gamma)]

        func initState(for x: Tensor) throws -> ArrayPairState {
            ArrayPairState(first: try Rule.zeros(like: x), second: try Rule.filled(eta.double, like: x))
        }

        func apply<F: FloatElement>(_ state: inout ArrayPairState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let gp = try Self.buffer(state.first, n, F.self), st = try Self.buffer(state.second, n, F.self)
            let (ℓ1, ℓ2) = ell.values(F.self), (Γ1, Γ2) = gamma.values(F.self)
            return try Rule.delta(g, owned: owned) { i in
                let d = dx[i], p = gp[i] * d
                let e = p > 0 ? jmin(st[i] * ℓ2, Γ2) : p < 0 ? jmax(st[i] * ℓ1, Γ1) : st[i]
                let gn: F = p < 0 ? 0 : d
                st[i] = e; gp[i] = gn
                return e * jsign(gn)
            }
        }
    }
}

extension RuleKind { public static let rprop = RuleKind(Rules.Rprop.self) }
