extension Rules {
    /// `AdaMax(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`: m ← β₁m + (1−β₁)g; u ← max(β₂u, |g|);
    /// Δ = (η/(1−β₁ᵗ))·m/(u + ϵ). State: `(m = 0, u = 0, βt = β)`.
    enum AdaMax: RuleDefinition {
        static let kind = RuleKind.adamax
        static let spec = RuleSpec(name: "AdaMax", style: .def, fields: [
            param("eta", .f64(0.001)), param("beta", Rule.betaDefault, .floatPair), param("epsilon", .f64(1e-8))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            .tuple([try Rule.zeroState(x), try Rule.zeroState(x), Rule.betaState(rule, x)])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            guard case .tuple(let s) = state, s.count == 3 else { throw Rule.stateError(rule) }
            let m = try Rule.buffer(s[0], n, rule, F.self), v = try Rule.buffer(s[1], n, rule, F.self)
            let bt = try Rule.powers(s[2], rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), ϵ = F(h.eps)
            let c1 = 1 - β1, d1 = 1 - bt.0
            let a = η / d1
            for i in 0..<n {
                let d = dx[i]
                let mi = β1 * m[i] + c1 * d, ui = jmax(β2 * v[i], abs(d))
                m[i] = mi; v[i] = ui
                o[i] = a * mi / (ui + ϵ)
            }
            return (.tuple([s[0], s[1], Rule.nextPowers(bt, (β1, β2))]), out)
        }
    }
}
