extension Rules {
    /// `RMSProp(η = 0.001, ρ = 0.9, ϵ = 1e-8; centred = false)` (`centered` is an alias):
    /// q ← ρq + (1−ρ)g²; if centred, l ← ρl + (1−ρ)g; Δ = ηg / (√(q − l²) + ϵ).
    /// State: `(q, l)` with q = 0 and l = 0 when centred, the literal `false` otherwise.
    struct RMSProp: TypedRule {
        struct State: InPlaceState {
            let q: Tensor
            /// The running mean of g, kept only when centred.
            let l: Tensor?
        }

        var eta: RuleNumber = .float64(0.001), rho: RuleNumber = .float64(0.9), epsilon: RuleNumber = .float64(1e-8)
        var centred = false

        static let style = RuleStyle.rmsprop
        static let display = RuleDisplay.keywordsUnclosed
        static let fields: [TypedRuleField<RMSProp>] = [
            .number("eta", \.eta), .number("rho", \.rho), .number("epsilon", \.epsilon), .flag("centred", \.centred),
        ]

        static func shown(_ state: State) -> OptState { .tuple([.tensor(state.q), state.l.map(OptState.tensor) ?? .bool(false)]) }
        static func state(_ shown: OptState) -> State? {
            let s = shown.items
            guard s.count == 2, let q = s[0].tensor else { return nil }
            return State(q: q, l: s[1].tensor)
        }

        func initState(for x: Tensor) throws -> State { State(q: try Rule.zeros(like: x), l: centred ? try Rule.zeros(like: x) : nil) }

        func apply<F: FloatElement>(_ state: inout State, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let q = try Self.buffer(state.q, n, F.self)
            let η = eta.value(F.self), ρ = rho.value(F.self), ϵ = epsilon.value(F.self), c = 1 - ρ
            let l = try centredMean(state, n, F.self)
            return try Rule.delta(g, owned: owned) { i in
                let d = dx[i]
                let qi = ρ * q[i] + c * (d * d)
                q[i] = qi
                var li: F = 0
                if let l { li = ρ * l[i] + c * d; l[i] = li }
                return d * η / ((qi - li * li).squareRoot() + ϵ)
            }
        }

        func fusedUpdate<F: FloatElement & SIMDScalar>(_ state: inout State, _ xt: Tensor, _ g: Tensor, _: F.Type) throws -> Bool {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let q = try Self.buffer(state.q, n, F.self)
            let η = eta.value(F.self), ρ = rho.value(F.self), ϵ = epsilon.value(F.self), c = 1 - ρ
            if let l = try centredMean(state, n, F.self) {
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

        /// l's buffer when centred (a state without one does not match), nil otherwise.
        private func centredMean<F: FloatElement>(_ state: State, _ n: Int, _: F.Type) throws -> UnsafeMutablePointer<F>? {
            guard centred else { return nil }
            guard let l = state.l else { throw Self.stateMismatch }
            return try Self.buffer(l, n, F.self)
        }

        /// The centred and uncentred variants keep different states.
        static func adjustChanges(_ changes: [(String, HyperValue)]) throws -> [(String, HyperValue)] {
            if changes.contains(where: { $0.0 == "centred" }) { throw RuleError.notAdjustable(rule: "RMSProp", field: "centred") }
            return changes
        }
    }
}

extension RuleKind { public static let rmsprop = RuleKind(Rules.RMSProp.self) }
