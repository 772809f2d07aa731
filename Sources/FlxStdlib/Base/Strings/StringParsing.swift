import FlxSyntax
import FlxCore

/// Numbers and Bools read from strings, with Julia's error for each way it can fail.
extension StringBuiltins {
    package static var stringParsing: [Builtin] {
        [
            Builtin("parse", parseValue,
                help: BuiltinHelp("parse(T, s)", "Reads a number of type `T` from the string `s`; an error if it is not one.", "parse(Int, \"42\")  # 42")),
            Builtin("tryparse", { interp, a in
                do { return try interp.call(interp.base.binding("parse").value, a.values) } catch { return .nothing }
            }, help: BuiltinHelp("tryparse(T, s)", "Like `parse`, but returns `nothing` when `s` is not a valid `T`.", "tryparse(Float64, \"x\")  # nothing")),
        ]
    }

    static func parseValue(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("parse", 2...2)
        guard case .type(let t) = a[0], case .string(let s) = a[1] else { throw Exceptions.method(.str("parse"), a.values) }
        let text = s.value.trimmingWhitespace()
        if t === BuiltinTypes.int64, let n = Int64(text) { return .int(n) }
        if t === BuiltinTypes.float64, let d = parseFloat(text) { return .float64(d) }
        if t === BuiltinTypes.float32, let d = parseFloat(text) { return .float32(Float(d)) }
        if t === BuiltinTypes.bool, text == "true" || text == "false" { return .bool(text == "true") }
        if t === BuiltinTypes.int64 {
            // Julia's three failures: nothing to parse, a bad digit (named), or too many digits.
            if text.isEmpty { throw Exceptions.argument("input string is empty or only contains whitespace") }
            let body = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
            if let bad = body.first(where: { !("0"..."9").contains($0) }) ?? (body.isEmpty ? text.first : nil) {
                throw Exceptions.argument("invalid base 10 digit '\(bad)' in \"\(text)\"")
            }
            throw Exceptions.make("OverflowError", [.str("overflow parsing \"\(text)\"")])
        }
        throw Exceptions.argument("cannot parse \"\(s.value)\" as \(TypeNames.show(t))")
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
