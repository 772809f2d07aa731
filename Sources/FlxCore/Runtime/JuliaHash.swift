import FlxSyntax
/// Julia's `hash` for the key types a `Dict` sees, bit for bit as Julia 1.10/1.11 on a
/// 64-bit machine computes it, so that a `Dict` lays its keys out (and so iterates and
/// prints them) in the order Julia does. Followed: base/hashing.jl (`hash_64_64`,
/// `hash(::Int64, h)`, `hash(::Float64, h)`, `hash(::String, h)`), base/char.jl,
/// base/tuple.jl (`tuplehash_seed`), base/pair.jl, src/symbol.c (`hash_symbol`),
/// src/support/hashing.c (`memhash`, `memhash_seed`) and src/support/MurmurHash3.c.
///
/// Exact: Int64, Bool, Float64, Float32, Char, String, Symbol, and tuples/pairs of these.
/// Everything else gets a deterministic stand-in (structural, built from the exact hashes
/// of its parts, or from its type name) that is not Julia's value; keys that are `==`
/// still hash alike, which is all the table needs.
package enum JuliaHash {
    /// `hash_64_64`: Thomas Wang's 64-bit integer mix (also `inthash` in C).
    package static func mix(_ n: UInt64) -> UInt64 {
        var a = n
        a = ~a &+ (a << 21)
        a = a ^ (a >> 24)
        a = a &+ (a << 3) &+ (a << 8)
        a = a ^ (a >> 14)
        a = a &+ (a << 2) &+ (a << 4)
        a = a ^ (a >> 28)
        a = a &+ (a << 31)
        return a
    }

    /// `hash(x::UInt64, h) = hash_uint64(x) - 3h`; Int64 and Bool go through it bitcast.
    package static func uint(_ x: UInt64, _ h: UInt64) -> UInt64 { mix(x) &- 3 &* h }
    package static func int(_ x: Int64, _ h: UInt64) -> UInt64 { uint(UInt64(bitPattern: x), h) }

    /// `hash(x::Float64, h)`: integral values hash as the integer, so `1 == 1.0` keys collide.
    /// `-0.0` is not `isequal` to `0` (`signequal` fails), so it hashes by its bits.
    package static func float(_ x: Double, _ h: UInt64) -> UInt64 {
        if x >= -9223372036854775808.0 && x < 9223372036854775808.0 {
            let i = Int64(x)
            if Double(i) == x && !(x == 0 && x.sign == .minus) { return int(i, h) }
        } else if x >= 0 && x < 18446744073709551616.0 {
            let u = UInt64(x)
            if Double(u) == x { return uint(u, h) }
        } else if x.isNaN {
            return mix(Double.nan.bitPattern) ^ h
        }
        return uint(x.bitPattern, h)
    }

    /// `hash(s::String, h)`: `memhash_seed(s, sizeof(s), (h + seed) % UInt32) + (h + seed)`.
    package static func string(_ s: String, _ h: UInt64) -> UInt64 {
        let seeded = h &+ 0x71e7_29fd_5641_9c81
        let seed = UInt32(truncatingIfNeeded: seeded)
        let h = s.utf8.withContiguousStorageIfAvailable { MurmurHash3.x64_128($0, seed: seed) } ?? MurmurHash3.x64_128(Array(s.utf8), seed: seed)
        return h.h2 &+ seeded
    }

    /// `objectid(::Symbol)`, the hash stored in the symbol (src/symbol.c `hash_symbol`):
    /// `inthash(-(memhash(name) ⊻ 0xaaaa…))` with `memhash`'s seed `0xcafe8881`.
    package static func symbolID(_ name: String) -> UInt64 {
        let oid = MurmurHash3.x64_128(Array(name.utf8), seed: 0xcafe_8881).h2 ^ 0xaaaa_aaaa_aaaa_aaaa
        return mix(0 &- oid)
    }

    /// Julia's `Char` bits: the UTF-8 bytes of the scalar, left-aligned in a UInt32.
    package static func charBits(_ scalar: UInt32) -> UInt32 {
        guard let u = Unicode.Scalar(scalar) else { return scalar }
        var bits: UInt32 = 0, shift: UInt32 = 24
        for byte in String(Character(u)).utf8 {
            bits |= UInt32(byte) << shift
            shift = shift >= 8 ? shift - 8 : 0
        }
        return bits
    }

    /// `hash(x::Char, h)`.
    package static func char(_ scalar: UInt32, _ h: UInt64) -> UInt64 {
        mix(((UInt64(charBits(scalar)) &+ 0xd4d6_4234) << 32) ^ h)
    }

    /// The one-argument `hash(x)`, which `Dict` uses: `hash(x, 0)`, except that a Symbol
    /// hashes to its `objectid`.
    package static func key(_ v: Value) -> UInt64 {
        if case .symbol(let s) = v { return symbolID(s.name) }
        return hash(v, 0)
    }

    /// The two-argument `hash(x, h)`.
    package static func hash(_ v: Value, _ h: UInt64) -> UInt64 {
        switch v {
        case .int(let i): return int(i, h)
        // Equal numbers hash alike (`0x01 == 1`): a sized integer within Int64 hashes as that Int64.
        case .sized, .wide:
            let f = v.fixedInt!
            if let i = f.exactly(.int64) { return int(Int64(truncatingIfNeeded: i.bits), h) }
            // Beyond Int64 (flx's own order, not Julia's): both halves of the bits, and the sign.
            return int(Int64(truncatingIfNeeded: f.bits), int(Int64(truncatingIfNeeded: f.bits >> 64), h &+ (f.isNegative ? 1 : 0)))
        case .bool(let b): return int(b ? 1 : 0, h)
        case .float64(let d): return float(d, h)
        case .float32(let f): return float(Double(f), h)
        case .float16(let x): return float(Double(x), h)
        case .char(let c): return char(c, h)
        case .string(let s): return string(s.value, h)
        // hash(@nospecialize(x), h) = hash_uint(3h - objectid(x))
        case .symbol(let s): return mix(3 &* h &- symbolID(s.name))
        // hash(t::Tuple, h) = hash(t[1], hash(tail(t), h)); hash((), h) = h + tuplehash_seed
        case .tuple(let t): return sequence(t.items, h &+ 0x77cf_a1ee_f01b_ca90)
        // hash(p::Pair, h) = hash(p.second, hash(p.first, h))
        case .pair(let p): return hash(p.second, hash(p.first, h))
        case .tracked(let t): return float(t.value, h)
        case .cell(let c): return hash(c.value, h)
        default: return FallbackHash.hash(v, h)
        }
    }

    /// Hashes `items` last to first, folding each into `h` (the tuple recursion unrolled).
    package static func sequence(_ items: [Value], _ h: UInt64) -> UInt64 {
        var acc = h
        for item in items.reversed() { acc = hash(item, acc) }
        return acc
    }
}
