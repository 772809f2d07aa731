import FlxSyntax
import FlxCore

/// `Regex`, `match`, `eachmatch` and the `r"..."` literal; the other string functions
/// take a Regex as one kind of `StringPattern`.
extension StringBuiltins {
    package static func installRegex(_ interp: Interpreter) {
        interp.base.define("Regex", .type(RegexObject.type))
        interp.base.define("RegexMatch", .type(RegexMatchObject.type))
        TypeBuiltins.setConstructor(RegexObject.type) { _, a in
            try a.expect("Regex", 1...2)
            guard case .string(let p) = a[0] else { throw Exceptions.method(.type(RegexObject.type), a.values) }
            var flags = ""
            if a.count == 2 {
                guard case .string(let f) = a[1] else { throw Exceptions.method(.type(RegexObject.type), a.values) }
                flags = f.value
            }
            return .native(try RegexObject(pattern: p.value, flags: flags))
        }
        interp.base.register(regexTable, helpInto: interp.builtinHelp)
        extend(interp, "haskey", when: { a in
            if a.count == 2, case .native(let n) = a[0], n is RegexMatchObject { return true }
            return false
        }) { _, a in
            guard case .native(let m as RegexMatchObject) = a[0] else { return .bool(false) }
            switch a[1] {
            case .symbol(let s): return .bool(m.regex.names.values.contains(s.name))
            case .string(let s): return .bool(m.regex.names.values.contains(s.value))
            default:
                guard a[1].fixedInt != nil else { return .bool(false) }
                let i = asInt(a[1])
                return .bool(i >= 1 && i <= Int64(m.captures.count))
            }
        }
    }

    static var regexTable: [Builtin] {
        [
            Builtin("match", { interp, a in
                try a.expect("match", 2...3)
                guard case .native(let r as RegexObject) = a[0], case .string(let s) = a[1] else { throw Exceptions.method(.str("match"), a.values) }
                let bytes = Array(s.value.utf8)
                let start = a.count == 3 ? try a.int(2, "match") : 1
                guard start >= 1 && start <= bytes.count + 1 else { throw Exceptions.bounds(a[1], .int(Int64(start))) }
                guard let m = try r.match(bytes, from: start - 1) else { return .nothing }
                return .native(RegexMatchObject(m, subject: bytes, regex: r))
            }, help: BuiltinHelp("match(r::Regex, s, [start])", "The first match of `r` in `s` (searching from byte index `start`) as a `RegexMatch`, or `nothing`.", "match(r\"(\\\\d+)\", \"ab12\")[1]  # \"12\"")),
            Builtin("eachmatch", { interp, a in
                try a.expect("eachmatch", 2...2)
                guard case .native(let r as RegexObject) = a[0], case .string(let s) = a[1] else { throw Exceptions.method(.str("eachmatch"), a.values) }
                return .native(RegexMatchIterator(regex: r, subject: s.value, overlap: try a.keywordBool("overlap") ?? false))
            }, help: BuiltinHelp("eachmatch(r::Regex, s; overlap = false)", "An iterator over every match of `r` in `s`, as `RegexMatch`es.", "[m.match for m in eachmatch(r\"\\\\d\", \"a1b2\")]  # [\"1\", \"2\"]")),
        ]
    }
}

extension StringBuiltins {
    /// Julia's `r1 * r2 * "text" * 'c'`: one Regex; strings and chars are matched
    /// literally (`\Q...\E`), and a flag not shared by every regex applies only to the
    /// part it came with (`(?i:...)`).
    package static func concatenateRegex(_ parts: [Value]) throws -> Value {
        let regexes = parts.compactMap { v -> RegexObject? in if case .native(let r as RegexObject) = v { return r }; return nil }
        let shared = regexes.reduce(Set("imsx")) { $0.intersection($1.flags) }
        var pattern = ""
        for v in parts {
            switch v {
            case .native(let r as RegexObject):
                pattern += "(?" + r.flags.filter { !shared.contains($0) } + ":" + r.pattern + ")"
            case .string(let s): pattern += "\\Q" + s.value.replacingAll("\\E", "\\\\E\\QE") + "\\E"
            case .char(let c): pattern += "\\Q" + String(Character(Unicode.Scalar(c) ?? " ")) + "\\E"
            default: throw Exceptions.method(.str("*"), parts)
            }
        }
        return .native(try RegexObject(pattern: pattern, flags: String("imsx".filter { shared.contains($0) })))
    }
}

/// What `eachmatch` returns: the matches of a regex, found lazily as Julia's
/// `RegexMatchIterator` finds them (after an empty match, the next must be non-empty
/// at the same place or start one character on).
package final class RegexMatchIterator: NativeObject, NativeIterable, NativeShowable {
    package static let type = FlxType(name: "Base.RegexMatchIterator{String}", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { RegexMatchIterator.type }
    let regex: RegexObject
    let subject: String
    let overlap: Bool
    init(regex: RegexObject, subject: String, overlap: Bool) {
        self.regex = regex
        self.subject = subject
        self.overlap = overlap
    }

    package var iterationLength: Int? { nil }
    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator { Iterator(self) }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        "Base.RegexMatchIterator{String}(" + (try regex.show(interp, compact: true)) + ", " + Display.stringRepr(subject) + ", \(overlap))"
    }
    package func display(_ interp: Interpreter) throws -> String? { nil }

    final class Iterator: ValueIterator {
        let owner: RegexMatchIterator
        let bytes: [UInt8]
        var offset = 0
        var previousEmpty = false
        init(_ owner: RegexMatchIterator) {
            self.owner = owner
            bytes = Array(owner.subject.utf8)
        }
        override func next() throws -> Value? {
            while offset <= bytes.count {
                let options = previousEmpty ? PCRE2.anchored | PCRE2.notEmptyAtStart : 0
                guard let m = try owner.regex.match(bytes, from: offset, options: options), let whole = m[0] else {
                    // Nothing non-empty here: move one character on and search freely.
                    guard previousEmpty, offset < bytes.count else { return nil }
                    offset = StringIndices.lastByte(bytes, ofCharAt: offset + 1)
                    previousEmpty = false
                    continue
                }
                if owner.overlap {
                    offset = whole.isEmpty ? whole.lowerBound : StringIndices.lastByte(bytes, ofCharAt: whole.lowerBound + 1)
                } else {
                    offset = whole.upperBound
                }
                previousEmpty = whole.isEmpty
                return .native(RegexMatchObject(m, subject: bytes, regex: owner.regex))
            }
            return nil
        }
    }
}
