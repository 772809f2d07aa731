#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import FlxEngine

/// Bad input throws EngineError with Julia's message instead of trapping.
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
        #expect(throws: EngineError.bounds(try Shape([3, 2]), .float32, index: [.scalar(4), .scalar(1)])) {
            try Indexing.getindex(m, [.scalar(4), .scalar(1)], tape: nil)
        }
        let v = try T.vec([1, 2, 3])
        #expect(throws: EngineError.bounds(try Shape([3]), .float64, index: [.scalar(0)])) {
            try Indexing.getindex(v, [.scalar(0)], tape: nil)
        }
        #expect(throws: EngineError.bounds(try Shape([3]), .float64, index: [.mask([true, false])])) {
            try Indexing.getindex(v, [.mask([true, false])], tape: nil)
        }
        #expect(throws: EngineError.self) { try Indexing.getindex(v, [.range(start: 1, step: 0, stop: 3)], tape: nil) }
        #expect(throws: EngineError.self) { try v.double(at: 3) }
        #expect(throws: EngineError.self) { try v.set(1.0, at: -1) }
    }

    @Test func reductionAndShapingErrors() throws {
        #expect(throws: EngineError.self) { try Reductions.reduce(.maximum, Tensor.zeros(.float64, Shape(0)), tape: nil) }
        #expect(throws: EngineError.self) { try DimSet(julia: [0]) }
        #expect(throws: EngineError.dimensionMismatch("new dimensions \(dims: [4, 2]) must be consistent with array size 6")) {
            try Shaping.reshape(T.random([6]), [4, 2], tape: nil)
        }
        #expect(throws: EngineError.self) { try Shaping.reshape(T.random([6]), [4, -1], tape: nil) }
        #expect(throws: EngineError.self) { try Shaping.reshape(T.random([6]), [-1, -1], tape: nil) }
        #expect(throws: EngineError.dimensionMismatch("mismatch in dimension 1 (expected 2 got 3)")) {
            try Shaping.cat([T.random([2]), T.random([3])], dim: 2, tape: nil)
        }
        #expect(throws: EngineError.argument("number of rows of each array must match (got \(dims: [2, 3]))")) {
            try Shaping.hcat([T.random([2]), T.random([3])], tape: nil)
        }
        #expect(throws: EngineError.dimensionMismatch("number of columns of each array must match (got \(dims: [2, 3]))")) {
            try Shaping.vcat([T.random([1, 2]), T.random([1, 3])], tape: nil)
        }
        #expect(throws: EngineError.self) { try Shaping.permutedims(T.random([2, 3]), [1, 1], tape: nil) }
        #expect(throws: EngineError.self) { try Shaping.cat([], dim: 1, tape: nil) }
        #expect(throws: EngineError.self) { try Shaping.repeat(T.random([2]), counts: [-1], tape: nil) }
        #expect(throws: EngineError.self) { try Fused.evaluate(.input(3), inputs: [T.random([2])], tape: nil) }
        #expect(throws: EngineError.self) { try Engine.setThreads(0) }
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

/// Errors are data: the offending value with its element type, and the marked parts of a
/// message (the language renders them; see FlxLangTests' EngineBoundaryTests).
@Suite struct ErrorDataTests {
    @Test func domainErrorsCarryTheValueAndItsType() throws {
        #expect(throws: EngineError.domain(value: -1, .float32, "log was called with a negative real argument but will only return a complex result if called with a complex argument. Try log(Complex(x)).")) {
            try Unary.apply(.log, Tensor.from([-1], shape: Shape(1), dtype: .float32), tape: nil)
        }
        #expect(throws: EngineError.domain(value: -2, .float64, "Exponentiation yielding a complex result requires a complex argument.\nReplace x^y with (x+0im)^y, Complex(x)^y, or similar.")) {
            try Arithmetic.pow(T.vec([-2]), T.vec([0.5]), tape: nil)
        }
    }

    @Test func messagesMarkShapesAndTypes() throws {
        let m: EngineMessage = "cannot reshape \(try Shape([2, 3])) of \(DType.float32) into \(dims: [4])"
        #expect(m.parts == [.text("cannot reshape "), .dims([2, 3]), .text(" of "), .elementType(.float32), .text(" into "), .dims([4])])
        #expect(m.description == "cannot reshape (2, 3) of float32 into (4)")
    }
}

@Suite struct EngineControlTests {
    @Test func threadControlsRoundTrip() throws {
        let before = Engine.threads
        try Engine.setThreads(before)
        #expect(Engine.threads == before && before >= 1)
        #expect(throws: EngineError.self) { try Engine.setThreads(1025) }
        #expect(Engine.threads == before)
        #expect(!Engine.blasCoreName.isEmpty)
    }

    @Test func hugeAllocationIsOutOfMemoryNotACrash() {
        #expect(throws: EngineError.outOfMemory) { try Tensor.zeros(.float64, Shape([1 << 28, 1 << 28])) }
    }
}
