extension Rules {
    /// Flux 0.13's `InvDecay(γ = 0.001)`: per-array counter k (from 1): Δ = g/(1 + γk), k += 1.
    /// State: k. Arithmetic in Float64, rounded to T.
    struct InvDecay: TypedRule {
        /// The update count k.
        typealias State = Int
        var gamma: RuleNumber = .float64(0.001)

        static let name = "InvDecay"
        static let style = RuleStyle.legacy
        static let display = RuleDisplay.positional(typeParameters: 0, stateDictionary: .steps)
        static let fields: [TypedRuleField<InvDecay>] = [.number("gamma", \.gamma, .float64)]

        static func shown(_ state: Int) -> OptState { .int(state) }
        static func state(_ shown: OptState) -> Int? { if case .int(let k) = shown { return k } else { return nil } }

        func initState(for x: Tensor) throws -> Int { 1 }

        func apply<F: FloatElement>(_ k: inout Int, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let c = 1 / (1 + gamma.double * Double(k))
            for i in 0..<n { o[i] = F(Double(dx[i]) * c) }
            k += 1
            return out
        }
    }
}

extension RuleKind {
    public static let invDecay = RuleKind(Rules.InvDecay.self)
}
