import Testing
@testable import FlxEngine

/// Every differentiable op against central finite differences in Float64.
/// Each op is listed explicitly so a reader can see what is covered.
@Suite struct GradcheckTests {
    // MARK: unary — every UnaryOp with a nonzero derivative

    static let smoothUnary: [UnaryOp] = [
        .neg, .exp, .log, .log1p, .sqrt, .abs, .abs2, .sin, .cos, .tan, .tanh,
        .sigmoid, .relu, .leakyrelu(slope: 0.01), .leakyrelu(slope: 0.3), .elu(alpha: 1), .elu(alpha: 0.5),
        .gelu, .softplus, .swish, .identity,
    ]

    @Test(arguments: smoothUnary)
    func unaryOpGradientMatchesFiniteDifferences(op: UnaryOp) throws {
        // |x| ≥ 0.2 keeps abs/relu/leakyrelu/elu away from their kinks; log/sqrt get positive inputs.
        var x = try T.random([3, 4], seed: 11, awayFromZero: true)
        if [.log, .sqrt, .log1p].contains(op) { x = try Unary.apply(.abs, x, tape: nil) }
        try T.gradcheck("\(op)", [x]) { xs, tape in try Unary.apply(op, xs[0], tape: tape) }
    }

    @Test(arguments: [UnaryOp.sign, .floor, .ceil, .round])
    func piecewiseConstantUnaryOpsHaveZeroGradient(op: UnaryOp) throws {
        let x = try T.random([5], seed: 3, awayFromZero: true)
        let tape = Tape(); tape.watch(x)
        let y = try Reductions.sum(Unary.apply(op, x, tape: tape), tape: tape)
        try tape.backward(from: y)
        #expect(tape.gradient(of: x) == nil)
    }

    // MARK: binary — every differentiable BinaryOp over every broadcast pattern

    static let binaryOps: [BinaryOp] = [.add, .sub, .mul, .div, .pow, .max, .min]
    /// (a shape, b shape): equal, column vector, row, scalar (rank 0), 3-d against matrix, left broadcast.
    static let broadcastCases: [([Int], [Int])] = [([3, 4], [3, 4]), ([3, 4], [3]), ([3, 4], [1, 4]), ([3, 4], []),
                                                    ([2, 3, 2], [2, 3]), ([1, 4], [3, 1]), ([], [3])]

    @Test(arguments: binaryOps)
    func binaryOpGradientMatchesFiniteDifferencesForEveryBroadcastPattern(op: BinaryOp) throws {
        for (sa, sb) in Self.broadcastCases {
            var a = try T.random(sa, seed: 21, awayFromZero: true), b = try T.random(sb, seed: 22, awayFromZero: true)
            if op == .pow { a = try Unary.apply(.abs, a, tape: nil) } // real powers need a positive base
            if op == .div { b = try Unary.apply(.abs, b, tape: nil) }
            try T.gradcheck("\(op) \(sa) \(sb)", [a, b]) { xs, tape in try Arithmetic.binary(op, xs[0], xs[1], tape: tape) }
        }
    }

    @Test func ifelseGradientFlowsToTheChosenBranch() throws {
        let c = try Tensor([true, false, true, false, false, true], shape: Shape(3, 2))
        try T.gradcheck("ifelse", [T.random([3, 2], seed: 1), T.random([3], seed: 2)]) { xs, tape in
            try Arithmetic.ifelse(c, xs[0], xs[1], tape: tape)
        }
    }

    @Test func tensorUsedTwiceAccumulatesGradient() throws {
        try T.gradcheck("x*x + x", [T.random([4], seed: 5)]) { xs, tape in
            try Arithmetic.add(Arithmetic.mul(xs[0], xs[0], tape: tape), xs[0], tape: tape)
        }
    }

    // MARK: linear algebra

    @Test func matmulGradientForEveryTransposeCombination() throws {
        for ta in [false, true] { for tb in [false, true] {
            let a = try T.random(ta ? [3, 4] : [4, 3], seed: 1), b = try T.random(tb ? [2, 3] : [3, 2], seed: 2)
            try T.gradcheck("matmul ta=\(ta) tb=\(tb)", [a, b]) { xs, tape in
                try LinearAlgebra.matmul(xs[0], transA: ta, xs[1], transB: tb, tape: tape)
            }
        } }
    }

    @Test func matmulGradientOnBLASSizedOperands() throws {
        try T.gradcheck("matmul 20x30x9", [T.random([20, 30], seed: 3), T.random([30, 9], seed: 4)], tol: 1e-4) { xs, tape in
            try LinearAlgebra.matmul(xs[0], xs[1], tape: tape)
        }
    }

    @Test func matmulGradientWithVectors() throws {
        try T.gradcheck("M*v", [T.random([4, 3], seed: 1), T.random([3], seed: 2)]) { xs, tape in
            try LinearAlgebra.matmul(xs[0], xs[1], tape: tape)
        }
        try T.gradcheck("M'*v", [T.random([3, 4], seed: 1), T.random([3], seed: 2)]) { xs, tape in
            try LinearAlgebra.matmul(xs[0], transA: true, xs[1], tape: tape)
        }
        try T.gradcheck("v*row", [T.random([4], seed: 1), T.random([1, 3], seed: 2)]) { xs, tape in
            try LinearAlgebra.matmul(xs[0], xs[1], tape: tape)
        }
        try T.gradcheck("v'*w", [T.random([4], seed: 1), T.random([4], seed: 2)]) { xs, tape in
            try LinearAlgebra.matmul(xs[0], transA: true, xs[1], tape: tape)
        }
    }

    @Test func dotNormAndTransposeGradients() throws {
        try T.gradcheck("dot", [T.random([5], seed: 1), T.random([5], seed: 2)]) { xs, tape in
            try LinearAlgebra.dot(xs[0], xs[1], tape: tape)
        }
        for p in [2.0, 1.0, 3.0, .infinity] {
            try T.gradcheck("norm p=\(p)", [T.random([2, 3], seed: 7, awayFromZero: true)]) { xs, tape in
                try LinearAlgebra.norm(xs[0], p: p, tape: tape)
            }
        }
        try T.gradcheck("transpose", [T.random([2, 3], seed: 1)]) { xs, tape in try LinearAlgebra.transpose(xs[0], tape: tape) }
    }

    // MARK: reductions

    static let reduceOps: [ReduceOp] = [.sum, .mean, .prod, .maximum, .minimum]

    @Test(arguments: reduceOps)
    func reductionGradientOverAllAndOverDims(op: ReduceOp) throws {
        let dimSets: [DimSet] = [.all, try DimSet(julia: [1]), try DimSet(julia: [2]), try DimSet(julia: [1, 3]), try DimSet(julia: [3])]
        for dims in dimSets {
            try T.gradcheck("\(op) dims=\(dims.mask)", [T.random([3, 2, 2], seed: 13, awayFromZero: true)]) { xs, tape in
                try Reductions.reduce(op, xs[0], dims: dims, tape: tape)
            }
        }
    }

    @Test func prodGradientWithAZeroEntry() throws {
        try T.gradcheck("prod with zero", [T.vec([2, 0, 3])]) { xs, tape in try Reductions.reduce(.prod, xs[0], tape: tape) }
    }

    @Test func sumAbs2Gradient() throws {
        try T.gradcheck("sum(abs2)", [T.random([3, 2], seed: 3)]) { xs, tape in try Reductions.sumAbs2(xs[0], tape: tape) }
    }

    @Test func softmaxAndLogsoftmaxGradientsAlongDims() throws {
        for dims in [try DimSet.julia(1), try DimSet.julia(2)] {
            try T.gradcheck("softmax", [T.random([4, 3], seed: 8)]) { xs, tape in try Reductions.softmax(xs[0], dims: dims, tape: tape) }
            try T.gradcheck("logsoftmax", [T.random([4, 3], seed: 9)]) { xs, tape in try Reductions.logsoftmax(xs[0], dims: dims, tape: tape) }
        }
    }

    // MARK: shaping and indexing

    @Test func reshapeVecPermutedimsCatRepeatGradients() throws {
        try T.gradcheck("reshape", [T.random([2, 6], seed: 1)]) { xs, tape in try Shaping.reshape(xs[0], [3, -1], tape: tape) }
        try T.gradcheck("vec", [T.random([2, 3], seed: 1)]) { xs, tape in try Shaping.vec(xs[0], tape: tape) }
        try T.gradcheck("permutedims", [T.random([2, 3, 4], seed: 1)]) { xs, tape in try Shaping.permutedims(xs[0], [3, 1, 2], tape: tape) }
        try T.gradcheck("vcat", [T.random([2, 3], seed: 1), T.random([1, 3], seed: 2)]) { xs, tape in try Shaping.vcat(xs, tape: tape) }
        try T.gradcheck("hcat", [T.random([2], seed: 1), T.random([2, 2], seed: 2)]) { xs, tape in try Shaping.hcat(xs, tape: tape) }
        try T.gradcheck("cat dims=3", [T.random([2, 2], seed: 1), T.random([2, 2], seed: 2)]) { xs, tape in try Shaping.cat(xs, dim: 3, tape: tape) }
        try T.gradcheck("repeat", [T.random([2, 3], seed: 1)]) { xs, tape in try Shaping.repeat(xs[0], counts: [2, 1, 2], tape: tape) }
    }

    @Test func gatherGradientScatterAddsForEveryIndexForm() throws {
        let specsList: [[IndexSpec]] = [
            [.all, .scalar(2)],
            [.range(start: 3, step: -2, stop: 1), .all],
            [.list([1, 1, 3]), .list([2, 1])],     // repeated index: gradients add
            [.mask([true, false, true]), .range(1, 2)],
            [.list([6, 1, 2])],                      // linear indexing
            [.scalar(2), .scalar(1)],
        ]
        for specs in specsList {
            try T.gradcheck("getindex \(specs)", [T.random([3, 2], seed: 4)]) { xs, tape in try Indexing.getindex(xs[0], specs, tape: tape) }
        }
    }

    // MARK: fused broadcasts

    @Test func fusedExpressionGradients() throws {
        // σ.(Wx .+ b)
        let dense = FusedExpr.unary(.sigmoid, .binary(.add, .input(0), .input(1)))
        try T.gradcheck("fused σ(a+b)", [T.random([4, 2], seed: 1), T.random([4], seed: 2)]) { xs, tape in
            try Fused.evaluate(dense, inputs: xs, tape: tape)
        }
        // @. a*x + y with a scalar
        let axpy = FusedExpr.binary(.add, .binary(.mul, .input(0), .input(1)), .input(2))
        try T.gradcheck("fused a*x+y", [T.random([], seed: 1), T.random([3, 2], seed: 2), T.random([1, 2], seed: 3)]) { xs, tape in
            try Fused.evaluate(axpy, inputs: xs, tape: tape)
        }
        // x used twice, constants, pow, div, max, tanh, relu, exp: (x^2 + 1) / max(y, 0.5) - tanh(relu(x)) * exp(y)
        let big = FusedExpr.binary(.sub,
            .binary(.div, .binary(.add, .binary(.pow, .input(0), .constant(2)), .constant(1)), .binary(.max, .input(1), .constant(0.5))),
            .binary(.mul, .unary(.tanh, .unary(.relu, .input(0))), .unary(.exp, .input(1))))
        try T.gradcheck("fused big", [T.random([3, 3], seed: 5, awayFromZero: true), T.random([3, 1], seed: 6, awayFromZero: true)]) { xs, tape in
            try Fused.evaluate(big, inputs: xs, tape: tape)
        }
        // Larger than one 256-element block, with a general (non-leading) broadcast operand.
        try T.gradcheck("fused blocks", [T.random([30, 20], seed: 7), T.random([1, 20], seed: 8)]) { xs, tape in
            try Fused.evaluate(dense, inputs: xs, tape: tape)
        }
    }

    @Test func fusedMatchesUnfusedForwardValues() throws {
        let a = try T.random([5, 3], seed: 1), b = try T.random([5], seed: 2)
        let fused = try Fused.evaluate(.unary(.gelu, .binary(.mul, .input(0), .input(1))), inputs: [a, b], tape: nil)
        let plain = try Unary.apply(.gelu, Arithmetic.mul(a, b, tape: nil), tape: nil)
        #expect(fused.toDoubles() == plain.toDoubles())
    }

    // MARK: losses

    @Test func lossGradients() throws {
        let y = try Reductions.softmax(T.random([3, 2], seed: 3), tape: nil)
        try T.gradcheck("mse", [T.random([3, 2], seed: 1), T.random([3, 2], seed: 2)]) { xs, tape in try Losses.mse(xs[0], xs[1], tape: tape) }
        try T.gradcheck("crossentropy", [Reductions.softmax(T.random([3, 2], seed: 4), tape: nil)]) { xs, tape in
            try Losses.crossentropy(xs[0], y, tape: tape)
        }
        try T.gradcheck("logitcrossentropy", [T.random([3, 2], seed: 5)]) { xs, tape in try Losses.logitcrossentropy(xs[0], y, tape: tape) }
    }

    // MARK: element types

    @Test func conversionGradientPassesThroughAndReturnsToInputType() throws {
        try T.gradcheck("convert f64→f64 identity", [T.random([3], seed: 1)]) { xs, tape in
            try Conversion.convert(xs[0], to: .float64, tape: tape)
        }
        let x = try T.random([3], seed: 2), tape = Tape(); tape.watch(x)
        let y = try Reductions.sum(Conversion.convert(x, to: .float32, tape: tape), tape: tape)
        try tape.backward(from: y)
        #expect(tape.gradient(of: x)?.dtype == .float64)
        #expect(tape.gradient(of: x)?.toDoubles() == [1, 1, 1])
    }

    @Test func float32ParametersGetFloat32Gradients() throws {
        let w = try T.random([3, 2], dtype: .float32), x = try T.random([2], seed: 2) // x is Float64
        let tape = Tape(); tape.watch(w)
        let y = try Reductions.sum(LinearAlgebra.matmul(w, x, tape: tape), tape: tape)
        #expect(y.dtype == .float64)
        try tape.backward(from: y)
        #expect(tape.gradient(of: w)?.dtype == .float32)
    }
}
