import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL
import FlxEngine

/// The language's rule constructors (OptimiserConstruction), adjust and display (OptimiserText),
/// and the registry they are bound from.
@Suite("Optimiser rule construction follows Optimisers.jl")
struct OptimiserRuleConstructionTests {
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
            let r = try OptimiserConstruction.make(kind, positional: [], keywords: [])
            #expect(r.name == name)
            #expect(r.fields.map(\.name) == fields.map(\.0), "\(name) field order")
            #expect(r.fields.map(\.value) == fields.map(\.1), "\(name) defaults")
            for (f, v) in fields { #expect(r.field(f) == v) }
        }
        #expect(try OptimiserConstruction.make(.accumGrad, positional: [.int(3)]).fields.map(\.name) == ["n"])
        #expect(try OptimiserConstruction.make(.clipValue, positional: [.f64(1)]).fields.map(\.name) == ["thresh"])
        #expect(try OptimiserConstruction.make(.legacyClipNorm, positional: [.f64(1)]).fields.map(\.name) == ["thresh"])
        #expect(try OptimiserConstruction.make(.optimiserChain).children.isEmpty)
    }

    @Test func hyperParametersKeepTheTypeGiven() throws {
        #expect(try OptimiserConstruction.make(.adam, positional: [.f32(1e-3)]).field("eta") == .f32(1e-3))
        #expect(try OptimiserConstruction.make(.adam, positional: [.int(1)]).field("eta") == .f64(1))          // float(1)
        #expect(try OptimiserConstruction.make(.descent, positional: [.int(1)]).field("eta") == .int(1))       // Descent: no conversion
        #expect(try OptimiserConstruction.make(.adam, positional: [.f64(0.1), .pair(.f32(0.8), .int(1))]).field("beta") == .pair(.f32(0.8), .f64(1)))
        #expect(try OptimiserConstruction.make(.adamw, positional: [.f64(0.1), .pair(.int(0), .int(1))]).field("beta") == .pair(.int(0), .int(1)))
        #expect(try OptimiserConstruction.make(.clipNorm, positional: [.int(5), .int(1)], keywords: [("throw", .bool(false))]).fields.map(\.value)
                == [.f64(5), .f64(1), .bool(false)])
        #expect(try OptimiserConstruction.make(.expDecay, positional: [.f32(0.5), .f64(0.5), .f64(10)]).field("step") == .int(10))
        #expect(try OptimiserConstruction.make(.legacyWeightDecay, positional: [.f32(1e-4)]).field("wd") == .f32(1e-4))
    }

    @Test func keywordFormsAndGreekAliases() throws {
        #expect(try OptimiserConstruction.make(.adam, keywords: [("η", .f64(0.01)), ("β", .pair(.f64(0.8), .f64(0.9)))]).fields.map(\.value)
                == [.f64(0.01), .pair(.f64(0.8), .f64(0.9)), .f64(1e-8)])
        #expect(try OptimiserConstruction.make(.momentum, keywords: [("ρ", .f64(0.5))]).field("rho") == .f64(0.5))
        #expect(try OptimiserConstruction.make(.adagrad, keywords: [("ϵ", .f64(1e-3))]).field("epsilon") == .f64(1e-3))
        #expect(try OptimiserConstruction.make(.weightDecay, keywords: [("λ", .f64(0.1))]).field("lambda") == .f64(0.1))
        #expect(try OptimiserConstruction.make(.clipGrad, keywords: [("δ", .f64(0.1))]).field("delta") == .f64(0.1))
        #expect(try OptimiserConstruction.make(.rprop, keywords: [("γ", .pair(.f64(0), .f64(1)))]).field("gamma") == .pair(.f64(0), .f64(1)))
        #expect(try OptimiserConstruction.make(.descent, keywords: [("eta", .f64(0.2))]).field("eta") == .f64(0.2))
        #expect(try OptimiserConstruction.make(.rmsprop, positional: [.f64(0.01)], keywords: [("centered", .bool(true))]).field("centred") == .bool(true))
        #expect(try OptimiserConstruction.make(.rmsprop, keywords: [("centred", .bool(true)), ("rho", .f64(0.5))]).fields.map(\.value)
                == [.f64(0.001), .f64(0.5), .f64(1e-8), .bool(true)])
        #expect(try OptimiserConstruction.make(.adamw, positional: [.f64(0.01)], keywords: [("couple", .bool(false))]).field("couple") == .bool(false))
        #expect(try OptimiserConstruction.make(.adamw, keywords: [("lambda", .f64(0.1))]).field("lambda") == .f64(0.1))
    }

    @Test func positionalOnlyRulesRejectFieldKeywords() {
        #expect(throws: EngineError.self) { try OptimiserConstruction.make(.clipNorm, keywords: [("omega", .int(5))]) }
        #expect(throws: EngineError.self) { try OptimiserConstruction.make(.accumGrad, keywords: [("n", .int(5))]) }
        #expect(throws: EngineError.self) { try OptimiserConstruction.make(.adam, positional: [.f64(0.1)], keywords: [("beta", Self.beta)]) }
        #expect(throws: EngineError.self) { try OptimiserConstruction.make(.adam, keywords: [("gamma", .f64(0.1))]) }
        #expect(throws: EngineError.self) { try OptimiserConstruction.make(.momentum, positional: [.f64(0.1), .f64(0.1), .f64(0.1)]) }
    }

    @Test func negativeLearningRateIsADomainErrorExceptForDescent() throws {
        let msg = "the learning rate cannot be negative"
        #expect(throws: EngineError.domain(value: -0.1, .float64, EngineMessage(stringLiteral: msg))) { try OptimiserConstruction.make(.adam, positional: [.f64(-0.1)]) }
        #expect(throws: EngineError.domain(value: -1, .float64, EngineMessage(stringLiteral: msg))) { try OptimiserConstruction.make(.momentum, keywords: [("eta", .int(-1))]) }
        #expect(throws: EngineError.domain(value: -0.5, .float32, EngineMessage(stringLiteral: msg))) { try OptimiserConstruction.make(.lion, positional: [.f32(-0.5)]) }
        // RMSProp and AdamW check before float(): an Int shows as an Int.
        #expect(throws: EngineError.domain(value: -1, .int64, EngineMessage(stringLiteral: msg))) { try OptimiserConstruction.make(.rmsprop, positional: [.int(-1)]) }
        #expect(throws: EngineError.domain(value: -0.1, .float64, EngineMessage(stringLiteral: msg))) { try OptimiserConstruction.make(.adamw, keywords: [("eta", .f64(-0.1))]) }
        #expect(try OptimiserConstruction.make(.descent, positional: [.f64(-0.1)]).field("eta") == .f64(-0.1))
        #expect(try OptimiserConstruction.make(.adadelta, positional: [.f64(-0.1)]).field("rho") == .f64(-0.1))
    }

    @Test func argumentChecks() {
        #expect(throws: EngineError.argument("AccumGrad must accumulate at least one gradient")) { try OptimiserConstruction.make(.accumGrad, positional: [.int(0)]) }
        #expect(throws: EngineError.self) { try OptimiserConstruction.make(.accumGrad, positional: [.f64(2)]) }
        #expect(throws: EngineError.self) { try OptimiserConstruction.make(.accumGrad) }
        #expect(throws: EngineError.argument("0.9 is not a tuple")) { try OptimiserConstruction.make(.adam, positional: [.f64(0.1), .f64(0.9)]) }
        #expect(throws: EngineError.argument("(0.1, 0.2) is not a number")) { try OptimiserConstruction.make(.adam, positional: [.pair(.f64(0.1), .f64(0.2))]) }
        #expect(throws: EngineError.self) { try OptimiserConstruction.make(.rmsprop, keywords: [("centred", .int(1))]) }
        #expect(throws: EngineError.self) { try OptimiserConstruction.make(.clipValue) }
    }

    @Test func adjustChangesMatchingFieldsOnly() throws {
        let a = try OptimiserConstruction.make(.adam, positional: [.f64(0.1)])
        let b = try OptimiserConstruction.adjusted(a, [("eta", .f64(0.01)), ("nonsense", .f64(3))])
        #expect(b.fields.map(\.value) == [.f64(0.01), Self.beta, .f64(1e-8)])
        #expect(try OptimiserConstruction.adjusted(a, [("beta", .pair(.f64(0.5), .f64(0.6)))]).field("beta") == .pair(.f64(0.5), .f64(0.6)))
        #expect(throws: EngineError.domain(value: -1, .float64, "the learning rate cannot be negative")) { try OptimiserConstruction.adjusted(a, [("eta", .int(-1))]) }
        #expect(throws: EngineError.argument("adjust must be given something to act on!")) { try OptimiserConstruction.adjusted(a, []) }
        let rms = try OptimiserConstruction.make(.rmsprop)
        #expect(throws: RuleError.notAdjustable(rule: "RMSProp", field: "centred")) {
            try OptimiserConstruction.adjusted(rms, [("centred", .bool(true))])
        }
        #expect(try OptimiserConstruction.adjusted(OptimiserConstruction.make(.weightDecay), [("gamma", .f64(0.2))]).field("lambda") == .f64(0.2))
        let chain = try Rule.chain([OptimiserConstruction.make(.clipGrad), OptimiserConstruction.make(.descent, positional: [.f64(0.1)]), OptimiserConstruction.make(.adam)])
        let c2 = try OptimiserConstruction.adjusted(chain, [("eta", .f64(0.5))])
        #expect(c2.children.map { $0.field("eta") } == [nil, .f64(0.5), .f64(0.5)])
        #expect(c2.children[0].field("delta") == .f64(10))
    }

    @Test func adjustKeepsStateAndChangesEta() throws {
        let x = try Tensor.from([1.0, 2.0]), g = try Tensor.from([0.5, -0.5])
        let r = try OptimiserConstruction.make(.momentum, positional: [.f64(0.1), .f64(0.9)])
        var s = try Rule.initState(r, for: x)
        s = try Rule.update(r, state: s, x: x, g: g)            // v = 0.1 g
        let r2 = try OptimiserConstruction.adjusted(r, [("eta", .f64(1.0))])
        s = try Rule.update(r2, state: s, x: x, g: g)           // v = 0.9·0.1 g + 1.0 g
        #expect(close(s.tensor!.toDoubles(), [0.9 * 0.05 + 0.5, -(0.9 * 0.05 + 0.5)]))
        #expect(close(x.toDoubles(), [1.0 - 0.05 - 0.545, 2.0 + 0.05 + 0.545]))
    }

    @Test func displayMatchesOptimisersShow() throws {
        #expect(try OptimiserConstruction.make(.adam).juliaShow() == "Adam(eta=0.001, beta=(0.9, 0.999), epsilon=1.0e-8)")
        #expect(try OptimiserConstruction.make(.adam, positional: [.f32(1e-3)]).juliaShow() == "Adam(eta=0.001, beta=(0.9, 0.999), epsilon=1.0e-8)")
        #expect(try OptimiserConstruction.make(.momentum).juliaShow() == "Momentum(eta=0.01, rho=0.9)")
        #expect(try OptimiserConstruction.make(.descent).juliaShow() == "Descent(0.1f0)")
        #expect(try OptimiserConstruction.make(.descent).juliaShow(compact: true) == "Descent(0.1)")
        #expect(try OptimiserConstruction.make(.clipGrad).juliaShow() == "ClipGrad(delta=10.0)")
        #expect(try OptimiserConstruction.make(.rmsprop).juliaShow() == "RMSProp(eta=0.001, rho=0.9, epsilon=1.0e-8, centred=false")
        #expect(try OptimiserConstruction.make(.adamw).juliaShow() == "AdamW(eta=0.001, beta=(0.9, 0.999), lambda=0.0, epsilon=1.0e-8, couple=true)")
        #expect(try OptimiserConstruction.make(.clipNorm).juliaShow() == "ClipNorm{Float64, Float64}(10.0, 2.0, true)")
        #expect(try OptimiserConstruction.make(.accumGrad, positional: [.int(4)]).juliaShow() == "AccumGrad{Int64}(4)")
        #expect(try OptimiserConstruction.make(.adam, positional: [.f64(0.1), .pair(.f32(0.9), .f32(0.999))]).juliaShow()
                == "Adam(eta=0.1, beta=(0.9f0, 0.999f0), epsilon=1.0e-8)")
        let chain = try Rule.chain([OptimiserConstruction.make(.clipGrad, positional: [.f64(1)]), OptimiserConstruction.make(.descent, positional: [.f64(0.1)])])
        #expect(chain.juliaShow() == "OptimiserChain(ClipGrad(delta=1.0), Descent(0.1))")
        #expect(try OptimiserConstruction.make(.expDecay).juliaShow() == "ExpDecay(0.001, 0.1, 1000, 0.0001, 0, IdDict{Any, Any}())")
        #expect(try OptimiserConstruction.make(.legacyWeightDecay).juliaShow() == "WeightDecay(0)")
    }

    func close(_ a: [Double], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) } }

    @Test func registryListsEveryKindOnceUnderItsJuliaName() throws {
        let kinds = OptimiserRegistry.kinds
        #expect(Set(kinds).count == kinds.count, "a kind is registered twice")
        for e in OptimiserRegistry.all {
            #expect(e.kind.spec.name == e.name, "\(e.name) is registered with \(e.kind)")
            if e.kind.spec.fields.allSatisfy({ $0.initial != nil }) {
                let r = try OptimiserConstruction.make(e.kind)
                #expect(r.name == e.name && r.fields.map(\.name) == e.kind.spec.fields.map(\.name))
            }
        }
        for e in OptimiserRegistry.rules + OptimiserRegistry.composites { #expect(HelpDocs.docs[e.name] != nil, "\(e.name) has no help") }
    }

    @Test func juliaFloatText() throws {
        #expect(HyperValue.f64(1e-5).showText == "1.0e-5")
        #expect(HyperValue.f32(1e-5).showText == "1.0f-5")
        #expect(HyperValue.f64(0.0001).showText == "0.0001")
        #expect(HyperValue.f64(123456.0).showText == "123456.0")
        #expect(HyperValue.f64(1e6).showText == "1.0e6")
        #expect(HyperValue.f32(0.1).showText == "0.1f0")
        #expect(HyperValue.f32(0.1).printText == "0.1")
        #expect(HyperValue.f64(-2.5).printText == "-2.5")
        #expect(HyperValue.f32(.nan).printText == "NaN")
        #expect(HyperValue.f64(1.2345e16).showText == "1.2345e16")
        // :compact => true (flux-api.md §6.2)
        let compact: [(Double, Bool, String)] = [
            (10.0 / 3, false, "3.33333"), (0.1234567, false, "0.123457"), (1.015625, false, "1.01562"), (1.046875, false, "1.04688"),
            (0.9999999, false, "1.0"), (999999.7, false, "1.0e6"), (1234567.0, false, "1.23457e6"), (1234567.0, true, "1.23457f6"),
            (123456.7, false, "1.23457e5"), (123456.0, false, "123456.0"), (Double(Float(1e-45)), true, "1.0f-45"),
            (1e-5, false, "1.0e-5"), (Double(Float(0.1)), true, "0.1"), (-2.5, false, "-2.5"),
        ]
        for (x, f, want) in compact { #expect(HyperValue.real(x, float32: f).shownText(compact: true) == want, "compact \(x)") }
        #expect(try OptimiserConstruction.make(.descent, positional: [.f64(0.1234567)]).juliaShow(compact: true) == "Descent(0.123457)")
    }
}
