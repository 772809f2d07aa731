#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import FlxEngine

/// Reduction values and shapes (size-1 dims kept), softmax, cat/repeat/reshape values.
@Suite struct ReductionValueTests {
    @Test func reductionsKeepSizeOneDims() throws {
        let m = try T.mat(2, 3, [1, 2, 3, 4, 5, 6])
        let s1 = try Reductions.sum(m, dims: .julia(1), tape: nil)
        #expect(s1.shape.dims == [1, 3] && s1.toDoubles() == [3, 7, 11])
        let s2 = try Reductions.reduce(.maximum, m, dims: .julia(2), tape: nil)
        #expect(s2.shape.dims == [2, 1] && s2.toDoubles() == [5, 6])
        #expect(try Reductions.sum(m, tape: nil).rank == 0)
        #expect(try Reductions.reduce(.prod, m, tape: nil).double(at: 0) == 720)
        #expect(try Reductions.mean(m, dims: DimSet(julia: [1, 2]), tape: nil).shape.dims == [1, 1])
        #expect(try Reductions.sum(m, dims: .julia(3), tape: nil).shape.dims == [2, 3])
        #expect(try Reductions.argmax(m, dims: .julia(1)).toInt64s() == [2, 4, 6])
        #expect(try Reductions.argmax(T.vec([1, 5, 5, 2])) == 2)
        #expect(try Reductions.argmin(T.vec([3, 1, 1])) == 2)
        #expect(try Reductions.reduce(.maximum, T.vec([1, .nan, 3]), tape: nil).double(at: 0).isNaN)
    }

    @Test func softmaxIsStableAndNormalised() throws {
        let x = try T.mat(2, 2, [1000, 1001, -1000, 0])
        let p = try Reductions.softmax(x, tape: nil)
        #expect(p.toDoubles().allSatisfy { $0.isFinite })
        let s = try Reductions.sum(p, dims: .julia(1), tape: nil).toDoubles()
        #expect(T.close(s, [1, 1]))
        let l = try Reductions.logsoftmax(x, tape: nil)
        #expect(T.close(try Unary.apply(.exp, l, tape: nil).toDoubles(), p.toDoubles()))
    }

    @Test func catRepeatAndReshapeValues() throws {
        let a = try T.vec([1, 2]), b = try T.vec([3, 4])
        let h = try Shaping.hcat([a, b], tape: nil)
        #expect(h.shape.dims == [2, 2] && h.toDoubles() == [1, 2, 3, 4])
        let v = try Shaping.vcat([a, b], tape: nil)
        #expect(v.shape.dims == [4])
        let r = try Shaping.repeat(a, counts: [2, 2], tape: nil)
        #expect(r.shape.dims == [4, 2] && r.toDoubles() == [1, 2, 1, 2, 1, 2, 1, 2])
        let m = try Shaping.reshape(T.vec([1, 2, 3, 4, 5, 6]), [-1, 2], tape: nil)
        #expect(m.shape.dims == [3, 2])
        let p = try Shaping.permutedims(T.mat(2, 3, [1, 2, 3, 4, 5, 6]), [2, 1], tape: nil)
        #expect(p.toDoubles() == [1, 3, 5, 2, 4, 6])
        let mixed = try Shaping.vcat([Tensor([1] as [Int64]), T.vec([0.5])], tape: nil)
        #expect(mixed.dtype == .float64)
    }

    @Test func shapeCountsAndDescribes() throws {
        #expect(try Shape([3, 2]).description == "(3, 2)")
        #expect(Shape.scalar.count == 1)
        #expect(try Shape([1, 2, 3, 4, 5, 6]).count == 720)
        #expect(try Shape([1, 2, 3, 4, 5, 6]) == Shape([1, 2, 3, 4, 5, 6]))
        #expect(try Shape([1, 2, 3, 4, 5, 6]) != Shape([1, 2, 3, 4, 5, 7]))
    }
}

@Suite struct SummationOrderTests {
    @Test func wholeArraySumsAddInJuliasOrder() throws {
        #expect(try Reductions.sum(T.vec([-0.0]), tape: nil).double(at: 0).sign == .minus)
        // Sequential left-to-right in Float32: (1e8 + 1) + -1e8 rounds differently than 1e8 + (1 + -1e8).
        let x = try Tensor([1e8, 1, -1e8] as [Float])
        #expect(try Reductions.sum(x, tape: nil).double(at: 0) == Double((Float(1e8) + 1) + -Float(1e8)))
        // 2048 elements: two pairwise halves of 1024, each summed sequentially.
        let v = (0..<2048).map { Float($0 % 7) * 0.1 }
        var left: Float = v[0] + v[1], right: Float = v[1024] + v[1025]
        for i in 2..<1024 { left += v[i] }
        for i in 1026..<2048 { right += v[i] }
        #expect(try Reductions.sum(Tensor(v), tape: nil).double(at: 0) == Double(left + right))
        #expect(try Reductions.sumAbs2(Tensor([] as [Float]), tape: nil).double(at: 0) == 0)
    }
}

@Suite struct NormTests {
    @Test func normFollowsLinearAlgebraForSmallAndLargeArrays() throws {
        let small = try T.vec([3, -4, 12])
        #expect(try LinearAlgebra.norm(small, tape: nil).double(at: 0) == 13)
        #expect(try LinearAlgebra.norm(small, p: 1, tape: nil).double(at: 0) == 19)
        #expect(try LinearAlgebra.norm(small, p: 0, tape: nil).double(at: 0) == 3)
        #expect(try LinearAlgebra.norm(small, p: -.infinity, tape: nil).double(at: 0) == 3)
        #expect(abs(try LinearAlgebra.norm(small, p: 3, tape: nil).double(at: 0) - pow(27 + 64 + 1728, 1.0 / 3)) < 1e-12)
        let big = try T.random([40], seed: 3)                 // BLAS nrm2 / asum path
        let expect2 = big.toDoubles().map { $0 * $0 }.reduce(0, +).squareRoot()
        #expect(abs(try LinearAlgebra.norm(big, tape: nil).double(at: 0) - expect2) < 1e-12)
        let expect1 = big.toDoubles().map { abs($0) }.reduce(0, +)
        #expect(abs(try LinearAlgebra.norm(big, p: 1, tape: nil).double(at: 0) - expect1) < 1e-12)
        #expect(try LinearAlgebra.norm(Tensor([1, 2] as [Int64]), tape: nil).dtype == .float64)
        #expect(try LinearAlgebra.norm(T.vec([1e300, 1e300]), tape: nil).double(at: 0).isFinite) // scaled path
    }
}

@Suite struct LossValueTests {
    @Test func lossesMatchFluxDefinitions() throws {
        let yhat = try T.mat(2, 2, [0.25, 0.75, 0.5, 0.5]), y = try T.mat(2, 2, [0, 1, 1, 0])
        let eps = Double.ulpOfOne
        let ce = -(log(0.75 + eps) + log(0.5 + eps)) / 2
        #expect(abs(try Losses.crossentropy(yhat, y, tape: nil).double(at: 0) - ce) < 1e-15)
        #expect(try Losses.mse(yhat, y, tape: nil).double(at: 0) == (0.0625 + 0.0625 + 0.25 + 0.25) / 4)
        let logits = try T.mat(2, 1, [1, 3])
        let lce = -(3 - log(exp(1.0) + exp(3.0)))
        #expect(abs(try Losses.logitcrossentropy(logits, T.mat(2, 1, [0, 1]), tape: nil).double(at: 0) - lce) < 1e-12)
        let y32 = try Losses.crossentropy(yhat.converted(to: .float32), y.converted(to: .float32), tape: nil)
        #expect(y32.dtype == .float32)
        #expect(throws: EngineError.self) { try Losses.crossentropy(yhat, T.vec([1, 0]), tape: nil) }
    }
}
