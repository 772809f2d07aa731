import FlxSyntax
import FlxCore

/// Division rounded down or up, the remainder that follows the divisor's sign, the
/// greatest common divisor and parity.
extension MathBuiltins {
    package static var integerFunctions: [Builtin] {
        [
            Builtin("mod", flooredRemainder,
                help: BuiltinHelp("mod(a, b)", "The remainder after floored division; its sign follows `b`.", "mod(-7, 3)  # 2")),
            Builtin("fld", differentiation: .constant, flooredDivision,
                help: BuiltinHelp("fld(a, b)", "Integer division rounded down.", "fld(-7, 2)  # -4")),
            Builtin("cld", differentiation: .constant, ceiledDivision,
                help: BuiltinHelp("cld(a, b)", "Integer division rounded up.", "cld(7, 2)  # 4")),
            Builtin("gcd", greatestCommonDivisor,
                help: BuiltinHelp("gcd(a, b...)", "The greatest common divisor of integers.", "gcd(12, 18)  # 6")),
            Builtin("flipsign", flipSign,
                help: BuiltinHelp("flipsign(x, y)", "`x` with its sign flipped when `y` is negative.", "flipsign(5, -3)  # -5")),
            Builtin("iseven", { _, a in try a.expect("iseven", 1...1); return .bool(parityBit(a[0]) == 0) },
                help: BuiltinHelp("iseven(n)", "Whether the integer `n` is divisible by 2.", "iseven(4)  # true")),
            Builtin("ispow2", { _, a in
                try a.expect("ispow2", 1...1)
                try BigIntegers.refuse("ispow2", a)
                switch a[0] {
                case .float64(let d): return .bool(d > 0 && d.isFinite && d.significand == 1)
                case .float32(let f): return .bool(f > 0 && f.isFinite && f.significand == 1)
                case .bool(let b): return .bool(b)
                default:
                    // Integers of any width: exactly one bit set, and positive.
                    guard let x = a[0].fixedInt else { throw Exceptions.method(.str("ispow2"), a.values) }
                    let negative = x.kind.isSigned && (x.bits >> (x.kind.bitWidth - 1)) & 1 == 1
                    return .bool(!negative && x.bits != 0 && x.bits & (x.bits - 1) == 0)
                }
            }, help: BuiltinHelp("ispow2(n)", "Whether `n` is a power of two (for floats: 2^k for an integer k).", "ispow2(16)  # true")),
            Builtin("isodd", { _, a in try a.expect("isodd", 1...1); return .bool(parityBit(a[0]) != 0) },
                help: BuiltinHelp("isodd(n)", "Whether the integer `n` is odd.", "isodd(3)  # true")),
        ]
    }

    /// The lowest bit of an integer (of any width: `asInt` would saturate a large UInt64).
    static func parityBit(_ v: Value) -> Int64 {
        if let b = v.bigInt { return Int64((b.limbs.first ?? 0) & 1) }
        return v.fixedInt.map { Int64($0.bits & 1) } ?? asInt(v) & 1
    }

    static func flooredRemainder(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("mod", 2...2)
        try BigIntegers.refuse("mod", a)
        if let v = try sizedDivision("mod", a) { return v }
        if case .int(let p) = a[0], case .int(let q) = a[1] {
            if q == 0 { throw Exceptions.divide() }
            if q == -1 { return .int(0) }
            let r = p % q
            return .int(r != 0 && (r < 0) != (q < 0) ? r + q : r)
        }
        if interp.isTracked(a[0]) || interp.isTracked(a[1]) {
            // mod(x, y) = x - y·floor(x/y): ∂x = 1, ∂y = -floor(x/y).
            return try binaryReal("mod", a[0], a[1], interp, value: { $0 - $1 * ($0 / $1).rounded(.down) },
                                  partials: { x, y in (1, -(x / y).rounded(.down)) })
        }
        let p = asDouble(a[0]), q = asDouble(a[1])
        let r = p - q * (p / q).rounded(.down)
        return interp.number(r, like: a[0])
    }

    static func flooredDivision(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("fld", 2...2)
        try BigIntegers.refuse("fld", a)
        if let v = try sizedDivision("fld", a) { return v }
        if case .int(let p) = a[0], case .int(let q) = a[1] {
            // Julia's DivideError for typemin ÷ -1, which overflows (a Swift trap otherwise).
            if q == 0 || (q == -1 && p == .min) { throw Exceptions.divide() }
            let d = p / q
            return .int((p % q != 0) && ((p < 0) != (q < 0)) ? d - 1 : d)
        }
        return interp.number((asDouble(a[0]) / asDouble(a[1])).rounded(.down), like: a[0])
    }

    static func ceiledDivision(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("cld", 2...2)
        try BigIntegers.refuse("cld", a)
        if let v = try sizedDivision("cld", a) { return v }
        if case .int(let p) = a[0], case .int(let q) = a[1] {
            // Julia's DivideError for typemin ÷ -1, which overflows (a Swift trap otherwise).
            if q == 0 || (q == -1 && p == .min) { throw Exceptions.divide() }
            let d = p / q
            return .int((p % q != 0) && ((p < 0) == (q < 0)) ? d + 1 : d)
        }
        return interp.number((asDouble(a[0]) / asDouble(a[1])).rounded(.up), like: a[0])
    }

    /// `mod`, `fld`, `cld` when an operand is a sized integer: both promoted (with a
    /// checked convert, as Julia's `promote`), then divided in that type.
    static func sizedDivision(_ name: String, _ a: Args) throws -> Value? {
        guard a[0].isSized || a[1].isSized, let x = a[0].fixedInt ?? (a[0].isBool ? a[1].fixedInt.map { FixedInt($0.kind, bits: asInt(a[0]) == 1 ? 1 : 0) } : nil),
              let y = a[1].fixedInt ?? (a[1].isBool ? a[0].fixedInt.map { FixedInt($0.kind, bits: asInt(a[1]) == 1 ? 1 : 0) } : nil) else { return nil }
        let k = IntKind.promoted(x.kind, y.kind)
        return try FixedIntArithmetic.roundedDivision(name, try FixedIntArithmetic.convert(x, to: k), try FixedIntArithmetic.convert(y, to: k)).value
    }

    /// Julia's `flipsign(x, y)`: `-x` when `y < 0`, else `x` (for integers `x` keeps its type).
    static func flipSign(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("flipsign", 2...2)
        try BigIntegers.refuse("flipsign", a)
        // The sign bit for floats (`flipsign(1, -0.0)` is -1), else `y < 0`.
        let negative: Bool
        switch a[1] {
        case .float64(let d): negative = d.sign == .minus
        case .float32(let f): negative = f.sign == .minus
        default: if case .bool(true) = try interp.call(interp.base.binding("<").value, [a[1], .int(0)]) { negative = true } else { negative = false }
        }
        guard negative else { return a[0] }
        return try interp.call(interp.base.binding("-").value, [a[0]])
    }

    static func greatestCommonDivisor(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("gcd", 2...2)
        try BigIntegers.refuse("gcd", a)
        if a[0].isSized || a[1].isSized, let x = a[0].fixedInt, let y = a[1].fixedInt {
            // In the promoted type, by magnitudes; a result that does not fit (typemin) overflows.
            let k = IntKind.promoted(x.kind, y.kind)
            var p = FixedIntArithmetic.wrapped(x, to: k).magnitude, q = FixedIntArithmetic.wrapped(y, to: k).magnitude
            while q != 0 { (p, q) = (q, p % q) }
            guard p <= k.maximum.bits else { throw Exceptions.overflow("gcd(\(x.decimal), \(y.decimal)) overflows") }
            return FixedInt(k, bits: p).value
        }
        // On magnitudes: `abs(typemin(Int))` traps in Swift; Julia throws OverflowError.
        var p = asInt(a[0]).magnitude, q = asInt(a[1]).magnitude
        while q != 0 { (p, q) = (q, p % q) }
        guard p <= UInt64(Int64.max) else { throw Exceptions.make("OverflowError", [.str("gcd(\(asInt(a[0])), \(asInt(a[1]))) overflows")]) }
        return .int(Int64(p))
    }
}
