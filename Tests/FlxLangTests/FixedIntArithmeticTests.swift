import Testing
import FlxCore

/// `FixedInt` arithmetic (which does every width in 128-bit words and masks) checked
/// against Swift's own 8- and 16-bit integers as the naive reference: every pair of
/// 8-bit values, and sampled pairs of other widths against Int128 arithmetic.
@Suite struct FixedIntArithmeticTests {
    func int8(_ v: Value) -> Int8? { v.fixedInt.flatMap { $0.kind == .int8 ? Int8(truncatingIfNeeded: $0.signedValue) : nil } }
    func uint8(_ v: Value) -> UInt8? { v.fixedInt.flatMap { $0.kind == .uint8 ? UInt8(truncatingIfNeeded: $0.bits) : nil } }

    @Test func everyInt8PairMatchesSwiftWrappingArithmetic() throws {
        for a in Int8.min...Int8.max {
            for b in Int8.min...Int8.max {
                let x = FixedInt(.int8, truncating: Int128(a)), y = FixedInt(.int8, truncating: Int128(b))
                #expect(int8(try FixedIntArithmetic.integerOp(.add, x, y)) == a &+ b)
                #expect(int8(try FixedIntArithmetic.integerOp(.sub, x, y)) == a &- b)
                #expect(int8(try FixedIntArithmetic.integerOp(.mul, x, y)) == a &* b)
                #expect(int8(try FixedIntArithmetic.integerOp(.xor, x, y)) == a ^ b)
                #expect(try FixedIntArithmetic.integerOp(.lt, x, y).isTrue == (a < b))
                if b == 0 || (a == .min && b == -1) {
                    #expect(throws: FlxError.self) { try FixedIntArithmetic.integerOp(.intDiv, x, y) }
                } else {
                    #expect(int8(try FixedIntArithmetic.integerOp(.intDiv, x, y)) == a / b)
                    #expect(int8(try FixedIntArithmetic.integerOp(.rem, x, y)) == a % b)
                    // fld/mod against the floor of the exact quotient.
                    let q = Int(a) / Int(b) - ((Int(a) % Int(b) != 0 && (a < 0) != (b < 0)) ? 1 : 0)
                    #expect(int8(try FixedIntArithmetic.roundedDivision("fld", x, y).value) == Int8(truncatingIfNeeded: q))
                    #expect(int8(try FixedIntArithmetic.roundedDivision("mod", x, y).value) == Int8(truncatingIfNeeded: Int(a) - q * Int(b)))
                }
                if b >= 0 && b < 8 {
                    #expect(int8(try FixedIntArithmetic.integerOp(.shl, x, y)) == a << b)
                    #expect(int8(try FixedIntArithmetic.integerOp(.shr, x, y)) == a >> b)
                    #expect(int8(try FixedIntArithmetic.integerOp(.ushr, x, y)) == Int8(bitPattern: UInt8(bitPattern: a) >> UInt8(b)))
                }
            }
        }
    }

    @Test func everyUInt8PairMatchesSwift() throws {
        for a in UInt8.min...UInt8.max {
            for b in UInt8.min...UInt8.max {
                let x = FixedInt(.uint8, bits: UInt128(a)), y = FixedInt(.uint8, bits: UInt128(b))
                #expect(uint8(try FixedIntArithmetic.integerOp(.add, x, y)) == a &+ b)
                #expect(uint8(try FixedIntArithmetic.integerOp(.sub, x, y)) == a &- b)
                #expect(uint8(try FixedIntArithmetic.integerOp(.mul, x, y)) == a &* b)
                #expect(try FixedIntArithmetic.integerOp(.ge, x, y).isTrue == (a >= b))
                if b != 0 {
                    #expect(uint8(try FixedIntArithmetic.integerOp(.intDiv, x, y)) == a / b)
                    #expect(uint8(try FixedIntArithmetic.integerOp(.rem, x, y)) == a % b)
                }
                // UInt8 with Int8 of the same width promotes to UInt8 through `% UInt8`.
                let s = FixedInt(.int8, truncating: Int128(Int8(bitPattern: b)))
                #expect(uint8(try FixedIntArithmetic.integerOp(.add, x, s)) == a &+ b)
                // Comparison across signedness is by value, not by bits.
                #expect(try FixedIntArithmetic.integerOp(.lt, s, x).isTrue == (Int(Int8(bitPattern: b)) < Int(a)))
            }
        }
    }

    @Test func conversionsKeepTheValueOrRaise() throws {
        for v in -300...300 {
            let x = FixedInt(.int64, truncating: Int128(v))
            for k in IntKind.allCases {
                let lowest: Int128 = k.isSigned ? k.minimum.signedValue : 0
                let fits = Int128(v) >= lowest && (v < 0 || k.maximum.bits >= UInt128(v))
                if fits {
                    #expect(try FixedIntArithmetic.convert(x, to: k).decimal == String(v))
                } else {
                    #expect(throws: FlxError.self) { try FixedIntArithmetic.convert(x, to: k) }
                }
                // `% T` always succeeds and agrees with Swift's truncation at 8 bits.
                if k == .uint8 { #expect(FixedIntArithmetic.wrapped(x, to: k).bits == UInt128(UInt8(truncatingIfNeeded: v))) }
                if k == .int8 { #expect(FixedIntArithmetic.wrapped(x, to: k).decimal == String(Int8(truncatingIfNeeded: v))) }
            }
        }
    }

    @Test func wideKindsAgreeWithInt128Arithmetic() throws {
        let samples: [Int128] = [0, 1, -1, 2, 7, -7, 255, 256, -32768, 65535, Int128(Int64.max), Int128(Int64.min), .max, .min, 0x1234_5678_9abc_def0, -0x0fed_cba9_8765_4321]
        for a in samples {
            for b in samples {
                let x = FixedInt(.int128, truncating: a), y = FixedInt(.int128, truncating: b)
                #expect(try FixedIntArithmetic.integerOp(.add, x, y).fixedInt?.signedValue == a &+ b)
                #expect(try FixedIntArithmetic.integerOp(.mul, x, y).fixedInt?.signedValue == a &* b)
                #expect(FixedInt.compare(x, y) == (a < b ? -1 : a > b ? 1 : 0))
                if b != 0 && !(a == .min && b == -1) {
                    #expect(try FixedIntArithmetic.integerOp(.intDiv, x, y).fixedInt?.signedValue == a / b)
                }
                // The same values as Int32 (wrapped) against Int32's own arithmetic.
                let p = Int32(truncatingIfNeeded: a), q = Int32(truncatingIfNeeded: b)
                let u = FixedInt(.int32, truncating: Int128(p)), w = FixedInt(.int32, truncating: Int128(q))
                #expect(try FixedIntArithmetic.integerOp(.sub, u, w).fixedInt?.signedValue == Int128(p &- q))
                #expect(try FixedIntArithmetic.integerOp(.mul, u, w).fixedInt?.signedValue == Int128(p &* q))
            }
        }
    }

    @Test func floatConversionIsExactOrNil() {
        #expect(FixedInt.exactly(127.0, .int8)?.decimal == "127")
        #expect(FixedInt.exactly(128.0, .int8) == nil)
        #expect(FixedInt.exactly(-128.0, .int8)?.decimal == "-128")
        #expect(FixedInt.exactly(3.5, .int32) == nil)
        #expect(FixedInt.exactly(-1.0, .uint64) == nil)
        #expect(FixedInt.exactly(18446744073709551615.0, .uint64) == nil)   // rounds to 2^64
        #expect(FixedInt.exactly(9223372036854775808.0, .uint64)?.decimal == "9223372036854775808")
        #expect(FixedInt.exactly(-170141183460469231731687303715884105728.0, .int128)?.decimal == "-170141183460469231731687303715884105728")
        #expect(FixedInt.exactly(.nan, .int16) == nil)
        #expect(FixedInt.exactly(.infinity, .uint128) == nil)
    }
}

extension Value {
    fileprivate var isTrue: Bool { if case .bool(true) = self { return true }; return false }
}
