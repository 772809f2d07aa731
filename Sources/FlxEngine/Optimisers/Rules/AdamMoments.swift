/// One step of the Adam family's bookkeeping in element type F: the hyper-parameters converted,
/// the moment buffers, the moment updates m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², and the
/// bias-correction denominators 1−βᵗ. Each rule's loop calls `first` / `second` per element and
/// writes its own Δ; the expressions are the ones the rules had, so results stay bit-identical.
struct AdamMoments<F: FloatElement> {
    let η: F, β1: F, β2: F, ϵ: F
    /// 1 − β₁, 1 − β₂.
    let c1: F, c2: F
    /// βt as stored and 1 − βt (the bias corrections).
    let bt: (F, F), d1: F, d2: F
    /// η/(1 − β₁ᵗ), the bias-corrected rate (AdaMax's step size), divided once per step.
    let correctedRate: F
    let m: UnsafeMutablePointer<F>, v: UnsafeMutablePointer<F>

    /// The step for `state` on an array of n elements; a state of another element type or size
    /// is `rule`'s state mismatch.
    init<R: TypedRule>(_ state: AdamState, n: Int, η: F, β: (F, F), ϵ: F, of rule: R.Type) throws {
        m = try R.buffer(state.m, n, F.self)
        v = try R.buffer(state.v, n, F.self)
        bt = (F(state.βt.0), F(state.βt.1))
        self.η = η; β1 = β.0; β2 = β.1; self.ϵ = ϵ
        c1 = 1 - β1; c2 = 1 - β2; d1 = 1 - bt.0; d2 = 1 - bt.1
        correctedRate = η / d1
    }

    @inline(__always) func first(_ m: F, _ g: F) -> F { MomentStep.first(m, g, β1, c1) }
    @inline(__always) func second(_ v: F, _ g: F) -> F { MomentStep.second(v, g, β2, c2) }

    /// βt ← βt .* β, kept in F.
    func advance(_ state: inout AdamState) { state.βt = (Double(bt.0 * β1), Double(bt.1 * β2)) }
}

/// The two moment updates on their own, for AMSGrad, whose state has no βt.
enum MomentStep {
    /// m ← β₁m + (1−β₁)g.
    @inline(__always) static func first<F: FloatElement>(_ m: F, _ g: F, _ β1: F, _ c1: F) -> F { β1 * m + c1 * g }
    /// v ← β₂v + (1−β₂)g².
    @inline(__always) static func second<F: FloatElement>(_ v: F, _ g: F, _ β2: F, _ c2: F) -> F { β2 * v + c2 * (g * g) }
}
