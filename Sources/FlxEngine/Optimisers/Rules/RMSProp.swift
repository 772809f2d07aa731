extension Rules {
    /// `RMSProp(η = 0.001, ρ = 0.9, ϵ = 1e-8; centred = false)` (`centered` is an alias):
    /// q ← ρq + (1−ρ)g²; if centred, l ← ρl + (1−ρ)g; Δ = ηg / (√(q − l²) + ϵ).
    /// State: `(q, l)` with q = 0 and l = 0 when centred, the literal `false` otherwise.
    enum RMSProp: RuleDefinition {
        static let spec = RuleSpec(name: "RMSProp", style: .rmsprop, display: .keywordsUnclosed, fields: [
            param("eta", .f64(0.001)), param("rho", .f64(0.9)), param("epsilon", .f64(1e-8)), param("centred", .bool(false), .bool)])

        static func configure(_ h: inout RuleHyper, _ rule: Rule) { h.flag = rule.field("centred") == .bool(true) }

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            .tuple([try Rule.zeroState(x), rule.hyper.flag ? try Rule.zeroState(x) : .bool(false)])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            guard case .tuple(let s) = state, s.count == 2 else { throw Rule.stateError(rule) }
            let q = try Rule.buffer(s[0], n, rule, F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), ρ = F(h.rho), ϵ = F(h.eps), c = 1 - ρ
            let l: UnsafeMutablePointer<F>? = h.flag ? try Rule.buffer(s[1], n, rule, F.self) : nil
            for i in 0..<n {
                let d = dx[i]
                let qi = ρ * q[i] + c * (d * d)
                q[i] = qi
                var li: F = 0
                if let l { li = ρ * l[i] + c * d; l[i] = li }
                o[i] = d * η / ((qi - li * li).squareRoot() + ϵ)
            }
            return (state, out)
        }

        static func fusedUpdate<F: FloatElement & SIMDScalar>(_ rule: Rule, _ state: inout OptState, _ xt: Tensor, _ g: Tensor,
                                                              _: F.Type) throws -> Bool {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self), h = rule.hyper
            guard case .tuple(let s) = state, s.count == 2 else { throw Rule.stateError(rule) }
            let q = try Rule.buffer(s[0], n, rule, F.self)
            let η = F(h.eta), ρ = F(h.rho), ϵ = F(h.eps), c = 1 - ρ
            if h.flag {
                let l = try Rule.buffer(s[1], n, rule, F.self)
                for i in 0..<n {
                    let d = dx[i]
                    let qi = ρ * q[i] + c * (d * d)
                    let li = ρ * l[i] + c * d
                    q[i] = qi; l[i] = li
                    x[i] = x[i] - d * η / ((qi - li * li).squareRoot() + ϵ)
                }
            } else {
                for i in 0..<n {
                    let d = dx[i]
                    let qi = ρ * q[i] + c * (d * d)
                    q[i] = qi
                    x[i] = x[i] - d * η / (qi.squareRoot() + ϵ)
                }
            }
            return true
        }

        /// The centred and uncentred variants keep different states.
        static func adjustChanges(_ changes: [(String, HyperValue)]) throws -> [(String, HyperValue)] {
            if changes.contains(where: { $0.0 == "centred" }) { throw RuleError.notAdjustable(rule: "RMSProp", field: "centred") }
            return changes
        }
    }
}

extension RuleKind {
    public static let rmsprop = RuleKind(Rules.RMSProp.self)
}
