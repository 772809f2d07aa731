import FlxSyntax
import FlxCore

/// Searching strings for a character, a predicate, a substring or a regex
/// (`findfirst`, `findnext`, `findlast`, `findprev`, `findall`, `count`, `occursin`):
/// results are byte indices, a `UnitRange` for a substring or regex hit.
/// `findfirst`, `findlast`, `findall` and `count` exist for collections already; the
/// string forms are added to them (`extend`), anything else goes to the earlier method.
extension StringBuiltins {
    package static func installFinding(_ interp: Interpreter) {
        extend(interp, "findfirst", when: { $0.count == 2 && isString($0[1]) }) { interp, a in
            try hit(a[0], a[1], interp, first: true)
        }
        extend(interp, "findlast", when: { $0.count == 2 && isString($0[1]) }) { interp, a in
            try hit(a[0], a[1], interp, first: false)
        }
        extend(interp, "findall", when: { $0.count == 2 && isString($0[1]) }) { interp, a in
            let (p, bytes) = try pattern(a[0], a[1], interp, "findall")
            let overlap = try a.keywordBool("overlap") ?? false
            let hits = try p.all(in: bytes, overlap: overlap, interp)
            if p.isCharacterPattern { return .array(try interp.makeVector(hits.map { .int(Int64($0.lowerBound + 1)) }, elementType: BuiltinTypes.int64)) }
            return .array(try interp.makeVector(hits.map { range($0, bytes) }, elementType: BuiltinTypes.unitRangeOfInt))
        }
        extend(interp, "count", when: { $0.count == 2 && isString($0[1]) && !isFunction($0[0]) }) { interp, a in
            let (p, bytes) = try pattern(a[0], a[1], interp, "count")
            return .int(Int64(try p.all(in: bytes, overlap: try a.keywordBool("overlap") ?? false, interp).count))
        }
        interp.base.register([
            Builtin("findnext", { interp, a in try stepSearch(a, interp, forward: true) },
                help: BuiltinHelp("findnext(pattern, s, i)", "The next hit of `pattern` (a Char, predicate, string or Regex) in `s` at or after index `i`; for a collection, the next index where the predicate holds. `nothing` if none.", "findnext('o', \"xylophone\", 5)  # 7")),
            Builtin("findprev", { interp, a in try stepSearch(a, interp, forward: false) },
                help: BuiltinHelp("findprev(pattern, s, i)", "The previous hit of `pattern` in `s` at or before index `i`; `nothing` if none.", "findprev('o', \"xylophone\", 5)  # 4")),
        ], helpInto: interp.builtinHelp)
    }

    static func isString(_ v: Value) -> Bool { if case .string = v { return true }; return false }
    static func isFunction(_ v: Value) -> Bool { if case .function = v { return true }; return false }

    /// Adds a string method to the Base function `name`: calls for which `when` holds
    /// run `body`, the rest the native method already registered under that name.
    static func extend(_ interp: Interpreter, _ name: String, when: @escaping (Args) -> Bool, _ body: @escaping NativeFunction) {
        var previous: NativeFunction? = nil
        if case .function(let g as GenericFunction) = interp.base.binding(name).value,
           let m = g.methods.first(where: { $0.signature.isEmpty }), case .native(let f) = m.body {
            previous = f
        }
        _ = interp.base.native(name) { interp, a in
            if when(a) { return try body(interp, a) }
            guard let previous else { throw Exceptions.method(.str(name), a.values) }
            return try previous(interp, a)
        }
    }

    static func pattern(_ p: Value, _ s: Value, _ interp: Interpreter, _ name: String) throws -> (StringPattern, [UInt8]) {
        guard case .string(let str) = s, let pattern = try StringPattern(p, interp) else { throw Exceptions.method(.str(name), [p, s]) }
        return (pattern, Array(str.value.utf8))
    }

    /// A hit as Julia's range of it: from its first index to the start of its last
    /// character (`findfirst("∀", "∀x")` is `1:1`); `i:i-1` when it is empty.
    static func range(_ r: Range<Int>, _ bytes: [UInt8]) -> Value {
        var last = r.upperBound
        while last > r.lowerBound + 1 && !StringIndices.isValid(bytes, last) { last -= 1 }
        return .range(RangeValue(.int(start: Int64(r.lowerBound + 1), step: 1, stop: Int64(r.isEmpty ? r.lowerBound : last), unit: true)))
    }

    /// A hit as Julia returns it: the index of a character, the range of a substring.
    static func result(_ r: Range<Int>?, _ p: StringPattern, _ bytes: [UInt8]) -> Value {
        guard let r else { return .nothing }
        return p.isCharacterPattern ? .int(Int64(r.lowerBound + 1)) : range(r, bytes)
    }

    static func hit(_ p: Value, _ s: Value, _ interp: Interpreter, first: Bool) throws -> Value {
        let (pattern, bytes) = try self.pattern(p, s, interp, first ? "findfirst" : "findlast")
        let r = first ? try pattern.next(in: bytes, from: 0, interp) : try pattern.previous(in: bytes, upTo: bytes.count, interp)
        return result(r, pattern, bytes)
    }

    /// `findnext(p, s, i)` / `findprev(p, s, i)`; on a collection, with a predicate.
    static func stepSearch(_ a: Args, _ interp: Interpreter, forward: Bool) throws -> Value {
        let name = forward ? "findnext" : "findprev"
        try a.expect(name, 3...3)
        let i = try a.int(2, name)
        guard case .string = a[1] else { return try collectionStep(a, i, interp, forward: forward) }
        let (pattern, bytes) = try self.pattern(a[0], a[1], interp, name)
        let n = bytes.count
        if forward {
            if i == n + 1 && pattern.isCharacterPattern { return .nothing }
            guard i >= 1 && i <= n + 1 else { throw Exceptions.bounds(a[1], .int(Int64(i))) }
            if pattern.isCharacterPattern, !StringIndices.isValid(bytes, i) { throw StringIndices.stringIndexError(a[1], i) }
            return result(try pattern.next(in: bytes, from: i - 1, interp), pattern, bytes)
        }
        if i == 0 { return .nothing }
        guard i >= 0 && i <= n + 1 else { throw Exceptions.bounds(a[1], .int(Int64(i))) }
        if pattern.isCharacterPattern, i <= n, !StringIndices.isValid(bytes, i) { throw StringIndices.stringIndexError(a[1], i) }
        return result(try pattern.previous(in: bytes, upTo: i - 1, interp), pattern, bytes)
    }

    /// `findnext(pred, A, i)` over a collection's linear indices.
    static func collectionStep(_ a: Args, _ i: Int, _ interp: Interpreter, forward: Bool) throws -> Value {
        let items = try interp.collect(a[1])
        var k = i
        while k >= 1 && k <= items.count {
            let r = try interp.call(a[0], [items[k - 1]])
            guard case .bool(let b) = r else { throw Exceptions.typeError(forward ? "findnext" : "findprev", expected: "Bool", got: r) }
            if b { return .int(Int64(k)) }
            k += forward ? 1 : -1
        }
        if forward ? i < 1 : i > items.count { throw Exceptions.bounds(a[1], .int(Int64(i))) }
        return .nothing
    }
}

extension StringPattern {
    /// Whether hits are single characters (reported as an index, not a range).
    package var isCharacterPattern: Bool {
        switch self {
        case .char, .chars, .predicate: return true
        case .substring, .regex: return false
        }
    }
}
