import FlxSyntax
import FlxCore

/// `replace(s, pattern => replacement, ...; count)`: the pattern is any `StringPattern`;
/// the replacement a string (or anything, printed), an `s"..."` naming regex groups, or
/// a function of the match (of the Char, for a character pattern).
extension StringBuiltins {
    package static var stringReplacing: [Builtin] {
        [
            Builtin("replace", replaceInString,
                help: BuiltinHelp("replace(s, pat => r, ...; count)", "A copy of `s` with each hit of `pat` (a string, Char, predicate or Regex) replaced by `r` (a string, `s\"\\\\1\"` with regex groups, or a function of the match); several pairs replace in one pass, `count` limits how many.", "replace(\"a-b-c\", \"-\" => \"+\")  # \"a+b+c\"")),
        ]
    }

    static func replaceInString(_ interp: Interpreter, _ a: Args) throws -> Value {
        guard a.count >= 2, case .string(let s) = a[0] else {
            // Collections: `replace(A, old => new; count)` elementwise.
            return try replaceInCollection(interp, a)
        }
        var rules: [(StringPattern, Value)] = []
        for v in a.values.dropFirst() {
            guard case .pair(let p) = v, let pattern = try StringPattern(p.first, interp) else { throw Exceptions.method(.str("replace"), a.values) }
            rules.append((pattern, p.second))
        }
        let count = try a.keywordInt("count") ?? Int.max
        guard count >= 0 else { throw Exceptions.domain(.int(Int64(count)), "`count` must be non-negative.") }
        if count == 0 { return .str(s.value) }
        let bytes = Array(s.value.utf8)
        // The earliest hit of any pattern from byte offset `from` (the first pattern on ties).
        func earliest(_ from: Int) throws -> (Range<Int>, Int)? {
            var best: (Range<Int>, Int)? = nil
            for (n, rule) in rules.enumerated() {
                if let r = try rule.0.next(in: bytes, from: from, interp), best == nil || r.lowerBound < best!.0.lowerBound { best = (r, n) }
            }
            return best
        }
        guard var (hit, rule) = try earliest(0) else { return .str(s.value) }
        // Julia's loop (base/strings/util.jl), in 1-based byte indices: `j`/`k` the first and
        // last index of the hit (k = j - 1 when it is empty); an empty hit right after a
        // replaced one is skipped.
        let e = StringIndices.lastIndex(bytes)
        var out: [UInt8] = []
        var i = 1, n = 1
        var j = hit.lowerBound + 1, k = hit.isEmpty ? j - 1 : hit.upperBound
        while true {
            if i == 1 || i <= k {
                out += bytes[(i - 1)..<(j - 1)]
                out += try replacement(rules[rule], hit, bytes, interp)
            }
            if k < j {
                i = j
                if j > e { break }
                k = StringIndices.lastByte(bytes, ofCharAt: j) + 1
            } else {
                k += 1
                i = k
            }
            guard k <= bytes.count + 1, n != count, let next = try earliest(k - 1) else { break }
            (hit, rule) = next
            j = hit.lowerBound + 1
            k = hit.isEmpty ? j - 1 : hit.upperBound
            n += 1
        }
        if i <= bytes.count { out += bytes[(i - 1)...] }
        return .str(String(decoding: out, as: UTF8.self))
    }

    static func replacement(_ rule: (StringPattern, Value), _ hit: Range<Int>, _ bytes: [UInt8], _ interp: Interpreter) throws -> [UInt8] {
        let (pattern, repl) = rule
        switch repl {
        case .native(let sub as SubstitutionString):
            guard case .regex(let r) = pattern else { throw Exceptions.error("pattern is not a regex: SubstitutionString needs a Regex") }
            guard let m = try r.match(bytes, from: hit.lowerBound, options: PCRE2.anchored) else { return Array(bytes[hit]) }
            return try sub.expand(m, bytes, r)
        case .function:
            let arg: Value = pattern.isCharacterPattern ? .char(StringIndices.char(bytes, at: hit.lowerBound + 1)) : .substr(String(decoding: bytes[hit], as: UTF8.self))
            return Array(try Display.printString(try interp.call(repl, [arg]), interp).utf8)
        default:
            return Array(try Display.printString(repl, interp).utf8)
        }
    }

    static func isTrue(_ v: Value) -> Bool { if case .bool(true) = v { return true }; return false }

    /// `replace(A, old => new, ...; count)` on a collection: a copy with each element equal
    /// to an `old` replaced by its `new`.
    static func replaceInCollection(_ interp: Interpreter, _ a: Args) throws -> Value {
        guard a.count >= 2, case .array(let arr) = a[0] else { throw Exceptions.method(.str("replace"), a.values) }
        var pairs: [(Value, Value)] = []
        for v in a.values.dropFirst() {
            guard case .pair(let p) = v else { throw Exceptions.method(.str("replace"), a.values) }
            pairs.append((p.first, p.second))
        }
        var left = try a.keywordInt("count") ?? Int.max
        let equal = interp.base.binding("isequal").value
        var out: [Value] = []
        for x in try interp.collect(a[0]) {
            var y = x
            if left > 0 {
                for (old, new) in pairs where try isTrue(interp.call(equal, [x, old])) {
                    y = new
                    left -= 1
                    break
                }
            }
            out.append(y)
        }
        return .array(try interp.makeArray(out, shape: arr.shape, elementType: out.isEmpty ? arr.elementType : interp.joinedType(out)))
    }
}
