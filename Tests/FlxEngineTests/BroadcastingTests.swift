#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import FlxEngine

/// Julia's broadcasting: shape rules, the DimensionMismatch message, column-major values.
@Suite struct BroadcastingTests {
    @Test func broadcastShapesFollowJuliaRules() throws {
        func shape(_ a: [Int], _ b: [Int]) throws -> [Int] {
            try Arithmetic.add(Tensor.zeros(.float64, Shape(a)), Tensor.zeros(.float64, Shape(b)), tape: nil).shape.dims
        }
        #expect(try shape([3, 2], [3]) == [3, 2])
        #expect(try shape([3, 2], [1, 2]) == [3, 2])
        #expect(try shape([3, 1], [1, 4]) == [3, 4])
        #expect(try shape([3], []) == [3])
        #expect(try shape([], []) == [])
        #expect(try shape([2, 3, 4], [2, 1, 4]) == [2, 3, 4])
        #expect(try shape([1], [5, 2]) == [5, 2])
        #expect(try shape([0, 3], [1, 3]) == [0, 3])
    }

    @Test func broadcastMismatchUsesJuliasMessage() throws {
        let a = try Tensor.zeros(.float64, Shape(3)), b = try Tensor.zeros(.float64, Shape(4))
        #expect(throws: EngineError.dimensionMismatch("arrays could not be broadcast to a common size: a has axes Base.OneTo(3) and b has axes Base.OneTo(4)")) {
            try Arithmetic.add(a, b, tape: nil)
        }
        let m = try Tensor.zeros(.float64, Shape(3, 2)), n = try Tensor.zeros(.float64, Shape(2, 2))
        #expect(throws: EngineError.dimensionMismatch("arrays could not be broadcast to a common size: a has axes (Base.OneTo(3), Base.OneTo(2)) and b has axes (Base.OneTo(2), Base.OneTo(2))")) {
            try Arithmetic.mul(m, n, tape: nil)
        }
        #expect(throws: EngineError.self) { try Fused.evaluate(.binary(.add, .input(0), .input(1)), inputs: [a, b], tape: nil) }
    }

    @Test func broadcastValuesAreColumnMajor() throws {
        let m = try T.mat(2, 3, [1, 2, 3, 4, 5, 6]), col = try T.vec([10, 20]), row = try T.mat(1, 3, [100, 200, 300])
        #expect(try Arithmetic.add(m, col, tape: nil).toDoubles() == [11, 22, 13, 24, 15, 26])
        #expect(try Arithmetic.add(m, row, tape: nil).toDoubles() == [101, 102, 203, 204, 305, 306])
        let outer = try Arithmetic.mul(col, row, tape: nil)
        #expect(outer.shape.dims == [2, 3] && outer.toDoubles() == [1000, 2000, 2000, 4000, 3000, 6000])
    }
}

/// Rank > 4 shapes spill to the heap; the same ops must work on them.
@Suite struct HighRankTests {
    @Test func rankFiveBroadcastReduceAndPermute() throws {
        let a = try T.random([2, 1, 2, 1, 3], seed: 1), b = try T.random([1, 2, 1, 2], seed: 2)
        let c = try Arithmetic.add(a, b, tape: nil)
        #expect(c.shape.dims == [2, 2, 2, 2, 3])
        // Spot-check one element against the definition: c[i,j,k,l,m] = a[i,1,k,1,m] + b[1,j,1,l].
        let v = try Indexing.getindex(c, [.scalar(2), .scalar(1), .scalar(2), .scalar(2), .scalar(3)], tape: nil).double(at: 0)
        let av = try Indexing.getindex(a, [.scalar(2), .scalar(1), .scalar(2), .scalar(1), .scalar(3)], tape: nil).double(at: 0)
        let bv = try Indexing.getindex(b, [.scalar(1), .scalar(1), .scalar(1), .scalar(2)], tape: nil).double(at: 0)
        #expect(v == av + bv)
        let s = try Reductions.sum(c, dims: DimSet(julia: [2, 5]), tape: nil)
        #expect(s.shape.dims == [2, 1, 2, 2, 1])
        let p = try Shaping.permutedims(c, [5, 4, 3, 2, 1], tape: nil)
        #expect(p.shape.dims == [3, 2, 2, 2, 2])
        try T.gradcheck("rank-5 broadcast", [a, b]) { xs, tape in try Arithmetic.mul(xs[0], xs[1], tape: tape) }
        try T.gradcheck("rank-5 fused", [a, b]) { xs, tape in try Fused.evaluate(.unary(.tanh, .binary(.add, .input(0), .input(1))), inputs: xs, tape: tape) }
    }
}

/// `dest .= expr` in place.
@Suite struct FusedAssignTests {
    @Test func assignWritesInPlaceWithBroadcastAndConversion() throws {
        let x = try T.vec([1, 2, 3])
        try Fused.assign(.binary(.mul, .input(0), .constant(2)), inputs: [x], into: x, tape: nil)  // x .*= 2
        #expect(x.toDoubles() == [2, 4, 6])
        let m = try Tensor.zeros(.float32, Shape(2, 2))
        try Fused.assign(.input(0), inputs: [T.vec([1, 2])], into: m, tape: nil)                  // m .= [1, 2]
        #expect(m.toDoubles() == [1, 2, 1, 2] && m.dtype == .float32)
        let i = try Tensor.zeros(.int64, Shape(2))
        try Fused.assign(.constant(3), inputs: [], into: i, tape: nil)
        #expect(try i.toInt64s() == [3, 3])
        #expect(throws: EngineError.inexact(target: .int64, value: 1.5, source: .float64)) { try Fused.assign(.constant(1.5), inputs: [], into: i, tape: nil) }
        #expect(throws: EngineError.dimensionMismatch("array could not be broadcast to match destination")) {
            try Fused.assign(.input(0), inputs: [T.vec([1, 2, 3])], into: m, tape: nil)
        }
    }

    @Test func assignWithAnAliasingReshapedInputSpanningSeveralBlocks() throws {
        let x = try T.vec(Array(repeating: 1, count: 600))
        let alias = try Shaping.reshape(x, [600], tape: nil)  // shares x's memory
        try Fused.assign(.binary(.add, .input(0), .input(1)), inputs: [alias, x], into: x, tape: nil)
        #expect(x.toDoubles().allSatisfy { $0 == 2 })
    }

    @Test func assignIntoTrackedArrayIsMutationError() throws {
        let x = try T.vec([1, 2]), tape = Tape(); tape.watch(x)
        #expect(throws: EngineError.self) { try Fused.assign(.constant(0), inputs: [], into: x, tape: tape) }
    }
}
