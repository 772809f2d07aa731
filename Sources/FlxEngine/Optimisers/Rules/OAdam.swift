extension Rules {
    /// `OAdam(η = 0.001, β = (0.5, 0.9), ϵ = 1e-8)`, optimistic Adam: term′ = η·m̂/(√v̂ + ϵ)
    /// (the Adam step); Δ = 2·term′ − term. State: `(m = 0, v = 0, βt = β, term = 0)`.
    enum OAdam: RuleDefinition {
        static let kind = RuleKind.oadam
        static let spec = RuleSpec(name: "OAdam", style: .def, fields: [
            param("eta", .f64(0.001)), param("beta", .pair(.f64(0.5), .f64(0.9)), .floatPair), param("epsilon", .f64(1e-8))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            .tuple([try Rule.zeroState(x), try Rule.zeroState(x), Rule.betaState(rule, x), try Rule.zeroState(x)])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            guard case .tuple(let s) = state, s.count == 4 else { throw Rule.stateError(rule) }
            let m = try Rule.buffer(s[0], n, rule, F.self), v = try Rule.buffer(s[1], n, rule, F.self)
            let term = try Rule.buffer(s[3], n, rule, F.self)
            let bt = try Rule.powers(s[2], rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), ϵ = F(h.eps)
            let c1 = 1 - β1, c2 = 1 - β2, d1 = 1 - bt.0, d2 = 1 - bt.1
            for i in 0..<n {
                let d = dx[i]
                let mi = β1 * m[i] + c1 * d, vi = β2 * v[i] + c2 * (d * d)
                m[i] = mi; v[i] = vi
                let prev = term[i]
                let ti = η * mi / d1 / ((vi / d2).squareRoot() + ϵ)
                term[i] = ti
                o[i] = 2 * ti - prev
            }
            return (.tuple([s[0], s[1], Rule.nextPowers(bt, (β1, β2)), s[3]]), out)
        }
    }
}
