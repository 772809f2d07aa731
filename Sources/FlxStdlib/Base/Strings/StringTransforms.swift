import FlxSyntax
import FlxCore

/// One string (or character) to another: case, surrounding characters, the ends, and
/// escapes. Trimming gives a `SubString`, as in Julia; changing case a new `String`.
extension StringBuiltins {
    package static var stringTransforms: [Builtin] {
        [
            Builtin("uppercase", { _, a in try mapString(a, "uppercase") { $0.uppercased() } },
                help: BuiltinHelp("uppercase(s)", "The string with every letter in upper case.", "uppercase(\"flux\")  # \"FLUX\"")),
            Builtin("lowercase", { _, a in try mapString(a, "lowercase") { $0.lowercased() } },
                help: BuiltinHelp("lowercase(s)", "The string with every letter in lower case.", "lowercase(\"Flux\")  # \"flux\"")),
            Builtin("uppercasefirst", { _, a in try mapString(a, "uppercasefirst") { $0.prefix(1).uppercased() + $0.dropFirst() } },
                help: BuiltinHelp("uppercasefirst(s)", "The string with its first character in upper case.", "uppercasefirst(\"adam\")  # \"Adam\"")),
            Builtin("lowercasefirst", { _, a in try mapString(a, "lowercasefirst") { $0.prefix(1).lowercased() + $0.dropFirst() } },
                help: BuiltinHelp("lowercasefirst(s)", "The string with its first character in lower case.", "lowercasefirst(\"Adam\")  # \"adam\"")),
            Builtin("titlecase", { _, a in try mapString(a, "titlecase", titlecased) },
                help: BuiltinHelp("titlecase(s)", "The string with the first letter of each word in upper case and the rest in lower case.", "titlecase(\"hello world\")  # \"Hello World\"")),
            Builtin("strip", { interp, a in try trim(a, interp, "strip", start: true, end: true) },
                help: BuiltinHelp("strip(s, [chars])", "`s` without leading and trailing whitespace (or the given chars, or characters where a predicate holds), as a SubString.", "strip(\"  hi \")  # \"hi\"")),
            Builtin("lstrip", { interp, a in try trim(a, interp, "lstrip", start: true, end: false) },
                help: BuiltinHelp("lstrip(s, [chars])", "`s` without leading whitespace (or the given chars).", "lstrip(\"  hi\")  # \"hi\"")),
            Builtin("rstrip", { interp, a in try trim(a, interp, "rstrip", start: false, end: true) },
                help: BuiltinHelp("rstrip(s, [chars])", "`s` without trailing whitespace (or the given chars).", "rstrip(\"hi  \")  # \"hi\"")),
            Builtin("chomp", { _, a in
                try a.expect("chomp", 1...1)
                guard case .string(let s) = a[0] else { throw Exceptions.method(.str("chomp"), a.values) }
                let b = Array(s.value.utf8)
                let cut = b.last == 0x0A ? (b.count >= 2 && b[b.count - 2] == 0x0D ? 2 : 1) : 0
                return .substr(String(decoding: b.dropLast(cut), as: UTF8.self))
            }, help: BuiltinHelp("chomp(s)", "Removes one trailing newline (`\\n` or `\\r\\n`), if any.", "chomp(\"line\\n\")  # \"line\"")),
            Builtin("chop", { _, a in
                try a.expect("chop", 1...1)
                guard case .string(let s) = a[0] else { throw Exceptions.method(.str("chop"), a.values) }
                let head = try a.keywordInt("head") ?? 0, tail = try a.keywordInt("tail") ?? 1
                guard head >= 0 else { throw Exceptions.argument("head cannot be negative") }
                guard tail >= 0 else { throw Exceptions.argument("tail cannot be negative") }
                let chars = Array(s.value.unicodeScalars)
                guard head + tail < chars.count else { return .substr("") }
                var out = ""
                out.unicodeScalars.append(contentsOf: chars[head..<(chars.count - tail)])
                return .substr(out)
            }, help: BuiltinHelp("chop(s; head = 0, tail = 1)", "`s` without its first `head` and last `tail` characters.", "chop(\"hello\")  # \"hell\"")),
            Builtin("escape_string", { interp, a in
                try a.expect("escape_string", 1...2)
                guard case .string(let s) = a[0] else { throw Exceptions.method(.str("escape_string"), a.values) }
                let esc = a.count == 2 ? try charSet(a[1], interp, "escape_string") : ["\""]
                let keep = try a.keyword("keep").map { try charSet($0, interp, "escape_string") } ?? []
                return .str(Display.escapeString(s.value, escaping: esc, keep: keep))
            }, help: BuiltinHelp("escape_string(s, [esc]; keep = ())", "`s` with C and Unicode escapes for backslashes, non-printable characters and the characters in `esc` (`\"` by default).", "escape_string(\"a\\tb\")  # \"a\\\\tb\"")),
            Builtin("unescape_string", { interp, a in
                try a.expect("unescape_string", 1...2)
                guard case .string(let s) = a[0] else { throw Exceptions.method(.str("unescape_string"), a.values) }
                let keep = a.count == 2 ? try charSet(a[1], interp, "unescape_string") : []
                return .str(String(decoding: try unescapeBytes(s.value, keep: keep), as: UTF8.self))
            }, help: BuiltinHelp("unescape_string(s, [keep])", "Decodes the C and Unicode escape sequences in `s` (keeping those of the characters in `keep`).", "unescape_string(\"a\\\\tb\")  # \"a\\tb\"")),
        ]
    }

    package static func mapString(_ a: Args, _ name: String, _ f: (String) -> String) throws -> Value {
        try a.expect(name, 1...1)
        switch a[0] {
        case .string(let s): return .str(f(s.value))
        case .char(let c):
            guard let u = Unicode.Scalar(c) else { return a[0] }
            let r = f(String(Character(u)))
            // A character whose case mapping is several characters keeps its own.
            return r.unicodeScalars.count == 1 ? .char(r.unicodeScalars.first!.value) : a[0]
        default: throw Exceptions.method(.str(name), a.values)
        }
    }

    /// Julia's `titlecase(s; wordsep = !isletter, strict = true)`: each letter after a
    /// non-letter upper (title) case, every other letter lower case.
    static func titlecased(_ s: String) -> String {
        var out = ""
        var startOfWord = true
        for ch in s {
            let isLetter = ch.unicodeScalars.first.map { UnicodeCategory($0.value).isLetter } ?? false
            if isLetter {
                out += startOfWord ? String(ch).uppercased() : String(ch).lowercased()
                startOfWord = false
            } else {
                out.append(ch)
                startOfWord = true
            }
        }
        return out
    }

    /// The characters a `strip`-like function removes: whitespace by default, else the
    /// Char, chars or predicate given.
    static func trim(_ a: Args, _ interp: Interpreter, _ name: String, start: Bool, end: Bool) throws -> Value {
        try a.expect(name, 1...2)
        guard case .string(let s) = a[a.count == 2 && isFunction(a[0]) ? 1 : 0] else { throw Exceptions.method(.str(name), a.values) }
        var pattern = StringPattern.chars(whitespace)
        if a.count == 2 {
            let which = isFunction(a[0]) ? a[0] : a[1]
            guard let p = try StringPattern(which, interp), p.isCharacterPattern else { throw Exceptions.method(.str(name), a.values) }
            pattern = p
        }
        let bytes = Array(s.value.utf8)
        var lo = 1, hi = bytes.count
        if start {
            while lo <= hi, let hit = try pattern.next(in: bytes, from: lo - 1, interp), hit.lowerBound == lo - 1 { lo = hit.upperBound + 1 }
        }
        if end {
            while hi >= lo, let last = Optional(try StringIndices.thisind(a[0], bytes, hi)), last >= lo,
                  let hit = try pattern.previous(in: bytes, upTo: last - 1, interp), hit.lowerBound == last - 1 { hi = last - 1 }
        }
        return .substr(String(decoding: bytes[(lo - 1)..<max(lo - 1, hi)], as: UTF8.self))
    }

    /// A set of characters from a Char, a string or a collection of Chars.
    static func charSet(_ v: Value, _ interp: Interpreter, _ name: String) throws -> Set<Unicode.Scalar> {
        switch v {
        case .char(let c): return Set([Unicode.Scalar(c)].compactMap { $0 })
        case .string(let s): return Set(s.value.unicodeScalars)
        default:
            var out = Set<Unicode.Scalar>()
            for e in try interp.collect(v) {
                guard case .char(let c) = e, let u = Unicode.Scalar(c) else { throw Exceptions.method(.str(name), [v]) }
                out.insert(u)
            }
            return out
        }
    }
}
