import FlxSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Julia's arithmetic on scalar numbers, with its promotion rules: Bool < Int64 <
/// Float32 < Float64, Int64 wraps on overflow, `/` gives a float, `÷` and `%`
/// truncate and raise DivideError for an integer zero divisor.
public enum BinaryOperator: String, CaseIterable {
    case add = "+", sub = "-", mul = "*", div = "/", pow = "^", intDiv = "÷", rem = "%"
    case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "==", ne = "!="
    case bitAnd = "&", bitOr = "|", xor = "⊻", shl = "<<", shr = ">>", ushr = ">>>", leftDiv = "\\"

    public init?(symbol: String) {
        switch symbol {
        case "≤": self = .le
        case "≥": self = .ge
        case "≠": self = .ne
        default: self.init(rawValue: symbol)
        }
    }

    package var isComparison: Bool {
        switch self {
        case .lt, .le, .gt, .ge, .eq, .ne: return true
        default: return false
        }
    }
}

package enum ScalarRank: Int, Comparable {
    case bool = 0, int, float16, float32, float64
    package static func < (a: ScalarRank, b: ScalarRank) -> Bool { a.rawValue < b.rawValue }
}

@inline(__always) package func scalarRank(_ v: Value) -> ScalarRank? {
    switch v {
    case .int: return .int
    case .float64: return .float64
    case .float32: return .float32
    case .float16: return .float16
    case .bool: return .bool
    default: return nil
    }
}

@inline(__always) package func asDouble(_ v: Value) -> Double {
    switch v {
    case .int(let i): return Double(i)
    case .float64(let d): return d
    case .sized, .wide: return sizedDouble(v)
    case .float32(let f): return Double(f)
    case .float16(let h): return Double(h)
    case .bool(let b): return b ? 1 : 0
    case .native(let r as RationalObject): return r.double
    case .native(let b as BigIntObject): return b.double
    default: return .nan
    }
}

@inline(__always) package func asInt(_ v: Value) -> Int64 {
    switch v {
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    // Another bit integer as Int64 when it fits; beyond, the nearest Int64 (an index or
    // count that large is out of range whichever way it is rounded).
    case .sized, .wide: return sizedInt64(v)
    default: return 0
    }
}

// Out of line, so that the hot `asDouble`/`asInt` stay small where the interpreter inlines them.
@inline(never) private func sizedDouble(_ v: Value) -> Double { v.fixedInt?.double ?? .nan }
@inline(never) private func sizedInt64(_ v: Value) -> Int64 {
    guard let f = v.fixedInt else { return 0 }
    return f.exactly(.int64).map { Int64(truncatingIfNeeded: $0.bits) } ?? (f.isNegative ? .min : .max)
}

extension Value {
    @inline(__always) package var isBool: Bool { if case .bool = self { return true }; return false }
}

extension FloatingPoint {
    /// Zero (or self) with the sign of `other`, as Julia's `copysign(zero(x), y)`.
    func withSign(of other: Self) -> Self { other.sign == .minus ? -Swift.abs(self) : Swift.abs(self) }
}

public enum ScalarArithmetic {
    /// The result for two scalar numbers, or nil when either is not one (the caller
    /// then dispatches to methods, e.g. for arrays or user types).
    @inline(__always)
    public static func apply(_ op: BinaryOperator, _ l: Value, _ r: Value) throws -> Value? {
        // The two most common cases first, decided without computing ranks.
        if case .int(let a) = l, case .int(let b) = r { return try intOp(op, a, b) }
        if case .float64(let a) = l, case .float64(let b) = r { return try doubleOp(op, a, b) }
        // Then Float64 with Int (`s += i` in a loop) and Float32 with Float32: what the rank
        // promotion below computes, without it (`x ^ n` keeps its integer power there).
        if case .float64(let a) = l, case .int(let b) = r, op != .pow { return try doubleOp(op, a, Double(b)) }
        if case .int(let a) = l, case .float64(let b) = r { return try doubleOp(op, Double(a), b) }
        if case .float32(let a) = l, case .float32(let b) = r { return try floatOp(op, a, b, l, r) }
        guard let lr = scalarRank(l), let rr = scalarRank(r) else { return try FixedIntArithmetic.apply(op, l, r) }
        let rank = max(lr, rr)
        switch rank {
        case .bool:
            if op.isComparison || op == .bitAnd || op == .bitOr || op == .xor {
                let a = asInt(l), b = asInt(r)
                switch op {
                case .bitAnd: return .bool(a & b != 0)
                case .bitOr: return .bool(a | b != 0)
                case .xor: return .bool(a ^ b != 0)
                default: return try intOp(op, a, b)
                }
            }
            return try intOp(op, asInt(l), asInt(r))
        case .int: return try intOp(op, asInt(l), asInt(r))
        case _ where op == .mul && (l.isBool || r.isBool) && rank >= .float16:
            // Julia's Bool is a "strong zero": `false * x` is a zero with x's sign even
            // for NaN and Inf (`false * NaN == 0.0`), and `true * x` is x.
            let (flag, x) = l.isBool ? (l, r) : (r, l)
            if case .bool(true) = flag { return x }
            if case .float32(let f) = x { return .float32(Float(0).withSign(of: f)) }
            if case .float16(let h) = x { return .float16(Float16(0).withSign(of: h)) }
            return .float64(Double(0).withSign(of: asDouble(x)))
        case .float16:
            return try halfOp(op, l, r)
        case .float32:
            return try floatOp(op, Float(asDouble(l)), Float(asDouble(r)), l, r)
        case .float64:
            if op == .pow, case .int(let n) = r { return .float64(powInt(asDouble(l), n)) }
            return try doubleOp(op, asDouble(l), asDouble(r))
        }
    }

    package static func intOp(_ op: BinaryOperator, _ a: Int64, _ b: Int64) throws -> Value {
        switch op {
        case .add: return .int(a &+ b)
        case .sub: return .int(a &- b)
        case .mul: return .int(a &* b)
        case .div: return .float64(Double(a) / Double(b))
        case .leftDiv: return .float64(Double(b) / Double(a))
        case .pow:
            if b < 0 {
                if a == 1 { return .int(1) }
                if a == -1 { return .int(b & 1 == 0 ? 1 : -1) }
                throw Exceptions.domain(.int(a), "Cannot raise an integer x to a negative power \(b).\nConvert input to float.")
            }
            return .int(intPower(a, b))
        case .intDiv:
            if b == 0 || (a == Int64.min && b == -1) { throw Exceptions.divide() }
            return .int(a / b)
        case .rem:
            if b == 0 { throw Exceptions.divide() }
            if b == -1 { return .int(0) }
            return .int(a % b)
        case .lt: return .bool(a < b)
        case .le: return .bool(a <= b)
        case .gt: return .bool(a > b)
        case .ge: return .bool(a >= b)
        case .eq: return .bool(a == b)
        case .ne: return .bool(a != b)
        case .bitAnd: return .int(a & b)
        case .bitOr: return .int(a | b)
        case .xor: return .int(a ^ b)
        case .shl: return .int(b >= 0 ? shiftLeft(a, b.magnitude) : shiftRight(a, b.magnitude))
        case .shr: return .int(b >= 0 ? shiftRight(a, b.magnitude) : shiftLeft(a, b.magnitude))
        case .ushr: return .int(b >= 0 ? shiftRightLogical(a, b.magnitude) : shiftLeft(a, b.magnitude))
        }
    }

    // Julia's shifts by an Int count: a negative count shifts the other way by its
    // magnitude taken as unsigned (so `-typemin(Int)` is 2^63, not an overflow), and a
    // count of 64 or more shifts every bit out (`base/operators.jl`, `>>(x, y::Int)`).
    @inline(__always) static func shiftLeft(_ a: Int64, _ n: UInt64) -> Int64 { n >= 64 ? 0 : a << n }
    @inline(__always) static func shiftRight(_ a: Int64, _ n: UInt64) -> Int64 { n >= 64 ? (a < 0 ? -1 : 0) : a >> n }
    @inline(__always) static func shiftRightLogical(_ a: Int64, _ n: UInt64) -> Int64 {
        n >= 64 ? 0 : Int64(bitPattern: UInt64(bitPattern: a) >> n)
    }

    package static func intPower(_ base: Int64, _ exp: Int64) -> Int64 {
        var result: Int64 = 1, b = base, e = exp
        while e > 0 {
            if e & 1 == 1 { result = result &* b }
            b = b &* b
            e >>= 1
        }
        return result
    }

    /// Julia computes `x^n` for integer n by repeated squaring for small n.
    package static func powInt(_ x: Double, _ n: Int64) -> Double {
        if n == 2 { return x * x }
        if n == 3 { return x * x * x }
        if n == 1 { return x }
        if n == 0 { return 1 }
        return pow(x, Double(n))
    }

    package static func doubleOp(_ op: BinaryOperator, _ a: Double, _ b: Double) throws -> Value {
        switch op {
        case .add: return .float64(a + b)
        case .sub: return .float64(a - b)
        case .mul: return .float64(a * b)
        case .div: return .float64(a / b)
        case .leftDiv: return .float64(b / a)
        case .pow:
            if a < 0 && b != b.rounded() {
                throw Exceptions.domain(.float64(a), "Exponentiation yielding a complex result requires a complex argument.\nReplace x^y with (x+0im)^y, Complex(x)^y, or similar.")
            }
            return .float64(b == 2 ? a * a : pow(a, b))
        case .intDiv: return .float64((a / b).rounded(.towardZero))
        case .rem: return .float64(a.truncatingRemainder(dividingBy: b))
        case .lt: return .bool(a < b)
        case .le: return .bool(a <= b)
        case .gt: return .bool(a > b)
        case .ge: return .bool(a >= b)
        case .eq: return .bool(a == b)
        case .ne: return .bool(a != b)
        default: throw Exceptions.method(.str(op.rawValue), [.float64(a), .float64(b)])
        }
    }

    /// Float16 with Float16, an integer or a Bool: the operands are promoted to Float16
    /// (`Float16(1) + 70000` is `Inf16`, as 70000 is), the operation computed in Float32,
    /// and its result rounded to Float16, as Julia computes half-precision arithmetic.
    /// Float32 keeps 13 bits beyond half's 11, so rounding twice gives the same result as
    /// rounding the exact value once for + - * / (Figueroa's theorem).
    package static func halfOp(_ op: BinaryOperator, _ l: Value, _ r: Value) throws -> Value {
        // Comparisons read the exact operands (`l`, `r`), as Julia compares mixed numbers exactly.
        let a = Float(Float16(asDouble(l))), b = Float(Float16(asDouble(r)))
        let v = try floatOp(op, a, b, l, r)
        if case .float32(let f) = v { return .float16(Float16(f)) }
        return v
    }

    package static func floatOp(_ op: BinaryOperator, _ a: Float, _ b: Float, _ l: Value, _ r: Value) throws -> Value {
        switch op {
        case .add: return .float32(a + b)
        case .sub: return .float32(a - b)
        case .mul: return .float32(a * b)
        case .div: return .float32(a / b)
        case .leftDiv: return .float32(b / a)
        case .pow:
            if case .int(let n) = r { return .float32(Float(powInt(Double(a), n))) }
            if a < 0 && b != b.rounded() {
                throw Exceptions.domain(l, "Exponentiation yielding a complex result requires a complex argument.\nReplace x^y with (x+0im)^y, Complex(x)^y, or similar.")
            }
            return .float32(b == 2 ? a * a : Float(pow(Double(a), Double(b))))
        case .intDiv: return .float32((a / b).rounded(.towardZero))
        case .rem: return .float32(a.truncatingRemainder(dividingBy: b))
        case .lt: return .bool(asDouble(l) < asDouble(r))
        case .le: return .bool(asDouble(l) <= asDouble(r))
        case .gt: return .bool(asDouble(l) > asDouble(r))
        case .ge: return .bool(asDouble(l) >= asDouble(r))
        case .eq: return .bool(asDouble(l) == asDouble(r))
        case .ne: return .bool(asDouble(l) != asDouble(r))
        default: throw Exceptions.method(.str(op.rawValue), [l, r])
        }
    }
}
