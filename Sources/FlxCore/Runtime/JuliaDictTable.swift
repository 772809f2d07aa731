import FlxSyntax
/// The open-addressing hash table behind Julia's `Dict`, as base/dict.jl of Julia 1.10
/// lays it out, so that flx iterates (and prints) a `Dict` in Julia's order: a power-of-two
/// slot array (16 to start), `hashindex`, linear probing bounded by `maxprobe`, the
/// `_shorthash7` slot bytes, tombstones (`0x7f`) left by `delete!` and reused by the next
/// insert that probes past them, the grow rules of `_setindex!`/`ht_keyindex2_shorthash!`,
/// `rehash!` re-inserting in old slot order, and iteration in slot order.
///
/// Indices here are 0-based (Julia's minus one). Key hashes are cached per slot; Julia
/// recomputes them in `rehash!`, which gives the same numbers.
package struct JuliaDictTable {
    package typealias Equal = (Value, Value) throws -> Bool

    package private(set) var slots: [UInt8]
    package private(set) var keys: [Value]
    package private(set) var vals: [Value]
    private var hashes: [UInt64]
    package private(set) var count = 0
    private var ndel = 0
    private var maxprobe = 0
    /// Bumped by every change; `get!` uses it to notice that its default function rehashed.
    package private(set) var age = 0

    package init() {
        slots = Array(repeating: 0, count: 16)
        keys = Array(repeating: .nothing, count: 16)
        vals = keys
        hashes = Array(repeating: 0, count: 16)
    }

    package var size: Int { slots.count }

    /// `_tablesz`: the next power of two, at least 16.
    package static func tableSize(_ n: Int) -> Int {
        if n < 16 { return 16 }
        if n > 1 << 40 { return 1 << 40 }
        var s = 16
        while s < n { s <<= 1 }
        return s
    }

    package static func shortHash(_ h: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: h >> 57) | 0x80 }

    package func isFilled(_ i: Int) -> Bool { slots[i] & 0x80 != 0 }

    /// The filled slot at or after `i`, or nil (`skip_deleted`).
    package func nextFilled(from i: Int) -> Int? {
        var j = max(i, 0)
        while j < slots.count {
            if slots[j] & 0x80 != 0 { return j }
            j += 1
        }
        return nil
    }

    /// `ht_keyindex`: the slot holding `key`, or nil.
    package func find(_ key: Value, hash: UInt64, _ equal: Equal) rethrows -> Int? {
        if count == 0 { return nil }
        let mask = slots.count - 1, sh = Self.shortHash(hash)
        var index = Int(truncatingIfNeeded: hash) & mask, iter = 0
        while true {
            if slots[index] == 0 { return nil }
            if slots[index] == sh, try equal(key, keys[index]) { return index }
            index = (index + 1) & mask
            iter += 1
            if iter > maxprobe { return nil }
        }
    }

    /// `ht_keyindex2_shorthash!`: `.found(slot)` when `key` is present, else `.free(slot)`
    /// where it would go (which may first grow the table, as Julia does).
    package enum Probe { case found(Int), free(Int) }

    package mutating func probe(_ key: Value, hash: UInt64, _ equal: Equal) rethrows -> Probe {
        while true {
            let sz = slots.count, mask = sz - 1, sh = Self.shortHash(hash)
            var index = Int(truncatingIfNeeded: hash) & mask, iter = 0
            var avail: Int? = nil
            while true {
                if slots[index] == 0 { return .free(avail ?? index) }
                if slots[index] == 0x7f {
                    if avail == nil { avail = index }
                } else if slots[index] == sh, try equal(key, keys[index]) {
                    return .found(index)
                }
                index = (index + 1) & mask
                iter += 1
                if iter > maxprobe { break }
            }
            if let a = avail { return .free(a) }
            let maxAllowed = max(16, sz >> 6)
            while iter < maxAllowed {
                if !isFilled(index) {
                    maxprobe = iter
                    return .free(index)
                }
                index = (index + 1) & mask
                iter += 1
            }
            // Not Julia: when keys collide wholesale (only possible with the stand-in hashes
            // of FallbackHash) growing would never help, so take the next free slot instead.
            if sz >= 64 * (count + 16) {
                while isFilled(index) { index = (index + 1) & mask; iter += 1 }
                maxprobe = max(maxprobe, iter)
                return .free(index)
            }
            rehash(count > 64000 ? sz * 2 : sz * 4)
        }
    }

    /// `_setindex!`: fills free slot `index`, then grows when more than 2/3 full
    /// (tombstones included).
    package mutating func insert(at index: Int, _ key: Value, _ value: Value, hash: UInt64) {
        slots[index] = Self.shortHash(hash)
        keys[index] = key
        vals[index] = value
        hashes[index] = hash
        count += 1
        age += 1
        if (count + ndel) * 3 > slots.count * 2 {
            rehash(count > 64000 ? count * 2 : max(count * 4, 4))
        }
    }

    /// Overwrites the pair in a filled slot (`setindex!` on a present key).
    package mutating func replace(at index: Int, _ key: Value, _ value: Value) {
        keys[index] = key
        vals[index] = value
        age += 1
    }

    /// `setindex!`.
    package mutating func set(_ key: Value, _ value: Value, hash: UInt64, _ equal: Equal) rethrows {
        switch try probe(key, hash: hash, equal) {
        case .found(let i): replace(at: i, key, value)
        case .free(let i): insert(at: i, key, value, hash: hash)
        }
    }

    /// `_delete!`: a tombstone, unless the next slot is empty, in which case this slot and
    /// the run of tombstones before it become empty again.
    package mutating func delete(at index0: Int) {
        let mask = slots.count - 1
        var index = index0
        keys[index] = .nothing
        vals[index] = .nothing
        var nd = 1
        if slots[(index + 1) & mask] == 0 {
            while true {
                nd -= 1
                slots[index] = 0
                index = (index - 1) & mask
                if slots[index] != 0x7f { break }
            }
        } else {
            slots[index] = 0x7f
        }
        ndel += nd
        count -= 1
        age += 1
    }

    /// `rehash!`: a table of `_tablesz(newsz)` slots, re-inserting the old slots in order.
    package mutating func rehash(_ newsz0: Int) {
        let newsz = Self.tableSize(newsz0)
        age += 1
        if count == 0 {
            self = JuliaDictTable(size: newsz, age: age)
            return
        }
        var fresh = JuliaDictTable(size: newsz, age: age)
        let mask = newsz - 1
        for i in slots.indices where isFilled(i) {
            let index0 = Int(truncatingIfNeeded: hashes[i]) & mask
            var index = index0
            while fresh.slots[index] != 0 { index = (index + 1) & mask }
            fresh.maxprobe = max(fresh.maxprobe, (index - index0) & mask)
            fresh.slots[index] = slots[i]
            fresh.keys[index] = keys[i]
            fresh.vals[index] = vals[i]
            fresh.hashes[index] = hashes[i]
            fresh.count += 1
        }
        self = fresh
    }

    private init(size: Int, age: Int) {
        slots = Array(repeating: 0, count: size)
        keys = Array(repeating: .nothing, count: size)
        vals = keys
        hashes = Array(repeating: 0, count: size)
        self.age = age
    }

    /// `sizehint!` as Julia 1.10 has it: room for 1.5n, and a rehash whenever that changes
    /// the table size (it can shrink too).
    package mutating func sizehint(_ n: Int) {
        let newsz = Self.tableSize((3 * min(max(n, count), 1 << 38) + 1) / 2)
        if newsz != slots.count { rehash(newsz) }
    }

    /// `empty!`: same size, every slot empty.
    package mutating func removeAll() {
        self = JuliaDictTable(size: slots.count, age: age + 1)
    }
}
