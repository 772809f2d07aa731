import FlxSyntax
import FlxCore

/// How much room a string takes (bytes, terminal columns), and the classes of a
/// character, by Julia's definitions (mostly its Unicode general category).
extension StringBuiltins {
    package static var characterQueries: [Builtin] {
        [
            Builtin("ncodeunits", { _, a in
                try a.expect("ncodeunits", 1...1)
                switch a[0] {
                case .string(let s): return .int(Int64(s.value.utf8.count))
                case .char(let c): return .int(Int64(StringIndices.utf8(c).count))
                default: throw Exceptions.method(.str("ncodeunits"), a.values)
                }
            }, help: BuiltinHelp("ncodeunits(s)", "The number of UTF-8 bytes of a string or character (`length` counts characters).", "ncodeunits(\"σ\")  # 2")),
            Builtin("textwidth", { interp, a in try a.expect("textwidth", 1...1); return .int(Int64(try Display.printString(a[0], interp).count)) },
                help: BuiltinHelp("textwidth(s)", "How many terminal columns a string or character occupies.", "textwidth(\"abc\")  # 3")),
            charClass("isdigit", "Whether the character is an ASCII digit 0-9.", "isdigit('7')  # true") { c in c >= 48 && c <= 57 },
            charClass("isxdigit", "Whether the character is a hexadecimal digit (0-9, a-f, A-F).", "isxdigit('f')  # true") { c in
                (48...57).contains(c) || (97...102).contains(c) || (65...70).contains(c)
            },
            charClass("isletter", "Whether the character is a letter (Unicode category L).", "isletter('σ')  # true") { UnicodeCategory($0).isLetter },
            charClass("isnumeric", "Whether the character is numeric (Unicode category N: digits, letter numbers, other numbers).", "isnumeric('½')  # true") { UnicodeCategory($0).isNumeric },
            charClass("ispunct", "Whether the character is punctuation (Unicode category P).", "ispunct(',')  # true") { UnicodeCategory($0).isPunctuation },
            charClass("isprint", "Whether the character is printable (letters, marks, numbers, punctuation, symbols, spaces).", "isprint('\\n')  # false") { UnicodeCategory($0).isPrintable },
            charClass("iscntrl", "Whether the character is a control character (U+0000–U+001F, U+007F–U+009F).", "iscntrl('\\n')  # true") { c in c <= 0x1F || (0x7F...0x9F).contains(c) },
            charClass("isspace", "Whether the character is white space: ASCII space, \\t to \\r, U+85 or a Unicode space separator.", "isspace(' ')  # true") { c in
                c == 0x20 || (0x09...0x0D).contains(c) || c == 0x85 || (c >= 0xA0 && UnicodeCategory(c) == .Zs)
            },
            charClass("isuppercase", "Whether the character is upper case (the Unicode Uppercase property).", "isuppercase('A')  # true") { c in
                Unicode.Scalar(c)?.properties.isUppercase ?? false
            },
            charClass("islowercase", "Whether the character is lower case (the Unicode Lowercase property).", "islowercase('a')  # true") { c in
                Unicode.Scalar(c)?.properties.isLowercase ?? false
            },
            Builtin("codepoint", { _, a in
                guard a.count == 1, case .char(let c) = a[0] else { throw Exceptions.method(.str("codepoint"), a.values) }
                return FixedInt(.uint32, bits: UInt128(c)).value
            }, help: BuiltinHelp("codepoint(c)", "The code point of a character, a UInt32.", "codepoint('a')  # 0x00000061")),
            Builtin("isascii", { _, a in
                try a.expect("isascii", 1...1)
                switch a[0] {
                case .char(let c): return .bool(c < 0x80)
                case .string(let s): return .bool(s.value.utf8.allSatisfy { $0 < 0x80 })
                default: throw Exceptions.method(.str("isascii"), a.values)
                }
            }, help: BuiltinHelp("isascii(c)  /  isascii(s)", "Whether the character (or every character of the string) is ASCII.", "isascii(\"abc\")  # true")),
        ]
    }

    /// A predicate on one Char.
    static func charClass(_ name: String, _ text: String, _ example: String, _ test: @escaping (UInt32) -> Bool) -> Builtin {
        Builtin(name, { _, a in
            guard a.count == 1, case .char(let c) = a[0] else { throw Exceptions.method(.str(name), a.values) }
            return .bool(test(c))
        }, help: BuiltinHelp("\(name)(c)", text, example))
    }
}
