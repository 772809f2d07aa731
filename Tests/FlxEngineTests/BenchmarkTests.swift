#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import FlxEngine

/// Timings, printed not asserted. Run with
/// `FLX_ENGINE_BENCH=1 swift test -c release --filter BenchmarkTests`.
@Suite(.enabled(if: getenv("FLX_ENGINE_BENCH") != nil), .serialized)
struct BenchmarkTests {
    /// Nanoseconds per call of `body`, best of 5 rounds of `iterations` calls.
    static func nsPerCall(_ iterations: Int, _ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<5 {
            let start = clock.now
            for _ in 0..<iterations { try body() }
            let d = clock.now - start
            let ns = Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9
            best = Swift.min(best, ns / Double(iterations))
        }
        return best
    }

    static func sumAbs2Step(_ W: Tensor, _ x: Tensor, _ b: Tensor, _ tape: Tape) throws {
        tape.reset()
        tape.watch(W); tape.watch(b)
        let y = try Arithmetic.add(LinearAlgebra.matmul(W, x, tape: tape), b, tape: tape)
        let l = try Reductions.sumAbs2(y, tape: tape)
        try tape.backward(from: l)
    }

    @Test func forwardBackwardOfSumAbs2AffineMap() throws {
        for dtype in [DType.float32, .float64] {
            let tape = Tape()
            let W = try T.random([7, 3], dtype: dtype), x = try T.random([3, 2], seed: 2, dtype: dtype), b = try T.random([7], seed: 3, dtype: dtype)
            let small = try Self.nsPerCall(20_000) { try Self.sumAbs2Step(W, x, b, tape) }
            let W5 = try T.random([512, 512], dtype: dtype), x5 = try T.random([512, 512], seed: 2, dtype: dtype), b5 = try T.random([512], seed: 3, dtype: dtype)
            let large = try Self.nsPerCall(5) { try Self.sumAbs2Step(W5, x5, b5, tape) }
            print("BENCH \(dtype) sum(abs2, W*x .+ b) fwd+bwd: 7×3·3×2 \(Int(small)) ns; 512×512·512×512 \(Int(large / 1000)) µs")
        }
    }

    @Test func perOpOverheadOnSmallTensors() throws {
        let W = try T.random([7, 3], dtype: .float32), x = try T.random([3, 2], seed: 2, dtype: .float32)
        let b = try T.random([7], seed: 3, dtype: .float32), h = try T.random([7, 2], seed: 4, dtype: .float32)
        let n = 200_000
        print("BENCH zeros 7×2: \(Int(try Self.nsPerCall(n) { _ = try Tensor.zeros(.float32, Shape(7, 2)) })) ns")
        print("BENCH matmul 7×3·3×2: \(Int(try Self.nsPerCall(n) { _ = try LinearAlgebra.matmul(W, x, tape: nil) })) ns")
        print("BENCH h .+ b (7×2 .+ 7): \(Int(try Self.nsPerCall(n) { _ = try Arithmetic.add(h, b, tape: nil) })) ns")
        print("BENCH relu.(h): \(Int(try Self.nsPerCall(n) { _ = try Unary.apply(.relu, h, tape: nil) })) ns")
        print("BENCH fused relu.(h .+ b): \(Int(try Self.nsPerCall(n) { _ = try Fused.evaluate(.unary(.relu, .binary(.add, .input(0), .input(1))), inputs: [h, b], tape: nil) })) ns")
        print("BENCH sum(abs2, h): \(Int(try Self.nsPerCall(n) { _ = try Reductions.sumAbs2(h, tape: nil) })) ns")
        let tape = Tape()
        print("BENCH tracked h .+ b incl. reset/watch: \(Int(try Self.nsPerCall(n) { tape.reset(); tape.watch(h); _ = try Arithmetic.add(h, b, tape: tape) })) ns")
    }

    @Test func fullDenseReluTrainingStep() throws {
        let W1 = try T.random([7, 3], seed: 1, dtype: .float32), b1 = try T.random([7], seed: 2, dtype: .float32)
        let W2 = try T.random([1, 7], seed: 3, dtype: .float32), b2 = try T.random([1], seed: 4, dtype: .float32)
        let x = try T.random([3, 2], seed: 5, dtype: .float32), y = try T.random([1, 2], seed: 6, dtype: .float32)
        let tape = Tape()
        let threads = Engine.threads
        for n in Set([threads, 1]).sorted() {
            try Engine.setThreads(n)
            let ns = try Self.nsPerCall(20_000) { try TapeLeakTests.step(tape, W1, b1, W2, b2, x, y) }
            print("BENCH 3→7→1 Dense/relu + mse + backward + SGD update (engine only), \(n) thread(s): \(Int(ns)) ns")
        }
        try Engine.setThreads(threads)
    }

    /// Where BLAS starts beating the plain loop: square n×n·n×n and a few skinny shapes.
    @Test func matmulLoopVersusBLASThreshold() throws {
        for dtype in [DType.float32, .float64] {
            var line = "BENCH \(dtype) loop/BLAS ns:"
            for (m, k, n) in [(1, 1, 1), (2, 2, 2), (3, 2, 1), (1, 7, 2), (7, 3, 2), (4, 4, 4), (8, 8, 8), (12, 12, 12), (16, 16, 16), (20, 20, 20), (24, 24, 24), (32, 32, 32), (48, 48, 48), (64, 64, 64), (64, 64, 1), (128, 32, 2)] {
                let a = try MatOperand(T.random([m, k], dtype: dtype), trans: false), b = try MatOperand(T.random([k, n], seed: 2, dtype: dtype), trans: false)
                let c = try Tensor(uninitialized: dtype, Shape(m, n))
                let iters = Swift.max(20, 2_000_000 / (m * n * k + 100))
                let loop = try Self.nsPerCall(iters) { try MatmulKernel.multiply(a, b, into: c, forceLoop: true) }
                let blas = try Self.nsPerCall(iters) { try MatmulKernel.multiply(a, b, into: c, route: n == 1 ? .gemvB : .gemm, forceBLAS: true) }
                line += " \(m)×\(k)×\(n)=\(m * n * k):\(Int(loop))/\(Int(blas))"
            }
            print(line)
        }
        print("BENCH threads \(Engine.threads), core \(Engine.blasCoreName)")
    }
}

extension BenchmarkTests {
    @Test func fusedOnly() throws {
        let h = try T.random([7, 2], seed: 4, dtype: .float32), b = try T.random([7], seed: 3, dtype: .float32)
        let k = try FusedKernel(.unary(.relu, .binary(.add, .input(0), .input(1))), inputCount: 2)
        print("BENCH fused precompiled relu.(h .+ b): \(Int(try Self.nsPerCall(500_000) { _ = try Fused.evaluate(k, inputs: [h, b], tape: nil) })) ns")
    }
}

extension BenchmarkTests {
    @Test func largeMatmulOnly() throws {
        let threads = Engine.threads
        for n in Set([1, threads]).sorted() {
            try Engine.setThreads(n)
            for dtype in [DType.float32, .float64] {
                let a = try T.random([512, 512], dtype: dtype), b = try T.random([512, 512], seed: 2, dtype: dtype)
                let ns = try Self.nsPerCall(5) { _ = try LinearAlgebra.matmul(a, b, tape: nil) }
                print("BENCH \(dtype) 512×512 matmul: \(Int(ns / 1000)) µs (\(Int(2 * 512.0 * 512 * 512 / ns)) GFLOP/s), threads \(n)")
            }
        }
        try Engine.setThreads(threads)
    }
}
