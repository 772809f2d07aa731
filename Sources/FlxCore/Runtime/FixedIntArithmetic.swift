/// Julia's operators when an operand is a bit integer other than Int64
/// (`base/int.jl`): `+ - * & | ⊻` promote both sides with `% T` (wrapping) and wrap the
/// result; comparisons compare the mathematical values; `÷` and `%` promote with a
/// checked `convert`; `/` is Float64; `^` and shifts keep the left operand's type.
package enum FixedIntArithmetic {
    /// The result, or nil when no operand is a sized integer or the other is no number.
    package static func apply(_ op: BinaryOperator, _ l: Value, _ r: Value) throws -> Value? {
        guard l.isSized || r.isSized else { return nil }
        if let a = operand(l, other: r), let b = operand(r, other: l) { return try integerOp(op, a, b) }
        // With a float: the integer becomes that float's type (Int64 when it fits, so `^`
        // keeps its integer-exponent rule).
        let isFloat: (Value) -> Bool = { v in
            switch v {
            case .float16, .float32, .float64: return true
            default: return false
            }
        }
        guard isFloat(l) || isFloat(r) else { return nil }
        let float32 = { if case .float32 = l { return true }; if case .float32 = r { return true }; return false }()
        func lowered(_ v: Value) -> Value {
            guard v.isSized, let f = v.fixedInt else { return v }
            if let i = f.exactly(.int64) { return i.value }
            return float32 ? .float32(f.float) : .float64(f.double)
        }
        return try ScalarArithmetic.apply(op, lowered(l), lowered(r))
    }

    /// An integer operand; a Bool takes the other operand's integer kind.
    private static func operand(_ v: Value, other: Value) -> FixedInt? {
        if case .bool(let b) = v, let o = other.fixedInt { return FixedInt(o.kind, bits: b ? 1 : 0) }
        return v.fixedInt
    }

    package static func integerOp(_ op: BinaryOperator, _ a: FixedInt, _ b: FixedInt) throws -> Value {
        switch op {
        case .lt: return .bool(FixedInt.compare(a, b) < 0)
        case .le: return .bool(FixedInt.compare(a, b) <= 0)
        case .gt: return .bool(FixedInt.compare(a, b) > 0)
        case .ge: return .bool(FixedInt.compare(a, b) >= 0)
        case .eq: return .bool(FixedInt.compare(a, b) == 0)
        case .ne: return .bool(FixedInt.compare(a, b) != 0)
        case .div: return .float64(a.double / b.double)
        case .leftDiv: return .float64(b.double / a.double)
        case .shl, .shr, .ushr: return shift(op, a, b).value
        case .pow: return try power(a, b).value
        case .intDiv, .rem:
            let k = IntKind.promoted(a.kind, b.kind)
            return try divide(op, try convert(a, to: k), try convert(b, to: k)).value
        default:
            let k = IntKind.promoted(a.kind, b.kind)
            let x = wrapped(a, to: k).bits, y = wrapped(b, to: k).bits
            switch op {
            case .add: return FixedInt(k, bits: x &+ y).value
            case .sub: return FixedInt(k, bits: x &- y).value
            case .mul: return FixedInt(k, bits: x &* y).value
            case .bitAnd: return FixedInt(k, bits: x & y).value
            case .bitOr: return FixedInt(k, bits: x | y).value
            default: return FixedInt(k, bits: x ^ y).value
            }
        }
    }

    /// `x % T`: the value modulo 2^width of T.
    package static func wrapped(_ x: FixedInt, to k: IntKind) -> FixedInt {
        x.kind.isSigned ? FixedInt(k, truncating: x.signedValue) : FixedInt(k, bits: x.bits)
    }

    /// Julia's checked `convert(T, x)` between bit integers (`base/boot.jl`): a negative
    /// value into an unsigned type at least as wide, or an unsigned value with its top bit
    /// set into the signed type of its width or narrower, is `check_top_bit`; any other
    /// value that does not fit is `trunc`.
    package static func convert(_ x: FixedInt, to k: IntKind) throws -> FixedInt {
        if let y = x.exactly(k) { return y }
        let topBitSet = (x.bits >> (x.kind.bitWidth - 1)) & 1 == 1
        let checksTopBit = x.kind.isSigned != k.isSigned && topBitSet
            && (x.kind.isSigned ? k.bitWidth >= x.kind.bitWidth : k.bitWidth <= x.kind.bitWidth)
        throw Exceptions.inexact(checksTopBit ? "check_top_bit" : "trunc", k.name, x.value)
    }

    /// `÷` and `%` of two integers of one kind: DivideError for a zero divisor and for
    /// typemin ÷ -1 (whose quotient does not fit); `typemin % -1` is 0.
    package static func divide(_ op: BinaryOperator, _ a: FixedInt, _ b: FixedInt) throws -> FixedInt {
        let k = a.kind
        if b.isZero { throw Exceptions.divide() }
        if k.isSigned {
            let minusOne = b.signedValue == -1
            if minusOne { if op == .rem { return FixedInt(k, bits: 0) }; if a == k.minimum { throw Exceptions.divide() } }
            let x = a.signedValue, y = b.signedValue
            return FixedInt(k, truncating: op == .rem ? x % y : x / y)
        }
        return FixedInt(k, bits: op == .rem ? a.bits % b.bits : a.bits / b.bits)
    }

    /// Julia's `fld`, `cld` and `mod` of two integers of one kind, from `÷` and `%`.
    package static func roundedDivision(_ name: String, _ a: FixedInt, _ b: FixedInt) throws -> FixedInt {
        let k = a.kind
        if name == "mod" {
            let r = try divide(.rem, a, b)
            if !r.isZero && r.isNegative != b.isNegative { return FixedInt(k, bits: r.bits &+ b.bits) }
            return r
        }
        let q = try divide(.intDiv, a, b)
        let r = try divide(.rem, a, b)
        if r.isZero { return q }
        let sameSign = a.isNegative == b.isNegative
        if name == "fld" && !sameSign { return FixedInt(k, bits: q.bits &- 1) }
        if name == "cld" && sameSign { return FixedInt(k, bits: q.bits &+ 1) }
        return q
    }

    /// `x << n`, `x >> n` (arithmetic for signed types), `x >>> n` (logical), in x's type;
    /// a negative count shifts the other way, and shifting by the width or more leaves
    /// 0 (or -1 for a negative x shifted right arithmetically).
    package static func shift(_ op: BinaryOperator, _ a: FixedInt, _ b: FixedInt) -> FixedInt {
        let k = a.kind
        var leftward = op == .shl
        if b.isNegative { leftward.toggle() }
        let n = b.magnitude
        if leftward { return n >= UInt128(k.bitWidth) ? FixedInt(k, bits: 0) : FixedInt(k, bits: a.bits << n) }
        if op == .shr && a.isNegative {
            return n >= UInt128(k.bitWidth) ? FixedInt(k, truncating: -1) : FixedInt(k, truncating: a.signedValue >> n)
        }
        return n >= UInt128(k.bitWidth) ? FixedInt(k, bits: 0) : FixedInt(k, bits: a.bits >> n)
    }

    /// `x^n` by squaring, wrapping in x's type; a negative n is Julia's DomainError
    /// except for x = ±1.
    package static func power(_ a: FixedInt, _ b: FixedInt) throws -> FixedInt {
        let k = a.kind
        if b.isNegative {
            if a.bits == 1 { return a }
            if a.isNegative && a.signedValue == -1 { return b.magnitude & 1 == 0 ? FixedInt(k, bits: 1) : a }
            throw Exceptions.domain(a.value, "Cannot raise an integer x to a negative power \(b.decimal).\nConvert input to float.")
        }
        var result: UInt128 = 1, base = a.bits, e = b.bits
        while e > 0 {
            if e & 1 == 1 { result = result &* base }
            base = base &* base
            e >>= 1
        }
        return FixedInt(k, bits: result)
    }

    /// Unary minus, wrapping (`-0x02` is 0xfe, `-typemin(Int8)` is -128).
    package static func negate(_ a: FixedInt) -> FixedInt { FixedInt(a.kind, bits: 0 &- a.bits) }

    /// `abs`, wrapping as Julia's does (`abs(typemin(Int8))` is -128); unsigned unchanged.
    package static func absolute(_ a: FixedInt) -> FixedInt { a.isNegative ? negate(a) : a }
}
