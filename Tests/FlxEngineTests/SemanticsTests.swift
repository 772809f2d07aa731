#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import FlxEngine

/// Julia-visible behaviour: broadcasting shapes and messages, promotion,
/// integer wraparound and division errors, and bad input throwing instead of trapping.
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

@Suite struct PromotionTests {
    static func t(_ d: DType) throws -> Tensor { try Tensor.filled(value: 1.0, dtype: d, shape: Shape(2)) }

    @Test func promotionOrderIsBoolIntFloat32Float64() {
        #expect(DType.promote(.int64, .float32) == .float32)
        #expect(DType.promote(.float32, .float64) == .float64)
        #expect(DType.promote(.bool, .int64) == .int64)
        #expect(DType.arithmetic(.bool, .bool) == .int64)
        #expect(DType.float32.juliaName == "Float32")
    }

    @Test func arithmeticResultTypes() throws {
        #expect(try Arithmetic.add(Self.t(.int64), Self.t(.float32), tape: nil).dtype == .float32)
        #expect(try Arithmetic.add(Self.t(.float32), Self.t(.float64), tape: nil).dtype == .float64)
        #expect(try Arithmetic.div(Self.t(.int64), Self.t(.int64), tape: nil).dtype == .float64)
        #expect(try Arithmetic.add(Self.t(.bool), Self.t(.bool), tape: nil).dtype == .int64)
        #expect(try Arithmetic.binary(.lt, Self.t(.int64), Self.t(.float64), tape: nil).dtype == .bool)
        #expect(try Unary.apply(.exp, Self.t(.int64), tape: nil).dtype == .float64)
        #expect(try Unary.apply(.abs, Self.t(.int64), tape: nil).dtype == .int64)
        #expect(try Reductions.sum(Self.t(.bool), tape: nil).dtype == .int64)
        #expect(try Reductions.mean(Self.t(.int64), tape: nil).dtype == .float64)
    }

    @Test func conversionsFollowJuliaExactness() throws {
        let f = try T.vec([1.0, 2.5])
        #expect(throws: EngineError.inexact("Int64(2.5)")) { try f.converted(to: .int64) }
        #expect(try T.vec([1.0, 2.0]).converted(to: .int64).toInt64s() == [1, 2])
        let i = try Tensor.zeros(.int64, Shape(2))
        #expect(throws: EngineError.self) { try i.set(1.5, at: 0) }
        try i.set(3.0, at: 1)
        #expect(try i.int64(at: 1) == 3)
        let b = try Tensor.zeros(.bool, Shape(1))
        #expect(throws: EngineError.self) { try b.set(Int64(2), at: 0) }
        #expect(throws: EngineError.self) { try f.int64(at: 1) }
    }
}

@Suite struct IntegerArithmeticTests {
    static func ints(_ v: [Int64]) throws -> Tensor { try Tensor(v) }

    @Test func int64ArithmeticWrapsAround() throws {
        #expect(try Arithmetic.add(Self.ints([.max]), Self.ints([1]), tape: nil).toInt64s() == [.min])
        #expect(try Arithmetic.sub(Self.ints([.min]), Self.ints([1]), tape: nil).toInt64s() == [.max])
        #expect(try Arithmetic.mul(Self.ints([.max]), Self.ints([2]), tape: nil).toInt64s() == [-2])
        #expect(try Arithmetic.pow(Self.ints([2]), Self.ints([64]), tape: nil).toInt64s() == [0])
        #expect(try Unary.apply(.neg, Self.ints([.min]), tape: nil).toInt64s() == [.min])
        #expect(try Unary.apply(.abs, Self.ints([.min]), tape: nil).toInt64s() == [.min])
        #expect(try Reductions.sum(Self.ints([.max, 1]), tape: nil).toInt64s() == [.min])
    }

    @Test func integerDivisionAndRemainderTruncate() throws {
        #expect(try Arithmetic.binary(.intDiv, Self.ints([7, -7, 7]), Self.ints([2, 2, -2]), tape: nil).toInt64s() == [3, -3, -3])
        #expect(try Arithmetic.binary(.rem, Self.ints([7, -7, 7]), Self.ints([2, 2, -2]), tape: nil).toInt64s() == [1, -1, 1])
        #expect(try Arithmetic.binary(.rem, Self.ints([.min]), Self.ints([-1]), tape: nil).toInt64s() == [0])
    }

    @Test func integerDivisionByZeroIsDivideError() throws {
        #expect(throws: EngineError.divide) { try Arithmetic.binary(.intDiv, Self.ints([1, 2]), Self.ints([1, 0]), tape: nil) }
        #expect(throws: EngineError.divide) { try Arithmetic.binary(.rem, Self.ints([1]), Self.ints([0]), tape: nil) }
        #expect(throws: EngineError.divide) { try Arithmetic.binary(.intDiv, Self.ints([.min]), Self.ints([-1]), tape: nil) }
        // Float division by zero is IEEE, not an error.
        #expect(try Arithmetic.div(Self.ints([1]), Self.ints([0]), tape: nil).double(at: 0) == .infinity)
    }

    @Test func negativeIntegerPowerIsDomainError() throws {
        #expect(throws: EngineError.self) { try Arithmetic.pow(Self.ints([2]), Self.ints([-1]), tape: nil) }
        #expect(try Arithmetic.pow(Self.ints([-1, 1]), Self.ints([-3, -2]), tape: nil).toInt64s() == [-1, 1])
    }
}

@Suite struct ErrorCaseTests {
    @Test func badShapesThrowArgumentError() {
        #expect(throws: EngineError.self) { try Shape([-1, 2]) }
        #expect(throws: EngineError.self) { try Shape([Int.max, 2]) }
        #expect(throws: EngineError.self) { try Shape([1 << 40, 1 << 40]) }
        #expect(throws: EngineError.self) { try Shape(-3) }
        #expect(throws: EngineError.self) { try Tensor([1.0, 2.0], shape: Shape(3)) }
    }

    @Test func domainErrorsForRealFunctions() throws {
        #expect(throws: EngineError.self) { try Unary.apply(.log, T.vec([1, -1]), tape: nil) }
        #expect(throws: EngineError.self) { try Unary.apply(.sqrt, T.vec([-4]), tape: nil) }
        #expect(throws: EngineError.self) { try Unary.apply(.log1p, T.vec([-2]), tape: nil) }
        #expect(throws: EngineError.self) { try Arithmetic.pow(T.vec([-2]), T.vec([0.5]), tape: nil) }
        #expect(throws: EngineError.self) { try Fused.evaluate(.unary(.log, .input(0)), inputs: [T.vec([-1])], tape: nil) }
        #expect(try Unary.apply(.log, T.vec([0]), tape: nil).double(at: 0) == -.infinity)
        #expect(try Unary.apply(.log, T.vec([.nan]), tape: nil).double(at: 0).isNaN)
    }

    @Test func indexingErrorsUseJuliasBoundsMessage() throws {
        let m = try T.random([3, 2], dtype: .float32)
        #expect(throws: EngineError.bounds("attempt to access 3×2 Matrix{Float32} at index [4, 1]")) {
            try Indexing.getindex(m, [.scalar(4), .scalar(1)], tape: nil)
        }
        let v = try T.vec([1, 2, 3])
        #expect(throws: EngineError.bounds("attempt to access 3-element Vector{Float64} at index [0]")) {
            try Indexing.getindex(v, [.scalar(0)], tape: nil)
        }
        #expect(throws: EngineError.bounds("attempt to access 3-element Vector{Float64} at index [Bool[1, 0]]")) {
            try Indexing.getindex(v, [.mask([true, false])], tape: nil)
        }
        #expect(throws: EngineError.self) { try Indexing.getindex(v, [.range(start: 1, step: 0, stop: 3)], tape: nil) }
        #expect(throws: EngineError.self) { try v.double(at: 3) }
        #expect(throws: EngineError.self) { try v.set(1.0, at: -1) }
    }

    @Test func reductionAndShapingErrors() throws {
        #expect(throws: EngineError.self) { try Reductions.reduce(.maximum, Tensor.zeros(.float64, Shape(0)), tape: nil) }
        #expect(throws: EngineError.self) { try DimSet(julia: [0]) }
        #expect(throws: EngineError.dimensionMismatch("new dimensions (4, 2) must be consistent with array size 6")) {
            try Shaping.reshape(T.random([6]), [4, 2], tape: nil)
        }
        #expect(throws: EngineError.self) { try Shaping.reshape(T.random([6]), [4, -1], tape: nil) }
        #expect(throws: EngineError.self) { try Shaping.reshape(T.random([6]), [-1, -1], tape: nil) }
        #expect(throws: EngineError.dimensionMismatch("mismatch in dimension 1 (expected 2 got 3)")) {
            try Shaping.cat([T.random([2]), T.random([3])], dim: 2, tape: nil)
        }
        #expect(throws: EngineError.argument("number of rows of each array must match (got (2, 3))")) {
            try Shaping.hcat([T.random([2]), T.random([3])], tape: nil)
        }
        #expect(throws: EngineError.dimensionMismatch("number of columns of each array must match (got (2, 3))")) {
            try Shaping.vcat([T.random([1, 2]), T.random([1, 3])], tape: nil)
        }
        #expect(throws: EngineError.self) { try Shaping.permutedims(T.random([2, 3]), [1, 1], tape: nil) }
        #expect(throws: EngineError.self) { try Shaping.cat([], dim: 1, tape: nil) }
        #expect(throws: EngineError.self) { try Shaping.repeat(T.random([2]), counts: [-1], tape: nil) }
        #expect(throws: EngineError.self) { try Fused.evaluate(.input(3), inputs: [T.random([2])], tape: nil) }
        #expect(throws: EngineError.self) { try Engine.setBLASThreads(0) }
        #expect(throws: EngineError.self) { try Arithmetic.ifelse(T.random([2]), T.random([2]), T.random([2]), tape: nil) }
    }

    @Test func backwardFromNonScalarThrows() throws {
        let x = try T.random([3]); let tape = Tape(); tape.watch(x)
        let y = try Unary.apply(.exp, x, tape: tape)
        #expect(throws: EngineError.self) { try tape.backward(from: y) }
    }

    @Test func typedPointerAccessChecksType() throws {
        let x = try T.random([3], dtype: .float32)
        #expect(throws: EngineError.self) { try x.withUnsafeMutableBufferPointer(as: Double.self) { _ in } }
        try x.withUnsafeMutableBufferPointer(as: Float.self) { $0[0] = 5 }
        #expect(try x.double(at: 0) == 5)
    }
}

@Suite struct IndexingTests {
    @Test func getindexDropsScalarDimsLikeJulia() throws {
        let m = try T.mat(3, 2, [1, 2, 3, 4, 5, 6])
        let col = try Indexing.getindex(m, [.all, .scalar(2)], tape: nil)
        #expect(col.shape.dims == [3] && col.toDoubles() == [4, 5, 6])
        let row = try Indexing.getindex(m, [.scalar(2), .all], tape: nil)
        #expect(row.shape.dims == [2] && row.toDoubles() == [2, 5])
        let el = try Indexing.getindex(m, [.scalar(3), .scalar(2)], tape: nil)
        #expect(el.rank == 0 && el.toDoubles() == [6])
        let keep = try Indexing.getindex(m, [.range(2, 3), .range(2, 2)], tape: nil)
        #expect(keep.shape.dims == [2, 1] && keep.toDoubles() == [5, 6])
        #expect(try Indexing.getindex(m, [.list([6, 1])], tape: nil).toDoubles() == [6, 1])
        #expect(try Indexing.getindex(m, [.all], tape: nil).shape.dims == [6])
        #expect(try Indexing.getindex(m, [.mask([true, false, true]), .scalar(1)], tape: nil).toDoubles() == [1, 3])
        #expect(try Indexing.getindex(m, [.range(start: 3, step: -1, stop: 1), .scalar(1)], tape: nil).toDoubles() == [3, 2, 1])
        #expect(try Indexing.getindex(m, [.scalar(1), .scalar(2), .scalar(1)], tape: nil).toDoubles() == [4])
    }

    @Test func setindexWritesSelectionAndBroadcastsScalars() throws {
        let m = try Tensor.zeros(.int64, Shape(2, 2))
        try Indexing.setindex(m, [.all, .scalar(2)], value: Tensor([7, 8] as [Int64]), tape: nil)
        try Indexing.setindex(m, [.scalar(1), .scalar(1)], value: Tensor.scalar(3), tape: nil)
        #expect(try m.toInt64s() == [3, 0, 7, 8])
        #expect(throws: EngineError.dimensionMismatch("tried to assign 3 elements to 2 destinations")) {
            try Indexing.setindex(m, [.all, .scalar(1)], value: Tensor([1, 2, 3] as [Int64]), tape: nil)
        }
        #expect(throws: EngineError.inexact("Int64(0.5)")) {
            try Indexing.setindex(m, [.scalar(1)], value: Tensor.scalar(0.5), tape: nil)
        }
    }

    @Test func setindexOnTrackedArrayIsZygoteMutationError() throws {
        let x = try T.vec([1, 2, 3]); let tape = Tape(); tape.watch(x)
        do {
            try Indexing.setindex(x, [.scalar(1)], value: Tensor.scalar(0), tape: tape)
            Issue.record("expected a mutation error")
        } catch let EngineError.mutation(message) {
            #expect(message.hasPrefix("Mutating arrays is not supported -- called setindex!(Vector{Float64}, ...)"))
        }
        tape.reset() // after reset the array is no longer tracked
        try Indexing.setindex(x, [.scalar(1)], value: Tensor.scalar(0), tape: tape)
        #expect(x.toDoubles() == [0, 2, 3])
    }
}

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

    @Test func shapePrintsLikeJulia() throws {
        #expect(try Shape([3, 2]).juliaText == "3×2")
        #expect(try Shape(3).juliaText == "3-element")
        #expect(try Shape([3, 2]).description == "(3, 2)")
        #expect(Shape.scalar.count == 1)
        #expect(try Shape([1, 2, 3, 4, 5, 6]).count == 720)
        #expect(try Shape([1, 2, 3, 4, 5, 6]) == Shape([1, 2, 3, 4, 5, 6]))
        #expect(try Shape([1, 2, 3, 4, 5, 6]) != Shape([1, 2, 3, 4, 5, 7]))
    }
}

@Suite struct HostileInputTests {
    @Test func extremeRangesAndCountsThrowInsteadOfTrapping() throws {
        let v = try T.vec([1, 2, 3])
        #expect(throws: EngineError.self) { try Indexing.getindex(v, [.range(start: 1, step: 1, stop: Int.max)], tape: nil) }
        #expect(throws: EngineError.self) { try Indexing.getindex(v, [.range(start: Int.min, step: 1, stop: Int.max)], tape: nil) }
        #expect(try Indexing.getindex(v, [.range(start: 3, step: Int.min, stop: 1)], tape: nil).toDoubles() == [3])
        #expect(try Indexing.getindex(v, [.range(start: 3, step: Int.min, stop: 3)], tape: nil).toDoubles() == [3])
        #expect(try Indexing.getindex(v, [.range(start: 5, step: 1, stop: 4)], tape: nil).count == 0)
        #expect(throws: EngineError.self) { try Shaping.repeat(v, counts: [Int.max], tape: nil) }
        #expect(throws: EngineError.self) { try Shaping.repeat(v, counts: [1 << 40], tape: nil) }
        #expect(throws: EngineError.self) { try Tensor.zeros(.float64, Shape([1 << 31, 1 << 31])) }
        #expect(throws: EngineError.self) { try Tensor.filled(value: .nan, dtype: .int64, shape: Shape(1)) }
        #expect(throws: EngineError.self) { try Tensor.filled(value: 1e300, dtype: .int64, shape: Shape(1)) }
        #expect(throws: EngineError.self) { try Indexing.getindex(v, [.list([Int.min])], tape: nil) }
        #expect(throws: EngineError.self) { try Shaping.reshape(v, [Int.max, -1], tape: nil) }
        #expect(throws: EngineError.self) { try Reductions.reduce(.sum, v, dims: DimSet(julia: [-1]), tape: nil) }
    }
}

@Suite struct EngineControlTests {
    @Test func blasThreadControlsRoundTrip() throws {
        // Re-sets the current count only: changing it while other tests run BLAS
        // concurrently is not safe in OpenBLAS.
        let before = Engine.blasThreads
        try Engine.setBLASThreads(before)
        #expect(Engine.blasThreads == before)
        #expect(!Engine.blasCoreName.isEmpty)
    }

    @Test func hugeAllocationIsOutOfMemoryNotACrash() {
        #expect(throws: EngineError.outOfMemory) { try Tensor.zeros(.float64, Shape([1 << 28, 1 << 28])) }
    }
}

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
        #expect(throws: EngineError.inexact("Int64(1.5)")) { try Fused.assign(.constant(1.5), inputs: [], into: i, tape: nil) }
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

@Suite struct SmallJuliaDetailsTests {
    @Test func floatDivAndBoolMaxFollowJulia() throws {
        #expect(try Arithmetic.binary(.intDiv, T.vec([7.5, -7.5, 0.3]), T.vec([2, 2, 0.1]), tape: nil).toDoubles() == [3, -3, 2])
        #expect(try Arithmetic.binary(.rem, T.vec([7.5, -7.5]), T.vec([2, 2]), tape: nil).toDoubles() == [1.5, -1.5])
        let t = try Tensor([true, false]), f = try Tensor([false, false])
        #expect(try Arithmetic.binary(.max, t, f, tape: nil).dtype == .bool)
        #expect(try Arithmetic.add(t, t, tape: nil).toInt64s() == [2, 0])
    }
}

@Suite struct DropdimsTests {
    @Test func dropdimsAndUnsqueezeReshapeWithoutCopying() throws {
        let x = try T.random([3, 1, 2])
        let d = try Shaping.dropdims(x, dims: [2], tape: nil)
        #expect(d.shape.dims == [3, 2] && d.toDoubles() == x.toDoubles())
        #expect(throws: EngineError.argument("dropped dims must all be size 1")) { try Shaping.dropdims(x, dims: [1], tape: nil) }
        #expect(throws: EngineError.self) { try Shaping.dropdims(x, dims: [4], tape: nil) }
        #expect(try Shaping.unsqueeze(d, dim: 1, tape: nil).shape.dims == [1, 3, 2])
        #expect(try Shaping.unsqueeze(d, dim: 3, tape: nil).shape.dims == [3, 2, 1])
        #expect(throws: EngineError.self) { try Shaping.unsqueeze(d, dim: 4, tape: nil) }
        try T.gradcheck("dropdims", [x]) { xs, tape in try Shaping.dropdims(xs[0], dims: [2], tape: tape) }
    }
}

@Suite struct ErrorTextTests {
    @Test func errorsPrintLikeJuliasShowerror() throws {
        do { _ = try Unary.apply(.log, T.vec([-1]), tape: nil); Issue.record("no error") } catch let e as EngineError {
            #expect(e.description.hasPrefix("DomainError with -1.0:\nlog was called with a negative real argument"))
        }
        do { _ = try Arithmetic.pow(T.vec([-2]), T.vec([0.5]), tape: nil); Issue.record("no error") } catch let e as EngineError {
            #expect(e.description.hasPrefix("DomainError with -2.0:\nExponentiation yielding a complex result"))
        }
        #expect(EngineError.divide.description == "DivideError: integer division error")
        #expect(EngineError.dimensionMismatch("x").description == "DimensionMismatch: x")
        #expect(EngineError.bounds("attempt to access").juliaTypeName == "BoundsError")
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
