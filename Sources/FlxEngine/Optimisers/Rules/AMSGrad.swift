extension Rules {
    /// `AMSGrad(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)`: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
    /// v̂ ← max(v̂, v); Δ = ηm/(√v̂ + ϵ) (no bias correction). State: `(m, v, v̂)`, all fill(ϵ).
    struct AMSGrad: AdamFamilyRule {
        struct State: InPlaceState { let m: Tensor, v: Tensor, vmax: Tensor }

        var eta: RuleNumber = .float64(0.001), beta = RulePair(0.9, 0.999), epsilon: RuleNumber = .float64(1e-8)

        static func shown(_ state: State) -> OptState { .tuple([.tensor(state.m), .tensor(state.v), .tensor(state.vmax)]) }
        static func state(_ shown: OptState) -> State? {
            let s = shown.items
            guard s.count == 3, let m = s[0].tensor, let v = s[1].tensor, let vmax = s[2].tensor else { return nil }
            return State(m: m, v: v, vmax: vmax)
        }

        func initState(for x: Tensor) throws -> State {
            let ϵ = epsilon.double
            return State(m: try Rule.filled(ϵ, like: x), v: try Rule.filled(ϵ, like: x), vmax: try Rule.filled(ϵ, like: x))
        }

        func apply<F: FloatElement>(_ state: inout State, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let m = try Self.buffer(state.m, n, F.self), v = try Self.buffer(state.v, n, F.self)
            let vh = try Self.buffer(state.vmax, n, F.self)
            let η = eta.value(F.self), (β1, β2) = beta.values(F.self), ϵ = epsilon.value(F.self), c1 = 1 - β1, c2 = 1 - β2
            return try Rule.delta(g, owned: owned) { i in
                let d = dx[i]
                let mi = MomentStep.first(m[i], d, β1, c1), vi = MomentStep.second(v[i], d, β2, c2)
                let wi = jmax(vh[i], vi)
                m[i] = mi; v[i] = vi; vh[i] = wi
                return η * mi / (wi.squareRoot() + ϵ)
            }
        }
    }
}

extension RuleKind { public static let amsgrad = RuleKind(Rules.AMSGrad.self) }
