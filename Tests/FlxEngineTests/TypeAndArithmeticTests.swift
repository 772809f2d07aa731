#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import FlxEngine

/// Julia's type promotion and exact conversions.
@Suite struct PromotionTests {
    static func t(_ d: DType) throws -> Tensor { try Tensor.filled(value: 1.0, dtype: d, shape: Shape(2)) }

    @Test func promotionOrderIsBoolIntFloat32Float64() {
        #expect(DType.promote(.int64, .float32) == .float32)
        #expect(DType.promote(.float32, .float64) == .float64)
        #expect(DType.promote(.bool, .int64) == .int64)
        #expect(DType.arithmetic(.bool, .bool) == .int64)
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
        #expect(throws: EngineError.inexact(target: .int64, value: 2.5, source: .float64)) { try f.converted(to: .int64) }
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

/// Int64 wraps, never traps; integer division errors are DivideError.
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

@Suite struct SmallJuliaDetailsTests {
    @Test func floatDivAndBoolMaxFollowJulia() throws {
        #expect(try Arithmetic.binary(.intDiv, T.vec([7.5, -7.5, 0.3]), T.vec([2, 2, 0.1]), tape: nil).toDoubles() == [3, -3, 2])
        #expect(try Arithmetic.binary(.rem, T.vec([7.5, -7.5]), T.vec([2, 2]), tape: nil).toDoubles() == [1.5, -1.5])
        let t = try Tensor([true, false]), f = try Tensor([false, false])
        #expect(try Arithmetic.binary(.max, t, f, tape: nil).dtype == .bool)
        #expect(try Arithmetic.add(t, t, tape: nil).toInt64s() == [2, 0])
    }
}
