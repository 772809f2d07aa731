extension Rules {
    /// Flux 0.13's `InvDecay(γ = 0.001)`: per-array counter k (from 1): Δ = g/(1 + γk), k += 1.
    /// State: k. Arithmetic in Float64, rounded to T.
    struct InvDecay: TypedRule {
        /// The update count k.
        typealias State = Int
        var gamma: RuleNumber = .float64(0.001)

        static let style = RuleStyle.legacy
        static let display = RuleDisplay.positional(typeParameters: 0, stateDictionary: .steps)
        static let fields: [TypedRuleField<InvDecay>] = [.number("gamma", \.gamma, .float64)]

        static func shown(_ state: Int) -> OptState { .int(state) }
        static func state(_ shown: OptState) -> Int? { if case .int(let k) = shown { return k } else { return nil } }

        func initState(for x: Tensor) throws -> Int { 1 }

        func apply<F: FloatElement>(_ k: inout Int, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let dx = g.ptr(F.self), c = 1 / (1 + gamma.double * Double(k))
            k += 1
            return try Rule.delta(g, owned: owned) { i in F(Double(dx[i]) * c) }
        }
    }
}

extension RuleKind { public static let invDecay = RuleKind(Rules.InvDecay.self) }
