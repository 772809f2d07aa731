extension Rules {
    /// `ClipGrad(δ = 10.0)`: Δ = clamp(g, −δ, δ). State: `nothing`.
    struct ClipGrad: TypedRule {
        typealias State = OptState
        var delta: RuleNumber = .float64(10.0)

        static let name = "ClipGrad"
        static let style = RuleStyle.def
        static let display = RuleDisplay.keywords
        static let fields: [TypedRuleField<ClipGrad>] = [.number("delta", \.delta)]

        func initState(for x: Tensor) throws -> OptState { .nothing }

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let n = xt.count, dx = g.ptr(F.self)
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            let δ = delta.value(F.self), lo = -δ
            for i in 0..<n { o[i] = jclamp(dx[i], lo, δ) }
            return out
        }
    }
}

extension RuleKind {
    public static let clipGrad = RuleKind(Rules.ClipGrad.self)
}
