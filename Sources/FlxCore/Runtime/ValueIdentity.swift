import FlxSyntax
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Value {
    /// `===`: identical values (the same object, or equal bits for immutable values). In the
    /// core because assignment to a constant needs it as well as the `===` operator.
    package static func egal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let p), .int(let q)): return p == q
        case (.sized(let p), .sized(let q)): return p.fixed == q.fixed
        case (.wide(let p), .wide(let q)): return p.fixed == q.fixed
        case (.float64(let p), .float64(let q)): return p.bitPattern == q.bitPattern
        case (.float32(let p), .float32(let q)): return p.bitPattern == q.bitPattern
        case (.bool(let p), .bool(let q)): return p == q
        case (.char(let p), .char(let q)): return p == q
        case (.nothing, .nothing), (.missing, .missing): return true
        case (.symbol(let p), .symbol(let q)): return p === q
        // Code unit by code unit, as Julia compares (Swift's == would equate "é" and "e\u301").
        case (.string(let p), .string(let q)): return sameCodeUnits(p.value, q.value)
        case (.array(let p), .array(let q)): return p === q
        case (.tuple(let p), .tuple(let q)): return p.items.count == q.items.count && zip(p.items, q.items).allSatisfy { egal($0, $1) }
        case (.namedTuple(let p), .namedTuple(let q)): return p.names == q.names && zip(p.values, q.values).allSatisfy { egal($0, $1) }
        case (.pair(let p), .pair(let q)): return egal(p.first, q.first) && egal(p.second, q.second)
        case (.type(let p), .type(let q)): return p === q
        case (.function(let p), .function(let q)): return p === q
        case (.module(let p), .module(let q)): return p === q
        case (.object(let p), .object(let q)):
            if p === q { return true }
            if p.type.isMutable || p.type !== q.type { return false }
            return zip(p.fields, q.fields).allSatisfy { egal($0, $1) }
        case (.native(let p), .native(let q)):
            if p === q { return true }
            if let v = p as? NativeImmutableValue { return v.isIdentical(to: q) }
            return false
        case (.range(let p), .range(let q)): return Display.rangeRepr(p) == Display.rangeRepr(q)
        case (.tracked(let p), .tracked(let q)): return p === q
        default: return false
        }
    }
}

/// A library's native object that stands for an immutable Julia struct (an optimisation rule):
/// `===` compares its contents, as Julia compares immutable values bit by bit.
package protocol NativeImmutableValue: AnyObject {
    func isIdentical(to other: NativeObject) -> Bool
}

/// Whether two strings hold the same UTF-8 code units, as Julia compares strings (Swift's
/// `==` would equate "é" and "e\u{301}"). The lengths are compared first and the bytes in
/// one `memcmp` where both are stored contiguously (always, for native strings); a
/// byte-by-byte walk was a visible part of Dict{String} lookups.
package func sameCodeUnits(_ a: String, _ b: String) -> Bool {
    let x = a.utf8, y = b.utf8
    guard x.count == y.count else { return false }
    if let same = x.withContiguousStorageIfAvailable({ p in
        y.withContiguousStorageIfAvailable { q in p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0 }
    }), let same { return same }
    return x.elementsEqual(y)
}
