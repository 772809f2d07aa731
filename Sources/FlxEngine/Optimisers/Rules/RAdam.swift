extension Rules {
    /// `RAdam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`: m, v as Adam; ρ∞ = 2/(1−β₂) − 1,
    /// ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ); if ρₜ > 4, r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)) and
    /// Δ = η·r·m̂/(√v̂ + ϵ), else Δ = η·m̂. State: `(m = 0, v = 0, βt = β, t = 1)`.
    struct RAdam: AdamFamilyRule {
        struct State {
            var moments: AdamState
            /// The step number t, from 1.
            var t: Int
        }

        var eta: RuleNumber = .float64(0.001), beta = RulePair(0.9, 0.999), epsilon: RuleNumber = .float64(1e-8)

        static func shown(_ state: State) -> OptState { .tuple(state.moments.items + [.int(state.t)]) }
        static func state(_ shown: OptState) -> State? {
            guard case let (moments, .int(t))? = AdamState.withExtra(shown) else { return nil }
            return State(moments: moments, t: t)
        }

        func initState(for x: Tensor) throws -> State { State(moments: try AdamState(zerosLike: x, beta: beta.doubles), t: 1) }

        func apply<F: FloatElement>(_ state: inout State, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let k = try moments(state.moments, n: n, F.self), m = k.m, v = k.v
            let η = k.η, ϵ = k.ϵ, d1 = k.d1, d2 = k.d2, bt = k.bt
            let ρinf = 2 / (1 - k.β2) - 1
            let ρ = ρinf - F(2 * state.t) * bt.1 / (1 - bt.1)
            for i in 0..<n {
                let d = dx[i]
                m[i] = k.first(m[i], d)
                v[i] = k.second(v[i], d)
            }
            let out: Tensor
            if ρ > 4 {
                let r = ((ρ - 4) * (ρ - 2) * ρinf / ((ρinf - 4) * (ρinf - 2) * ρ)).squareRoot()
                out = try Rule.delta(g, owned: owned) { i in m[i] / d1 / ((v[i] / d2).squareRoot() + ϵ) * η * r }
            } else {
                out = try Rule.delta(g, owned: owned) { i in m[i] / d1 * η }
            }
            k.advance(&state.moments)
            state.t += 1
            return out
        }
    }
}

extension RuleKind { public static let radam = RuleKind(Rules.RAdam.self) }
