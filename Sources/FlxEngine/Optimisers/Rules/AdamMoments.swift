/// The step the Adam family (Adam, AdamW, NAdam, RAdam, OAdam, AdaBelief, AdaMax, AMSGrad)
/// shares: the state `(m, v, βt, extra...)` and the moment updates
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², with the bias-correction denominators 1−βᵗ.
/// Each rule's loop calls `first` / `second` per element and writes its own Δ; the
/// expressions are the ones the rules had, so the results stay bit-identical.
struct AdamMoments<F: FloatElement> {
    let η: F, β1: F, β2: F, ϵ: F
    /// 1 − β₁, 1 − β₂.
    let c1: F, c2: F
    /// βt as stored and 1 − βt (the bias corrections).
    let bt: (F, F), d1: F, d2: F
    let m: UnsafeMutablePointer<F>, v: UnsafeMutablePointer<F>
    /// The state's members after m, v and βt (RAdam's t, OAdam's previous term).
    let rest: ArraySlice<OptState>
    private let head: [OptState]

    /// Reads the state `(m, v, βt, rest...)` of `count` members for an array of n elements.
    init(_ rule: Rule, _ state: OptState, count: Int, n: Int) throws {
        guard case .tuple(let s) = state, s.count == count, count >= 3 else { throw Rule.stateError(rule) }
        let h = rule.hyper
        m = try Rule.buffer(s[0], n, rule, F.self)
        v = try Rule.buffer(s[1], n, rule, F.self)
        bt = try Rule.powers(s[2], rule, F.self)
        η = F(h.eta); β1 = F(h.b1); β2 = F(h.b2); ϵ = F(h.eps)
        c1 = 1 - β1; c2 = 1 - β2; d1 = 1 - bt.0; d2 = 1 - bt.1
        head = [s[0], s[1]]
        rest = s[3...]
    }

    @inline(__always) func first(_ m: F, _ g: F) -> F { MomentStep.first(m, g, β1, c1) }
    @inline(__always) func second(_ v: F, _ g: F) -> F { MomentStep.second(v, g, β2, c2) }

    /// The next state: the same m and v buffers, βt .* β, then `rest` (replaced members given).
    func nextState(_ rest: [OptState]? = nil) -> OptState {
        .tuple(head + [Rule.nextPowers(bt, (β1, β2))] + (rest ?? Array(self.rest)))
    }

    /// The initial state `(m = 0, v = 0, βt = β, extra...)`.
    static func initial(_ rule: Rule, _ x: Tensor, extra: [OptState] = []) throws -> OptState {
        .tuple([try Rule.zeroState(x), try Rule.zeroState(x), Rule.betaState(rule, x)] + extra)
    }
}

/// The two moment updates on their own, for AMSGrad, whose state has no βt.
enum MomentStep {
    /// m ← β₁m + (1−β₁)g.
    @inline(__always) static func first<F: FloatElement>(_ m: F, _ g: F, _ β1: F, _ c1: F) -> F { β1 * m + c1 * g }
    /// v ← β₂v + (1−β₂)g².
    @inline(__always) static func second<F: FloatElement>(_ v: F, _ g: F, _ β2: F, _ c2: F) -> F { β2 * v + c2 * (g * g) }
}
