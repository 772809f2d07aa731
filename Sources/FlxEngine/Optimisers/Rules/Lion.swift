extension Rules {
    /// `Lion(η = 0.001, β = (0.9, 0.999))`, as Optimisers.jl's source has it:
    /// m ← β₂g + (1−β₂)m; Δ = η·sign((β₂−β₁)g + β₁m). State: m = 0.
    enum Lion: RuleDefinition {
        static let spec = RuleSpec(name: "Lion", style: .def, fields: [
            param("eta", .f64(0.001)), param("beta", Rule.betaDefault, .floatPair)])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { try Rule.zeroState(x) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            let m = try Rule.buffer(state, n, rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), c2 = 1 - β2, k = β2 - β1
            for i in 0..<n {
                let d = dx[i]
                let mi = β2 * d + c2 * m[i]
                m[i] = mi
                o[i] = η * jsign(k * d + β1 * mi)
            }
            return (state, out)
        }
    }
}

extension RuleKind {
    public static let lion = RuleKind(Rules.Lion.self)
}
