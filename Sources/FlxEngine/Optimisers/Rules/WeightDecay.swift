extension Rules {
    /// `WeightDecay(λ = 5e-4)`, L2 decay: Δ = g + λx (put it first in a chain). State: `nothing`.
    struct WeightDecay: TypedRule {
        typealias State = OptState
        var lambda: RuleNumber = .float64(5e-4)

        static let name = "WeightDecay"
        static let style = RuleStyle.def
        static let display = RuleDisplay.keywords
        static let fields: [TypedRuleField<WeightDecay>] = [.number("lambda", \.lambda)]

        func initState(for x: Tensor) throws -> OptState { .nothing }

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let λ = lambda.value(F.self)
            for i in 0..<n { o[i] = dx[i] + λ * x[i] }
            return out
        }

        /// The strength was called `gamma` until Optimisers 0.3.2 (deprecated alias).
        static func adjustChanges(_ changes: [(String, HyperValue)]) throws -> [(String, HyperValue)] {
            changes.map { $0.0 == "gamma" ? ("lambda", $0.1) : $0 }
        }
    }
}

extension RuleKind {
    public static let weightDecay = RuleKind(Rules.WeightDecay.self)
}
