import FlxSyntax
import FlxCore

/// Julia's `RegexMatch`: the matched text, its captures (a group that took no part is
/// `nothing`), their 1-based byte offsets (0 for such a group) and the regex. Indexed by
/// group number or name, and iterated over its captures (`a, b = m`).
package final class RegexMatchObject: NativeObject, NativeShowable, NativeFields, NativeIndexable, NativeIterable {
    package static let type = FlxType(name: "RegexMatch", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { RegexMatchObject.type }
    /// `Union{Nothing, SubString{String}}`, the element type of `m.captures`.
    package static let captureType = FlxType(name: "Union", kind: .union([BuiltinTypes.nothing, BuiltinTypes.subStringOfString]), supertype: BuiltinTypes.any)

    package let match: String
    package let captures: [String?]
    package let offset: Int
    package let offsets: [Int]
    package let regex: RegexObject

    /// The match found in `subject` from the byte ranges PCRE2 reported.
    package init(_ ranges: [Range<Int>?], subject: [UInt8], regex: RegexObject) {
        func text(_ r: Range<Int>) -> String { String(decoding: subject[r], as: UTF8.self) }
        let whole = ranges[0] ?? 0..<0
        match = text(whole)
        offset = whole.lowerBound + 1
        captures = ranges.dropFirst().map { $0.map(text) }
        offsets = ranges.dropFirst().map { $0.map { $0.lowerBound + 1 } ?? 0 }
        self.regex = regex
    }

    /// `keys(m)`: each group's name (a String) if it has one, else its number.
    package var keys: [Value] {
        captures.indices.map { i in regex.names[i + 1].map { .str($0) } ?? .int(Int64(i + 1)) }
    }

    /// The element type of `keys(m)`: String, Int64, or `Union{Int64, String}` when some
    /// groups are named and some not (as Julia's `map` makes it).
    package var keyType: FlxType {
        let named = regex.names.count
        if named == captures.count && named > 0 { return BuiltinTypes.string }
        if named == 0 { return BuiltinTypes.int64 }
        return RegexMatchObject.mixedKeyType
    }
    static let mixedKeyType = FlxType(name: "Union", kind: .union([BuiltinTypes.int64, BuiltinTypes.string]), supertype: BuiltinTypes.any)

    private func capture(_ i: Int) -> Value { captures[i].map { .substr($0) } ?? .nothing }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        var out = "RegexMatch(" + Display.stringRepr(match)
        for (i, key) in keys.enumerated() {
            let name: String
            if case .string(let s) = key { name = s.value } else { name = String(i + 1) }
            out += ", " + name + "=" + (captures[i].map(Display.stringRepr) ?? "nothing")
        }
        return out + ")"
    }
    package func display(_ interp: Interpreter) throws -> String? { nil }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "match": return .substr(match)
        case "captures": return .array(try interp.makeVector(captures.indices.map(capture), elementType: RegexMatchObject.captureType))
        case "offset": return .int(Int64(offset))
        case "offsets": return .array(try interp.makeVector(offsets.map { .int(Int64($0)) }, elementType: BuiltinTypes.int64))
        case "regex": return .native(regex)
        default: return nil
        }
    }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }

    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.count == 1 else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
        switch indices[0] {
        case .symbol(let s): return try named(s.name)
        case .string(let s): return try named(s.value)
        default:
            guard indices[0].fixedInt != nil else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
            let i = Int(truncatingIfNeeded: asInt(indices[0]))
            guard i >= 1 && i <= captures.count else { throw Exceptions.bounds(try field("captures", interp) ?? .nothing, .tuple([.int(Int64(i))])) }
            return capture(i - 1)
        }
    }

    private func named(_ name: String) throws -> Value {
        guard let g = regex.names.first(where: { $0.value == name })?.key, g >= 1, g <= captures.count else {
            throw Exceptions.error("no capture group named \(name) found in regex")
        }
        return capture(g - 1)
    }

    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        throw Exceptions.method(.str("setindex!"), [.native(self), value] + indices)
    }

    package var iterationLength: Int? { captures.count }
    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator { ListIterator(captures.indices.map(capture)) }
}
