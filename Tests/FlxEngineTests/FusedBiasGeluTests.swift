import Testing
@testable import FlxEngine

/// `gelu.(a .+ b)` in Float32 with b along a's first dimension runs in the vectorised C
/// passes (Dense with gelu); the same sum written `gelu.(b .+ a)` takes the general block
/// interpreter (`FusedBiasReluTests.bothPaths` runs both), which evaluates UnaryOp's gelu
/// and derivative element by element. Both must give the same bits forward and backward,
/// over the whole range of gelu's branches (|λ(x + αx³)|² past 66, where tanh_fast is ±1),
/// signed zeros and NaN; and the gradient must agree with central differences.
@Suite struct FusedBiasGeluTests {
    @Test func vectorisedPassesMatchTheGeneralInterpreterBitForBit() throws {
        let cases: [([Int], [Int])] = [([7, 50], [7]), ([300, 3], [300]), ([13, 5, 9], [13]), ([512, 64], [512]), ([1, 700], [1])]
        let saved = Engine.threads
        defer { try? Engine.setThreads(saved) }
        for threads in [1, 3] {
            try Engine.setThreads(threads)
            for (outDims, biasDims) in cases {
                // Inputs over [-8, 8): both sides of tanh_fast's cut-off and of zero.
                var av = try T.random(outDims, seed: 31, dtype: .float64).toDoubles().map { $0 * 8 }
                av[0] = 0; av[1] = -0.0; av[2] = .nan; av[3 % av.count] = 40; av[4 % av.count] = -40
                let bv = try T.random(biasDims, seed: 32, dtype: .float64).toDoubles()
                var upv = try T.random(outDims, seed: 33, dtype: .float64).toDoubles()
                upv[5 % upv.count] = -0.0
                let a = try Tensor.from(av, shape: Shape(outDims), dtype: .float32)
                let b = try Tensor.from(bv, shape: Shape(biasDims), dtype: .float32)
                let up = try Tensor.from(upv, shape: Shape(outDims), dtype: .float32)
                let (dedicated, general) = try FusedBiasReluTests.bothPaths(a, b, up, op: .gelu)
                let label = "\(outDims) bias \(biasDims) \(threads) threads"
                #expect(dedicated[0] == general[0], "forward \(label)")
                #expect(dedicated[1] == general[1], "gradient of a \(label)")
                #expect(dedicated[2] == general[2], "gradient of b \(label)")
                #expect(dedicated[1].count == av.count && dedicated[2].count == bv.count)
            }
        }
    }

    @Test func gradientMatchesCentralDifferences() throws {
        // Float32 forward passes evaluated in Float64 from the C kernel's outputs would carry
        // Float32 rounding; differences of a wide step keep that error far below the tolerance.
        let a = try T.random([9, 4], seed: 41, dtype: .float32).toDoubles().map { $0 * 3 }
        let b = try T.random([9], seed: 42, dtype: .float32).toDoubles()
        let expr: FusedExpr = .unary(.gelu, .binary(.add, .input(0), .input(1)))
        let tape = Tape()
        let at = try Tensor.from(a, shape: Shape([9, 4]), dtype: .float32), bt = try Tensor.from(b, shape: Shape([9]), dtype: .float32)
        tape.watch(at)
        try tape.backward(from: Reductions.sum(Fused.evaluate(expr, inputs: [at, bt], sumInputs: 0b10, tape: tape), tape: tape))
        let grad = tape.gradient(of: at)?.toDoubles() ?? []
        func total(_ v: [Double]) throws -> Double {
            try Fused.evaluate(expr, inputs: [Tensor.from(v, shape: Shape([9, 4]), dtype: .float32), bt], tape: nil).toDoubles().reduce(0, +)
        }
        let h = 1e-2
        #expect(grad.count == a.count)
        for i in 0..<a.count {
            var up = a, down = a
            up[i] += h; down[i] -= h
            let numeric = (try total(up) - total(down)) / (2 * h)
            #expect(abs(grad[i] - numeric) <= 2e-3 * max(1, abs(numeric)), "element \(i): \(grad[i]) vs \(numeric)")
        }
    }
}
