import Testing
@testable import FlxEngine

/// det, logabsdet, inv, solve, kron and opnorm: values Julia gives (quoted in comments),
/// Julia's singular and non-square errors, and every backward rule against central finite
/// differences in Float64.
@Suite struct FactorizationTests {
    /// A well-conditioned 3×3 that is neither triangular nor singular.
    static func general() throws -> Tensor { try T.mat(3, 3, [2.0, 0.5, -1.0, 1.0, 3.0, 0.2, -0.3, 0.4, 1.5]) }

    @Test func detFollowsJuliasAlgorithms() throws {
        // julia> det([1 2; 3 4])  →  -2.0 (LU: the product rounds back to exactly 2)
        #expect(try LinearAlgebra.det(T.mat(2, 2, [1, 3, 2, 4]), tape: nil).double(at: 0) == -2.0)
        // A general matrix: the product of U's diagonal, negated for an odd permutation
        // (here one interchange, rows 1 and 2), against the closed form 2·(3·1.5 - 0.2·0.4) - ...
        let g = try Self.general()
        let expected = 2 * (3 * 1.5 - 0.4 * 0.2) - 1 * (0.5 * 1.5 - 0.4 * -1) + -0.3 * (0.5 * 0.2 - 3 * -1)
        #expect(abs(try LinearAlgebra.det(g, tape: nil).double(at: 0) - expected) < 1e-14)
        // Triangular: the product of the diagonal; singular LU: exactly zero.
        #expect(try LinearAlgebra.det(T.mat(2, 2, [2, 0, 5, 3]), tape: nil).double(at: 0) == 6)
        #expect(try LinearAlgebra.det(T.mat(2, 2, [1, 2, 2, 4]), tape: nil).double(at: 0) == 0)
        let empty = try Tensor([Double](), shape: Shape(0, 0))
        #expect(try LinearAlgebra.det(empty, tape: nil).double(at: 0) == 1)
    }

    @Test func integerMatricesGiveFloat64AndFloat32StaysFloat32() throws {
        let ints = try Tensor([Int64(1), 3, 2, 4], shape: Shape(2, 2))
        #expect(try LinearAlgebra.det(ints, tape: nil).dtype == .float64)
        #expect(try LinearAlgebra.inv(ints, tape: nil).dtype == .float64)
        let f = try T.mat(2, 2, [1, 3, 2, 4]).converted(to: .float32)
        #expect(try LinearAlgebra.det(f, tape: nil).dtype == .float32)
        #expect(try LinearAlgebra.solve(f, T.vec([1, 2]).converted(to: .float32), tape: nil).dtype == .float32)
        #expect(try LinearAlgebra.solve(f, T.vec([1, 2]), tape: nil).dtype == .float64)
    }

    @Test func logabsdetMatchesLogOfDet() throws {
        let a = try Self.general()
        let (l, s) = try LinearAlgebra.logabsdet(a, tape: nil)
        let d = try LinearAlgebra.det(a, tape: nil).double(at: 0)
        #expect(abs(l.doubleValue(0) - Double.m_log(abs(d))) < 1e-14 && s == (d > 0 ? 1 : -1))
        // julia> logabsdet([-1. 0.; 0. 1.])  →  (0.0, -1.0)
        let (l2, s2) = try LinearAlgebra.logabsdet(T.mat(2, 2, [-1, 0, 0, 1]), tape: nil)
        #expect(l2.doubleValue(0) == 0 && s2 == -1)
        // Singular through LU: (-Inf, 0.0).
        let (l3, s3) = try LinearAlgebra.logabsdet(T.mat(2, 2, [1, 2, 2, 4]), tape: nil)
        #expect(l3.doubleValue(0) == -.infinity && s3 == 0)
    }

    @Test func inverseAndSolveAgree() throws {
        let a = try Self.general(), b = try T.vec([1, -2, 0.5])
        let x = try LinearAlgebra.solve(a, b, tape: nil)
        let viaInv = try LinearAlgebra.matmul(LinearAlgebra.inv(a, tape: nil), b, tape: nil)
        #expect(T.close(x.toDoubles(), viaInv.toDoubles(), tol: 1e-12))
        let back = try LinearAlgebra.matmul(a, x, tape: nil)
        #expect(T.close(back.toDoubles(), b.toDoubles(), tol: 1e-12))
        // julia> inv([4.0 7.0; 2.0 6.0])  →  [0.6 -0.7; -0.2 0.4]
        let i2 = try LinearAlgebra.inv(T.mat(2, 2, [4, 2, 7, 6]), tape: nil)
        #expect(T.close(i2.toDoubles(), [0.6, -0.2, -0.7, 0.4], tol: 1e-15))
        // Triangular and diagonal take their own paths; the other triangle is exactly zero.
        let upper = try LinearAlgebra.inv(T.mat(2, 2, [2, 0, 1, 4]), tape: nil)
        #expect(upper.toDoubles() == [0.5, 0, -0.125, 0.25])
        let diagonal = try LinearAlgebra.inv(T.mat(2, 2, [-2, 0, 0, 4]), tape: nil)
        #expect(diagonal.toDoubles().map { $0.sign } == [.minus, .plus, .plus, .plus])
    }

    @Test func singularAndNonSquareMatricesRaiseJuliasErrors() throws {
        #expect(throws: EngineError.singular(2)) { try LinearAlgebra.inv(T.mat(2, 2, [1, 2, 2, 4]), tape: nil) }
        #expect(throws: EngineError.singular(2)) { try LinearAlgebra.solve(T.mat(2, 2, [1, 2, 2, 4]), T.vec([1, 1]), tape: nil) }
        // A lower-triangular matrix is singular at its first zero on the diagonal, as Julia's trtrs says.
        #expect(throws: EngineError.singular(1)) { try LinearAlgebra.inv(T.mat(2, 2, [0, 1, 0, 1]), tape: nil) }
        #expect(throws: EngineError.singular(2)) { try LinearAlgebra.solve(T.mat(2, 2, [3, 0, 0, 0]), T.vec([1, 1]), tape: nil) }
        #expect(throws: EngineError.dimensionMismatch("matrix is not square: dimensions are \(dims: [2, 3])")) {
            try LinearAlgebra.det(T.mat(2, 3, [1, 2, 3, 4, 5, 6]), tape: nil)
        }
        #expect(throws: EngineError.dimensionMismatch("arguments must have the same number of rows")) {
            try LinearAlgebra.solve(Self.general(), T.vec([1, 2]), tape: nil)
        }
    }

    @Test func kronBuildsBlocks() throws {
        // julia> kron([1 2; 3 4], [1 1])  →  [1 1 2 2; 3 3 4 4]
        let k = try LinearAlgebra.kron(Tensor([Int64(1), 3, 2, 4], shape: Shape(2, 2)), Tensor([Int64(1), 1], shape: Shape(1, 2)), tape: nil)
        #expect(k.shape.dims == [2, 4] && k.dtype == .int64)
        #expect(try k.toInt64s() == [1, 3, 1, 3, 2, 4, 2, 4])
        let v = try LinearAlgebra.kron(T.vec([1, 2]), T.vec([10, 20, 30]), tape: nil)
        #expect(v.shape.dims == [6] && v.toDoubles() == [10, 20, 30, 20, 40, 60])
        let bools = try LinearAlgebra.kron(Tensor([true, false]), Tensor([true, true]), tape: nil)
        #expect(bools.dtype == .bool)
    }

    @Test func opnormOfEachKind() throws {
        let a = try T.mat(2, 2, [1, -3, 2, 4])
        #expect(try LinearAlgebra.opnorm(a, p: 1, tape: nil).double(at: 0) == 6)
        #expect(try LinearAlgebra.opnorm(a, p: .infinity, tape: nil).double(at: 0) == 7)
        // The largest singular value of [1 2; -3 4]: √(15 + √125).
        #expect(abs(try LinearAlgebra.opnorm(a, p: 2, tape: nil).double(at: 0) - (15 + 125.0.squareRoot()).squareRoot()) < 1e-14)
        #expect(try LinearAlgebra.opnorm(T.mat(1, 2, [3, 4]), p: 2, tape: nil).double(at: 0) == 5)
    }

    // MARK: gradients

    @Test func detAndLogabsdetGradients() throws {
        try T.gradcheck("det", [Self.general()]) { xs, tape in try LinearAlgebra.det(xs[0], tape: tape) }
        try T.gradcheck("det triangular", [T.mat(2, 2, [2, 0, 1, 3])]) { xs, tape in try LinearAlgebra.det(xs[0], tape: tape) }
        try T.gradcheck("logabsdet", [Self.general()]) { xs, tape in try LinearAlgebra.logabsdet(xs[0], tape: tape).logabs }
        try T.gradcheck("logabsdet negative", [T.mat(2, 2, [1, 3, 2, 4])]) { xs, tape in try LinearAlgebra.logabsdet(xs[0], tape: tape).logabs }
    }

    @Test func inverseAndSolveGradients() throws {
        try T.gradcheck("inv", [Self.general()]) { xs, tape in try LinearAlgebra.inv(xs[0], tape: tape) }
        try T.gradcheck("solve vector", [Self.general(), T.vec([1, -2, 0.5])]) { xs, tape in try LinearAlgebra.solve(xs[0], xs[1], tape: tape) }
        try T.gradcheck("solve matrix", [Self.general(), T.random([3, 2], seed: 4)]) { xs, tape in try LinearAlgebra.solve(xs[0], xs[1], tape: tape) }
        try T.gradcheck("solve triangular", [T.mat(2, 2, [2, 0, 1, 3]), T.vec([1, 2])]) { xs, tape in try LinearAlgebra.solve(xs[0], xs[1], tape: tape) }
    }

    @Test func kronAndOpnormGradients() throws {
        try T.gradcheck("kron", [T.random([2, 3], seed: 7), T.random([3, 2], seed: 8)]) { xs, tape in try LinearAlgebra.kron(xs[0], xs[1], tape: tape) }
        try T.gradcheck("kron vectors", [T.random([2], seed: 7), T.random([3], seed: 8)]) { xs, tape in try LinearAlgebra.kron(xs[0], xs[1], tape: tape) }
        for p in [1.0, 2.0, .infinity] {
            try T.gradcheck("opnorm \(p)", [Self.general()]) { xs, tape in try LinearAlgebra.opnorm(xs[0], p: p, tape: tape) }
        }
    }
}
