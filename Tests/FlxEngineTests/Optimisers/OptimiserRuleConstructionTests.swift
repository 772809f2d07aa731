import Testing
@testable import FlxEngine

/// Constructors, defaults, field order, keyword aliases, errors, adjust and display.
@Suite("Optimiser rule construction follows Optimisers.jl")
struct OptimiserRuleConstructionTests {
    typealias H = OptimiserHarness
    static let beta = HyperValue.pair(.f64(0.9), .f64(0.999))

    static let defaults: [(RuleKind, String, [(String, HyperValue)])] = [
        (.descent, "Descent", [("eta", .f32(0.1))]),
        (.momentum, "Momentum", [("eta", .f64(0.01)), ("rho", .f64(0.9))]),
        (.nesterov, "Nesterov", [("eta", .f64(0.001)), ("rho", .f64(0.9))]),
        (.rmsprop, "RMSProp", [("eta", .f64(0.001)), ("rho", .f64(0.9)), ("epsilon", .f64(1e-8)), ("centred", .bool(false))]),
        (.rprop, "Rprop", [("eta", .f64(1e-3)), ("ell", .pair(.f64(0.5), .f64(1.2))), ("gamma", .pair(.f64(1e-6), .f64(50.0)))]),
        (.adam, "Adam", [("eta", .f64(0.001)), ("beta", beta), ("epsilon", .f64(1e-8))]),
        (.radam, "RAdam", [("eta", .f64(0.001)), ("beta", beta), ("epsilon", .f64(1e-8))]),
        (.adamax, "AdaMax", [("eta", .f64(0.001)), ("beta", beta), ("epsilon", .f64(1e-8))]),
        (.oadam, "OAdam", [("eta", .f64(0.001)), ("beta", .pair(.f64(0.5), .f64(0.9))), ("epsilon", .f64(1e-8))]),
        (.adagrad, "AdaGrad", [("eta", .f64(0.1)), ("epsilon", .f64(1e-8))]),
        (.adadelta, "AdaDelta", [("rho", .f64(0.9)), ("epsilon", .f64(1e-8))]),
        (.amsgrad, "AMSGrad", [("eta", .f64(0.001)), ("beta", beta), ("epsilon", .f64(1e-8))]),
        (.nadam, "NAdam", [("eta", .f64(0.001)), ("beta", beta), ("epsilon", .f64(1e-8))]),
        (.adamw, "AdamW", [("eta", .f64(0.001)), ("beta", beta), ("lambda", .f64(0)), ("epsilon", .f64(1e-8)), ("couple", .bool(true))]),
        (.adabelief, "AdaBelief", [("eta", .f64(0.001)), ("beta", beta), ("epsilon", .f64(1e-16))]),
        (.lion, "Lion", [("eta", .f64(0.001)), ("beta", beta)]),
        (.weightDecay, "WeightDecay", [("lambda", .f64(5e-4))]),
        (.signDecay, "SignDecay", [("lambda", .f64(1e-3))]),
        (.clipGrad, "ClipGrad", [("delta", .f64(10.0))]),
        (.clipNorm, "ClipNorm", [("omega", .f64(10)), ("p", .f64(2)), ("throw", .bool(true))]),
        (.expDecay, "ExpDecay", [("eta", .f64(0.001)), ("decay", .f64(0.1)), ("step", .int(1000)), ("clip", .f64(1e-4)), ("start", .int(0))]),
        (.invDecay, "InvDecay", [("gamma", .f64(0.001))]),
        (.legacyWeightDecay, "WeightDecay", [("wd", .int(0))]),
        (.legacyAdamW, "AdamW", [("eta", .f64(0.001)), ("beta", beta), ("decay", .int(0))]),
    ]

    @Test func everyRuleHasJuliasDefaultsInFieldOrder() throws {
        for (kind, name, fields) in Self.defaults {
            let r = try Rule.make(kind, positional: [], keywords: [])
            #expect(r.name == name)
            #expect(r.fields.map(\.name) == fields.map(\.0), "\(name) field order")
            #expect(r.fields.map(\.value) == fields.map(\.1), "\(name) defaults")
            for (f, v) in fields { #expect(r.field(f) == v) }
        }
        #expect(try Rule.make(.accumGrad, positional: [.int(3)]).fields.map(\.name) == ["n"])
        #expect(try Rule.make(.clipValue, positional: [.f64(1)]).fields.map(\.name) == ["thresh"])
        #expect(try Rule.make(.legacyClipNorm, positional: [.f64(1)]).fields.map(\.name) == ["thresh"])
        #expect(try Rule.make(.optimiserChain).children.isEmpty)
    }

    @Test func hyperParametersKeepTheTypeGiven() throws {
        #expect(try Rule.make(.adam, positional: [.f32(1e-3)]).field("eta") == .f32(1e-3))
        #expect(try Rule.make(.adam, positional: [.int(1)]).field("eta") == .f64(1))          // float(1)
        #expect(try Rule.make(.descent, positional: [.int(1)]).field("eta") == .int(1))       // Descent: no conversion
        #expect(try Rule.make(.adam, positional: [.f64(0.1), .pair(.f32(0.8), .int(1))]).field("beta") == .pair(.f32(0.8), .f64(1)))
        #expect(try Rule.make(.adamw, positional: [.f64(0.1), .pair(.int(0), .int(1))]).field("beta") == .pair(.int(0), .int(1)))
        #expect(try Rule.make(.clipNorm, positional: [.int(5), .int(1)], keywords: [("throw", .bool(false))]).fields.map(\.value)
                == [.f64(5), .f64(1), .bool(false)])
        #expect(try Rule.make(.expDecay, positional: [.f32(0.5), .f64(0.5), .f64(10)]).field("step") == .int(10))
        #expect(try Rule.make(.legacyWeightDecay, positional: [.f32(1e-4)]).field("wd") == .f32(1e-4))
    }

    @Test func keywordFormsAndGreekAliases() throws {
        #expect(try Rule.make(.adam, keywords: [("η", .f64(0.01)), ("β", .pair(.f64(0.8), .f64(0.9)))]).fields.map(\.value)
                == [.f64(0.01), .pair(.f64(0.8), .f64(0.9)), .f64(1e-8)])
        #expect(try Rule.make(.momentum, keywords: [("ρ", .f64(0.5))]).field("rho") == .f64(0.5))
        #expect(try Rule.make(.adagrad, keywords: [("ϵ", .f64(1e-3))]).field("epsilon") == .f64(1e-3))
        #expect(try Rule.make(.weightDecay, keywords: [("λ", .f64(0.1))]).field("lambda") == .f64(0.1))
        #expect(try Rule.make(.clipGrad, keywords: [("δ", .f64(0.1))]).field("delta") == .f64(0.1))
        #expect(try Rule.make(.rprop, keywords: [("γ", .pair(.f64(0), .f64(1)))]).field("gamma") == .pair(.f64(0), .f64(1)))
        #expect(try Rule.make(.descent, keywords: [("eta", .f64(0.2))]).field("eta") == .f64(0.2))
        #expect(try Rule.make(.rmsprop, positional: [.f64(0.01)], keywords: [("centered", .bool(true))]).field("centred") == .bool(true))
        #expect(try Rule.make(.rmsprop, keywords: [("centred", .bool(true)), ("rho", .f64(0.5))]).fields.map(\.value)
                == [.f64(0.001), .f64(0.5), .f64(1e-8), .bool(true)])
        #expect(try Rule.make(.adamw, positional: [.f64(0.01)], keywords: [("couple", .bool(false))]).field("couple") == .bool(false))
        #expect(try Rule.make(.adamw, keywords: [("lambda", .f64(0.1))]).field("lambda") == .f64(0.1))
    }

    @Test func positionalOnlyRulesRejectFieldKeywords() {
        #expect(throws: EngineError.self) { try Rule.make(.clipNorm, keywords: [("omega", .int(5))]) }
        #expect(throws: EngineError.self) { try Rule.make(.accumGrad, keywords: [("n", .int(5))]) }
        #expect(throws: EngineError.self) { try Rule.make(.adam, positional: [.f64(0.1)], keywords: [("beta", Self.beta)]) }
        #expect(throws: EngineError.self) { try Rule.make(.adam, keywords: [("gamma", .f64(0.1))]) }
        #expect(throws: EngineError.self) { try Rule.make(.momentum, positional: [.f64(0.1), .f64(0.1), .f64(0.1)]) }
    }

    @Test func negativeLearningRateIsADomainErrorExceptForDescent() throws {
        let msg = "the learning rate cannot be negative"
        #expect(throws: EngineError.domain("-0.1:\n" + msg)) { try Rule.make(.adam, positional: [.f64(-0.1)]) }
        #expect(throws: EngineError.domain("-1.0:\n" + msg)) { try Rule.make(.momentum, keywords: [("eta", .int(-1))]) }
        #expect(throws: EngineError.domain("-0.5:\n" + msg)) { try Rule.make(.lion, positional: [.f32(-0.5)]) }
        // RMSProp and AdamW check before float(): an Int shows as an Int.
        #expect(throws: EngineError.domain("-1:\n" + msg)) { try Rule.make(.rmsprop, positional: [.int(-1)]) }
        #expect(throws: EngineError.domain("-0.1:\n" + msg)) { try Rule.make(.adamw, keywords: [("eta", .f64(-0.1))]) }
        #expect(try Rule.make(.descent, positional: [.f64(-0.1)]).field("eta") == .f64(-0.1))
        #expect(try Rule.make(.adadelta, positional: [.f64(-0.1)]).field("rho") == .f64(-0.1))
    }

    @Test func argumentChecks() {
        #expect(throws: EngineError.argument("AccumGrad must accumulate at least one gradient")) { try Rule.make(.accumGrad, positional: [.int(0)]) }
        #expect(throws: EngineError.self) { try Rule.make(.accumGrad, positional: [.f64(2)]) }
        #expect(throws: EngineError.self) { try Rule.make(.accumGrad) }
        #expect(throws: EngineError.argument("0.9 is not a tuple")) { try Rule.make(.adam, positional: [.f64(0.1), .f64(0.9)]) }
        #expect(throws: EngineError.argument("(0.1, 0.2) is not a number")) { try Rule.make(.adam, positional: [.pair(.f64(0.1), .f64(0.2))]) }
        #expect(throws: EngineError.self) { try Rule.make(.rmsprop, keywords: [("centred", .int(1))]) }
        #expect(throws: EngineError.self) { try Rule.make(.clipValue) }
    }

    @Test func adjustChangesMatchingFieldsOnly() throws {
        let a = try Rule.make(.adam, positional: [.f64(0.1)])
        let b = try a.adjusted([("eta", .f64(0.01)), ("nonsense", .f64(3))])
        #expect(b.fields.map(\.value) == [.f64(0.01), Self.beta, .f64(1e-8)])
        #expect(try a.adjusted([("beta", .pair(.f64(0.5), .f64(0.6)))]).field("beta") == .pair(.f64(0.5), .f64(0.6)))
        #expect(throws: EngineError.domain("-1.0:\nthe learning rate cannot be negative")) { try a.adjusted([("eta", .int(-1))]) }
        #expect(throws: EngineError.argument("adjust must be given something to act on!")) { try a.adjusted([]) }
        let rms = try Rule.make(.rmsprop)
        #expect(throws: EngineError.argument("adjust(::RMSProp; centred) is not allowed, as the variants store different states")) {
            try rms.adjusted([("centred", .bool(true))])
        }
        #expect(try Rule.make(.weightDecay).adjusted([("gamma", .f64(0.2))]).field("lambda") == .f64(0.2))
        let chain = try Rule.chain([Rule.make(.clipGrad), Rule.make(.descent, positional: [.f64(0.1)]), Rule.make(.adam)])
        let c2 = try chain.adjusted([("eta", .f64(0.5))])
        #expect(c2.children.map { $0.field("eta") } == [nil, .f64(0.5), .f64(0.5)])
        #expect(c2.children[0].field("delta") == .f64(10))
    }

    @Test func adjustKeepsStateAndChangesEta() throws {
        let x = try Tensor.from([1.0, 2.0]), g = try Tensor.from([0.5, -0.5])
        let r = try Rule.make(.momentum, positional: [.f64(0.1), .f64(0.9)])
        var s = try Rule.initState(r, for: x)
        s = try Rule.update(r, state: s, x: x, g: g)            // v = 0.1 g
        let r2 = try r.adjusted([("eta", .f64(1.0))])
        s = try Rule.update(r2, state: s, x: x, g: g)           // v = 0.9·0.1 g + 1.0 g
        #expect(H.close(s.tensor!.toDoubles(), [0.9 * 0.05 + 0.5, -(0.9 * 0.05 + 0.5)]))
        #expect(H.close(x.toDoubles(), [1.0 - 0.05 - 0.545, 2.0 + 0.05 + 0.545]))
    }

    @Test func displayMatchesOptimisersShow() throws {
        #expect(try Rule.make(.adam).description == "Adam(eta=0.001, beta=(0.9, 0.999), epsilon=1.0e-8)")
        #expect(try Rule.make(.adam, positional: [.f32(1e-3)]).description == "Adam(eta=0.001, beta=(0.9, 0.999), epsilon=1.0e-8)")
        #expect(try Rule.make(.momentum).description == "Momentum(eta=0.01, rho=0.9)")
        #expect(try Rule.make(.descent).description == "Descent(0.1f0)")
        #expect(try Rule.make(.descent).juliaShow(compact: true) == "Descent(0.1)")
        #expect(try Rule.make(.clipGrad).description == "ClipGrad(delta=10.0)")
        #expect(try Rule.make(.rmsprop).description == "RMSProp(eta=0.001, rho=0.9, epsilon=1.0e-8, centred=false")
        #expect(try Rule.make(.adamw).description == "AdamW(eta=0.001, beta=(0.9, 0.999), lambda=0.0, epsilon=1.0e-8, couple=true)")
        #expect(try Rule.make(.clipNorm).description == "ClipNorm{Float64, Float64}(10.0, 2.0, true)")
        #expect(try Rule.make(.accumGrad, positional: [.int(4)]).description == "AccumGrad{Int64}(4)")
        #expect(try Rule.make(.adam, positional: [.f64(0.1), .pair(.f32(0.9), .f32(0.999))]).description
                == "Adam(eta=0.1, beta=(0.9f0, 0.999f0), epsilon=1.0e-8)")
        let chain = try Rule.chain([Rule.make(.clipGrad, positional: [.f64(1)]), Rule.make(.descent, positional: [.f64(0.1)])])
        #expect(chain.description == "OptimiserChain(ClipGrad(delta=1.0), Descent(0.1))")
        #expect(try Rule.make(.expDecay).description == "ExpDecay(0.001, 0.1, 1000, 0.0001, 0, IdDict{Any, Any}())")
        #expect(try Rule.make(.legacyWeightDecay).description == "WeightDecay(0)")
    }

    @Test func juliaFloatText() throws {
        #expect(JuliaNumberText.show(1e-5, float32: false) == "1.0e-5")
        #expect(JuliaNumberText.show(Double(Float(1e-5)), float32: true) == "1.0f-5")
        #expect(JuliaNumberText.show(0.0001, float32: false) == "0.0001")
        #expect(JuliaNumberText.show(123456.0, float32: false) == "123456.0")
        #expect(JuliaNumberText.show(1e6, float32: false) == "1.0e6")
        #expect(JuliaNumberText.show(Double(Float(0.1)), float32: true) == "0.1f0")
        #expect(JuliaNumberText.print(Double(Float(0.1)), float32: true) == "0.1")
        #expect(JuliaNumberText.print(-2.5, float32: false) == "-2.5")
        #expect(JuliaNumberText.print(.nan, float32: true) == "NaN")
        #expect(JuliaNumberText.show(1.2345e16, float32: false) == "1.2345e16")
        // :compact => true (flux-api.md §6.2)
        let compact: [(Double, Bool, String)] = [
            (10.0 / 3, false, "3.33333"), (0.1234567, false, "0.123457"), (1.015625, false, "1.01562"), (1.046875, false, "1.04688"),
            (0.9999999, false, "1.0"), (999999.7, false, "1.0e6"), (1234567.0, false, "1.23457e6"), (1234567.0, true, "1.23457f6"),
            (123456.7, false, "1.23457e5"), (123456.0, false, "123456.0"), (Double(Float(1e-45)), true, "1.0f-45"),
            (1e-5, false, "1.0e-5"), (Double(Float(0.1)), true, "0.1"), (-2.5, false, "-2.5"),
        ]
        for (x, f, want) in compact { #expect(JuliaNumberText.compact(x, float32: f) == want, "compact \(x)") }
        #expect(try Rule.make(.descent, positional: [.f64(0.1234567)]).juliaShow(compact: true) == "Descent(0.123457)")
    }
}
