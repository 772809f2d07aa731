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
