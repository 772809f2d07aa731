import Testing
@testable import FlxEngine

/// The tape must release every tensor it saved: after many gradient computations
/// the number of live buffers is back where it started, and the pool does not grow
/// with the number of steps (so 10^5 steps park as many buffers as 10^3).
/// Counts are per thread (each thread has its own pool), and a synchronous test
/// runs on one thread, so parallel tests do not disturb them.
@Suite struct TapeLeakTests {
    /// One training step of a 3→7→1 Dense/relu model on a 3×2 batch.
    static func step(_ tape: Tape, _ W1: Tensor, _ b1: Tensor, _ W2: Tensor, _ b2: Tensor, _ x: Tensor, _ y: Tensor) throws {
        tape.reset()
        for p in [W1, b1, W2, b2] { tape.watch(p) }
        let h = try Fused.evaluate(.unary(.relu, .binary(.add, .input(0), .input(1))),
                                   inputs: [LinearAlgebra.matmul(W1, x, tape: tape), b1], tape: tape)
        let out = try Arithmetic.add(LinearAlgebra.matmul(W2, h, tape: tape), b2, tape: tape)
        let loss = try Losses.mse(out, y, tape: tape)
        try tape.backward(from: loss)
        for p in [W1, b1, W2, b2] {
            guard let g = tape.gradient(of: p) else { continue }
            _ = try Arithmetic.sub(p, g, tape: nil)
        }
    }

    @Test func gradientStepsLeakNoBuffers() throws {
        let W1 = try T.random([7, 3], seed: 1, dtype: .float32), b1 = try T.random([7], seed: 2, dtype: .float32)
        let W2 = try T.random([1, 7], seed: 3, dtype: .float32), b2 = try T.random([1], seed: 4, dtype: .float32)
        let x = try T.random([3, 2], seed: 5, dtype: .float32), y = try T.random([1, 2], seed: 6, dtype: .float32)
        let tape = Tape()
        let before = Engine.bufferStats.live
        for _ in 0..<1_000 { try Self.step(tape, W1, b1, W2, b2, x, y) }
        tape.reset()
        let after1k = Engine.bufferStats
        for _ in 0..<100_000 { try Self.step(tape, W1, b1, W2, b2, x, y) }
        tape.reset()
        let after100k = Engine.bufferStats
        #expect(after1k.live == before)
        #expect(after100k.live == before)
        #expect(after100k.pooled == after1k.pooled)
        #expect(tape.recordCount == 0)
    }

    @Test func resetInvalidatesMarksAndGradients() throws {
        let x = try T.vec([1, 2]); let tape = Tape(); tape.watch(x)
        let y = try Reductions.sum(x, tape: tape)
        try tape.backward(from: y)
        #expect(tape.gradient(of: x)?.toDoubles() == [1, 1])
        tape.reset()
        #expect(!tape.isTracked(x) && !tape.isTracked(y))
        #expect(tape.gradient(of: x) == nil)
        let other = Tape()
        #expect(!other.isTracked(x))
    }

    @Test func untrackedWorkRecordsNothing() throws {
        let tape = Tape()
        _ = try Arithmetic.add(T.vec([1]), T.vec([2]), tape: tape)
        #expect(tape.recordCount == 0)
    }
}
