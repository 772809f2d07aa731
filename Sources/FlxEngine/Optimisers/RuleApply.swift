/// `Optimisers.init`, `Optimisers.apply!` and the in-place `x .-= Δ` step, for one
/// parameter array. Arithmetic follows Optimisers.jl's source expression by expression,
/// in the parameter's element type T (hyper-parameters converted with `T(·)` first).
extension Rule {
    /// `Optimisers.init(rule, x)`.
    public static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
        guard x.dtype.isFloat else {
            throw EngineError.argument("optimisers update floating-point arrays, got \(x.shape.summary(x.dtype))")
        }
        let f32 = x.dtype == .float32
        func zero() throws -> OptState { .tensor(try Tensor.zeros(x.dtype, x.shape)) }
        func fill(_ v: Double) throws -> OptState {
            // `onevalue(λ, x)`: λ converted to eltype(x).
            .tensor(try Tensor.filled(value: f32 ? Double(Float(v)) : v, dtype: x.dtype, shape: x.shape))
        }
        func betaT() -> OptState {
            let h = rule.hyper
            return f32 ? .tuple([.real(Double(Float(h.b1)), float32: true), .real(Double(Float(h.b2)), float32: true)])
                       : .tuple([.real(h.b1, float32: false), .real(h.b2, float32: false)])
        }
        switch rule.kind {
        case .descent, .weightDecay, .signDecay, .clipGrad, .clipNorm: return .nothing
        case .momentum, .nesterov, .lion: return try zero()
        case .rmsprop: return .tuple([try zero(), rule.hyper.flag ? try zero() : .bool(false)])
        case .rprop: return .tuple([try zero(), try fill(rule.hyper.eta)])
        case .adam, .adamax, .nadam, .adamw, .adabelief: return .tuple([try zero(), try zero(), betaT()])
        case .radam: return .tuple([try zero(), try zero(), betaT(), .int(1)])
        case .oadam: return .tuple([try zero(), try zero(), betaT(), try zero()])
        case .adagrad: return try fill(rule.hyper.eps)
        case .adadelta: return .tuple([try zero(), try zero()])
        case .amsgrad: return .tuple([try fill(rule.hyper.eps), try fill(rule.hyper.eps), try fill(rule.hyper.eps)])
        case .accumGrad: return .tuple([try zero(), .int(1)])
        case .optimiserChain, .legacyOptimiser: return .tuple(try rule.children.map { try initState($0, for: x) })
        case .expDecay, .invDecay: return .int(rule.kind == .invDecay ? 1 : 0)
        case .clipValue, .legacyClipNorm, .legacyWeightDecay: return .nothing
        case .legacyAdamW:
            let h = rule.hyper
            return .tuple([.tuple([try zero(), try zero(), .tuple([.real(h.b1, float32: false), .real(h.b2, float32: false)])]), .nothing])
        }
    }

    /// `Optimisers.apply!(rule, state, x, g) -> (state′, Δ)`. A nil Δ means "no update this
    /// step" (AccumGrad still accumulating). State tensors are updated in place; Δ never
    /// aliases `g` (it may be a state tensor, as in Julia).
    public static func apply(_ rule: Rule, state: OptState, x: Tensor, g: Tensor) throws -> (OptState, Tensor?) {
        let dx = try checked(x, g)
        if x.dtype == .float32 {
            return try step(rule, state, x, dx, owned: dx !== g, Float.self)
        }
        return try step(rule, state, x, dx, owned: dx !== g, Double.self)
    }

    /// `apply!` then `x .-= Δ`, in place. Descent, Momentum, Nesterov, RMSProp, Adam and AdamW
    /// run as one fused loop over x, g and the state buffers.
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
        if x.dtype == .float32 {
            if try fused(rule, &state, x, dx, Float.self) { return }
            let (s, d) = try step(rule, state, x, dx, owned: dx !== g, Float.self)
            state = s
            if let d { subtract(x, d, Float.self) }
            return
        }
        if try fused(rule, &state, x, dx, Double.self) { return }
        let (s, d) = try step(rule, state, x, dx, owned: dx !== g, Double.self)
        state = s
        if let d { subtract(x, d, Double.self) }
    }

    @inline(__always)
    static func checked(_ x: Tensor, _ g: Tensor) throws -> Tensor {
        guard x.dtype.isFloat else { throw EngineError.argument("cannot update a \(x.shape.summary(x.dtype)): parameters must be floating-point arrays") }
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

    @inline(__always)
    static func output<F: FloatElement>(_ dx: Tensor, owned: Bool, _: F.Type) throws -> Tensor {
        owned ? dx : try Tensor(uninitialized: dx.dtype, dx.shape)
    }

    // MARK: - Fused update loops (the training hot path)

    /// One fused loop for the hot rules (true), or false for any other rule.
    static func fused<F: FloatElement & SIMDScalar>(_ rule: Rule, _ state: inout OptState, _ xt: Tensor, _ g: Tensor, _: F.Type) throws -> Bool {
        let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self), h = rule.hyper
        switch rule.kind {
        case .descent:
            let η = F(h.eta)
            for i in 0..<n { x[i] = x[i] - dx[i] * η }
            return true
        case .momentum:
            let v = try buffer(state, n, rule, F.self)
            let η = F(h.eta), ρ = F(h.rho)
            for i in 0..<n {
                let vi = ρ * v[i] + η * dx[i]
                v[i] = vi
                x[i] = x[i] - vi
            }
            return true
        case .nesterov:
            let v = try buffer(state, n, rule, F.self)
            let η = F(h.eta), ρ = F(h.rho)
            let a = -(ρ * ρ), c = (1 + ρ) * η
            for i in 0..<n {
                let d = dx[i], vi = v[i]
                x[i] = x[i] - (a * vi + c * d)
                v[i] = ρ * vi - η * d
            }
            return true
        case .rmsprop:
            guard case .tuple(let s) = state, s.count == 2 else { throw stateError(rule) }
            let q = try buffer(s[0], n, rule, F.self)
            let η = F(h.eta), ρ = F(h.rho), ϵ = F(h.eps), c = 1 - ρ
            if h.flag {
                let l = try buffer(s[1], n, rule, F.self)
                for i in 0..<n {
                    let d = dx[i]
                    let qi = ρ * q[i] + c * (d * d)
                    let li = ρ * l[i] + c * d
                    q[i] = qi; l[i] = li
                    x[i] = x[i] - d * η / ((qi - li * li).squareRoot() + ϵ)
                }
            } else {
                for i in 0..<n {
                    let d = dx[i]
                    let qi = ρ * q[i] + c * (d * d)
                    q[i] = qi
                    x[i] = x[i] - d * η / (qi.squareRoot() + ϵ)
                }
            }
            return true
        case .adam, .adamw:
            guard case .tuple(var items) = state, items.count == 3, case .tuple(var p) = items[2], p.count == 2,
                  case .real(let a, _) = p[0], case .real(let b, _) = p[1] else { throw stateError(rule) }
            let m = try buffer(items[0], n, rule, F.self), v = try buffer(items[1], n, rule, F.self)
            // From here on nothing throws. Dropping the other references first lets the βt
            // tuples be rewritten in place when the caller holds the only copy of the state.
            state = .nothing
            items[2] = .nothing
            let bt = (F(a), F(b))
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), ϵ = F(h.eps)
            let λ = F(h.lambda), d1 = 1 - bt.0, d2 = 1 - bt.1
            // Literal modes, so each inlined copy of the loop has its branch folded away.
            if rule.kind == .adam {
                adamLoop(n, x, dx, m, v, mode: 0, η: η, β1: β1, β2: β2, ϵ: ϵ, λ: λ, d1: d1, d2: d2)
            } else if h.flag {
                adamLoop(n, x, dx, m, v, mode: 1, η: η, β1: β1, β2: β2, ϵ: ϵ, λ: λ, d1: d1, d2: d2)
            } else {
                adamLoop(n, x, dx, m, v, mode: 2, η: η, β1: β1, β2: β2, ϵ: ϵ, λ: λ, d1: d1, d2: d2)
            }
            let f32 = F.self == Float.self
            p[0] = .real(Double(bt.0 * β1), float32: f32)
            p[1] = .real(Double(bt.1 * β2), float32: f32)
            items[2] = .tuple(p)
            state = .tuple(items)
            return true
        default:
            return false
        }
    }

    /// Adam / AdamW in place: m, v, x updated in one pass, four lanes at a time. Lane
    /// arithmetic is the same IEEE operations in the same order as the scalar tail, so
    /// results are bit-identical to `apply!` followed by `x .-= Δ`.
    /// mode 0: Adam; 1: AdamW coupled `η(a + λx)`; 2: AdamW decoupled `ηa + λx`.
    @inline(__always)
    static func adamLoop<F: FloatElement & SIMDScalar>(_ n: Int, _ x: UnsafeMutablePointer<F>, _ dx: UnsafeMutablePointer<F>,
                                                      _ m: UnsafeMutablePointer<F>, _ v: UnsafeMutablePointer<F>, mode: Int,
                                                      η: F, β1: F, β2: F, ϵ: F, λ: F, d1: F, d2: F) {
        typealias V = SIMD4<F>
        let c1 = 1 - β1, c2 = 1 - β2
        var i = 0
        while i + 4 <= n {
            let d = UnsafeRawPointer(dx + i).loadUnaligned(as: V.self)
            let xi = UnsafeRawPointer(x + i).loadUnaligned(as: V.self)
            let mi = β1 * UnsafeRawPointer(m + i).loadUnaligned(as: V.self) + c1 * d
            let vi = β2 * UnsafeRawPointer(v + i).loadUnaligned(as: V.self) + c2 * (d * d)
            UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: V.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: V.self)
            let a = mi / d1 / ((vi / d2).squareRoot() + ϵ)
            let step = mode == 0 ? a * η : mode == 1 ? η * (a + λ * xi) : η * a + λ * xi
            UnsafeMutableRawPointer(x + i).storeBytes(of: xi - step, as: V.self)
            i += 4
        }
        while i < n {
            let d = dx[i], xi = x[i]
            let mi = β1 * m[i] + c1 * d
            let vi = β2 * v[i] + c2 * (d * d)
            m[i] = mi; v[i] = vi
            let a = mi / d1 / ((vi / d2).squareRoot() + ϵ)
            x[i] = xi - (mode == 0 ? a * η : mode == 1 ? η * (a + λ * xi) : η * a + λ * xi)
            i += 1
        }
    }

    // MARK: - apply!

    static func step<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                      _: F.Type) throws -> (OptState, Tensor?) {
        let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self), h = rule.hyper
        switch rule.kind {
        case .descent:
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta)
            for i in 0..<n { o[i] = dx[i] * η }
            return (state, out)

        case .momentum:
            guard case .tensor(let vt) = state else { throw stateError(rule) }
            let v = try buffer(state, n, rule, F.self)
            let η = F(h.eta), ρ = F(h.rho)
            for i in 0..<n { v[i] = ρ * v[i] + η * dx[i] }
            return (state, vt)

        case .nesterov:
            let v = try buffer(state, n, rule, F.self)
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), ρ = F(h.rho)
            let a = -(ρ * ρ), c = (1 + ρ) * η
            for i in 0..<n {
                let d = dx[i], vi = v[i]
                o[i] = a * vi + c * d
                v[i] = ρ * vi - η * d
            }
            return (state, out)

        case .rmsprop:
            guard case .tuple(let s) = state, s.count == 2 else { throw stateError(rule) }
            let q = try buffer(s[0], n, rule, F.self)
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), ρ = F(h.rho), ϵ = F(h.eps), c = 1 - ρ
            let l: UnsafeMutablePointer<F>? = h.flag ? try buffer(s[1], n, rule, F.self) : nil
            for i in 0..<n {
                let d = dx[i]
                let qi = ρ * q[i] + c * (d * d)
                q[i] = qi
                var li: F = 0
                if let l { li = ρ * l[i] + c * d; l[i] = li }
                o[i] = d * η / ((qi - li * li).squareRoot() + ϵ)
            }
            return (state, out)

        case .rprop:
            guard case .tuple(let s) = state, s.count == 2 else { throw stateError(rule) }
            let gp = try buffer(s[0], n, rule, F.self), st = try buffer(s[1], n, rule, F.self)
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let ℓ1 = F(h.l1), ℓ2 = F(h.l2), Γ1 = F(h.g1), Γ2 = F(h.g2)
            for i in 0..<n {
                let d = dx[i], p = gp[i] * d
                let e = p > 0 ? jmin(st[i] * ℓ2, Γ2) : p < 0 ? jmax(st[i] * ℓ1, Γ1) : st[i]
                let gn: F = p < 0 ? 0 : d
                st[i] = e; gp[i] = gn
                o[i] = e * jsign(gn)
            }
            return (state, out)

        case .adam, .adamw, .nadam, .adabelief, .adamax:
            guard case .tuple(let s) = state, s.count == 3 else { throw stateError(rule) }
            let m = try buffer(s[0], n, rule, F.self), v = try buffer(s[1], n, rule, F.self)
            let bt = try powers(s[2], rule, F.self)
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), ϵ = F(h.eps)
            let c1 = 1 - β1, c2 = 1 - β2, d1 = 1 - bt.0, d2 = 1 - bt.1
            switch rule.kind {
            case .adam:
                for i in 0..<n {
                    let d = dx[i]
                    let mi = β1 * m[i] + c1 * d, vi = β2 * v[i] + c2 * (d * d)
                    m[i] = mi; v[i] = vi
                    o[i] = mi / d1 / ((vi / d2).squareRoot() + ϵ) * η
                }
            case .adamw:
                let λ = F(h.lambda)
                for i in 0..<n {
                    let d = dx[i]
                    let mi = β1 * m[i] + c1 * d, vi = β2 * v[i] + c2 * (d * d)
                    m[i] = mi; v[i] = vi
                    let a = mi / d1 / ((vi / d2).squareRoot() + ϵ)
                    o[i] = h.flag ? η * (a + λ * x[i]) : η * a + λ * x[i]
                }
            case .nadam:
                let k = 1 - β1 * bt.0
                for i in 0..<n {
                    let d = dx[i]
                    let mi = β1 * m[i] + c1 * d, vi = β2 * v[i] + c2 * (d * d)
                    m[i] = mi; v[i] = vi
                    o[i] = (β1 * mi / k + c1 * d / d1) / ((vi * β2 / d2).squareRoot() + ϵ) * η
                }
            case .adabelief:
                for i in 0..<n {
                    let d = dx[i]
                    let mi = β1 * m[i] + c1 * d
                    let r = d - mi
                    let si = β2 * v[i] + c2 * (r * r) + ϵ
                    m[i] = mi; v[i] = si
                    o[i] = η * mi / d1 / ((si / d2).squareRoot() + ϵ)
                }
            default: // adamax
                let a = η / d1
                for i in 0..<n {
                    let d = dx[i]
                    let mi = β1 * m[i] + c1 * d, ui = jmax(β2 * v[i], abs(d))
                    m[i] = mi; v[i] = ui
                    o[i] = a * mi / (ui + ϵ)
                }
            }
            return (.tuple([s[0], s[1], nextPowers(bt, (β1, β2))]), out)

        case .radam:
            guard case .tuple(let s) = state, s.count == 4, case .int(let t) = s[3] else { throw stateError(rule) }
            let m = try buffer(s[0], n, rule, F.self), v = try buffer(s[1], n, rule, F.self)
            let bt = try powers(s[2], rule, F.self)
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), ϵ = F(h.eps)
            let c1 = 1 - β1, c2 = 1 - β2, d1 = 1 - bt.0, d2 = 1 - bt.1
            let ρinf = 2 / (1 - β2) - 1
            let ρ = ρinf - F(2 * t) * bt.1 / (1 - bt.1)
            for i in 0..<n {
                let d = dx[i]
                m[i] = β1 * m[i] + c1 * d
                v[i] = β2 * v[i] + c2 * (d * d)
            }
            if ρ > 4 {
                let r = ((ρ - 4) * (ρ - 2) * ρinf / ((ρinf - 4) * (ρinf - 2) * ρ)).squareRoot()
                for i in 0..<n { o[i] = m[i] / d1 / ((v[i] / d2).squareRoot() + ϵ) * η * r }
            } else {
                for i in 0..<n { o[i] = m[i] / d1 * η }
            }
            return (.tuple([s[0], s[1], nextPowers(bt, (β1, β2)), .int(t + 1)]), out)

        case .oadam:
            guard case .tuple(let s) = state, s.count == 4 else { throw stateError(rule) }
            let m = try buffer(s[0], n, rule, F.self), v = try buffer(s[1], n, rule, F.self)
            let term = try buffer(s[3], n, rule, F.self)
            let bt = try powers(s[2], rule, F.self)
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), ϵ = F(h.eps)
            let c1 = 1 - β1, c2 = 1 - β2, d1 = 1 - bt.0, d2 = 1 - bt.1
            for i in 0..<n {
                let d = dx[i]
                let mi = β1 * m[i] + c1 * d, vi = β2 * v[i] + c2 * (d * d)
                m[i] = mi; v[i] = vi
                let prev = term[i]
                let ti = η * mi / d1 / ((vi / d2).squareRoot() + ϵ)
                term[i] = ti
                o[i] = 2 * ti - prev
            }
            return (.tuple([s[0], s[1], nextPowers(bt, (β1, β2)), s[3]]), out)

        case .adagrad:
            let acc = try buffer(state, n, rule, F.self)
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), ϵ = F(h.eps)
            for i in 0..<n {
                let d = dx[i]
                let a = acc[i] + d * d
                acc[i] = a
                o[i] = d * η / (a.squareRoot() + ϵ)
            }
            return (state, out)

        case .adadelta:
            guard case .tuple(let s) = state, s.count == 2 else { throw stateError(rule) }
            let acc = try buffer(s[0], n, rule, F.self), dacc = try buffer(s[1], n, rule, F.self)
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let ρ = F(h.rho), ϵ = F(h.eps), c = 1 - ρ
            for i in 0..<n {
                let d = dx[i]
                let a = ρ * acc[i] + c * (d * d)
                acc[i] = a
                let e = d * (dacc[i] + ϵ).squareRoot() / (a + ϵ).squareRoot()
                dacc[i] = ρ * dacc[i] + c * (e * e)
                o[i] = e
            }
            return (state, out)

        case .amsgrad:
            guard case .tuple(let s) = state, s.count == 3 else { throw stateError(rule) }
            let m = try buffer(s[0], n, rule, F.self), v = try buffer(s[1], n, rule, F.self), vh = try buffer(s[2], n, rule, F.self)
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), ϵ = F(h.eps), c1 = 1 - β1, c2 = 1 - β2
            for i in 0..<n {
                let d = dx[i]
                let mi = β1 * m[i] + c1 * d, vi = β2 * v[i] + c2 * (d * d)
                let wi = jmax(vh[i], vi)
                m[i] = mi; v[i] = vi; vh[i] = wi
                o[i] = η * mi / (wi.squareRoot() + ϵ)
            }
            return (state, out)

        case .lion:
            let m = try buffer(state, n, rule, F.self)
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let η = F(h.eta), β1 = F(h.b1), β2 = F(h.b2), c2 = 1 - β2, k = β2 - β1
            for i in 0..<n {
                let d = dx[i]
                let mi = β2 * d + c2 * m[i]
                m[i] = mi
                o[i] = η * jsign(k * d + β1 * mi)
            }
            return (state, out)

        case .weightDecay, .signDecay:
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let λ = F(h.lambda)
            if rule.kind == .weightDecay {
                for i in 0..<n { o[i] = dx[i] + λ * x[i] }
            } else {
                for i in 0..<n { o[i] = dx[i] + λ * jsign(x[i]) }
            }
            return (state, out)

        case .clipGrad:
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            let δ = F(h.delta), lo = -δ
            for i in 0..<n { o[i] = jclamp(dx[i], lo, δ) }
            return (state, out)

        case .clipNorm:
            guard case .real(let pv, let pf32)? = rule.field("p"), case .real(let ω, let ωf32)? = rule.field("omega") else {
                throw stateError(rule)
            }
            let nrm = RuleNorm.norm(dx, n, p: pv, pIsFloat32: pf32, F.self)
            if h.flag && !nrm.isFinite {
                let pText = JuliaNumberText.print(pv, float32: pf32)
                let nText = JuliaNumberText.print(Double(nrm), float32: F.self == Float.self)
                throw EngineError.domain("gradient has \(pText)-norm \(nText), for array \(xt.shape.summary(xt.dtype))")
            }
            // T(min(omega / nrm, 1)), the division in promote_type(typeof(omega), T).
            let λ: F
            if ωf32 && F.self == Float.self {
                λ = F(jmin(Float(ω) / Float(nrm), 1))
            } else {
                λ = F(jmin(ω / Double(nrm), 1))
            }
            let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
            for i in 0..<n { o[i] = dx[i] * λ }
            return (state, out)

        case .accumGrad:
            guard case .tuple(let s) = state, s.count == 2, case .tensor(let acct) = s[0], case .int(let counter) = s[1] else {
                throw stateError(rule)
            }
            let acc = try buffer(s[0], n, rule, F.self)
            let k = F(h.n)
            if counter == 1 {
                for i in 0..<n { acc[i] = dx[i] / k }
            } else {
                for i in 0..<n { acc[i] = acc[i] + dx[i] / k }
            }
            if counter == h.n { return (.tuple([s[0], .int(1)]), acct) }
            return (.tuple([s[0], .int(counter + 1)]), nil)

        case .optimiserChain, .legacyOptimiser:
            guard case .tuple(let s) = state, s.count == rule.children.count else { throw stateError(rule) }
            var states = s
            var d: Tensor? = g
            var own = owned
            for (k, r) in rule.children.enumerated() {
                guard let cur = d else { break }  // a member returned `nothing`: later members skipped
                let (ns, nd) = try step(r, s[k], xt, cur, owned: own, F.self)
                states[k] = ns
                // Δ that is a state buffer (Momentum's v, AccumGrad's acc) must not be overwritten.
                own = nd.map { $0 === cur ? own : !isStateTensor($0, ns) } ?? false
                d = nd
            }
            return (.tuple(states), d)

        case .expDecay, .invDecay, .clipValue, .legacyClipNorm, .legacyWeightDecay, .legacyAdamW:
            return try legacyStep(rule, state, xt, g, owned: owned, F.self)
        }
    }

    /// Whether `t` is one of the tensors held in `state` (so a later rule must not write into it).
    static func isStateTensor(_ t: Tensor, _ state: OptState) -> Bool {
        switch state {
        case .tensor(let u): return u === t
        case .tuple(let xs): return xs.contains { isStateTensor(t, $0) }
        default: return false
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

