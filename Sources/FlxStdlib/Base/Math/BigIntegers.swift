import FlxSyntax
import FlxCore

/// Base's `BigInt` (gmp.jl): `BigInt(x)`, `big(x)`, `big"..."`, integer literals too large
/// for Int128, `parse(BigInt, s)`, `string(n; base)`, `factorial`, and exact arithmetic
/// and comparison with every integer type. With a float Julia computes in BigFloat, which
/// flx does not have: those raise an error saying so rather than rounding to Float64.
package enum BigIntegers {
    package static var functions: [Builtin] {
        [
            Builtin("big", { interp, a in
                try a.expect("big", 1...1)
                switch a[0] {
                case .type(let t) where IntKind(type: t) != nil || t === BigIntObject.type: return .type(BigIntObject.type)
                case .float64, .float32, .type: throw noBigFloat("big")
                default:
                    guard let v = try interp.convertElementIfInteger(a[0]) else { throw Exceptions.method(.str("big"), a.values) }
                    return v
                }
            }, help: BuiltinHelp("big(x)", "The integer `x` as a `BigInt`, which never overflows.", "big(2)^100")),
            Builtin("factorial", { interp, a in
                try a.expect("factorial", 1...1)
                if let b = a[0].bigInt {
                    guard let n = b.int128, n >= 0 else { throw Exceptions.domain(a[0], "`n` must not be negative.") }
                    var acc = BigIntObject(1)
                    var k: Int128 = 2
                    while k <= n {
                        acc = try multiply(acc, BigIntObject(k))
                        k += 1
                    }
                    return .native(acc)
                }
                guard let f = a[0].fixedInt else { throw Exceptions.method(.str("factorial"), a.values) }
                let n = f.signedValue
                guard n >= 0 else { throw Exceptions.domain(a[0], "`n` must not be negative.") }
                // Julia looks small factorials up in a table of Int64 values (UInt64 for unsigned n).
                guard n <= 20 else {
                    throw Exceptions.overflow("\(n) is too large to look up in the table; consider using `factorial(big(\(n)))` instead")
                }
                var p: Int64 = 1
                for k in stride(from: 2, through: Int64(n), by: 1) { p *= k }
                return f.kind == .int64 || f.kind.bitWidth < 64 && f.kind.isSigned ? .int(p) : FixedInt(f.kind.bitWidth == 128 ? f.kind : .uint64, bits: UInt128(p)).value
            }, help: BuiltinHelp("factorial(n)", "n! (an OverflowError past 20 for Int; `factorial(big(n))` for larger n).", "factorial(5)  # 120")),
        ]
    }

    package static func install(_ interp: Interpreter) {
        let t = BigIntObject.type
        TypeBuiltins.setConstructor(t) { interp, a in
            try a.expect("BigInt", 1...1)
            if a[0].bigInt != nil { return a[0] }
            guard let v = try interp.convertElementIfInteger(a[0]) else {
                if case .string = a[0] { throw Exceptions.method(.type(t), a.values) }
                return try interp.convertElement(a[0], to: t)
            }
            return v
        }
        interp.base.define("BigInt", .type(t))
        interp.registerMacro("big_str") { _, args, span in
            let (text, _) = try StringBuiltins.macroText(args, "big_str")
            let digits = text.filter { $0 != "_" }
            if let b = BigIntObject.parse(digits) { return Literal(.native(b), span: span) }
            throw noBigFloat("big\"...\"")
        }
    }

    /// The integer functions flx computes in 64 or 128 bits (`mod`, `fld`, `gcd`, ...): a
    /// BigInt argument is a MethodError there, never a result rounded through Float64.
    package static func refuse(_ name: String, _ a: Args) throws {
        if a.values.contains(where: { $0.bigInt != nil }) { throw Exceptions.method(.str(name), a.values) }
    }

    static func noBigFloat(_ name: String) -> FlxError {
        Exceptions.error("\(name): BigFloat (arbitrary-precision floats) is not supported by flx")
    }

    /// `parse(BigInt, s; base)`.
    package static func parse(_ text: String, base: Int?) throws -> Value {
        guard let b = BigIntObject.parse(text, radix: base) else {
            throw Exceptions.argument("invalid BigInt: \"\(text)\"")
        }
        return .native(b)
    }

    static func add(_ a: BigIntObject, _ b: BigIntObject) -> BigIntObject {
        if a.negative == b.negative { return BigIntObject(negative: a.negative, limbs: BigIntObject.addMagnitude(a.limbs, b.limbs)) }
        if BigIntObject.compareMagnitude(a.limbs, b.limbs) >= 0 {
            return BigIntObject(negative: a.negative, limbs: BigIntObject.subtractMagnitude(a.limbs, b.limbs))
        }
        return BigIntObject(negative: b.negative, limbs: BigIntObject.subtractMagnitude(b.limbs, a.limbs))
    }

    static func negated(_ a: BigIntObject) -> BigIntObject { BigIntObject(negative: !a.negative, limbs: a.limbs) }

    static func multiply(_ a: BigIntObject, _ b: BigIntObject) throws -> BigIntObject {
        BigIntObject(negative: a.negative != b.negative, limbs: try BigIntObject.multiplyMagnitude(a.limbs, b.limbs))
    }

    static func compare(_ a: BigIntObject, _ b: BigIntObject) -> Int {
        if a.negative != b.negative { return a.negative ? -1 : 1 }
        let m = BigIntObject.compareMagnitude(a.limbs, b.limbs)
        return a.negative ? -m : m
    }

    /// The BigInt of an integer operand (nil for anything else).
    static func operand(_ v: Value) -> BigIntObject? {
        if let b = v.bigInt { return b }
        if case .bool(let x) = v { return BigIntObject(x ? 1 : 0) }
        if let f = v.fixedInt { return BigIntObject(f) }
        return nil
    }

    /// `l op r` when either side is a BigInt, else nil.
    package static func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, _ interp: Interpreter) throws -> Value? {
        guard l.bigInt != nil || r.bigInt != nil else { return nil }
        if op == .div || scalarRank(l) == .float64 || scalarRank(l) == .float32 || scalarRank(r) == .float64 || scalarRank(r) == .float32 {
            throw noBigFloat(op.rawValue)
        }
        guard let a = operand(l) else { return nil }
        if op == .pow {
            guard let e = r.fixedInt else { return nil }
            if e.isNegative {
                throw Exceptions.domain(r, "Cannot raise an integer x to a negative power \(e.decimal).\nConvert input to float.")
            }
            var result = BigIntObject(1), base = a, rest = e.magnitude
            while rest > 0 {
                if rest & 1 == 1 { result = try multiply(result, base) }
                rest >>= 1
                if rest > 0 { base = try multiply(base, base) }
            }
            return .native(result)
        }
        guard let b = operand(r) else { return nil }
        switch op {
        case .add: return .native(add(a, b))
        case .sub: return .native(add(a, negated(b)))
        case .mul: return .native(try multiply(a, b))
        case .intDiv, .rem:
            guard !b.isZero else { throw Exceptions.make("DivideError", []) }
            let (q, m) = try BigIntObject.divideMagnitude(a.limbs, b.limbs)
            // Truncated division: the quotient's sign is the product's, the remainder's the dividend's.
            return op == .intDiv ? .native(BigIntObject(negative: a.negative != b.negative, limbs: q))
                                 : .native(BigIntObject(negative: a.negative, limbs: m))
        case .eq: return .bool(compare(a, b) == 0)
        case .ne: return .bool(compare(a, b) != 0)
        case .lt: return .bool(compare(a, b) < 0)
        case .le: return .bool(compare(a, b) <= 0)
        case .gt: return .bool(compare(a, b) > 0)
        case .ge: return .bool(compare(a, b) >= 0)
        default: return nil
        }
    }

    /// `string(n; base)` of a BigInt.
    package static func digits(_ b: BigIntObject, base: Int, pad: Int) throws -> Value {
        guard (2...36).contains(base) else { throw Exceptions.argument("base must be ≥ 2 and ≤ 36 for a BigInt, got \(base)") }
        var text = b.text(radix: base)
        let sign = b.negative ? "-" : ""
        if b.negative { text.removeFirst() }
        if text.count < pad { text = try MemoryGuard.repeated("0", pad - text.count) + text }
        return .str(sign + text)
    }
}

extension Interpreter {
    /// An integer or Bool as a BigInt; nil for other values.
    package func convertElementIfInteger(_ v: Value) throws -> Value? {
        guard BigIntegers.operand(v) != nil else { return nil }
        return try convertElement(v, to: BigIntObject.type)
    }
}
