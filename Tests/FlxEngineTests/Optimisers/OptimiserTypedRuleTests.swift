import Testing
@testable import FlxEngine

/// The typed rule shape: fields declared once through key paths keep the types they were
/// given, and the bridge shows the typed state as Julia's value.
@Suite("Typed rules")
struct OptimiserTypedRuleTests {
    @Test func fieldsKeepTheirJuliaTypes() throws {
        let descent = try Rules.Descent.typed(Rule(.descent, fields: [("eta", .int(1))]))
        #expect(descent.eta == .int(1))
        let momentum = try Rules.Momentum.typed(Rule(.momentum, fields: [("eta", .f32(0.5)), ("rho", .f64(0.9))]))
        #expect(momentum.eta == .float32(0.5) && momentum.rho == .float64(0.9))
        #expect(momentum.fieldValues.map(\.name) == ["eta", "rho"])
        #expect(momentum.fieldValues.map(\.value) == [.f32(0.5), .f64(0.9)])
    }

    @Test func momentumStateIsShownAsItsVelocity() throws {
        let x = try Tensor([1, 2] as [Float])
        let state = try Rule.initState(Rule(.momentum, fields: [("eta", .f64(0.1)), ("rho", .f64(0.9))]), for: x)
        #expect(state.tensor?.dtype == .float32 && state.tensor?.count == 2)
    }
}
