extension Rules {
    /// `OAdam(η = 0.001, β = (0.5, 0.9), ϵ = 1e-8)`, optimistic Adam: term′ = η·m̂/(√v̂ + ϵ)
    /// (the Adam step); Δ = 2·term′ − term. State: `(m = 0, v = 0, βt = β, term = 0)`.
    enum OAdam: RuleDefinition {
        static let spec = RuleSpec(name: "OAdam", style: .def, fields: [
            param("eta", .f64(0.001)), param("beta", .pair(.f64(0.5), .f64(0.9)), .floatPair), param("epsilon", .f64(1e-8))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            try AdamMoments<Double>.initial(rule, x, extra: [try Rule.zeroState(x)])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self)
            let k = try AdamMoments<F>(rule, state, count: 4, n: n), m = k.m, v = k.v
            let term = try Rule.buffer(k.rest[k.rest.startIndex], n, rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            for i in 0..<n {
                let d = dx[i]
                let mi = k.first(m[i], d), vi = k.second(v[i], d)
                m[i] = mi; v[i] = vi
                let prev = term[i]
                let ti = k.η * mi / k.d1 / ((vi / k.d2).squareRoot() + k.ϵ)
                term[i] = ti
                o[i] = 2 * ti - prev
            }
            return (k.nextState(), out)
        }
    }
}

extension RuleKind {
    public static let oadam = RuleKind(Rules.OAdam.self)
}
