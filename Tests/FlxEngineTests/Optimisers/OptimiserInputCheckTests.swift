import Testing
@testable import FlxEngine

/// Bad inputs to a rule step throw instead of trapping (kept from the deleted single-array
/// `Optimisers` API's test; its formula checks live on in `OptimiserRuleStepTests`).
@Suite struct OptimiserInputCheckTests {
    @Test func mismatchedGradientOrStateThrows() throws {
        let x = try T.vec([1, 2])
        let adam = try Rule.make(.adam)
        let s = try Rule.initState(adam, for: x)
        #expect(throws: EngineError.self) { try Rule.update(adam, state: s, x: x, g: T.vec([1])) }
        #expect(throws: EngineError.self) { try Rule.update(adam, state: s, x: T.vec([1, 2, 3]), g: T.vec([1, 2, 3])) }
        #expect(throws: EngineError.self) { try Rule.initState(adam, for: Tensor.zeros(.int64, Shape(2))) }
    }
}
