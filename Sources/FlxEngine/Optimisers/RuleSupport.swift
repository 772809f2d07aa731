import CFlxKernels

/// Helpers shared by the rule definitions in `Rules/`: state construction (`init`), state
/// access and Δ allocation for `apply!`, βt handling, Julia's scalar float functions, the
/// Adam-family fused loop and legacy promotion helpers.
/// Arithmetic in the rules runs in the parameter's element type F (Float or Double), with
/// hyper-parameters converted by `F(·)` first, as Optimisers.jl's `ofeltype(x, ·)` does.
extension Rule {
    // MARK: - init

    /// A zero array shaped like x.
    static func zeroState(_ x: Tensor) throws -> OptState { .tensor(try Tensor.zeros(x.dtype, x.shape)) }

    /// `onevalue(λ, x)`-filled array: λ converted to eltype(x).
    static func filledState(_ v: Double, _ x: Tensor) throws -> OptState {
        .tensor(try Tensor.filled(value: x.dtype == .float32 ? Double(Float(v)) : v, dtype: x.dtype, shape: x.shape))
    }

    /// The initial `βt = T.(β)`, a pair of scalars in x's element type.
    static func betaState(_ rule: Rule, _ x: Tensor) -> OptState {
        let h = rule.hyper
        return x.dtype == .float32
            ? .tuple([.real(Double(Float(h.b1)), float32: true), .real(Double(Float(h.b2)), float32: true)])
            : .tuple([.real(h.b1, float32: false), .real(h.b2, float32: false)])
    }

    // MARK: - apply!

    static func stateError(_ rule: Rule) -> EngineError {
        .argument("optimiser state does not match the rule \(rule.name) and this array")
    }

    /// A state tensor of the right element type and size, as a raw pointer.
    @inline(__always)
    static func buffer<F: FloatElement>(_ s: OptState, _ n: Int, _ rule: Rule, _: F.Type) throws -> UnsafeMutablePointer<F> {
        guard case .tensor(let t) = s, t.dtype == F.dtype, t.count == n else { throw stateError(rule) }
        return t.ptr(F.self)
    }

    /// `βt` as stored (a pair of T values).
    @inline(__always)
    static func powers<F: FloatElement>(_ s: OptState, _ rule: Rule, _: F.Type) throws -> (F, F) {
        guard case .tuple(let p) = s, p.count == 2, case .real(let a, _) = p[0], case .real(let b, _) = p[1] else { throw stateError(rule) }
        return (F(a), F(b))
    }

    /// `βt .* β`, kept in T.
    @inline(__always)
    static func nextPowers<F: FloatElement>(_ bt: (F, F), _ b: (F, F)) -> OptState {
        let f32 = F.self == Float.self
        return .tuple([.real(Double(bt.0 * b.0), float32: f32), .real(Double(bt.1 * b.1), float32: f32)])
    }

    /// The Δ array: the gradient itself when the caller owns it (a converted copy or a previous
    /// chain member's fresh Δ), else a new array. Δ never aliases the caller's `g`.
    @inline(__always)
    static func output<F: FloatElement>(_ dx: Tensor, owned: Bool, _: F.Type) throws -> Tensor {
        owned ? dx : try Tensor(uninitialized: dx.dtype, dx.shape)
    }

    /// Whether `t` is one of the tensors held in `state` (so a later rule must not write into it).
    static func isStateTensor(_ t: Tensor, _ state: OptState) -> Bool {
        switch state {
        case .tensor(let u): return u === t
        case .tuple(let xs): return xs.contains { isStateTensor(t, $0) }
        default: return false
        }
    }

    // MARK: - Adam-family fused loop

    /// Adam / AdamW in place: m, v, x updated in one pass by the C kernel (built for AVX2
    /// too: the loop is bound by division and square root, which run twice as wide there).
    /// Same IEEE operations in the same order as `apply!` followed by `x .-= Δ`, so the
    /// results are bit-identical to it.
    /// mode 0: Adam; 1: AdamW coupled `η(a + λx)`; 2: AdamW decoupled `ηa + λx`.
    @inline(__always)
    static func adamLoop<F: FloatElement>(_ n: Int, _ x: UnsafeMutablePointer<F>, _ dx: UnsafeMutablePointer<F>,
                                          _ m: UnsafeMutablePointer<F>, _ v: UnsafeMutablePointer<F>, mode: Int,
                                          η: F, β1: F, β2: F, ϵ: F, λ: F, d1: F, d2: F) {
        func p<T>(_ q: UnsafeMutablePointer<F>, _: T.Type) -> UnsafeMutablePointer<T> {
            UnsafeMutableRawPointer(q).assumingMemoryBound(to: T.self)
        }
        if F.self == Float.self {
            flx_adam_f32(n, p(x, Float.self), p(dx, Float.self), p(m, Float.self), p(v, Float.self), Int32(mode),
                         Float(η), Float(β1), Float(β2), Float(ϵ), Float(λ), Float(d1), Float(d2))
        } else {
            flx_adam_f64(n, p(x, Double.self), p(dx, Double.self), p(m, Double.self), p(v, Double.self), Int32(mode),
                         Double(η), Double(β1), Double(β2), Double(ϵ), Double(λ), Double(d1), Double(d2))
        }
    }

    /// The fused Adam / AdamW step on state `(m, v, βt)`: checks the state, runs `adamLoop` in
    /// the given mode (a literal at each call site, so the branch folds away), and advances βt.
    /// Dropping the other references to the βt tuples before rewriting them lets them be
    /// updated in place when the caller holds the only copy of the state (no allocation).
    @inline(__always)
    static func fusedAdamStep<F: FloatElement & SIMDScalar>(_ rule: Rule, _ state: inout OptState, _ xt: Tensor, _ g: Tensor,
                                                           mode: Int, _: F.Type) throws {
        let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self), h = rule.hyper
        guard case .tuple(var items) = state, items.count == 3, case .tuple(var p) = items[2], p.count == 2,
              case .real(let a, _) = p[0], case .real(let b, _) = p[1] else { throw stateError(rule) }
        let m = try buffer(items[0], n, rule, F.self), v = try buffer(items[1], n, rule, F.self)
        // From here on nothing throws.
        state = .nothing
        items[2] = .nothing
        let bt = (F(a), F(b))
        let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), ϵ = F(h.eps)
        let λ = F(h.lambda), d1 = 1 - bt.0, d2 = 1 - bt.1
        adamLoop(n, x, dx, m, v, mode: mode, η: η, β1: β1, β2: β2, ϵ: ϵ, λ: λ, d1: d1, d2: d2)
        let f32 = F.self == Float.self
        p[0] = .real(Double(bt.0 * β1), float32: f32)
        p[1] = .real(Double(bt.1 * β2), float32: f32)
        items[2] = .tuple(p)
        state = .tuple(items)
    }

    // MARK: - Legacy (Flux 0.13) promotion

    /// `Δ .+= wd .* x`, in Float64 when wd is a Float64 (promotion), else in T.
    static func addDecay<F: FloatElement>(_ o: UnsafeMutablePointer<F>, _ d: UnsafeMutablePointer<F>, _ x: UnsafeMutablePointer<F>,
                                          _ n: Int, _ wd: HyperValue, _: F.Type) {
        let w = wd.number ?? 0
        if wd.isFloat64 && F.self != Double.self {
            for i in 0..<n { o[i] = F(Double(d[i]) + w * Double(x[i])) }
        } else {
            let wf = F(w)
            for i in 0..<n { o[i] = d[i] + wf * x[i] }
        }
    }
}

// MARK: - Julia's scalar functions on floats

/// Julia `sign`: ±1, and 0 / -0 / NaN returned as they are.
@inline(__always) func jsign<F: FloatElement>(_ x: F) -> F { x < 0 ? -1 : x > 0 ? 1 : x }
/// Julia `max` on floats: NaN wins; +0 beats -0.
@inline(__always) func jmax<F: FloatElement>(_ a: F, _ b: F) -> F {
    if a.isNaN || b.isNaN { return a + b }
    if a > b { return a }
    if b > a { return b }
    return a.sign == .minus ? b : a
}
/// Julia `min` on floats: NaN wins; -0 beats +0.
@inline(__always) func jmin<F: FloatElement>(_ a: F, _ b: F) -> F {
    if a.isNaN || b.isNaN { return a + b }
    if a < b { return a }
    if b < a { return b }
    return a.sign == .minus ? a : b
}
/// Julia `clamp(x, lo, hi)`.
@inline(__always) func jclamp<F: FloatElement>(_ x: F, _ lo: F, _ hi: F) -> F { x > hi ? hi : x < lo ? lo : x }
