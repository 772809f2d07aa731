import FlxSyntax
import FlxCore

/// How numbers are stored and stepped: `nextfloat`/`prevfloat`, `bitstring`, `promote`, and
/// Horner's `evalpoly`.
extension MathBuiltins {
    package static var floatRepresentation: [Builtin] {
        [
            Builtin("nextfloat", { interp, a in try a.expect("nextfloat", 1...2); return try stepFloatKeepingGradient(a, up: true, interp) },
                help: BuiltinHelp("nextfloat(x, n = 1)", "The n-th representable float after `x` (of the same type).", "nextfloat(1.0)  # 1.0000000000000002")),
            Builtin("prevfloat", { interp, a in try a.expect("prevfloat", 1...2); return try stepFloatKeepingGradient(a, up: false, interp) },
                help: BuiltinHelp("prevfloat(x, n = 1)", "The n-th representable float before `x` (of the same type).", "prevfloat(1.0)  # 0.9999999999999999")),
            Builtin("bitstring", { _, a in
                try a.expect("bitstring", 1...1)
                switch a[0] {
                case .int, .sized, .wide:
                    let f = a[0].fixedInt!
                    let digits = String(f.bits, radix: 2)
                    return .str(String(repeating: "0", count: f.kind.bitWidth - digits.count) + digits)
                case .float64(let d): return .str(bits(d.bitPattern, 64))
                case .float32(let f): return .str(bits(UInt64(f.bitPattern), 32))
                case .bool(let b): return .str(b ? "00000001" : "00000000")
                default: throw Exceptions.method(.str("bitstring"), a.values)
                }
            }, help: BuiltinHelp("bitstring(x)", "The bits of a number as stored, most significant first.", "bitstring(1.0)")),
            Builtin("promote", { interp, a in
                // Julia's promotion among Bool, the bit integers, Float32 and Float64.
                guard let first = a.values.first else { return .tuple([]) }
                var target: FlxType? = interp.typeOf(first)
                for v in a.values.dropFirst() { target = target.flatMap { NumericPromotion.promote($0, interp.typeOf(v)) } }
                guard let t = target, NumericPromotion.promote(t, t) != nil else { return .tuple(a.values) }
                return .tuple(try a.values.map { try interp.convertElement($0, to: t) })
            }, help: BuiltinHelp("promote(xs...)", "The arguments converted to one common numeric type, as arithmetic does.", "promote(1, 2.5)  # (1.0, 2.5)")),
            Builtin("evalpoly", { interp, a in
                try a.expect("evalpoly", 2...2)
                // Horner's rule from the highest coefficient, with the language's arithmetic,
                // so numbers being differentiated keep their gradient.
                let coefficients = try interp.collect(a[1])
                guard var acc = coefficients.last else { return .int(0) }
                for c in coefficients.dropLast().reversed() {
                    acc = try OperatorBuiltins.binaryValues(.add, try OperatorBuiltins.binaryValues(.mul, acc, a[0], interp), c, interp)
                }
                return acc
            }, help: BuiltinHelp("evalpoly(x, p)", "The polynomial p[1] + p[2]x + p[3]x² + ... at `x`, by Horner's rule.", "evalpoly(2, (1, 2, 3))  # 17")),
        ]
    }

    private static func bits(_ pattern: UInt64, _ width: Int) -> String {
        String((0..<width).reversed().map { (pattern >> UInt64($0)) & 1 == 1 ? "1" : "0" })
    }

    /// `n` steps along the floats of `x`'s type (n may be negative), saturating at ±Inf:
    /// floats ordered as integers (negative ones mirrored), so any step count is one addition.
    static func stepFloat(_ a: Args, up: Bool) throws -> Value {
        let name = up ? "nextfloat" : "prevfloat"
        var steps: Int64 = 1
        if a.count == 2 {
            guard case .int(let n) = a[1], n > Int64.min else { throw Exceptions.method(.str(name), a.values) }
            steps = n
        }
        if !up { steps = -steps }
        switch a[0] {
        case .float64(let d):
            guard !d.isNaN else { return a[0] }
            let inf = Int64(bitPattern: Double.infinity.bitPattern)
            let key = ordered(d.sign == .minus, Int64(bitPattern: d.bitPattern & ~(1 << 63)))
            let moved = max(-inf, min(inf, key.addingReportingOverflow(steps).overflow ? (steps > 0 ? inf : -inf) : key + steps))
            return .float64(moved < 0 ? -Double(bitPattern: UInt64(-moved)) : Double(bitPattern: UInt64(moved)))
        case .float32(let f):
            guard !f.isNaN else { return a[0] }
            let inf = Int64(Float.infinity.bitPattern)
            let key = ordered(f.sign == .minus, Int64(f.bitPattern & ~(1 << 31)))
            let moved = max(-inf, min(inf, key.addingReportingOverflow(steps).overflow ? (steps > 0 ? inf : -inf) : key + steps))
            return .float32(moved < 0 ? -Float(bitPattern: UInt32(-moved)) : Float(bitPattern: UInt32(moved)))
        default:
            throw Exceptions.method(.str(name), a.values)
        }
    }

    /// A float's place in order: its magnitude bits, negated for a negative float.
    private static func ordered(_ negative: Bool, _ magnitude: Int64) -> Int64 { negative ? -magnitude : magnitude }
}
