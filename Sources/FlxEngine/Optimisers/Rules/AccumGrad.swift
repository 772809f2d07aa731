extension Rules {
    /// `AccumGrad(n::Int)` (n > 0): acc ← (counter == 1 ? g/n : acc + g/n); when counter == n,
    /// Δ = acc and the counter resets to 1; otherwise Δ = `nothing` (no update) and counter + 1.
    /// State: `(acc = 0, counter = 1)`. Use as `OptimiserChain(AccumGrad(n), rule)`.
    struct AccumGrad: TypedRule {
        struct State {
            let acc: Tensor
            /// Which of the n calls this is, from 1.
            var counter: Int
        }

        /// Required: the constructor always sets it.
        var n = 1

        static let style = RuleStyle.accumGrad
        static let display = RuleDisplay.positional(typeParameters: 1)
        static let fields: [TypedRuleField<AccumGrad>] = [.integer("n", \.n, required: true)]

        static func shown(_ state: State) -> OptState { .tuple([.tensor(state.acc), .int(state.counter)]) }
        static func state(_ shown: OptState) -> State? {
            let s = shown.items
            guard s.count == 2, let acc = s[0].tensor, case .int(let counter) = s[1] else { return nil }
            return State(acc: acc, counter: counter)
        }

        func initState(for x: Tensor) throws -> State { State(acc: try Rule.zeros(like: x), counter: 1) }

        func apply<F: FloatElement>(_ state: inout State, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let count = xt.count, dx = g.ptr(F.self)
            let acc = try Self.buffer(state.acc, count, F.self)
            let k = F(n)
            if state.counter == 1 {
                for i in 0..<count { acc[i] = dx[i] / k }
            } else {
                for i in 0..<count { acc[i] = acc[i] + dx[i] / k }
            }
            if state.counter == n {
                state.counter = 1
                return state.acc
            }
            state.counter += 1
            return nil
        }
    }
}

extension RuleKind { public static let accumGrad = RuleKind(Rules.AccumGrad.self) }
