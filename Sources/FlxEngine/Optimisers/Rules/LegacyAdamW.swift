extension Rules {
    /// Flux 0.13's `AdamW(η = 0.001, β = (0.9, 0.999), decay = 0)` =
    /// `Optimiser(Adam(η, β), WeightDecay(decay))`: Δ = adam_step + decay·x (decoupled from η),
    /// Adam with ϵ = 1e-8 computed in Float64 (each stored element rounded to T) and βt kept in
    /// Float64. State: `((m = 0, v = 0, βt = β), nothing)`.
    struct LegacyAdamW: TypedRule {
        /// The Adam member's state (the WeightDecay member keeps none).
        struct State { var adam: AdamState }

        var eta: RuleNumber = .float64(0.001), beta = RulePair(0.9, 0.999), decay = HyperValue.int(0)

        static let name = "AdamW"
        static let style = RuleStyle.legacy
        static let display = RuleDisplay.legacyAdamW
        static let fields: [TypedRuleField<LegacyAdamW>] = [
            .number("eta", \.eta, .float64), .pair("beta", \.beta, .float64Pair), .asGiven("decay", \.decay),
        ]

        static func shown(_ state: State) -> OptState { .tuple([.tuple(state.adam.items), .nothing]) }
        static func state(_ shown: OptState) -> State? {
            let s = shown.items
            guard s.count == 2, let adam = AdamState(s[0].items[...], keepingβtInFloat64: true) else { return nil }
            return State(adam: adam)
        }

        func initState(for x: Tensor) throws -> State {
            State(adam: try AdamState(zerosLike: x, beta: beta.doubles, keepingβtInFloat64: true))
        }

        func apply<F: FloatElement>(_ state: inout State, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let m = try Self.buffer(state.adam.m, n, F.self), v = try Self.buffer(state.adam.v, n, F.self)
            let η = eta.double, (β1, β2) = beta.doubles, ϵ = 1e-8, (p1, p2) = state.adam.βt
            for i in 0..<n {
                let d = Double(dx[i])
                let mi = F(β1 * Double(m[i]) + (1 - β1) * d)
                let vi = F(β2 * Double(v[i]) + (1 - β2) * d * d)
                m[i] = mi; v[i] = vi
                o[i] = F(Double(mi) / (1 - p1) / ((Double(vi) / (1 - p2)).squareRoot() + ϵ) * η)
            }
            Rule.addDecay(o, o, x, n, decay, F.self)
            state.adam.βt = (p1 * β1, p2 * β2)
            return out
        }
    }
}

extension RuleKind { public static let legacyAdamW = RuleKind(Rules.LegacyAdamW.self) }
