import CBLAS

/// `LinearAlgebra.norm(x, p)` as Julia computes it for a dense float array: below 32
/// elements the generic loops (sums accumulated in Float64, rescaling when squares would
/// overflow), from 32 on OpenBLAS `nrm2` / `asum`.
enum RuleNorm {
    static func norm<F: FloatElement>(_ x: UnsafeMutablePointer<F>, _ n: Int, p: Double, pIsFloat32: Bool, _: F.Type) -> F {
        if n == 0 { return 0 }
        if p == 2 { return norm2(x, n) }
        if p == 1 {
            if n >= 32 { return blasAsum(x, n) }
            var s = 0.0
            for i in 0..<n { s += Double(abs(x[i])) }
            return F(s)
        }
        if p == .infinity { return maxAbs(x, n) }
        if p == 0 {
            var c = 0
            for i in 0..<n where x[i] != 0 { c += 1 }
            return F(c)
        }
        if p == -.infinity { return minAbs(x, n) }
        // generic_normp; the exponent is promote_type(Float64, T) = Float64.
        var scale: F = 1
        if p > 1 || p < -1 {
            let m = p > 1 ? maxAbs(x, n) : minAbs(x, n)
            if m == 0 || m.isInfinite { return m }
            let mp = pow(Double(m), p)
            if !(Double(n) * mp).isFinite || mp == 0 { scale = m }
        }
        var s = 0.0
        for i in 0..<n { s += pow(Double(abs(x[i])) / Double(scale), p) }
        return F(Double(scale) * pow(s, 1 / p))
    }

    static func norm2<F: FloatElement>(_ x: UnsafeMutablePointer<F>, _ n: Int) -> F {
        if n >= 32 {
            if F.self == Float.self {
                return F(cblas_snrm2(Int32(n), UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), 1))
            }
            return F(cblas_dnrm2(Int32(n), UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), 1))
        }
        let m = maxAbs(x, n)
        if m == 0 || m.isInfinite { return m }
        var s = 0.0
        if (F(n) * m * m).isFinite && m * m != 0 {
            for i in 0..<n { s += Double(x[i] * x[i]) }
            return F(s.squareRoot())
        }
        for i in 0..<n { let r = Double(abs(x[i]) / m); s += r * r }
        return F(Double(m) * s.squareRoot())
    }

    static func blasAsum<F: FloatElement>(_ x: UnsafeMutablePointer<F>, _ n: Int) -> F {
        if F.self == Float.self {
            return F(cblas_sasum(Int32(n), UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), 1))
        }
        return F(cblas_dasum(Int32(n), UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), 1))
    }

    static func maxAbs<F: FloatElement>(_ x: UnsafeMutablePointer<F>, _ n: Int) -> F {
        var m = abs(x[0])
        for i in 1..<max(n, 1) { m = jmax(m, abs(x[i])) }
        return m
    }

    static func minAbs<F: FloatElement>(_ x: UnsafeMutablePointer<F>, _ n: Int) -> F {
        var m = abs(x[0])
        for i in 1..<max(n, 1) { m = jmin(m, abs(x[i])) }
        return m
    }

    private static func pow(_ a: Double, _ b: Double) -> Double { Double.m_pow(a, b) }
}

/// Flux 0.13's `Flux.Optimise` rules whose behaviour differs from Optimisers.jl. They keep
/// Float64 hyper-parameters and mix them into Float32 arrays the way Julia's broadcasting
/// promotes: the arithmetic runs in Float64 and each stored element is rounded back to T.
extension Rule {
    static func legacyStep<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                            _: F.Type) throws -> (OptState, Tensor?) {
        let n = xt.count, x = xt.ptr(F.self), dx = g.ptr(F.self), h = rule.hyper
        let out = try output(g, owned: owned, F.self), o = out.ptr(F.self)
        switch rule.kind {
        case .expDecay:
            guard let box = rule.shared else { throw stateError(rule) }
            guard h.n != 0 else { throw EngineError.divide }
            let id = ObjectIdentifier(xt)
            let k = (box.counters[id]?.1 ?? 0) + 1
            box.counters[id] = (xt, k)
            var η = box.eta
            if k > h.start && k % h.n == 0
                && box.counters.values.reduce(0, { $0 + ($1.1 > h.start && $1.1 % h.n == 0 ? 1 : 0) }) == 1 {
                η = Swift.max(η * h.rho, h.delta)
                box.eta = η
            }
            for i in 0..<n { o[i] = F(Double(dx[i]) * η) }
            return (.int(k), out)

        case .invDecay:
            guard case .int(let k) = state else { throw stateError(rule) }
            let c = 1 / (1 + h.rho * Double(k))
            for i in 0..<n { o[i] = F(Double(dx[i]) * c) }
            return (.int(k + 1), out)

        case .clipValue:
            guard let t = rule.field("thresh")?.number else { throw stateError(rule) }
            for i in 0..<n { o[i] = F(jclamp(Double(dx[i]), -t, t)) }
            return (state, out)

        case .legacyClipNorm:
            guard let tv = rule.field("thresh"), let t = tv.number else { throw stateError(rule) }
            let nrm = RuleNorm.norm2(dx, n)
            let wide = tv.isFloat64 || F.self == Double.self
            if Double(nrm) > t {
                if wide {
                    let s = t / Double(nrm)
                    for i in 0..<n { o[i] = F(Double(dx[i]) * s) }
                } else {
                    let s = F(t) / nrm
                    for i in 0..<n { o[i] = dx[i] * s }
                }
            } else if o != dx {
                for i in 0..<n { o[i] = dx[i] }
            }
            return (state, out)

        case .legacyWeightDecay:
            guard let wd = rule.field("wd") else { throw stateError(rule) }
            addDecay(o, dx, x, n, wd, F.self)
            return (state, out)

        case .legacyAdamW:
            guard case .tuple(let outer) = state, outer.count == 2, case .tuple(let s) = outer[0], s.count == 3,
                  case .tuple(let bp) = s[2], bp.count == 2, case .real(let p1, _) = bp[0], case .real(let p2, _) = bp[1] else {
                throw stateError(rule)
            }
            let m = try buffer(s[0], n, rule, F.self), v = try buffer(s[1], n, rule, F.self)
            let η = h.eta, β1 = h.b1, β2 = h.b2, ϵ = h.eps
            for i in 0..<n {
                let d = Double(dx[i])
                let mi = F(β1 * Double(m[i]) + (1 - β1) * d)
                let vi = F(β2 * Double(v[i]) + (1 - β2) * d * d)
                m[i] = mi; v[i] = vi
                o[i] = F(Double(mi) / (1 - p1) / ((Double(vi) / (1 - p2)).squareRoot() + ϵ) * η)
            }
            addDecay(o, o, x, n, rule.field("decay") ?? .int(0), F.self)
            let adam = OptState.tuple([s[0], s[1], .tuple([.real(p1 * β1, float32: false), .real(p2 * β2, float32: false)])])
            return (.tuple([adam, .nothing]), out)

        default:
            throw stateError(rule)
        }
    }

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
