import FlxSyntax
import FlxCore

/// Numbers and Bools read from strings, with Julia's error for each way it can fail.
extension StringBuiltins {
    package static var stringParsing: [Builtin] {
        [
            Builtin("parse", parseValue,
                help: BuiltinHelp("parse(T, s)", "Reads a number of type `T` from the string `s`; an error if it is not one.", "parse(Int, \"42\")  # 42")),
            Builtin("tryparse", { interp, a in
                // Only a string that is not a number gives `nothing`; a bad call or base is
                // still an error (as Julia's tryparse raises for `base = 1`).
                if let b = try a.keywordInt("base"), !(2...62).contains(b) {
                    throw Exceptions.argument("invalid base: base must be 2 ≤ base ≤ 62, got \(b)")
                }
                let keywords = a.keyword("base").map { [(name: "base", value: $0)] } ?? []
                do { return try interp.call(interp.base.binding("parse").value, a.values, keywords: keywords) } catch let e as FlxError {
                    if e.typeName == "ArgumentError" || e.typeName == "OverflowError" { return .nothing }
                    throw e
                }
            }, help: BuiltinHelp("tryparse(T, s)", "Like `parse`, but returns `nothing` when `s` is not a valid `T`.", "tryparse(Float64, \"x\")  # nothing")),
        ]
    }

    static func parseValue(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("parse", 2...2)
        guard case .type(let t) = a[0], case .string(let s) = a[1] else { throw Exceptions.method(.str("parse"), a.values) }
        let text = s.value.trimmingWhitespace()
        if let k = IntKind(type: t) { return try parseInteger(text, k, base: try a.keywordInt("base")) }
        if t === BigIntObject.type { return try BigIntegers.parse(text, base: try a.keywordInt("base")) }
        if t === BuiltinTypes.float64, let d = parseFloat(text) { return .float64(d) }
        if t === BuiltinTypes.float32, let d = parseFloat(text) { return .float32(Float(d)) }
        if t === BuiltinTypes.bool, ["true", "false", "1", "0"].contains(text) { return .bool(text == "true" || text == "1") }
        throw Exceptions.argument("cannot parse \"\(s.value)\" as \(TypeNames.show(t))")
    }

    /// Julia's `parse(T, s; base)` for a bit integer type: an optional sign (`-` only for
    /// signed types), a `0x`/`0o`/`0b` prefix when no base is given, digits of the base;
    /// with Julia's three failures: nothing to parse, a bad digit (named), or overflow.
    static func parseInteger(_ text: String, _ k: IntKind, base: Int?) throws -> Value {
        if text.isEmpty { throw Exceptions.argument("input string is empty or only contains whitespace") }
        if let b = base, !(2...62).contains(b) { throw Exceptions.argument("invalid base: base must be 2 ≤ base ≤ 62, got \(b)") }
        var body = Substring(text)
        var negative = false
        if body.first == "+" || (body.first == "-" && k.isSigned) {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        var radix = base ?? 10
        if base == nil, body.count > 2, body.hasPrefix("0") {
            switch body.dropFirst().first {
            case "x": radix = 16; body = body.dropFirst(2)
            case "o": radix = 8; body = body.dropFirst(2)
            case "b": radix = 2; body = body.dropFirst(2)
            default: break
            }
        }
        if body.isEmpty { throw Exceptions.argument("premature end of integer: \(Display.stringRepr(text))") }
        var magnitude: UInt128 = 0
        var overflow = false
        for c in body {
            guard let d = c.hexDigitValue ?? (c.isASCII && c.isLetter ? Int(c.asciiValue! | 0x20) - 87 : nil), d < radix else {
                throw Exceptions.argument("invalid base \(radix) digit \(Display.charRepr(c.unicodeScalars.first!.value)) in \(Display.stringRepr(text))")
            }
            let (m, o1) = magnitude.multipliedReportingOverflow(by: UInt128(radix))
            let (n, o2) = m.addingReportingOverflow(UInt128(d))
            overflow = overflow || o1 || o2
            magnitude = n
        }
        let limit = negative ? k.minimum.magnitude : k.maximum.bits
        if overflow || magnitude > limit { throw Exceptions.overflow("overflow parsing \(Display.stringRepr(text))") }
        return FixedInt(k, bits: negative ? 0 &- magnitude : magnitude).value
    }

    package static func parseFloat(_ text: String) -> Double? {
        switch text {
        case "Inf", "+Inf", "inf": return .infinity
        case "-Inf", "-inf": return -.infinity
        case "NaN", "nan": return .nan
        default: return Double(text)
        }
    }
}
