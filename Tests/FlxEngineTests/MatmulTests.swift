import Testing
@testable import FlxEngine

/// Every matmul path (small loop, BLAS gemm, BLAS gemv; all transpose flags;
/// Float32 and Float64; odd sizes) against a naive triple loop.
@Suite struct MatmulTests {
    /// C = op(A)·op(B) by definition, in Float64.
    static func naive(_ a: Tensor, _ ta: Bool, _ b: Tensor, _ tb: Bool) -> (Int, Int, [Double]) {
        let ar = a.rank == 1 ? a.count : a.shape[0], ac = a.rank == 1 ? 1 : a.shape[1]
        let br = b.rank == 1 ? b.count : b.shape[0], bc = b.rank == 1 ? 1 : b.shape[1]
        let m = ta ? ac : ar, k = ta ? ar : ac, n = tb ? br : bc
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k {
            let x = ta ? a.doubleAt(p + i * ar) : a.doubleAt(i + p * ar)
            let y = tb ? b.doubleAt(j + p * br) : b.doubleAt(p + j * br)
            c[i + j * m] += x * y
        } } }
        return (m, n, c)
    }

    static let sizes: [(m: Int, k: Int, n: Int)] = [(7, 3, 2), (1, 1, 1), (5, 9, 3), (17, 13, 11), (33, 65, 31), (64, 1, 7), (3, 7, 1)]

    @Test(arguments: [DType.float32, .float64], [false, true])
    func everyTransposeCombinationMatchesNaiveOnLoopAndBLASPaths(dtype: DType, forceBLAS: Bool) throws {
        for (m, k, n) in Self.sizes {
            for ta in [false, true] { for tb in [false, true] {
                let a = try T.random(ta ? [k, m] : [m, k], seed: UInt64(m * 31 + k), dtype: dtype)
                let b = try T.random(tb ? [n, k] : [k, n], seed: UInt64(n * 17 + k), dtype: dtype)
                let out = try Tensor(uninitialized: dtype, Shape(m, n))
                try MatmulKernel.multiply(MatOperand(a, trans: ta), MatOperand(b, trans: tb), into: out,
                                          forceLoop: !forceBLAS, forceBLAS: forceBLAS)
                let (_, _, expect) = Self.naive(a, ta, b, tb)
                let tol = dtype == .float32 ? 1e-4 : 1e-12
                #expect(T.close(out.toDoubles(), expect, tol: tol), "m=\(m) k=\(k) n=\(n) ta=\(ta) tb=\(tb) blas=\(forceBLAS)")
            } }
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func matrixTimesVectorUsesGemvAndMatchesNaive(dtype: DType) throws {
        for trans in [false, true] {
            for forceBLAS in [false, true] {
                let a = try T.random(trans ? [13, 9] : [9, 13], seed: 5, dtype: dtype)
                let x = try T.random([13], seed: 6, dtype: dtype)
                let out = try Tensor(uninitialized: dtype, Shape(9))
                try MatmulKernel.multiply(MatOperand(a, trans: trans), MatOperand(x, trans: false), into: out,
                                          route: forceBLAS ? .gemvB : .gemm, forceLoop: !forceBLAS, forceBLAS: forceBLAS)
                let (_, _, expect) = Self.naive(a, trans, x, false)
                #expect(T.close(out.toDoubles(), expect, tol: dtype == .float32 ? 1e-4 : 1e-12))
            }
        }
    }

    /// x' * M (gemv on Mᵀ), x' * y (BLAS dot) and M * x (gemv) through the public entry point.
    @Test(arguments: [DType.float32, .float64])
    func vectorRoutesMatchNaive(dtype: DType) throws {
        let tol = dtype == .float32 ? 1e-4 : 1e-12
        for (tb, dims) in [(false, [9, 5]), (true, [5, 9])] {
            let x = try T.random([9], seed: 1, dtype: dtype), M = try T.random(dims, seed: 2, dtype: dtype)
            let r = try LinearAlgebra.matmul(x, transA: true, M, transB: tb, tape: nil)
            #expect(r.shape.dims == [1, 5])
            #expect(T.close(r.toDoubles(), Self.naive(x, true, M, tb).2, tol: tol))
        }
        let x = try T.random([9], seed: 3, dtype: dtype), y = try T.random([9], seed: 4, dtype: dtype)
        #expect(T.close(try LinearAlgebra.matmul(x, transA: true, y, tape: nil).toDoubles(), Self.naive(x, true, y, false).2, tol: tol))
        let M = try T.random([4, 9], seed: 5, dtype: dtype)
        #expect(T.close(try LinearAlgebra.matmul(M, x, tape: nil).toDoubles(), Self.naive(M, false, x, false).2, tol: tol))
    }

    /// Julia computes 2×2 and 3×3 products with a plain loop (matmul2x2!/3x3!), without FMA.
    @Test func twoByTwoAndThreeByThreeUseJuliasLoopOrder() throws {
        for n in [2, 3] {
            let a = try T.random([n, n], seed: 1, dtype: .float32), b = try T.random([n, n], seed: 2, dtype: .float32)
            let c = try LinearAlgebra.matmul(a, b, tape: nil)
            var expect = [Double]()
            for j in 0..<n { for i in 0..<n {
                var s: Float = Float(a.doubleAt(i)) * Float(b.doubleAt(j * n))
                for p in 1..<n { s += Float(a.doubleAt(i + p * n)) * Float(b.doubleAt(p + j * n)) }
                expect.append(Double(s))
            } }
            #expect(c.toDoubles() == expect)
        }
    }

    @Test func largeProductTakesBLASPathThroughPublicAPI() throws {
        let a = try T.random([70, 80], seed: 1), b = try T.random([80, 90], seed: 2)
        let c = try LinearAlgebra.matmul(a, b, tape: nil)
        #expect(c.shape == (try Shape(70, 90)))
        #expect(T.close(c.toDoubles(), Self.naive(a, false, b, false).2, tol: 1e-12))
        let ct = try LinearAlgebra.matmul(a, transA: true, a, tape: nil)
        #expect(T.close(ct.toDoubles(), Self.naive(a, true, a, false).2, tol: 1e-12))
    }

    @Test func resultShapesFollowJulia() throws {
        let A = try T.random([7, 3]), x = try T.random([3]), v = try T.random([7]), r = try T.random([1, 4])
        #expect(try LinearAlgebra.matmul(A, x, tape: nil).shape.dims == [7])           // M*v → vector
        #expect(try LinearAlgebra.matmul(v, r, tape: nil).shape.dims == [7, 4])        // v*row → outer
        #expect(try LinearAlgebra.matmul(v, transA: true, v, tape: nil).shape.rank == 0) // v'v → scalar
        #expect(try LinearAlgebra.matmul(A, transA: true, v, tape: nil).shape.dims == [3])
        #expect(try LinearAlgebra.matmul(v, v, transB: true, tape: nil).shape.dims == [7, 7]) // v*v'
    }

    @Test func int64MatmulIsExactAndWraps() throws {
        let a = try Tensor([1, 2, 3, 4, 5, 6] as [Int64], shape: Shape(2, 3))
        let b = try Tensor([1, 0, 2, 1, 3, 1] as [Int64], shape: Shape(3, 2))
        let c = try LinearAlgebra.matmul(a, b, tape: nil)
        #expect(c.dtype == .int64)
        let expected: [Int64] = [11, 14, 15, 20]
        #expect(try c.toInt64s() == expected)
        let big = try Tensor([Int64.max, 1] as [Int64], shape: Shape(1, 2))
        let ones = try Tensor([1, 1] as [Int64])
        #expect(try LinearAlgebra.matmul(big, ones, tape: nil).toInt64s() == [Int64.min])
    }

    @Test func mixedTypesPromote() throws {
        let a = try Tensor([1, 2] as [Int64], shape: Shape(1, 2))
        let b = try T.random([2, 2], dtype: .float32)
        #expect(try LinearAlgebra.matmul(a, b, tape: nil).dtype == .float32)
    }

    @Test func shapeMismatchNamesBothShapes() throws {
        let a = try T.random([7, 3]), b = try T.random([2, 2])
        #expect(throws: EngineError.dimensionMismatch("matrix A has dimensions (7,3), matrix B has dimensions (2,2)")) {
            try LinearAlgebra.matmul(a, b, tape: nil)
        }
        #expect(throws: EngineError.dimensionMismatch("matrix A has dimensions (7,3), vector B has length 2")) {
            try LinearAlgebra.matmul(a, T.random([2]), tape: nil)
        }
        #expect(throws: EngineError.self) { try LinearAlgebra.matmul(T.random([2, 2, 2]), b, tape: nil) }
    }

    @Test func zeroSizedProductsGiveZeros() throws {
        let a = try Tensor.zeros(.float64, Shape(3, 0)), b = try Tensor.zeros(.float64, Shape(0, 2))
        let c = try LinearAlgebra.matmul(a, b, tape: nil)
        #expect(c.shape.dims == [3, 2] && c.toDoubles() == Array(repeating: 0, count: 6))
    }

    @Test func dotTransposeAndNorm() throws {
        let a = try T.vec([1, 2, 3]), b = try T.vec([4, 5, 6])
        #expect(try LinearAlgebra.dot(a, b, tape: nil).double(at: 0) == 32)
        #expect(throws: EngineError.dimensionMismatch("dot product arguments have lengths 3 and 2")) {
            try LinearAlgebra.dot(a, T.vec([1, 2]), tape: nil)
        }
        let m = try T.mat(2, 3, [1, 2, 3, 4, 5, 6])
        let t = try LinearAlgebra.transpose(m, tape: nil)
        #expect(t.shape.dims == [3, 2] && t.toDoubles() == [1, 3, 5, 2, 4, 6])
        #expect(try LinearAlgebra.transpose(a, tape: nil).shape.dims == [1, 3])
        #expect(try LinearAlgebra.norm(T.vec([3, -4]), tape: nil).double(at: 0) == 5)
        #expect(try LinearAlgebra.norm(T.vec([3, -4]), p: 1, tape: nil).double(at: 0) == 7)
        #expect(try LinearAlgebra.norm(T.vec([3, -4]), p: .infinity, tape: nil).double(at: 0) == 4)
    }
}

/// Regression: in release builds a k = 0 product used to end `multiply` with a tail
/// call to memset that skipped clearing Swift's error register, so callers saw a
/// garbage error and crashed. Same for identity (memmove) and fused assignment.
@Suite struct TailCallRegressionTests {
    @Test func emptyInnerDimensionProductReturnsZeros() throws {
        for ta in [false, true] { for tb in [false, true] {
            let a = try Tensor.zeros(.float32, ta ? Shape(0, 3) : Shape(3, 0))
            let b = try Tensor.zeros(.int64, Shape(0))
            do {
                let out = try LinearAlgebra.matmul(a, transA: ta, b, transB: tb, tape: nil)
                #expect(out.toDoubles().allSatisfy { $0 == 0 })
            } catch let e as EngineError {
                guard case .dimensionMismatch = e else { Issue.record("unexpected \(e)"); continue }
            }
        } }
        let c = try LinearAlgebra.matmul(Tensor.zeros(.float64, Shape(2, 0)), Tensor.zeros(.float64, Shape(0, 4)), tape: nil)
        #expect(c.shape.dims == [2, 4] && c.toDoubles() == Array(repeating: 0, count: 8))
        #expect(try Unary.apply(.identity, T.vec([1, 2]), tape: nil).toDoubles() == [1, 2])
        let i = try Tensor.zeros(.int64, Shape(2))
        try Fused.assign(.constant(2), inputs: [], into: i, tape: nil)
        #expect(try i.toInt64s() == [2, 2])
    }
}

/// Matrix products split across threads (row or column blocks of C, each its own BLAS
/// call) give the same bits as one call, for the shapes training takes (MLP layers, im2col
/// convolutions forward and both gradients) and every transpose; and agree with the loop.
@Suite struct ThreadedMatmulTests {
    @Test(arguments: [DType.float32, .float64])
    func splitProductsMatchOneThreadBitForBit(dtype: DType) throws {
        let shapes: [(Int, Int, Int)] = [(256, 784, 128), (256, 128, 784), (784, 256, 128), (7744, 72, 16), (72, 7744, 16),
                                         (7744, 16, 72), (43264, 9, 8), (5000, 3, 300), (129, 1000, 33), (1100, 1100, 3),
                                         (2600, 10, 100), (1000, 26, 100), (101, 9000, 3),
                                         // last block a partial tile (it must join the previous one)
                                         (100, 784, 64), (49, 1000, 48), (48, 1000, 49), (97, 1000, 48), (48, 1000, 97), (49, 2000, 40)]
        let saved = Engine.threads
        defer { try? Engine.setThreads(saved) }
        for (m, k, n) in shapes {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = try T.random(ta ? [k, m] : [m, k], seed: 7, dtype: dtype)
                let b = try T.random(tb ? [n, k] : [k, n], seed: 8, dtype: dtype)
                var results: [[UInt64]] = []
                for threads in [1, 2, 3] {
                    try Engine.setThreads(threads)
                    let c = try LinearAlgebra.matmul(a, transA: ta, b, transB: tb, tape: nil)
                    results.append(c.toDoubles().map { $0.bitPattern })
                }
                if results[1] != results[0] || results[2] != results[0] {
                    Issue.record("split product differs: \(m)×\(k)×\(n) \(ta) \(tb) \(dtype) 2 threads \(results[1] == results[0]), 3 threads \(results[2] == results[0])")
                }
                if m * n * k <= 3_000_000 {
                    let c = try Tensor(uninitialized: dtype, Shape(m, n))
                    try MatmulKernel.multiply(MatOperand(a, trans: ta), MatOperand(b, trans: tb), into: c, forceLoop: true)
                    let tol = dtype == .float32 ? 1e-3 : 1e-10
                    let loop = c.toDoubles()
                    let got = results[0].map { Double(bitPattern: $0) }
                    #expect(zip(loop, got).allSatisfy { abs($0 - $1) <= tol * Swift.max(1, abs($0)) * Double(k) }, "\(m)×\(k)×\(n) loop")
                }
            }
        }
    }
}
