import FlxSyntax
import FlxCore

/// What `findnext`, `split`, `replace`, `count` and friends look for in a string: a
/// character, a set of characters, a predicate on characters, a substring or a regex.
/// Positions are 0-based byte offsets; a hit is the byte range it covers (empty for an
/// empty string or regex match).
package enum StringPattern {
    case char(UInt32)
    case chars(Set<UInt32>)
    case predicate(Value)
    case substring([UInt8])
    case regex(RegexObject)

    /// The pattern a value stands for, or nil when it is none (the caller's MethodError).
    package init?(_ v: Value, _ interp: Interpreter) throws {
        switch v {
        case .char(let c): self = .char(c)
        case .string(let s): self = .substring(Array(s.value.utf8))
        case .native(let r as RegexObject): self = .regex(r)
        case .function: self = .predicate(v)
        case .array, .tuple, .range:
            var set = Set<UInt32>()
            for e in try interp.collect(v) {
                guard case .char(let c) = e else { return nil }
                set.insert(c)
            }
            self = .chars(set)
        case .native(let n) where n is NativeIterable:
            var set = Set<UInt32>()
            for e in try interp.collect(v) {
                guard case .char(let c) = e else { return nil }
                set.insert(c)
            }
            self = .chars(set)
        default: return nil
        }
    }

    /// Whether the character `c` is a hit (for the character patterns).
    private func test(_ c: UInt32, _ interp: Interpreter) throws -> Bool {
        switch self {
        case .char(let x): return c == x
        case .chars(let set): return set.contains(c)
        case .predicate(let f):
            let r = try interp.call(f, [.char(c)])
            guard case .bool(let b) = r else { throw Exceptions.typeError("findnext", expected: "Bool", got: r) }
            return b
        default: return false
        }
    }

    /// The first hit starting at or after byte offset `from` (0-based).
    package func next(in bytes: [UInt8], from: Int, _ interp: Interpreter) throws -> Range<Int>? {
        switch self {
        case .substring(let n):
            if n.isEmpty { return from <= bytes.count ? from..<from : nil }
            guard n.count <= bytes.count else { return nil }
            var i = max(0, from)
            while i + n.count <= bytes.count {
                if bytes[i] == n[0] && bytes[i..<(i + n.count)].elementsEqual(n) { return i..<(i + n.count) }
                i += 1
            }
            return nil
        case .regex(let r):
            guard from <= bytes.count, let m = try r.match(bytes, from: from) else { return nil }
            return m[0]
        default:
            var i = from + 1
            while i <= bytes.count {
                if StringIndices.isValid(bytes, i), try test(StringIndices.char(bytes, at: i), interp) {
                    return (i - 1)..<StringIndices.lastByte(bytes, ofCharAt: i)
                }
                i += 1
            }
            return nil
        }
    }

    /// The last hit starting at or before byte offset `upTo` (0-based).
    package func previous(in bytes: [UInt8], upTo: Int, _ interp: Interpreter) throws -> Range<Int>? {
        switch self {
        case .substring(let n):
            var i = min(upTo, bytes.count - n.count)
            if n.isEmpty { return upTo >= 0 ? min(upTo, bytes.count)..<min(upTo, bytes.count) : nil }
            while i >= 0 {
                if bytes[i..<(i + n.count)].elementsEqual(n) { return i..<(i + n.count) }
                i -= 1
            }
            return nil
        case .regex(let r):
            // PCRE2 searches forwards only: the last match that starts by `upTo`.
            var best: Range<Int>? = nil
            var from = 0
            while from <= min(upTo, bytes.count), let m = try r.match(bytes, from: from), let hit = m[0], hit.lowerBound <= upTo {
                best = hit
                from = hit.lowerBound + 1
            }
            return best
        default:
            var i = min(upTo + 1, bytes.count)
            while i >= 1 {
                if StringIndices.isValid(bytes, i), try test(StringIndices.char(bytes, at: i), interp) {
                    return (i - 1)..<StringIndices.lastByte(bytes, ofCharAt: i)
                }
                i -= 1
            }
            return nil
        }
    }

    /// Every hit from the start, each search resuming after the previous hit (or at the
    /// next character with `overlap`, and after an empty hit).
    package func all(in bytes: [UInt8], overlap: Bool, _ interp: Interpreter) throws -> [Range<Int>] {
        var out: [Range<Int>] = []
        var from = 0
        while from <= bytes.count, let hit = try next(in: bytes, from: from, interp) {
            out.append(hit)
            if overlap || hit.isEmpty {
                from = StringIndices.lastByte(bytes, ofCharAt: hit.lowerBound + 1)
                if hit.lowerBound >= bytes.count { break }
            } else {
                from = hit.upperBound
            }
        }
        return out
    }
}
