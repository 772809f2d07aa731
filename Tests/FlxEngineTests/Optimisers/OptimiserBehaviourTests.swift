import Testing
@testable import FlxEngine

/// Float32 arithmetic, state layout, AccumGrad, chains, ClipNorm errors, legacy rules, convergence.
@Suite("Optimiser behaviour")
struct OptimiserBehaviourTests {
    typealias H = OptimiserHarness

    func f32(_ v: [Float], shape: Shape? = nil) throws -> Tensor { try Tensor(v, shape: shape) }
    func floats(_ t: Tensor) -> [Float] { (0..<t.count).map { t.floatValue($0) } }

    // MARK: Float32

    @Test func descentFloat32DefaultIsExactlyPointOneF0() throws {
        let x = try f32([1, -2, 3]), g = try f32([0.3, 0.7, -1.1])
        let r = try Rule.make(.descent)
        _ = try Rule.update(r, state: .nothing, x: x, g: g)
        let η: Float = 0.1
        #expect(floats(x) == [1 - 0.3 * η, -2 - 0.7 * η, 3 - (-1.1) * η])
        // Float64 parameters see η = Float64(0.1f0) = 0.10000000149011612.
        let xd = try Tensor.from([1.0]), gd = try Tensor.from([1.0])
        _ = try Rule.update(r, state: .nothing, x: xd, g: gd)
        #expect(xd.toDoubles() == [1 - 0.10000000149011612])
    }

    @Test func adamFloat32AccumulatesBetaPowersInFloat32() throws {
        let n = 4, steps = 6
        let x = try Tensor.from(H.x0, dtype: .float32)
        let r = try Rule.make(.adam, positional: [.f64(0.1)])
        var s = try Rule.initState(r, for: x)
        // Reference in Float arithmetic from the formula, βt kept in Float32.
        var xr = H.x0.map { Float($0) }, m = [Float](repeating: 0, count: n), v = m
        let η = Float(0.1), b1 = Float(0.9), b2 = Float(0.999), ϵ = Float(1e-8)
        var p1 = b1, p2 = b2
        for t in 1...steps {
            let gd = H.grads(t, n)
            s = try Rule.update(r, state: s, x: x, g: try Tensor.from(gd, dtype: .float32))
            for i in 0..<n {
                let g = Float(gd[i])
                m[i] = b1 * m[i] + (1 - b1) * g
                v[i] = b2 * v[i] + (1 - b2) * (g * g)
                xr[i] -= η * (m[i] / (1 - p1)) / ((v[i] / (1 - p2)).squareRoot() + ϵ)
            }
            p1 *= b1; p2 *= b2
        }
        let got = floats(x)
        for i in 0..<n { #expect(abs(got[i] - xr[i]) <= 2e-6 * max(1, abs(xr[i])), "x[\(i)] \(got[i]) vs \(xr[i])") }
        guard case .tuple(let items) = s, items.count == 3, case .tuple(let bt) = items[2],
              case .real(let a, true) = bt[0], case .real(let b, true) = bt[1] else {
            Issue.record("Adam state layout \(s)"); return
        }
        #expect(Float(a) == p1 && Float(b) == p2)
        #expect(items[0].tensor?.dtype == .float32)
    }

    @Test func fusedUpdateEqualsApplyBitForBit() throws {
        let rules: [Rule] = try [
            Rule.make(.descent), Rule.make(.momentum, positional: [.f64(0.1)]), Rule.make(.nesterov, positional: [.f64(0.1)]),
            Rule.make(.rmsprop, positional: [.f64(0.01)]), Rule.make(.rmsprop, positional: [.f64(0.01)], keywords: [("centred", .bool(true))]),
            Rule.make(.adam, positional: [.f64(0.1)]), Rule.make(.adamw, positional: [.f64(0.1), OptimiserHarness.beta, .f64(0.2)]),
            Rule.make(.adamw, positional: [.f64(0.1), OptimiserHarness.beta, .f64(0.2)], keywords: [("couple", .bool(false))]),
        ]
        for r in rules {
            // 4 and 7 elements, and 203: the vector loops of the AVX2 Adam kernel and their tail.
            let long = (0..<203).map { Double(($0 * 37) % 101 - 50) / 16 }
            for (dt, x0) in [(DType.float32, H.x0), (.float64, H.x0), (.float32, H.x0 + [0.1, -3, 7]), (.float64, H.x0 + [0.1, -3, 7]),
                             (.float32, long), (.float64, long)] {
                let a = try H.runUpdate(r, steps: 5, dtype: dt, x0: x0), b = try H.runApply(r, steps: 5, dtype: dt, x0: x0)
                #expect(a == b, "\(r) \(dt) \(x0.count)")
            }
        }
    }

    // MARK: State

    @Test func inPlaceUpdateKeepsValueSemanticsOfOlderStateCopies() throws {
        let r = try Rule.make(.adam, positional: [.f64(0.1)])
        let x = try Tensor.from([1.0, 2.0]), g = try Tensor.from([0.5, -1.0])
        var s = try Rule.initState(r, for: x)
        try Rule.update(r, state: &s, x: x, g: g)
        let before = s                       // a second reference to the tuples
        try Rule.update(r, state: &s, x: x, g: g)
        func powers(_ st: OptState) -> [Double] {
            st.items[2].items.map { if case .real(let d, _) = $0 { return d } else { return -1 } }
        }
        #expect(powers(before) == [0.9 * 0.9, 0.999 * 0.999])
        #expect(powers(s) == [0.9 * 0.9 * 0.9, 0.999 * 0.999 * 0.999])
        // Same numbers as the value-returning form.
        let x2 = try Tensor.from([1.0, 2.0])
        var s2 = try Rule.initState(r, for: x2)
        s2 = try Rule.update(r, state: s2, x: x2, g: g)
        s2 = try Rule.update(r, state: s2, x: x2, g: g)
        #expect(x2.toDoubles() == x.toDoubles() && powers(s2) == powers(s))
    }

    @Test func stateLayoutsMirrorOptimisersInit() throws {
        let x = try Tensor.from([1.0, 2.0])
        func layout(_ s: OptState) -> String {
            switch s {
            case .nothing: return "nothing"
            case .tensor(let t): return "T\(t.count)"
            case .real: return "r"
            case .int(let i): return "\(i)"
            case .bool(let b): return "\(b)"
            case .tuple(let xs): return "(" + xs.map(layout).joined(separator: ",") + ")"
            }
        }
        func l(_ k: RuleKind, _ p: [HyperValue] = []) throws -> String { layout(try Rule.initState(Rule.make(k, positional: p), for: x)) }
        #expect(try l(.descent) == "nothing")
        #expect(try l(.momentum) == "T2")
        #expect(try l(.rmsprop) == "(T2,false)")
        #expect(try layout(Rule.initState(Rule.make(.rmsprop, keywords: [("centred", .bool(true))]), for: x)) == "(T2,T2)")
        #expect(try l(.adam) == "(T2,T2,(r,r))")
        #expect(try l(.radam) == "(T2,T2,(r,r),1)")
        #expect(try l(.oadam) == "(T2,T2,(r,r),T2)")
        #expect(try l(.amsgrad) == "(T2,T2,T2)")
        #expect(try l(.adagrad) == "T2")
        #expect(try l(.rprop) == "(T2,T2)")
        #expect(try l(.accumGrad, [.int(3)]) == "(T2,1)")
        #expect(try layout(Rule.initState(Rule.chain([Rule.make(.clipGrad), Rule.make(.adam)]), for: x)) == "(nothing,(T2,T2,(r,r)))")
        // AdaGrad / AMSGrad fill with ϵ; Rprop's step with η.
        #expect(try Rule.initState(Rule.make(.adagrad), for: x).tensor!.toDoubles() == [1e-8, 1e-8])
        let xf = try f32([1])
        #expect(try Rule.initState(Rule.make(.rprop), for: xf).items[1].tensor!.floatValue(0) == Float(1e-3))
    }

    @Test func everyRuleRunsOnEmptyScalarAndMatrixArraysOfBothFloatTypes() throws {
        var rules: [Rule] = []
        for k in OptimiserHarness.allKinds {
            switch k {
            case .optimiserChain: rules.append(try Rule.chain([Rule.make(.clipNorm), Rule.make(.adam)]))
            case .legacyOptimiser: rules.append(try Rule.chain([Rule.make(.legacyClipNorm, positional: [.int(1)]), Rule.make(.expDecay)], legacy: true))
            case .accumGrad: rules.append(try Rule.make(k, positional: [.int(2)]))
            case .clipValue, .legacyClipNorm: rules.append(try Rule.make(k, positional: [.f64(0.5)]))
            default: rules.append(try Rule.make(k))
            }
        }
        for r in rules {
            for dt in [DType.float32, .float64] {
                for dims in [[0], [], [3, 2]] {
                    let shape = try Shape(dims)
                    let x = try Tensor.filled(value: 0.5, dtype: dt, shape: shape)
                    let g = try Tensor.filled(value: -0.25, dtype: dt, shape: shape)
                    var s = try Rule.initState(r, for: x)
                    for _ in 0..<3 { try Rule.update(r, state: &s, x: x, g: g) }
                    #expect(x.toDoubles().allSatisfy { $0.isFinite }, "\(r.name) \(dt) \(dims)")
                    if shape.count > 0 && r.kind != .accumGrad { #expect(x.toDoubles() != Array(repeating: 0.5, count: shape.count), "\(r.name) did not move") }
                }
            }
        }
        // Integer arrays are not parameters.
        #expect(throws: EngineError.self) { try Rule.initState(Rule.make(.adam), for: try Tensor([Int64(1)])) }
    }

    @Test func applyLeavesTheGradientUntouched() throws {
        let x = try Tensor.from([1.0, 2.0]), g = try Tensor.from([0.5, -3.0])
        for k in [RuleKind.descent, .adam, .clipGrad, .weightDecay, .nadam] {
            let r = try Rule.make(k)
            _ = try Rule.apply(r, state: try Rule.initState(r, for: x), x: x, g: g)
            #expect(g.toDoubles() == [0.5, -3.0])
        }
    }

    @Test func mismatchedGradientShapeIsADimensionMismatch() throws {
        let x = try Tensor.from([1.0, 2.0]), g = try Tensor.from([1.0, 2.0, 3.0])
        let r = try Rule.make(.adam)
        #expect(throws: EngineError.self) { try Rule.update(r, state: try Rule.initState(r, for: x), x: x, g: g) }
        #expect(throws: EngineError.self) { try Rule.update(r, state: .nothing, x: x, g: try Tensor.from([1.0, 2.0])) }
    }

    // MARK: AccumGrad and chains

    @Test func accumGradReturnsNoUpdateUntilNSteps() throws {
        let x = try Tensor.from([1.0, 2.0])
        let r = try Rule.make(.accumGrad, positional: [.int(3)])
        var s = try Rule.initState(r, for: x)
        var deltas: [[Double]?] = []
        for g in [[3.0, 0.0], [0.0, 6.0], [3.0, 3.0], [1.0, 1.0]] {
            let (s2, d) = try Rule.apply(r, state: s, x: x, g: try Tensor.from(g))
            s = s2
            deltas.append(d?.toDoubles())
        }
        #expect(deltas[0] == nil && deltas[1] == nil)
        #expect(H.close(deltas[2]!, [2.0, 3.0]))
        #expect(deltas[3] == nil)
        #expect(s.items.count == 2 && { if case .int(2) = s.items[1] { return true } else { return false } }())
    }

    @Test func accumGradChainMatchesTheDocstringExample() throws {
        // r = OptimiserChain(AccumGrad(2), WeightDecay(0.01), Descent(0.1)); m = (x=[1f0], y=[2f0])
        let r = try Rule.chain([Rule.make(.accumGrad, positional: [.int(2)]), Rule.make(.weightDecay, positional: [.f64(0.01)]),
                                Rule.make(.descent, positional: [.f64(0.1)])])
        let x = try f32([1]), y = try f32([2])
        var sx = try Rule.initState(r, for: x), sy = try Rule.initState(r, for: y)
        sx = try Rule.update(r, state: sx, x: x, g: try f32([33]))
        sy = try Rule.update(r, state: sy, x: y, g: try f32([0]))
        #expect(floats(x) == [1] && floats(y) == [2])  // not yet changed
        sx = try Rule.update(r, state: sx, x: x, g: try f32([0]))
        sy = try Rule.update(r, state: sy, x: y, g: try f32([444]))
        #expect(floats(x) == [-0.651])
        #expect(floats(y) == [-20.202002])
    }

    @Test func clipGradThenDescentComposes() throws {
        // The OptimiserChain docstring: ClipGrad(1.0), Descent(0.1) on zeros(3) with [0.3, 1, 7].
        let r = try Rule.chain([Rule.make(.clipGrad, positional: [.f64(1.0)]), Rule.make(.descent, positional: [.f64(0.1)])])
        let x = try Tensor.from([0.0, 0, 0])
        _ = try Rule.update(r, state: try Rule.initState(r, for: x), x: x, g: try Tensor.from([0.3, 1, 7]))
        #expect(H.close(x.toDoubles(), [-0.03, -0.1, -0.1], rel: 1e-15))
        let r2 = try Rule.chain([Rule.make(.clipGrad, positional: [.f64(0.5)]), Rule.make(.descent, positional: [.f64(0.1)])])
        let x2 = try Tensor.from([1.0, 1.0, 1.0])
        _ = try Rule.update(r2, state: try Rule.initState(r2, for: x2), x: x2, g: try Tensor.from([-2.0, 0.25, 0.6]))
        #expect(H.close(x2.toDoubles(), [1 + 0.05, 1 - 0.025, 1 - 0.05]))
    }

    @Test func emptyChainIsIdentity() throws {
        let r = Rule.chain([])
        let x = try Tensor.from([1.0, 2.0])
        _ = try Rule.update(r, state: try Rule.initState(r, for: x), x: x, g: try Tensor.from([0.5, 0.5]))
        #expect(x.toDoubles() == [0.5, 1.5])
    }

    @Test func chainNeverOverwritesAMembersStateBuffer() throws {
        // Momentum returns its velocity as Δ; the ClipGrad after it must not clip the velocity itself.
        let r = try Rule.chain([Rule.make(.momentum, positional: [.f64(1.0), .f64(0.5)]), Rule.make(.clipGrad, positional: [.f64(0.1)])])
        let x = try Tensor.from([0.0])
        var s = try Rule.initState(r, for: x)
        s = try Rule.update(r, state: s, x: x, g: try Tensor.from([2.0]))
        #expect(s.items[0].tensor!.toDoubles() == [2.0])
        #expect(x.toDoubles() == [-0.1])
    }

    // MARK: ClipNorm errors

    @Test func clipNormThrowsForNonFiniteNormWithJuliasMessage() throws {
        let r = try Rule.make(.clipNorm)
        let x = try f32([1, 2, 3])
        // (NaN ≠ NaN, so the error's values are checked one by one; the language writes Julia's text.)
        let vector3 = try Shape(3)
        do {
            _ = try Rule.update(r, state: .nothing, x: x, g: try f32([1, .nan, 3]))
            Issue.record("a NaN norm did not throw")
        } catch RuleError.nonFiniteNorm(let p, .real(let norm, float32: true), let shape, let dtype) {
            #expect(p == .f64(2) && norm.isNaN && shape == vector3 && dtype == .float32)
        }
        let m = try Tensor.from([1.0, 2, 3, 4], shape: Shape(2, 2))
        #expect(throws: RuleError.nonFiniteNorm(p: .f64(1), norm: .f64(.infinity), shape: try Shape([2, 2]), dtype: .float64)) {
            try Rule.update(Rule.make(.clipNorm, positional: [.int(1), .int(1)]), state: .nothing, x: m,
                            g: try Tensor.from([1.0, .infinity, 3, 4], shape: Shape(2, 2)))
        }
        #expect(floats(x) == [1, 2, 3])
        let quiet = try Rule.make(.clipNorm, positional: [.int(1)], keywords: [("throw", .bool(false))])
        _ = try Rule.update(quiet, state: .nothing, x: x, g: try f32([1, .nan, 3]))
        #expect(floats(x)[1].isNaN)
    }

    @Test func clipNormUsesBlasNormForLongArrays() throws {
        let n = 40
        let g = (0..<n).map { Double($0) * 0.1 - 1 }
        let x = try Tensor.from([Double](repeating: 0, count: n))
        _ = try Rule.update(Rule.make(.clipNorm, positional: [.f64(1)]), state: .nothing, x: x, g: try Tensor.from(g))
        let nrm = g.map { $0 * $0 }.reduce(0, +).squareRoot()
        #expect(H.close(x.toDoubles(), g.map { -$0 / nrm }, rel: 1e-14))
    }

    // MARK: Legacy Flux.Optimise

    @Test func legacyExpDecayDecaysEveryStepsOnceAcrossArraysDownToClip() throws {
        let r = try Rule.make(.expDecay, positional: [.f64(0.5), .f64(0.1), .int(2), .f64(1e-3)])
        let a = try Tensor.from([0.0]), b = try Tensor.from([0.0])
        var sa = try Rule.initState(r, for: a), sb = try Rule.initState(r, for: b)
        var etas: [Double] = []
        for _ in 1...6 {
            let (s1, da) = try Rule.apply(r, state: sa, x: a, g: try Tensor.from([1.0]))
            let (s2, db) = try Rule.apply(r, state: sb, x: b, g: try Tensor.from([1.0]))
            sa = s1; sb = s2
            #expect(da!.toDoubles() == db!.toDoubles())   // one global rate
            etas.append(da!.toDoubles()[0])
        }
        #expect(H.close(etas, [0.5, 0.05, 0.05, 0.005, 0.005, 0.001]))
        #expect(r.field("eta") == .f64(0.001))
    }

    @Test func legacyInvDecayDividesByOnePlusGammaN() throws {
        let r = try Rule.make(.invDecay, positional: [.f64(0.5)])
        let x = try Tensor.from([0.0])
        var s = try Rule.initState(r, for: x)
        var out: [Double] = []
        for _ in 1...3 {
            let (s2, d) = try Rule.apply(r, state: s, x: x, g: try Tensor.from([6.0]))
            s = s2; out.append(d!.toDoubles()[0])
        }
        #expect(H.close(out, [6 / 1.5, 6 / 2.0, 6 / 2.5]))
        // Float32 arrays: the factor is a Float64, the product rounded to Float32.
        let xf = try f32([0])
        let (_, df) = try Rule.apply(r, state: try Rule.initState(r, for: xf), x: xf, g: try f32([0.1]))
        #expect(df!.floatValue(0) == Float(Double(Float(0.1)) * (1 / 1.5)))
    }

    @Test func legacyClipValueClipNormAndWeightDecay() throws {
        let x = try Tensor.from([1.0, -2.0])
        func delta(_ r: Rule, _ g: [Double]) throws -> [Double] {
            try Rule.apply(r, state: try Rule.initState(r, for: x), x: x, g: try Tensor.from(g)).1!.toDoubles()
        }
        #expect(try delta(Rule.make(.clipValue, positional: [.f64(0.5)]), [2, -0.25]) == [0.5, -0.25])
        #expect(H.close(try delta(Rule.make(.legacyClipNorm, positional: [.f64(1)]), [3, 4]), [0.6, 0.8]))
        #expect(try delta(Rule.make(.legacyClipNorm, positional: [.f64(10)]), [3, 4]) == [3, 4])
        #expect(try delta(Rule.make(.legacyWeightDecay), [3, 4]) == [3, 4])   // default 0
        #expect(H.close(try delta(Rule.make(.legacyWeightDecay, positional: [.f64(0.1)]), [3, 4]), [3.1, 3.8]))
    }

    @Test func legacyAdamWIsAdamPlusDecayNotScaledByEta() throws {
        let legacy = try Rule.make(.legacyAdamW, positional: [.f64(0.1), OptimiserHarness.beta, .f64(0.3)])
        let modern = try Rule.make(.adamw, positional: [.f64(0.1), OptimiserHarness.beta, .f64(0.3)],
                                   keywords: [("couple", .bool(false))])
        #expect(H.close(try H.runUpdate(legacy, steps: 5), try H.runUpdate(modern, steps: 5), rel: 1e-13))
        let coupled = try H.runUpdate(Rule.make(.adamw, positional: [.f64(0.1), OptimiserHarness.beta, .f64(0.3)]), steps: 5)
        #expect(!H.close(try H.runUpdate(legacy, steps: 5), coupled, rel: 1e-6))
    }

    @Test func legacyOptimiserFoldsLikeAChain() throws {
        let r = try Rule.chain([Rule.make(.legacyWeightDecay, positional: [.f64(0.5)]), Rule.make(.invDecay, positional: [.f64(1)])], legacy: true)
        #expect(r.name == "Optimiser" && r.kind == .legacyOptimiser)
        let x = try Tensor.from([2.0])
        var s = try Rule.initState(r, for: x)
        s = try Rule.update(r, state: s, x: x, g: try Tensor.from([1.0]))   // Δ = (1 + 0.5·2)/2 = 1
        #expect(x.toDoubles() == [1.0])
        s = try Rule.update(r, state: s, x: x, g: try Tensor.from([1.0]))   // Δ = (1 + 0.5)/3 = 0.5
        #expect(x.toDoubles() == [0.5])
    }

    // MARK: Convergence (Optimisers.jl's own test idea)

    @Test func everyRuleMinimisesASimpleQuadratic() throws {
        // f(x) = sum((x .- 1).^2) from zeros; ∇f = 2(x .- 1).
        let cases: [(Rule, Int)] = try [
            (Rule.make(.descent), 200), (Rule.make(.momentum), 1000), (Rule.make(.nesterov, positional: [.f64(0.01)]), 1000),
            (Rule.make(.rmsprop, positional: [.f64(0.01)]), 1000), (Rule.make(.rmsprop, positional: [.f64(0.01)], keywords: [("centred", .bool(true))]), 1000),
            (Rule.make(.rprop, positional: [.f64(0.01)]), 500), (Rule.make(.adam, positional: [.f64(0.05)]), 1000),
            (Rule.make(.radam, positional: [.f64(0.05)]), 1000), (Rule.make(.adamax, positional: [.f64(0.05)]), 1000),
            (Rule.make(.oadam, positional: [.f64(0.05)]), 1000), (Rule.make(.adagrad, positional: [.f64(0.5)]), 1000),
            (Rule.make(.adadelta, positional: [.f64(0.9), .f64(1e-3)]), 3000), (Rule.make(.amsgrad, positional: [.f64(0.05)]), 1000),
            (Rule.make(.nadam, positional: [.f64(0.05)]), 1000), (Rule.make(.adamw, positional: [.f64(0.05)]), 1000),
            (Rule.make(.adabelief, positional: [.f64(0.05)]), 1000), (Rule.make(.lion, positional: [.f64(0.01)]), 500),
            (Rule.chain([Rule.make(.weightDecay, positional: [.f64(1e-4)]), Rule.make(.descent)]), 200),
            (Rule.chain([Rule.make(.signDecay, positional: [.f64(1e-4)]), Rule.make(.descent)]), 200),
            (Rule.chain([Rule.make(.clipGrad, positional: [.f64(0.5)]), Rule.make(.descent)]), 200),
            (Rule.chain([Rule.make(.clipNorm, positional: [.f64(0.5)]), Rule.make(.descent)]), 200),
            (Rule.chain([Rule.make(.accumGrad, positional: [.int(2)]), Rule.make(.descent)]), 400),
            (Rule.make(.legacyAdamW, positional: [.f64(0.05)]), 1000),
            (Rule.chain([Rule.make(.adam, positional: [.f64(0.05)]), Rule.make(.expDecay, positional: [.f64(1.0), .f64(0.5), .int(500)])], legacy: true), 1000),
            (Rule.chain([Rule.make(.adam, positional: [.f64(0.05)]), Rule.make(.invDecay, positional: [.f64(1e-3)])], legacy: true), 1000),
        ]
        for dt in [DType.float64, .float32] {
            for (r, steps) in cases {
                let x = try Tensor.zeros(dt, Shape(3))
                var s = try Rule.initState(r, for: x)
                for _ in 0..<steps {
                    let g = try Tensor.from(x.toDoubles().map { 2 * ($0 - 1) }, dtype: dt)
                    s = try Rule.update(r, state: s, x: x, g: g)
                }
                let err = x.toDoubles().map { abs($0 - 1) }.max()!
                #expect(err < 0.02, "\(r) \(dt): |x - 1| = \(err) after \(steps) steps")
            }
        }
    }
}
