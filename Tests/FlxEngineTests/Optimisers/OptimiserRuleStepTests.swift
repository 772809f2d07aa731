import Testing
@testable import FlxEngine

/// Each rule against a scalar reference written from the formula table (flux-api.md §2.2),
/// independently of the implementation: Float64 vectors, 100 steps, both the fused
/// `update` path and the `apply` + subtract path.
@Suite("Optimiser rule steps match the Optimisers.jl formulas")
struct OptimiserRuleStepTests {
    typealias H = OptimiserHarness
    let n = H.x0.count

    /// Runs `ref` (which updates x in place given t and g) for `steps` steps.
    func reference(steps: Int, _ ref: (Int, [Double], inout [Double]) -> Void) -> [Double] {
        var x = H.x0
        for t in 1...steps { ref(t, H.grads(t, n), &x) }
        return x
    }

    func check(_ r: Rule, steps: Int = 100, rel: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation,
               _ ref: (Int, [Double], inout [Double]) -> Void) throws {
        let want = reference(steps: steps, ref)
        let viaUpdate = try H.runUpdate(r, steps: steps)
        let viaApply = try H.runApply(r, steps: steps)
        #expect(H.close(viaUpdate, want, rel: rel), "\(r.name) update: \(viaUpdate) vs reference \(want)", sourceLocation: sourceLocation)
        #expect(H.close(viaApply, want, rel: rel), "\(r.name) apply: \(viaApply) vs reference \(want)", sourceLocation: sourceLocation)
        #expect(viaUpdate != H.x0, "\(r.name) did not move x", sourceLocation: sourceLocation)
    }

    @Test func descentDefaultUsesFloat32PointOneWidened() throws {
        let η = 0.10000000149011612
        try check(H.rule(.descent)) { _, g, x in for i in x.indices { x[i] -= η * g[i] } }
    }

    @Test func descentWithFloat64Eta() throws {
        try check(H.rule(.descent, [.f64(0.3)])) { _, g, x in for i in x.indices { x[i] -= 0.3 * g[i] } }
    }

    @Test func momentumKeepsEtaInsideTheVelocity() throws {
        var v = [Double](repeating: 0, count: n)
        try check(H.rule(.momentum, [.f64(0.05), .f64(0.8)])) { _, g, x in
            for i in x.indices { v[i] = 0.8 * v[i] + 0.05 * g[i]; x[i] -= v[i] }
        }
    }

    @Test func nesterovUsesOldVelocityForTheStep() throws {
        var v = [Double](repeating: 0, count: n)
        let η = 0.05, ρ = 0.85
        try check(H.rule(.nesterov, [.f64(η), .f64(ρ)])) { _, g, x in
            for i in x.indices {
                let d = -ρ * ρ * v[i] + (1 + ρ) * η * g[i]
                v[i] = ρ * v[i] - η * g[i]
                x[i] -= d
            }
        }
    }

    @Test func rmspropPlainAndCentred() throws {
        for centred in [false, true] {
            var q = [Double](repeating: 0, count: n), l = q
            let η = 0.01, ρ = 0.9, ϵ = 1e-8
            try check(H.rule(.rmsprop, [.f64(η)], [("centered", .bool(centred))])) { _, g, x in
                for i in x.indices {
                    q[i] = ρ * q[i] + (1 - ρ) * g[i] * g[i]
                    if centred { l[i] = ρ * l[i] + (1 - ρ) * g[i] }
                    x[i] -= η * g[i] / ((q[i] - l[i] * l[i]).squareRoot() + ϵ)
                }
            }
        }
    }

    @Test func rpropAdaptsStepBySignAgreement() throws {
        var gp = [Double](repeating: 0, count: n), step = [Double](repeating: 0.01, count: n)
        try check(H.rule(.rprop, [.f64(0.01)]), steps: 7) { _, g, x in
            for i in x.indices {
                let s = gp[i] * g[i]
                if s > 0 { step[i] = min(step[i] * 1.2, 50.0) } else if s < 0 { step[i] = max(step[i] * 0.5, 1e-6) }
                gp[i] = s < 0 ? 0 : g[i]
                let sg: Double = gp[i] > 0 ? 1 : gp[i] < 0 ? -1 : 0
                x[i] -= step[i] * sg
            }
        }
    }

    /// The Adam family's moments, shared by several references.
    struct Moments {
        var m: [Double], v: [Double]
        init(_ n: Int) { m = Array(repeating: 0, count: n); v = m }
        mutating func ema(_ i: Int, _ g: Double, _ b1: Double, _ b2: Double) {
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
        }
    }

    @Test func adamBiasCorrectsBothMoments() throws {
        var mv = Moments(n)
        let η = 0.1, b1 = 0.9, b2 = 0.999, ϵ = 1e-8
        try check(H.rule(.adam, [.f64(η)])) { t, g, x in
            for i in x.indices {
                mv.ema(i, g[i], b1, b2)
                let mh = mv.m[i] / (1 - pow(b1, t)), vh = mv.v[i] / (1 - pow(b2, t))
                x[i] -= η * mh / (vh.squareRoot() + ϵ)
            }
        }
    }

    @Test func radamRectifiesOnlyWhenRhoExceedsFour() throws {
        var mv = Moments(n)
        let η = 0.1, b1 = 0.9, b2 = 0.999, ϵ = 1e-8
        let ρinf = 2 / (1 - b2) - 1
        var rectifiedSteps: [Int] = []
        try check(H.rule(.radam, [.f64(η)]), steps: 7, rel: 1e-10) { t, g, x in
            let ρ = ρinf - 2 * Double(t) * pow(b2, t) / (1 - pow(b2, t))
            if ρ > 4, !rectifiedSteps.contains(t) { rectifiedSteps.append(t) }
            for i in x.indices {
                mv.ema(i, g[i], b1, b2)
                let mh = mv.m[i] / (1 - pow(b1, t)), vh = mv.v[i] / (1 - pow(b2, t))
                if ρ > 4 {
                    let r = ((ρ - 4) * (ρ - 2) * ρinf / ((ρinf - 4) * (ρinf - 2) * ρ)).squareRoot()
                    x[i] -= η * r * mh / (vh.squareRoot() + ϵ)
                } else {
                    x[i] -= η * mh
                }
            }
        }
        // Threshold 4 (not torch's 5): the first rectified step is t = 5 (ρ ≈ 4.996).
        #expect(rectifiedSteps.first == 5)
    }

    @Test func adamaxUsesInfinityNorm() throws {
        var m = [Double](repeating: 0, count: n), u = m
        let η = 0.1, b1 = 0.9, b2 = 0.999, ϵ = 1e-8
        try check(H.rule(.adamax, [.f64(η)])) { t, g, x in
            for i in x.indices {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                u[i] = max(b2 * u[i], abs(g[i]))
                x[i] -= (η / (1 - pow(b1, t))) * m[i] / (u[i] + ϵ)
            }
        }
    }

    @Test func oadamStepsTwiceTheNewTermMinusTheOld() throws {
        var mv = Moments(n), term = [Double](repeating: 0, count: n)
        let η = 0.1, b1 = 0.5, b2 = 0.9, ϵ = 1e-8
        try check(H.rule(.oadam, [.f64(η)])) { t, g, x in
            for i in x.indices {
                mv.ema(i, g[i], b1, b2)
                let new = η * (mv.m[i] / (1 - pow(b1, t))) / ((mv.v[i] / (1 - pow(b2, t))).squareRoot() + ϵ)
                x[i] -= 2 * new - term[i]
                term[i] = new
            }
        }
    }

    @Test func adagradAccumulatorStartsAtEpsilon() throws {
        let ϵ = 1e-8, η = 0.1
        var acc = [Double](repeating: ϵ, count: n)
        try check(H.rule(.adagrad)) { _, g, x in
            for i in x.indices {
                acc[i] += g[i] * g[i]
                x[i] -= η * g[i] / (acc[i].squareRoot() + ϵ)
            }
        }
    }

    @Test func adadeltaHasNoLearningRate() throws {
        var a = [Double](repeating: 0, count: n), d = a
        let ρ = 0.9, ϵ = 1e-3
        try check(H.rule(.adadelta, [.f64(ρ), .f64(ϵ)])) { _, g, x in
            for i in x.indices {
                a[i] = ρ * a[i] + (1 - ρ) * g[i] * g[i]
                let step = g[i] * (d[i] + ϵ).squareRoot() / (a[i] + ϵ).squareRoot()
                d[i] = ρ * d[i] + (1 - ρ) * step * step
                x[i] -= step
            }
        }
    }

    @Test func amsgradStartsAtEpsilonWithoutBiasCorrection() throws {
        let ϵ = 1e-8, η = 0.1, b1 = 0.9, b2 = 0.999
        var m = [Double](repeating: ϵ, count: n), v = m, vh = m
        try check(H.rule(.amsgrad, [.f64(η)])) { _, g, x in
            for i in x.indices {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                vh[i] = max(vh[i], v[i])
                x[i] -= η * m[i] / (vh[i].squareRoot() + ϵ)
            }
        }
    }

    @Test func nadamLooksAhead() throws {
        var mv = Moments(n)
        let η = 0.1, b1 = 0.9, b2 = 0.999, ϵ = 1e-8
        try check(H.rule(.nadam, [.f64(η)])) { t, g, x in
            for i in x.indices {
                mv.ema(i, g[i], b1, b2)
                let num = b1 * mv.m[i] / (1 - b1 * pow(b1, t)) + (1 - b1) * g[i] / (1 - pow(b1, t))
                x[i] -= η * num / ((b2 * mv.v[i] / (1 - pow(b2, t))).squareRoot() + ϵ)
            }
        }
    }

    @Test func adamwCoupledAndDecoupledDecay() throws {
        for couple in [true, false] {
            var mv = Moments(n)
            let η = 0.1, b1 = 0.9, b2 = 0.999, λ = 0.3, ϵ = 1e-8
            let r = H.rule(.adamw, [.f64(η), .pair(.f64(b1), .f64(b2)), .f64(λ)], [("couple", .bool(couple))])
            try check(r) { t, g, x in
                for i in x.indices {
                    mv.ema(i, g[i], b1, b2)
                    let a = (mv.m[i] / (1 - pow(b1, t))) / ((mv.v[i] / (1 - pow(b2, t))).squareRoot() + ϵ)
                    x[i] -= couple ? η * (a + λ * x[i]) : η * a + λ * x[i]
                }
            }
        }
    }

    @Test func adabeliefTracksGradientSurprise() throws {
        var m = [Double](repeating: 0, count: n), s = m
        let η = 0.1, b1 = 0.9, b2 = 0.999, ϵ = 1e-16
        try check(H.rule(.adabelief, [.f64(η)]), rel: 1e-10) { t, g, x in
            for i in x.indices {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                s[i] = b2 * s[i] + (1 - b2) * (g[i] - m[i]) * (g[i] - m[i]) + ϵ
                x[i] -= η * (m[i] / (1 - pow(b1, t))) / ((s[i] / (1 - pow(b2, t))).squareRoot() + ϵ)
            }
        }
    }

    @Test func lionAsWrittenInTheSource() throws {
        var m = [Double](repeating: 0, count: n)
        let η = 0.1, b1 = 0.9, b2 = 0.999
        try check(H.rule(.lion, [.f64(η)])) { _, g, x in
            for i in x.indices {
                m[i] = b2 * g[i] + (1 - b2) * m[i]      // the source's (swapped-looking) weights
                let u = (b2 - b1) * g[i] + b1 * m[i]
                x[i] -= η * (u > 0 ? 1 : u < 0 ? -1 : 0)
            }
        }
    }

    @Test func weightDecayAddsLambdaX() throws {
        try check(H.rule(.weightDecay, [.f64(0.2)])) { _, g, x in for i in x.indices { x[i] -= g[i] + 0.2 * x[i] } }
    }

    @Test func signDecayAddsLambdaSignX() throws {
        try check(H.rule(.signDecay, [.f64(0.2)])) { _, g, x in
            for i in x.indices { x[i] -= g[i] + 0.2 * (x[i] > 0 ? 1 : x[i] < 0 ? -1 : 0) }
        }
    }

    @Test func clipGradClampsEachComponent() throws {
        try check(H.rule(.clipGrad, [.f64(0.5)])) { _, g, x in for i in x.indices { x[i] -= min(max(g[i], -0.5), 0.5) } }
    }

    @Test func clipNormRescalesPerArray() throws {
        for (p, pv) in [(2.0, HyperValue.int(2)), (1.0, .int(1)), (Double.infinity, .f64(.infinity)), (3.0, .f64(3))] {
            try check(H.rule(.clipNorm, [.f64(0.7), pv])) { _, g, x in
                let nrm: Double
                if p == .infinity { nrm = g.map(abs).max()! } else { nrm = pow(g.map { pow(abs($0), p) }.reduce(0, +), 1 / p) }
                let s = min(0.7 / nrm, 1)
                for i in x.indices { x[i] -= g[i] * s }
            }
        }
    }

    @Test func chainOfWeightDecayAndAdamIsCoupledL2() throws {
        var mv = Moments(n)
        let r = Rule.chain([H.rule(.weightDecay, [.f64(0.1)]), H.rule(.adam, [.f64(0.1)])])
        try check(r) { t, g, x in
            for i in x.indices {
                let gi = g[i] + 0.1 * x[i]
                mv.ema(i, gi, 0.9, 0.999)
                x[i] -= 0.1 * (mv.m[i] / (1 - pow(0.9, t))) / ((mv.v[i] / (1 - pow(0.999, t))).squareRoot() + 1e-8)
            }
        }
    }
}

fileprivate func pow(_ a: Double, _ t: Int) -> Double { var r = 1.0; for _ in 0..<t { r *= a }; return r }
fileprivate func pow(_ a: Double, _ b: Double) -> Double { Double.m_pow(a, b) }
