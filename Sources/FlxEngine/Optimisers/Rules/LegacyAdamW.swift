extension Rules {
    /// Flux 0.13's `AdamW(η = 0.001, β = (0.9, 0.999), decay = 0)` =
    /// `Optimiser(Adam(η, β), WeightDecay(decay))`: Δ = adam_step + decay·x (decoupled from η),
    /// Adam with ϵ = 1e-8 computed in Float64 (each stored element rounded to T) and βt kept in
    /// Float64. State: `((m = 0, v = 0, βt = β), nothing)`.
    enum LegacyAdamW: RuleDefinition {
        static let spec = RuleSpec(name: "AdamW", style: .legacy, display: .legacyAdamW, fields: [
            param("eta", .f64(0.001), .float64), param("beta", Rule.betaDefault, .float64Pair), param("decay", .int(0), .keep)])

        static func configure(_ h: inout RuleHyper, _ rule: Rule) { h.lambda = rule.number("decay"); h.eps = 1e-8 }

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            let h = rule.hyper
            let adam = OptState.tuple([try Rule.zeroState(x), try Rule.zeroState(x),
                                       .tuple([.real(h.b1, float32: false), .real(h.b2, float32: false)])])
            return .tuple([adam, .nothing])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self), h = rule.hyper
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            guard case .tuple(let outer) = state, outer.count == 2, case .tuple(let s) = outer[0], s.count == 3,
                  case .tuple(let bp) = s[2], bp.count == 2, case .real(let p1, _) = bp[0], case .real(let p2, _) = bp[1] else {
                throw Rule.stateError(rule)
            }
            let m = try Rule.buffer(s[0], n, rule, F.self), v = try Rule.buffer(s[1], n, rule, F.self)
            let η = h.eta, β1 = h.b1, β2 = h.b2, ϵ = h.eps
            for i in 0..<n {
                let d = Double(dx[i])
                let mi = F(β1 * Double(m[i]) + (1 - β1) * d)
                let vi = F(β2 * Double(v[i]) + (1 - β2) * d * d)
                m[i] = mi; v[i] = vi
                o[i] = F(Double(mi) / (1 - p1) / ((Double(vi) / (1 - p2)).squareRoot() + ϵ) * η)
            }
            Rule.addDecay(o, o, x, n, rule.field("decay") ?? .int(0), F.self)
            let adam = OptState.tuple([s[0], s[1], .tuple([.real(p1 * β1, float32: false), .real(p2 * β2, float32: false)])])
            return (.tuple([adam, .nothing]), out)
        }
    }
}

extension RuleKind {
    public static let legacyAdamW = RuleKind(Rules.LegacyAdamW.self)
}
