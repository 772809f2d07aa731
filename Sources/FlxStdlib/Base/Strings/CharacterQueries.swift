import FlxSyntax
import FlxCore

/// How much room a string takes (bytes, terminal columns), and the class of a character.
extension StringBuiltins {
    package static var characterQueries: [Builtin] {
        [
            Builtin("ncodeunits", { _, a in
                guard a.count == 1, case .string(let s) = a[0] else { throw Exceptions.method(.str("ncodeunits"), a.values) }
                return .int(Int64(s.value.utf8.count))
            }, help: BuiltinHelp("ncodeunits(s)", "The number of UTF-8 bytes of a string (`length` counts characters).", "ncodeunits(\"σ\")  # 2")),
            Builtin("textwidth", { interp, a in try a.expect("textwidth", 1...1); return .int(Int64(try Display.printString(a[0], interp).count)) },
                help: BuiltinHelp("textwidth(s)", "How many terminal columns a string or character occupies.", "textwidth(\"abc\")  # 3")),
            Builtin("isdigit", { _, a in
                guard a.count == 1, case .char(let c) = a[0] else { throw Exceptions.method(.str("isdigit"), a.values) }
                return .bool(c >= 48 && c <= 57)
            }, help: BuiltinHelp("isdigit(c)", "Whether the character is an ASCII digit 0-9.", "isdigit('7')  # true")),
            Builtin("isletter", { _, a in
                guard a.count == 1, case .char(let c) = a[0], let s = Unicode.Scalar(c) else { throw Exceptions.method(.str("isletter"), a.values) }
                return .bool(s.properties.isAlphabetic)
            }, help: BuiltinHelp("isletter(c)", "Whether the character is a letter.", "isletter('σ')  # true")),
            Builtin("isspace", { _, a in
                guard a.count == 1, case .char(let c) = a[0], let s = Unicode.Scalar(c) else { throw Exceptions.method(.str("isspace"), a.values) }
                return .bool(s.properties.isWhitespace)
            }, help: BuiltinHelp("isspace(c)", "Whether the character is whitespace.", "isspace(' ')  # true")),
        ]
    }
}
