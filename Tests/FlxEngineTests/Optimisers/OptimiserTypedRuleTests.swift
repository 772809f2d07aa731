import Testing
@testable import FlxEngine

/// The typed rule shape: fields declared once through key paths keep the types they were
/// given, defaults come from the struct's initial values, and a state is shown as Julia's value.
@Suite("Typed rules")
struct OptimiserTypedRuleTests {
    @Test func fieldsKeepTheirJuliaTypes() throws {
        let descent = try #require(Rule(.descent, fields: [("eta", .int(1))]).typed as? Rules.Descent)
        #expect(descent.eta == .int(1))
        let rule = try Rule(.momentum, fields: [("eta", .f32(0.5)), ("rho", .f64(0.9))])
        let momentum = try #require(rule.typed as? Rules.Momentum)
        #expect(momentum.eta == .float32(0.5) && momentum.rho == .float64(0.9))
        #expect(rule.fields.map(\.name) == ["eta", "rho"])
        #expect(rule.fields.map(\.value) == [.f32(0.5), .f64(0.9)])
    }

    @Test func everyFieldKindIsStoredTyped() throws {
        let rprop = try #require(Rule.make(.rprop, keywords: [("ell", .pair(.f32(0.25), .int(2)))]).typed as? Rules.Rprop)
        #expect(rprop.ell == RulePair(.float32(0.25), .float64(2)))
        let rms = try #require(Rule.make(.rmsprop, keywords: [("centred", .bool(true))]).typed as? Rules.RMSProp)
        #expect(rms.centred)
        let accum = try #require(Rule.make(.accumGrad, positional: [.int(3)]).typed as? Rules.AccumGrad)
        #expect(accum.n == 3)
        let adamw = try #require(Rule.make(.adamw, positional: [.f64(0.1), .pair(.int(0), .int(1))]).typed as? Rules.AdamW)
        #expect(adamw.beta == .pair(.int(0), .int(1)))   // stored as given
        let inner = try Rule.make(.adam)
        let chain = try #require(Rule.chain([inner, inner]).typed as? Rules.OptimiserChain)
        #expect(chain.rules.map(\.kind) == [.adam, .adam])
        #expect(Rule.chain([inner, inner]).children.count == 2 && Rule.chain([inner]).fields.isEmpty)
    }

    @Test func specsComeFromTheDeclarations() {
        let adam = RuleKind.adam.spec
        #expect(adam.name == "Adam" && adam.style == .def && adam.display == .keywords)
        #expect(adam.fields.map(\.name) == ["eta", "beta", "epsilon"])
        #expect(adam.fields.map(\.initial) == [.f64(0.001), .pair(.f64(0.9), .f64(0.999)), .f64(1e-8)])
        #expect(RuleKind.oadam.spec.fields[1].initial == .pair(.f64(0.5), .f64(0.9)))
        #expect(RuleKind.accumGrad.spec.fields[0].initial == nil)   // required
        let chain = RuleKind.optimiserChain.spec
        #expect(chain.fields.map(\.role) == [.members] && chain.hasMembers && !chain.wrapsWholeChain && !adam.hasMembers)
        #expect(RuleKind.legacyOptimiser.isLegacy && RuleKind.expDecay.isLegacy && !RuleKind.optimiserChain.isLegacy)
    }

    @Test func aValueOfTheWrongKindDoesNotFit() {
        #expect(throws: RuleError.fieldsMismatch(rule: "Descent")) { try Rule(.descent, fields: [("eta", .pair(.int(1), .int(2)))]) }
        #expect(throws: RuleError.fieldsMismatch(rule: "RMSProp")) {
            try Rule(.rmsprop, fields: [("eta", .f64(1)), ("rho", .f64(1)), ("epsilon", .f64(1)), ("centred", .int(1))])
        }
        #expect(throws: RuleError.fieldsMismatch(rule: "Adam")) { try Rule(.adam, fields: [("eta", .f64(1))]) }
    }

    @Test func adjustingALegacyExpDecaySetsTheRateEveryCopyShares() throws {
        let r = try Rule.make(.expDecay)
        let copy = r
        let adjusted = try r.replacingFields([("eta", .f64(0.5))])
        #expect(copy.field("eta") == .f64(0.5) && adjusted.field("eta") == .f64(0.5))
        #expect(try Rule.make(.expDecay).field("eta") == .f64(0.001))   // a new one has its own
    }

    @Test func momentumStateIsShownAsItsVelocity() throws {
        let x = try Tensor([1, 2] as [Float])
        let state = try Rule.initState(Rule(.momentum, fields: [("eta", .f64(0.1)), ("rho", .f64(0.9))]), for: x)
        #expect(state.tensor?.dtype == .float32 && state.tensor?.count == 2)
    }
}
