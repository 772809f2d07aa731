extension Rules {
    /// `OAdam(η = 0.001, β = (0.5, 0.9), ϵ = 1e-8)`, optimistic Adam: term′ = η·m̂/(√v̂ + ϵ)
    /// (the Adam step); Δ = 2·term′ − term. State: `(m = 0, v = 0, βt = β, term = 0)`.
    struct OAdam: AdamFamilyRule {
        struct State {
            var moments: AdamState
            /// The previous step's Adam term.
            let term: Tensor
        }

        var eta: RuleNumber = .float64(0.001), beta = RulePair(0.5, 0.9), epsilon: RuleNumber = .float64(1e-8)

        static func shown(_ state: State) -> OptState { .tuple(state.moments.items + [.tensor(state.term)]) }
        static func state(_ shown: OptState) -> State? {
            guard case let (moments, .tensor(term))? = AdamState.withExtra(shown) else { return nil }
            return State(moments: moments, term: term)
        }

        func initState(for x: Tensor) throws -> State {
            State(moments: try AdamState(zerosLike: x, beta: beta.doubles), term: try Rule.zeros(like: x))
        }

        func apply<F: FloatElement>(_ state: inout State, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let k = try moments(state.moments, n: n, F.self), m = k.m, v = k.v
            let term = try Self.buffer(state.term, n, F.self)
            let out = try Rule.delta(g, owned: owned) { i in
                let d = dx[i]
                let mi = k.first(m[i], d), vi = k.second(v[i], d)
                m[i] = mi; v[i] = vi
                let prev = term[i]
                let ti = k.η * mi / k.d1 / ((vi / k.d2).squareRoot() + k.ϵ)
                term[i] = ti
                return 2 * ti - prev
            }
            k.advance(&state.moments)
            return out
        }
    }
}

extension RuleKind { public static let oadam = RuleKind(Rules.OAdam.self) }
