extension Rules {
    /// Flux 0.13's `WeightDecay(wd = 0)`: Δ = g + wd·x (in Float64 when wd is a Float64).
    /// State: `nothing`.
    struct LegacyWeightDecay: TypedRule {
        var wd = HyperValue.int(0)

        static let name = "WeightDecay"
        static let style = RuleStyle.legacy
        static let display = RuleDisplay.positional(typeParameters: 0)
        static let fields: [TypedRuleField<LegacyWeightDecay>] = [.asGiven("wd", \.wd)]

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            Rule.addDecay(o, dx, x, n, wd, F.self)
            return out
        }
    }
}

extension RuleKind { public static let legacyWeightDecay = RuleKind(Rules.LegacyWeightDecay.self) }
