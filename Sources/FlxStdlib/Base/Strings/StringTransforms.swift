import FlxSyntax
import FlxCore

/// One string (or character) to another: case, surrounding whitespace, the last
/// character or newline.
extension StringBuiltins {
    package static var stringTransforms: [Builtin] {
        [
            Builtin("uppercase", { _, a in try mapString(a, "uppercase") { $0.uppercased() } },
                help: BuiltinHelp("uppercase(s)", "The string with every letter in upper case.", "uppercase(\"flux\")  # \"FLUX\"")),
            Builtin("lowercase", { _, a in try mapString(a, "lowercase") { $0.lowercased() } },
                help: BuiltinHelp("lowercase(s)", "The string with every letter in lower case.", "lowercase(\"Flux\")  # \"flux\"")),
            Builtin("uppercasefirst", { _, a in try mapString(a, "uppercasefirst") { $0.prefix(1).uppercased() + $0.dropFirst() } },
                help: BuiltinHelp("uppercasefirst(s)", "The string with its first character in upper case.", "uppercasefirst(\"adam\")  # \"Adam\"")),
            Builtin("strip", { _, a in try mapString(a, "strip") { String($0.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()) } },
                help: BuiltinHelp("strip(s)", "The string without leading and trailing whitespace.", "strip(\"  hi \")  # \"hi\"")),
            Builtin("lstrip", { _, a in try mapString(a, "lstrip") { String($0.drop { $0.isWhitespace }) } },
                help: BuiltinHelp("lstrip(s)", "The string without leading whitespace.", "lstrip(\"  hi\")  # \"hi\"")),
            Builtin("rstrip", { _, a in try mapString(a, "rstrip") { String($0.reversed().drop { $0.isWhitespace }.reversed()) } },
                help: BuiltinHelp("rstrip(s)", "The string without trailing whitespace.", "rstrip(\"hi  \")  # \"hi\"")),
            Builtin("chomp", { _, a in try mapString(a, "chomp") { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 } },
                help: BuiltinHelp("chomp(s)", "Removes one trailing newline, if any.", "chomp(\"line\\n\")  # \"line\"")),
            Builtin("chop", { _, a in try mapString(a, "chop") { String($0.dropLast()) } },
                help: BuiltinHelp("chop(s)", "The string without its last character.", "chop(\"hello\")  # \"hell\"")),
        ]
    }

    package static func mapString(_ a: Args, _ name: String, _ f: (String) -> String) throws -> Value {
        try a.expect(name, 1...1)
        switch a[0] {
        case .string(let s): return .str(f(s.value))
        case .char(let c):
            let r = f(String(Character(Unicode.Scalar(c) ?? " ")))
            return .char(r.unicodeScalars.first?.value ?? c)
        default: throw Exceptions.method(.str(name), a.values)
        }
    }
}
