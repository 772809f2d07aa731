import FlxSyntax
/// Deterministic stand-in hashes for `Dict` keys whose Julia hash flx does not reproduce
/// (arrays, ranges, named tuples, structs, types, functions, `nothing`, ...). They are not
/// Julia's values, so a `Dict` keyed by these iterates in an order of its own; they only
/// promise that keys which are `isequal` hash alike (numbers inside go through the exact
/// Julia hash, so `[1, 2]` and `[1.0, 2.0]` agree). Mutable structs and Swift-side
/// objects (layers, dicts, ...) hash by identity, as Julia's `objectid` does: their order
/// in a Dict depends on memory addresses, in flx as in Julia.
/// A library's immutable native value that hashes by content (Dates' `Date`, `Day(3)`).
package protocol NativeContentHash: AnyObject {
    func contentHash(_ h: UInt64) -> UInt64
}

package enum FallbackHash {
    package static func hash(_ v: Value, _ h: UInt64) -> UInt64 {
        switch v {
        case .nothing: return named("nothing", h)
        case .missing: return named("missing", h)
        case .array(let a): return sequence(a.shape.rank > 1 ? a.shape.dims : [a.count], a.count, h) { a.element($0) }
        case .range(let r):
            let n = Int(clamping: r.count)
            return sequence([n], n, h) { r.element(Int64($0)) }
        case .namedTuple(let nt):
            return JuliaHash.sequence(nt.values, nt.names.reduce(named("NamedTuple", h)) { JuliaHash.string($1, $0) })
        case .object(let o):
            let base = named(o.type.name, h)
            return o.type.isMutable ? identity(o, h) : JuliaHash.sequence(o.fields, base)
        case .type(let t): return JuliaHash.int(Int64(t.id), named("Type " + t.name, h))
        case .function(let f): return named("Function " + f.name, h)
        case .module(let m): return identity(m, h)
        case .native(let n as NativeContentHash): return n.contentHash(h)
        case .native(let e as ExprObject):
            // Expressions hash by structure, as `==` compares them.
            return JuliaHash.sequence(e.args, JuliaHash.string(e.head.name, named("Expr", h)))
        case .native(let q as QuoteNodeObject): return JuliaHash.sequence([q.value], named("QuoteNode", h))
        case .native(let n): return identity(n, h)
        default: return named("?", h)
        }
    }

    private static func identity(_ o: AnyObject, _ h: UInt64) -> UInt64 {
        JuliaHash.mix(3 &* h &- UInt64(UInt(bitPattern: ObjectIdentifier(o).hashValue)))
    }

    private static func named(_ name: String, _ h: UInt64) -> UInt64 { JuliaHash.string(name, h &+ 0x5bd1_e995) }

    /// Shape, then at most the first and last 32 elements (arrays can be large).
    private static func sequence(_ shape: [Int], _ n: Int, _ h: UInt64, _ element: (Int) -> Value) -> UInt64 {
        var acc = shape.reduce(h &+ 0x6d35_bb51_952d_5539) { JuliaHash.int(Int64($1), $0) }
        let picks = n <= 64 ? Array(0..<n) : Array(0..<32) + Array((n - 32)..<n)
        for i in picks { acc = JuliaHash.hash(element(i), acc) }
        return acc
    }
}
