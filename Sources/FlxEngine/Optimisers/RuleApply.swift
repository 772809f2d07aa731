/// `Optimisers.init`, `Optimisers.apply!` and the in-place `x .-= Δ` step, for one
/// parameter array. Arithmetic follows Optimisers.jl's source expression by expression,
/// in the parameter's element type T (hyper-parameters converted with `T(·)` first).
extension Rule {
    /// `Optimisers.init(rule, x)`.
    public static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
        guard x.dtype.isFloat else {
            throw EngineError.argument("optimisers update floating-point arrays, got \(array: x.shape, x.dtype)")
        }
        return try rule.typed.initShown(for: x)
    }

    /// `Optimisers.apply!(rule, state, x, g) -> (state′, Δ)`. A nil Δ means "no update this
    /// step" (AccumGrad still accumulating). State tensors are updated in place; Δ never
    /// aliases `g` (it may be a state tensor, as in Julia).
    public static func apply(_ rule: Rule, state: OptState, x: Tensor, g: Tensor) throws -> (OptState, Tensor?) {
        let dx = try checked(x, g)
        return try step(rule, state, x, dx, owned: dx !== g)
    }

    /// `apply!` then `x .-= Δ`, in place. Rules with a fused loop (Descent, Momentum, Nesterov,
    /// RMSProp, Adam, AdamW) run it over x, g and the state buffers in one pass.
    /// (Allocates Adam's two small state tuples per call, since the caller still holds the old
    /// state; the `inout` form below does not.)
    public static func update(_ rule: Rule, state: OptState, x: Tensor, g: Tensor) throws -> OptState {
        var s = state
        try update(rule, state: &s, x: x, g: g)
        return s
    }

    /// The same step, replacing `state` in place. When the caller holds the only reference to
    /// the state (a Leaf's field), Adam's tuples are rewritten without allocating: this is the
    /// training hot path.
    public static func update(_ rule: Rule, state: inout OptState, x: Tensor, g: Tensor) throws {
        let dx = try checked(x, g)
        try rule.typed.updateShown(&state, x, dx, owned: dx !== g)
    }

    /// `apply!` with x and g already of one float type and size (`checked`). Chains call this
    /// for their members.
    static func step(_ rule: Rule, _ state: OptState, _ x: Tensor, _ g: Tensor, owned: Bool) throws -> (OptState, Tensor?) {
        try rule.typed.applyShown(state, x, g, owned: owned)
    }

    @inline(__always)
    static func checked(_ x: Tensor, _ g: Tensor) throws -> Tensor {
        guard x.dtype.isFloat else { throw EngineError.argument("cannot update a \(array: x.shape, x.dtype): parameters must be floating-point arrays") }
        guard g.count == x.count, g.shape == x.shape else {
            throw EngineError.dimensionMismatch("gradient of size \(g.shape) does not match parameter of size \(x.shape)")
        }
        return g.dtype == x.dtype ? g : try g.converted(to: x.dtype)
    }

    @inline(__always)
    static func subtract<F: FloatElement>(_ x: Tensor, _ d: Tensor, _: F.Type) {
        let xp = x.ptr(F.self), dp = d.ptr(F.self)
        for i in 0..<x.count { xp[i] = xp[i] - dp[i] }
    }
}
