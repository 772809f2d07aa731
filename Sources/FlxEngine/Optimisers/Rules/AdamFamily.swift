/// The Adam family's shared shape. Its members with Adam's fields (`eta`, `beta`, `epsilon`)
/// declare only the three properties with their defaults; those whose state is exactly
/// `(m, v, βt)` and whose Δ for an element depends on that element alone (Adam, NAdam, AdaMax,
/// AdaBelief) also share `init` and the `apply!` loop, and give only `delta`.
protocol AdamFamilyRule: TypedRule {
    var eta: RuleNumber { get set }
    var beta: RulePair { get set }
    var epsilon: RuleNumber { get set }
}

extension AdamFamilyRule {
    static var fields: [TypedRuleField<Self>] { [.number("eta", \.eta), .pair("beta", \.beta), .number("epsilon", \.epsilon)] }

    /// The step's constants and moment buffers in F for `state` on an array of n elements.
    @inline(__always)
    func moments<F: FloatElement>(_ state: AdamState, n: Int, _: F.Type) throws -> AdamMoments<F> {
        try AdamMoments(state, n: n, η: eta.value(F.self), β: beta.values(F.self), ϵ: epsilon.value(F.self), of: Self.self)
    }
}

/// The members whose `apply!` is one elementwise pass over `(m, v, βt)`.
protocol ElementwiseAdamRule: AdamFamilyRule where State == AdamState {
    /// Updates one element's moments m and v from its gradient g and returns its Δ.
    func delta<F: FloatElement>(_ k: AdamMoments<F>, _ m: inout F, _ v: inout F, _ g: F) -> F
}

extension ElementwiseAdamRule {
    func initState(for x: Tensor) throws -> AdamState { try AdamState(zerosLike: x, beta: beta.doubles) }

    func apply<F: FloatElement>(_ state: inout AdamState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
        let n = xt.count, dx = g.ptr(F.self)
        let k = try moments(state, n: n, F.self), m = k.m, v = k.v
        let out = try Rule.delta(g, owned: owned) { i in delta(k, &m[i], &v[i], dx[i]) }
        k.advance(&state)
        return out
    }
}
