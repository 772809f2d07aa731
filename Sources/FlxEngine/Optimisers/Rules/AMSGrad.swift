extension Rules {
    /// `AMSGrad(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
    /// v̂ ← max(v̂, v); Δ = ηm/(√v̂ + ϵ) (no bias correction). State: `(m, v, v̂)`, all fill(ϵ).
    enum AMSGrad: RuleDefinition {
        static let spec = RuleSpec(name: "AMSGrad", style: .def, fields: [
            param("eta", .f64(0.001)), param("beta", Rule.betaDefault, .floatPair), param("epsilon", .f64(1e-8))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            let ϵ = rule.hyper.eps
            return .tuple([try Rule.filledState(ϵ, x), try Rule.filledState(ϵ, x), try Rule.filledState(ϵ, x)])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            guard case .tuple(let s) = state, s.count == 3 else { throw Rule.stateError(rule) }
            let m = try Rule.buffer(s[0], n, rule, F.self), v = try Rule.buffer(s[1], n, rule, F.self)
            let vh = try Rule.buffer(s[2], n, rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), ϵ = F(h.eps), c1 = 1 - β1, c2 = 1 - β2
            for i in 0..<n {
                let d = dx[i]
                let mi = MomentStep.first(m[i], d, β1, c1), vi = MomentStep.second(v[i], d, β2, c2)
                let wi = jmax(vh[i], vi)
                m[i] = mi; v[i] = vi; vh[i] = wi
                o[i] = η * mi / (wi.squareRoot() + ϵ)
            }
            return (state, out)
        }
    }
}

extension RuleKind {
    public static let amsgrad = RuleKind(Rules.AMSGrad.self)
}
