/// Adapts a `TypedRule` to `RuleDefinition`, so the shared code (`Rule.initState`, `apply`,
/// `update`, chains) runs a typed rule unchanged: the typed value is rebuilt from the `Rule`'s
/// fields and the state converted from and to `OptState` at each call (for the states moved so
/// far that is a wrap of the same tensors, no copy). `RuleKind(TypedRuleBridge<R>.self)` is
/// the kind of a typed rule.
enum TypedRuleBridge<R: TypedRule>: RuleDefinition {
    static var spec: RuleSpec { RuleSpec(name: R.name, style: R.style, display: R.display, fields: R.fields.map(\.spec)) }

    static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
        R.shown(try R.typed(rule).initState(for: x))
    }

    static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ x: Tensor, _ g: Tensor, owned: Bool,
                                       _: F.Type) throws -> (OptState, Tensor?) {
        guard var s = R.state(state) else { throw R.stateMismatch }
        let d = try R.typed(rule).apply(&s, x, g, owned: owned, F.self)
        return (R.shown(s), d)
    }

    static func fusedUpdate<F: FloatElement & SIMDScalar>(_ rule: Rule, _ state: inout OptState, _ x: Tensor, _ g: Tensor,
                                                          _: F.Type) throws -> Bool {
        guard var s = R.state(state) else { throw R.stateMismatch }
        guard try R.typed(rule).fusedUpdate(&s, x, g, F.self) else { return false }
        state = R.shown(s)
        return true
    }
}
