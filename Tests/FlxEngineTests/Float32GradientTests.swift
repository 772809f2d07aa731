import Testing
@testable import FlxEngine

/// The Float32 kernels (forward and backward) agree with the Float64 ones, which
/// the finite-difference gradchecks validate.
@Suite struct Float32GradientTests {
    /// Gradients of sum(w .* f(xs)) for Float64 inputs and the same inputs as Float32.
    static func compare(_ name: String, _ inputs: [Tensor], _ f: ([Tensor], Tape?) throws -> Tensor,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        func grads(_ xs: [Tensor]) throws -> [[Double]] {
            let tape = Tape()
            for x in xs { tape.watch(x) }
            let y = try f(xs, tape)
            let w = try T.random(y.shape.dims, seed: 77, dtype: y.dtype)
            try tape.backward(from: Reductions.sum(Arithmetic.mul(y, w, tape: tape), tape: tape))
            return xs.map { tape.gradient(of: $0)?.toDoubles() ?? [] }
        }
        let g64 = try grads(inputs)
        let xs32 = try inputs.map { try $0.converted(to: .float32) }
        let g32 = try grads(xs32)
        for (k, (a, b)) in zip(g64, g32).enumerated() {
            #expect(T.close(a, b, tol: 2e-4), "\(name) input \(k): \(a) vs \(b)", sourceLocation: sourceLocation)
        }
        let y32 = try f(xs32, nil)
        #expect(y32.dtype == .float32, "\(name) keeps Float32", sourceLocation: sourceLocation)
    }

    @Test func everyOpFamilyAgreesBetweenFloat32AndFloat64() throws {
        let x = try T.random([3, 4], seed: 1, awayFromZero: true), y = try T.random([3, 1], seed: 2, awayFromZero: true)
        let pos = try Unary.apply(.abs, x, tape: nil)
        for op in GradcheckTests.smoothUnary {
            let input = [.log, .sqrt, .log1p].contains(op) ? pos : x
            try Self.compare("\(op)", [input]) { xs, t in try Unary.apply(op, xs[0], tape: t) }
        }
        for op in GradcheckTests.binaryOps {
            try Self.compare("\(op)", [op == .pow ? pos : x, y]) { xs, t in try Arithmetic.binary(op, xs[0], xs[1], tape: t) }
        }
        try Self.compare("matmul", [T.random([4, 3], seed: 3), T.random([4, 2], seed: 4)]) { xs, t in
            try LinearAlgebra.matmul(xs[0], transA: true, xs[1], tape: t)
        }
        try Self.compare("fused", [x, y]) { xs, t in
            try Fused.evaluate(.unary(.sigmoid, .binary(.mul, .input(0), .binary(.add, .input(1), .constant(1)))), inputs: xs, tape: t)
        }
        for op in GradcheckTests.reduceOps {
            try Self.compare("\(op)", [x]) { xs, t in try Reductions.reduce(op, xs[0], dims: .julia(2), tape: t) }
        }
        try Self.compare("softmax", [x]) { xs, t in try Reductions.softmax(xs[0], tape: t) }
        try Self.compare("logsoftmax", [x]) { xs, t in try Reductions.logsoftmax(xs[0], tape: t) }
        try Self.compare("sum(abs2)", [x]) { xs, t in try Reductions.sumAbs2(xs[0], tape: t) }
        try Self.compare("getindex", [x]) { xs, t in try Indexing.getindex(xs[0], [.list([1, 1, 3]), .range(2, 4)], tape: t) }
        try Self.compare("cat", [x, y]) { xs, t in try Shaping.hcat(xs, tape: t) }
        try Self.compare("permutedims", [x]) { xs, t in try Shaping.permutedims(xs[0], [2, 1], tape: t) }
        try Self.compare("mse", [x, T.random([3, 4], seed: 9)]) { xs, t in try Losses.mse(xs[0], xs[1], tape: t) }
        try Self.compare("norm", [x]) { xs, t in try LinearAlgebra.norm(xs[0], tape: t) }
        try Self.compare("dot", [x, T.random([3, 4], seed: 5)]) { xs, t in try LinearAlgebra.dot(xs[0], xs[1], tape: t) }
    }
}
