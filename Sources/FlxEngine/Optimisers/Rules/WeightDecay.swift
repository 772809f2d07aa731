extension Rules {
    /// `WeightDecay(λ = 5e-4)`, L2 decay: Δ = g + λx (put it first in a chain). State: `nothing`.
    struct WeightDecay: TypedRule {
        var lambda: RuleNumber = .float64(5e-4)

        static let fields: [TypedRuleField<WeightDecay>] = [.number("lambda", \.lambda)]

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let x = xt.ptr(F.self), dx = g.ptr(F.self), λ = lambda.value(F.self)
            return try Rule.delta(g, owned: owned) { i in dx[i] + λ * x[i] }
        }

        /// The strength was called `gamma` until Optimisers 0.3.2 (deprecated alias).
        static func adjustChanges(_ changes: [(String, HyperValue)]) throws -> [(String, HyperValue)] {
            changes.map { $0.0 == "gamma" ? ("lambda", $0.1) : $0 }
        }
    }
}

extension RuleKind { public static let weightDecay = RuleKind(Rules.WeightDecay.self) }
