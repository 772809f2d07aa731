extension Rules {
    /// `AccumGrad(n::Int)` (n > 0): acc ← (counter == 1 ? g/n : acc + g/n); when counter == n,
    /// Δ = acc and the counter resets to 1; otherwise Δ = `nothing` (no update) and counter + 1.
    /// State: `(acc = 0, counter = 1)`. Use as `OptimiserChain(AccumGrad(n), rule)`.
    enum AccumGrad: RuleDefinition {
        static let spec = RuleSpec(name: "AccumGrad", style: .accumGrad, display: .positional(typeParameters: 1), fields: [param("n", nil, .integer)])

        static func configure(_ h: inout RuleHyper, _ rule: Rule) { h.n = Int(rule.number("n")) }

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { .tuple([try Rule.zeroState(x), .int(1)]) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            guard case .tuple(let s) = state, s.count == 2, case .tensor(let acct) = s[0], case .int(let counter) = s[1] else {
                throw Rule.stateError(rule)
            }
            let acc = try Rule.buffer(s[0], n, rule, F.self)
            let k = F(h.n)
            if counter == 1 {
                for i in 0..<n { acc[i] = dx[i] / k }
            } else {
                for i in 0..<n { acc[i] = acc[i] + dx[i] / k }
            }
            if counter == h.n { return (.tuple([s[0], .int(1)]), acct) }
            return (.tuple([s[0], .int(counter + 1)]), nil)
        }
    }
}

extension RuleKind {
    public static let accumGrad = RuleKind(Rules.AccumGrad.self)
}
