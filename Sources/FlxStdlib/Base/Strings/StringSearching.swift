import FlxSyntax
import FlxCore

/// Finding text in a string: splitting at a delimiter, containment, prefix and suffix.
/// The delimiter or needle is any `StringPattern` (a Char, chars, a predicate, a string
/// or a Regex).
extension StringBuiltins {
    package static var stringSearching: [Builtin] {
        [
            Builtin("split", { interp, a in try splitString(a, interp, fromEnd: false) },
                help: BuiltinHelp("split(s, [delim]; limit = 0, keepempty = true)", "Splits a string at `delim` (a string, Char, chars, predicate or Regex; whitespace by default, dropping empty parts) into a vector of SubStrings, at most `limit` of them.", "split(\"a,b,c\", \",\")  # [\"a\", \"b\", \"c\"]")),
            Builtin("rsplit", { interp, a in try splitString(a, interp, fromEnd: true) },
                help: BuiltinHelp("rsplit(s, [delim]; limit = 0, keepempty = true)", "Like `split`, but with `limit` the splits are made from the end.", "rsplit(\"a.b.c\", \".\"; limit = 2)  # [\"a.b\", \"c\"]")),
            Builtin("occursin", containsNeedle,
                help: BuiltinHelp("occursin(needle, haystack)", "Whether the substring, Char or Regex `needle` occurs in the string `haystack`.", "occursin(\"ell\", \"hello\")  # true")),
            Builtin("startswith", { interp, a in try affix(a, interp, prefix: true) },
                help: BuiltinHelp("startswith(s, prefix)", "Whether string `s` begins with `prefix` (a string, a Char, chars or a Regex).", "startswith(\"flux\", \"fl\")  # true")),
            Builtin("endswith", { interp, a in try affix(a, interp, prefix: false) },
                help: BuiltinHelp("endswith(s, suffix)", "Whether string `s` ends with `suffix` (a string, a Char, chars or a Regex).", "endswith(\"model.jl\", \".jl\")  # true")),
        ]
    }

    /// Julia's `split`/`rsplit`: parts between the hits of the delimiter, as SubStrings;
    /// without a delimiter, at runs of whitespace with empty parts dropped.
    static func splitString(_ a: Args, _ interp: Interpreter, fromEnd: Bool) throws -> Value {
        let name = fromEnd ? "rsplit" : "split"
        try a.expect(name, 1...2)
        guard case .string(let s) = a[0] else { throw Exceptions.method(.str(name), a.values) }
        let pattern: StringPattern
        if a.count == 2 {
            guard let p = try StringPattern(a[1], interp) else { throw Exceptions.method(.str(name), a.values) }
            pattern = p
        } else {
            pattern = .chars(whitespace)
        }
        let keepEmpty = (try a.keywordBool("keepempty")) ?? (a.count == 2)
        let limit = try a.keywordInt("limit") ?? 0
        let bytes = Array(s.value.utf8)
        // Julia's `_split`/`_rsplit`, in 1-based byte indices: `j`/`k` are the first and
        // last index of a hit, the part before it runs from `i`; an empty hit at the
        // part's start moves one character on, so "" splits between characters.
        func part(_ lo: Int, _ hi: Int) -> Value { .substr(String(decoding: bytes[(lo - 1)..<max(lo - 1, hi)], as: UTF8.self)) }
        var parts: [Value] = []
        if !fromEnd {
            let n = StringIndices.lastIndex(bytes)
            var i = 1
            if var r = try pattern.next(in: bytes, from: 0, interp) {
                var j = r.lowerBound + 1, k = r.upperBound + 1
                while j > 0 && j <= n && parts.count != limit - 1 {
                    if i < k {
                        if keepEmpty || i < j { parts.append(part(i, j - 1)) }
                        i = k
                    }
                    if k <= j { k = StringIndices.lastByte(bytes, ofCharAt: j) + 1 }
                    guard k <= bytes.count + 1, let next = try pattern.next(in: bytes, from: k - 1, interp) else { break }
                    r = next
                    j = r.lowerBound + 1
                    k = r.upperBound + 1
                }
            }
            if keepEmpty || i <= bytes.count { parts.append(part(i, bytes.count)) }
        } else {
            var n = StringIndices.lastIndex(bytes)
            var r = n > 0 ? try pattern.previous(in: bytes, upTo: n - 1, interp) : nil
            while let hit = r, hit.lowerBound + 1 > 0, hit.upperBound > 0, parts.count != limit - 1 {
                let end = n > 0 ? StringIndices.lastByte(bytes, ofCharAt: n) : 0
                if keepEmpty || hit.upperBound < end { parts.insert(part(hit.upperBound + 1, end), at: 0) }
                n = hit.lowerBound >= 1 ? try StringIndices.thisind(a[0], bytes, hit.lowerBound) : 0
                r = n > 0 ? try pattern.previous(in: bytes, upTo: n - 1, interp) : nil
            }
            let end = n > 0 ? StringIndices.lastByte(bytes, ofCharAt: n) : 0
            if keepEmpty || n > 0 { parts.insert(part(1, end), at: 0) }
        }
        return .array(try interp.makeVector(parts, elementType: BuiltinTypes.subStringOfString))
    }

    /// Julia's `isspace`: the ASCII white space, U+85, U+A0 and the Unicode space separators.
    static let whitespace: Set<UInt32> = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
                                          0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000]

    static func containsNeedle(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("occursin", 2...2)
        guard case .string(let hay) = a[1], let p = try StringPattern(a[0], interp) else { throw Exceptions.method(.str("occursin"), a.values) }
        if case .predicate = p { throw Exceptions.method(.str("occursin"), a.values) }
        return .bool(try p.next(in: Array(hay.value.utf8), from: 0, interp) != nil)
    }

    /// `startswith`/`endswith`: a Regex must match at the start (PCRE's ANCHORED) or end
    /// (ENDANCHORED); a Char or chars test the first or last character.
    static func affix(_ a: Args, _ interp: Interpreter, prefix: Bool) throws -> Value {
        let name = prefix ? "startswith" : "endswith"
        try a.expect(name, 2...2)
        guard case .string(let s) = a[0] else { throw Exceptions.method(.str(name), a.values) }
        let bytes = Array(s.value.utf8)
        switch a[1] {
        case .string(let p): return .bool(prefix ? bytes.starts(with: p.value.utf8) : bytes.reversed().starts(with: p.value.utf8.reversed()))
        case .native(let r as RegexObject):
            return .bool(try r.match(bytes, from: 0, options: prefix ? PCRE2.anchored : PCRE2.endAnchored) != nil)
        default:
            guard let p = try StringPattern(a[1], interp), p.isCharacterPattern else { throw Exceptions.method(.str(name), a.values) }
            if case .predicate = p { throw Exceptions.method(.str(name), a.values) }
            guard !bytes.isEmpty else { return .bool(false) }
            let i = prefix ? 1 : StringIndices.lastIndex(bytes)
            return .bool(try p.next(in: bytes, from: i - 1, interp)?.lowerBound == i - 1)
        }
    }
}
