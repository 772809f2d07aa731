import Testing
@testable import FlxEngine

@Test func denseLayerForwardAndBackwardRuns() throws {
    let W = try T.random([7, 3]), x = try T.random([3, 2], seed: 2), b = try T.random([7], seed: 3)
    let tape = Tape()
    tape.watch(W); tape.watch(b)
    let y = try Unary.relu(Arithmetic.add(LinearAlgebra.matmul(W, x, tape: tape), b, tape: tape), tape: tape)
    let loss = try Reductions.sumAbs2(y, tape: tape)
    try tape.backward(from: loss)
    #expect(tape.gradient(of: W)?.shape == W.shape)
    #expect(tape.gradient(of: b)?.shape == b.shape)
    #expect(tape.gradient(of: x) == nil)
}
