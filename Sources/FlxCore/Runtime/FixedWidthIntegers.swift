import FlxSyntax

/// Julia's bit integer types, `Int8`…`Int128` and `UInt8`…`UInt128`. Int64 keeps its own
/// `Value.int` case (the fast path of every loop counter); the others are `Value.sized`
/// (up to 64 bits, inline) and `Value.wide` (Int128 and UInt128, boxed), tagged with their
/// kind. Arithmetic is done on `FixedInt`, the kind and the bits widened to 128, and wraps
/// modulo 2^width as Julia's does.
public enum IntKind: UInt8, CaseIterable, Sendable {
    case int8, int16, int32, int64, int128, uint8, uint16, uint32, uint64, uint128

    public var bitWidth: Int {
        switch self {
        case .int8, .uint8: return 8
        case .int16, .uint16: return 16
        case .int32, .uint32: return 32
        case .int64, .uint64: return 64
        case .int128, .uint128: return 128
        }
    }

    public var isSigned: Bool { rawValue < 5 }
    /// The bits a value of this kind may have set.
    public var mask: UInt128 { bitWidth == 128 ? .max : (UInt128(1) << bitWidth) &- 1 }
    public var type: FlxType { BuiltinTypes.bitIntegers[Int(rawValue)] }
    public var name: String { type.name }
    /// The kind of the same width with the other signedness (`signed(UInt8)` is Int8).
    public var signedKind: IntKind { IntKind(rawValue: rawValue % 5)! }
    public var unsignedKind: IntKind { IntKind(rawValue: rawValue % 5 + 5)! }
    /// Julia's `widen`: twice the width, same signedness (nil past 128 bits: BigInt).
    public var widened: IntKind? { rawValue % 5 == 4 ? nil : IntKind(rawValue: rawValue + 1) }

    /// The kind of an integer literal the parser sized (`IntLiteral`).
    public init?(literal: IntLiteral) {
        guard let k = IntKind.allCases.first(where: { $0.bitWidth == literal.bitWidth && $0.isSigned == literal.signed }) else { return nil }
        self = k
    }

    public init?(type t: FlxType) {
        guard let i = BuiltinTypes.bitIntegers.firstIndex(where: { $0 === t }) else { return nil }
        self.init(rawValue: UInt8(i))
    }

    public var minimum: FixedInt { FixedInt(self, bits: isSigned ? UInt128(1) << (bitWidth - 1) : 0) }
    public var maximum: FixedInt { FixedInt(self, bits: isSigned ? mask >> 1 : mask) }

    /// Julia's `promote_type` of two bit integer types: the wider one, and of two of the
    /// same width the unsigned one (`Int8 + UInt8` is UInt8, `UInt8 + Int` is Int64).
    public static func promoted(_ a: IntKind, _ b: IntKind) -> IntKind {
        if a == b { return a }
        if a.bitWidth == b.bitWidth { return a.isSigned ? b : a }
        return a.bitWidth > b.bitWidth ? a : b
    }
}

/// A bit integer of up to 64 bits other than Int64, as `Value.sized` holds it: the bits
/// (zero-extended) and the kind. The bits come first so the struct packs into 9 bytes.
public struct SizedInt: Sendable {
    public let bits: UInt64
    public let kind: IntKind
    public var fixed: FixedInt { FixedInt(kind, bits: UInt128(bits)) }
}

/// An Int128 or UInt128, as `Value.wide` holds it.
public final class WideInt: Sendable {
    public let bits: UInt128
    public let kind: IntKind
    init(bits: UInt128, kind: IntKind) {
        self.bits = bits
        self.kind = kind
    }
    public var fixed: FixedInt { FixedInt(kind, bits: bits) }
}

/// A bit integer being computed with: its kind and its bits, zero-extended to 128
/// (the bits above the width are always clear).
public struct FixedInt: Sendable, Equatable {
    public let kind: IntKind
    public let bits: UInt128

    public init(_ kind: IntKind, bits: UInt128) {
        self.kind = kind
        self.bits = bits & kind.mask
    }

    /// The value modulo 2^width, as Julia's `x % T`.
    public init(_ kind: IntKind, truncating v: Int128) { self.init(kind, bits: UInt128(bitPattern: v)) }

    public var isNegative: Bool { kind.isSigned && (bits >> (kind.bitWidth - 1)) & 1 == 1 }
    public var isZero: Bool { bits == 0 }
    /// The value of a signed kind (or of an unsigned one below 2^127) as Int128.
    public var signedValue: Int128 { isNegative ? Int128(bitPattern: bits | ~kind.mask) : Int128(bitPattern: bits) }
    /// |x| (for typemin(Int128), 2^127, which UInt128 holds).
    public var magnitude: UInt128 { isNegative ? 0 &- (bits | ~kind.mask) : bits }

    public var double: Double { isNegative ? Double(signedValue) : Double(bits) }
    public var float: Float { isNegative ? Float(signedValue) : Float(bits) }

    /// The flx value: `.int` for Int64, `.sized` for the others.
    public var value: Value {
        if kind == .int64 { return .int(Int64(truncatingIfNeeded: bits)) }
        if kind.bitWidth <= 64 { return .sized(SizedInt(bits: UInt64(truncatingIfNeeded: bits), kind: kind)) }
        return .wide(WideInt(bits: bits, kind: kind))
    }

    /// The same mathematical value in `kind`, if it fits there.
    public func exactly(_ target: IntKind) -> FixedInt? {
        if target == kind { return self }
        if isNegative {
            guard target.isSigned, magnitude <= (UInt128(1) << (target.bitWidth - 1)) else { return nil }
            return FixedInt(target, truncating: signedValue)
        }
        guard bits <= target.maximum.bits else { return nil }
        return FixedInt(target, bits: bits)
    }

    /// Julia's order of integers of any two kinds, by mathematical value.
    public static func compare(_ a: FixedInt, _ b: FixedInt) -> Int {
        let an = a.isNegative, bn = b.isNegative
        if an != bn { return an ? -1 : 1 }
        if an {
            let x = a.signedValue, y = b.signedValue
            return x < y ? -1 : x > y ? 1 : 0
        }
        return a.bits < b.bits ? -1 : a.bits > b.bits ? 1 : 0
    }

    /// Decimal digits with a sign, as `print` and `string` write any integer.
    public var decimal: String { isNegative ? "-" + String(magnitude) : String(bits) }

    /// `show` of an unsigned integer: `0x` and the hex digits, zero-padded to the width
    /// (`0x0f`, `0x00000001`); signed integers show in decimal.
    public var shown: String {
        guard !kind.isSigned else { return decimal }
        let hex = String(bits, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, kind.bitWidth / 4 - hex.count)) + hex
    }

    /// A float converted exactly (nil when it is not an integer in the kind's range).
    public static func exactly(_ d: Double, _ kind: IntKind) -> FixedInt? {
        guard d.isFinite, d == d.rounded(.towardZero) else { return nil }
        return truncating(d, kind)
    }

    /// A float rounded toward zero into the kind (nil when that is outside its range).
    public static func truncating(_ d: Double, _ kind: IntKind) -> FixedInt? {
        guard d.isFinite else { return nil }
        let t = d.rounded(.towardZero)
        if t < 0 {
            guard kind.isSigned, t >= -Double(sign: .plus, exponent: kind.bitWidth - 1, significand: 1) else { return nil }
            return FixedInt(kind, truncating: Int128(t))
        }
        guard t < Double(sign: .plus, exponent: kind.isSigned ? kind.bitWidth - 1 : kind.bitWidth, significand: 1) else { return nil }
        return FixedInt(kind, bits: UInt128(t))
    }
}

extension Value {
    /// A bit integer of any kind (Int64 included) as a `FixedInt`; nil for other values.
    @inline(__always) public var fixedInt: FixedInt? {
        switch self {
        case .int(let n): return FixedInt(.int64, truncating: Int128(n))
        case .sized(let s): return s.fixed
        case .wide(let w): return w.fixed
        default: return nil
        }
    }

    /// Whether this is a bit integer other than Int64 (`.sized` or `.wide`).
    @inline(__always) public var isSized: Bool {
        switch self {
        case .sized, .wide: return true
        default: return false
        }
    }
}

extension BuiltinTypes {
    /// Whether `t` is one of the ten bit integer types.
    public static func isBitInteger(_ t: FlxType) -> Bool { IntKind(type: t) != nil }
}
