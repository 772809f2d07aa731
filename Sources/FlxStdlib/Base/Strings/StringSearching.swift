import FlxSyntax
import FlxCore

/// Finding text in a string: splitting at a delimiter, containment, prefix and suffix.
extension StringBuiltins {
    package static var stringSearching: [Builtin] {
        [
            Builtin("split", splitAtDelimiter,
                help: BuiltinHelp("split(s, [delim]; keepempty = true)", "Splits a string at `delim` (whitespace by default) into a vector of substrings.", "split(\"a,b,c\", \",\")  # [\"a\", \"b\", \"c\"]")),
            Builtin("occursin", containsNeedle,
                help: BuiltinHelp("occursin(needle, haystack)", "Whether the substring `needle` occurs in the string `haystack`.", "occursin(\"ell\", \"hello\")  # true")),
            Builtin("startswith", { _, a in
                try a.expect("startswith", 2...2)
                guard case .string(let s) = a[0], case .string(let p) = a[1] else { throw Exceptions.method(.str("startswith"), a.values) }
                return .bool(s.value.hasPrefix(p.value))
            }, help: BuiltinHelp("startswith(s, prefix)", "Whether string `s` begins with `prefix`.", "startswith(\"flux\", \"fl\")  # true")),
            Builtin("endswith", { _, a in
                try a.expect("endswith", 2...2)
                guard case .string(let s) = a[0], case .string(let p) = a[1] else { throw Exceptions.method(.str("endswith"), a.values) }
                return .bool(s.value.hasSuffix(p.value))
            }, help: BuiltinHelp("endswith(s, suffix)", "Whether string `s` ends with `suffix`.", "endswith(\"model.jl\", \".jl\")  # true")),
        ]
    }

    static func splitAtDelimiter(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("split", 1...2)
        guard case .string(let s) = a[0] else { throw Exceptions.method(.str("split"), a.values) }
        let keepEmpty = (try a.keywordBool("keepempty")) ?? (a.count == 2)
        var parts: [String]
        if a.count == 2 {
            let sep: String
            switch a[1] {
            case .string(let t): sep = t.value
            case .char(let c): sep = String(Character(Unicode.Scalar(c) ?? " "))
            default: throw Exceptions.method(.str("split"), a.values)
            }
            parts = splitString(s.value, by: sep)
        } else {
            parts = s.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
        }
        if !keepEmpty { parts = parts.filter { !$0.isEmpty } }
        return .array(try interp.makeVector(parts.map { .str($0) }, elementType: BuiltinTypes.string))
    }

    static func containsNeedle(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("occursin", 2...2)
        guard case .string(let hay) = a[1] else { throw Exceptions.method(.str("occursin"), a.values) }
        switch a[0] {
        case .string(let n): return .bool(n.value.isEmpty || hay.value.contains(n.value))
        case .char(let c): return .bool(hay.value.unicodeScalars.contains { $0.value == c })
        default: throw Exceptions.method(.str("occursin"), a.values)
        }
    }

    package static func splitString(_ s: String, by sep: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(s)
        while let r = rest.range(of: sep) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
