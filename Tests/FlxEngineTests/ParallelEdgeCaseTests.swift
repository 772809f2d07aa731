@testable import FlxEngine
import Testing
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Edge cases of the threaded and dedicated paths (from a review): one-element biases,
/// kept-block sums, more bias layouts, loops inside pieces. Each compares against the one-thread or general path bit for bit.
@Suite(.serialized) struct ParallelEdgeCaseTests {
    static func bits(_ t: Tensor?) -> [UInt64] { (t?.toDoubles() ?? []).map { $0.bitPattern } }

    /// Count-1 bias (Dense(n => 1, relu), Conv(... => 1, relu)) whose units are all inactive with
    /// a negative upstream gradient: dz is all -0.0. The general path pre-adds each entry to +0.0
    /// (sumInputs) before sumTo; the dedicated path hands dz to sumTo, whose whole-array sum
    /// (m == 1, juliaSum) starts from the first element and keeps -0.0.
    @Test func countOneBiasGradientSignedZero() throws {
        for (outDims, biasDims) in [([3, 5], [1]), ([4, 4, 1, 2], [1, 1, 1, 1])] {
            let n = outDims.reduce(1, *)
            let a = try Tensor.from([Double](repeating: -1, count: n), shape: Shape(outDims), dtype: .float64)
            let b = try Tensor.from([Double](repeating: 0.5, count: 1), shape: Shape(biasDims), dtype: .float64)
            let up = try Tensor.from([Double](repeating: -1, count: n), shape: Shape(outDims), dtype: .float64)
            let paths = try FusedBiasReluTests.bothPaths(a, b, up)
            let dedicated = paths.dedicated[2], general = paths.general[2]
            #expect(dedicated == general, "\(outDims) bias \(biasDims): dedicated \(dedicated.map { Double(bitPattern: $0) }) general \(general.map { Double(bitPattern: $0) })")
        }
    }

    /// Sums over dims around one block of kept dims (bias gradients), split by output across
    /// threads, against a memory-order walk: bias-gradient shapes, and degenerate ones
    /// (size-1 dims, empty arrays, dims past the rank, -0.0 inputs).
    @Test func keptBlockSumsMatchTheMemoryOrderWalk() throws {
        let saved = Engine.threads
        defer { try? Engine.setThreads(saved) }
        let cases: [([Int], [Int])] = [([1, 5, 1, 3], [1, 3]), ([5, 1, 3], [2]), ([0, 4], [1]), ([4, 0], [2]), ([4, 0, 3], [1]),
                                       ([3, 4], [5]), ([3, 1], [2]), ([1, 20000], [1]), ([20000, 3], [1]), ([7, 3000, 2], [1, 3]), ([2, 3, 4, 5], [1, 4]),
                                       ([300, 200], [2]), ([20, 8, 300], [1, 3]), ([26, 26, 8, 64], [1, 2, 4]), ([5, 1, 7, 4000], [1, 4])]
        for (dims, reduced) in cases {
            let count = dims.reduce(1, *)
            var xs = try T.random(dims.map { Swift.max($0, 1) }, seed: 5, dtype: .float64).toDoubles()
            xs = Array(xs.prefix(count)).enumerated().map { $0.offset % 3 == 0 ? -0.0 : $0.element }
            let x = try Tensor.from(xs, shape: Shape(dims), dtype: .float64)
            let outDims = dims.indices.map { reduced.contains($0 + 1) ? 1 : dims[$0] }
            var naive = [Double](repeating: 0, count: outDims.reduce(1, *))
            if naive.count == 1 && count > 0 { continue }   // whole-array sum: Julia's pairwise order, not this walk
            for i in xs.indices {
                var rest = i, o = 0, stride = 1
                for d in dims.indices {
                    let k = rest % dims[d]; rest /= dims[d]
                    if !reduced.contains(d + 1) { o += k * stride }
                    stride *= outDims[d]
                }
                naive[o] += xs[i]
            }
            for threads in [1, 2, 3] {
                try Engine.setThreads(threads)
                let got = try Reductions.sum(x, dims: DimSet(julia: reduced), tape: nil).toDoubles().map { $0.bitPattern }
                #expect(got == naive.map { $0.bitPattern }, "\(dims) dims \(reduced), \(threads) threads")
            }
        }
    }

    /// More bias layouts against the general path (random values, -0.0 upstream entries).
    @Test func biasLayoutsMatchGeneral() throws {
        let saved = Engine.threads
        defer { try? Engine.setThreads(saved) }
        let cases: [([Int], [Int])] = [([3, 1, 4], [1, 1, 4]), ([4, 1, 5, 6], [1, 1, 5, 1]), ([2, 3], [2]), ([1, 1, 3, 5], [1, 1, 3]),
                                       ([6, 2], [6, 1]), ([1, 4, 1, 5], [1, 4]), ([5, 4, 3], [5, 4, 1]), ([4, 5], [1, 5]), ([3, 2, 4000], [3, 2])]
        for threads in [1, 2] {
            try Engine.setThreads(threads)
            for (outDims, biasDims) in cases {
                let a = try T.random(outDims, seed: 3, dtype: .float32)
                let b = try T.random(biasDims, seed: 4, dtype: .float32)
                var upv = try T.random(outDims, seed: 6, dtype: .float64).toDoubles()
                for i in upv.indices where i % 5 == 0 { upv[i] = -0.0 }
                let up = try Tensor.from(upv, shape: Shape(outDims), dtype: .float32)
                let (d, g) = try FusedBiasReluTests.bothPaths(a, b, up)
                #expect(d == g, "\(outDims) bias \(biasDims) \(threads) threads")
            }
        }
    }

    /// A parallel loop inside a piece runs inline (no deadlock, no trap), every item once.
    @Test func nestedLoopInsideAPieceRunsInline() throws {
        let saved = Engine.threads
        defer { try? Engine.setThreads(saved) }
        try Engine.setThreads(2)
        let total = Atomic<Int>(0), onCaller = Atomic<Int>(0)
        let me = pthread_self()
        Parallel.forEach(64, grain: 1) { outer in
            for _ in outer {
                if pthread_equal(pthread_self(), me) != 0 { onCaller.wrappingAdd(1, ordering: .relaxed) }
                Parallel.forEach(64, grain: 1) { inner in total.wrappingAdd(inner.count, ordering: .relaxed) }
            }
        }
        #expect(total.load(ordering: .relaxed) == 64 * 64)
        #expect(onCaller.load(ordering: .relaxed) >= 0)
    }
}

/// Fused broadcasts split by blocks across threads: same bits forward and backward, and the
/// same domain error (the first failing block's) at any thread count.
@Suite(.serialized) struct ThreadedFusedTests {
    @Test func blocksOnThreadsGiveOnePassResultsAndErrors() throws {
        let saved = Engine.threads
        defer { try? Engine.setThreads(saved) }
        let x = try T.random([300, 500], seed: 61, dtype: .float32), b = try T.random([300], seed: 62, dtype: .float32)
        let expr: FusedExpr = .unary(.tanh, .binary(.mul, .binary(.add, .input(0), .input(1)), .input(0)))
        var runs: [[[UInt64]]] = []
        var messages: [String] = []
        var negative = try T.random([100_000], seed: 63, dtype: .float64, awayFromZero: true).toDoubles().map { abs($0) }
        negative[30_000] = -2; negative[30_001] = -3; negative[70_000] = -5
        let bad = try Tensor.from(negative, dtype: .float64)
        for threads in [1, 2, 3] {
            try Engine.setThreads(threads)
            let tape = Tape()
            tape.watch(x); tape.watch(b)
            let y = try Fused.evaluate(expr, inputs: [x, b], tape: tape)
            try tape.backward(from: Reductions.sum(y, tape: tape))
            runs.append([y, tape.gradient(of: x), tape.gradient(of: b)].map { FusedBiasReluTests.bits($0) })
            do {
                _ = try Fused.evaluate(.unary(.sqrt, .input(0)), inputs: [bad], tape: nil)
                messages.append("no error")
            } catch {
                messages.append("\(error)")
            }
        }
        #expect(runs[0].allSatisfy { !$0.isEmpty })
        #expect(runs[1] == runs[0] && runs[2] == runs[0])
        #expect(messages[0].contains("-3.0"), "\(messages[0])")
        #expect(messages[1] == messages[0] && messages[2] == messages[0], "\(messages)")
    }
}
