extension Rules {
    /// `WeightDecay(λ = 5e-4)`, L2 decay: Δ = g + λx (put it first in a chain). State: `nothing`.
    enum WeightDecay: RuleDefinition {
        static let spec = RuleSpec(name: "WeightDecay", style: .def, fields: [param("lambda", .f64(5e-4))])

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { .nothing }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let λ = F(rule.hyper.lambda)
            for i in 0..<n { o[i] = dx[i] + λ * x[i] }
            return (state, out)
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
