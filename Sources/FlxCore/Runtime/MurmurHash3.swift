import FlxSyntax
/// MurmurHash3_x64_128 (Austin Appleby's public-domain reference, as vendored in Julia's
/// src/support/MurmurHash3.c). Julia's `memhash` returns the second 64-bit half.
package enum MurmurHash3 {
    private static let c1: UInt64 = 0x87c3_7b91_1142_53d5
    private static let c2: UInt64 = 0x4cf5_ad43_2745_937f

    private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    private static func fmix(_ k0: UInt64) -> UInt64 {
        var k = k0
        k ^= k >> 33
        k = k &* 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k = k &* 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }

    /// Little-endian 64-bit word of `bytes` from `at`, reading at most `count` bytes.
    private static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> UInt64 {
        var w: UInt64 = 0
        for i in 0..<count { w |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
        return w
    }

    package static func x64_128(_ bytes: [UInt8], seed: UInt32) -> (h1: UInt64, h2: UInt64) {
        bytes.withUnsafeBufferPointer { x64_128($0, seed: seed) }
    }

    /// The same over bytes in place (a string's own UTF-8 storage: hashing a Dict{String}
    /// key copied it into an array first).
    package static func x64_128(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt32) -> (h1: UInt64, h2: UInt64) {
        let len = bytes.count
        var h1 = UInt64(seed), h2 = UInt64(seed)
        let blocks = len / 16
        for i in 0..<blocks {
            var k1 = word(bytes, i * 16, 8), k2 = word(bytes, i * 16 + 8, 8)
            k1 = k1 &* c1; k1 = rotl(k1, 31); k1 = k1 &* c2; h1 ^= k1
            h1 = rotl(h1, 27); h1 = h1 &+ h2; h1 = h1 &* 5 &+ 0x52dc_e729
            k2 = k2 &* c2; k2 = rotl(k2, 33); k2 = k2 &* c1; h2 ^= k2
            h2 = rotl(h2, 31); h2 = h2 &+ h1; h2 = h2 &* 5 &+ 0x3849_5ab5
        }
        let tail = blocks * 16, rest = len & 15
        if rest > 8 {
            var k2 = word(bytes, tail + 8, rest - 8)
            k2 = k2 &* c2; k2 = rotl(k2, 33); k2 = k2 &* c1; h2 ^= k2
        }
        if rest > 0 {
            var k1 = word(bytes, tail, min(rest, 8))
            k1 = k1 &* c1; k1 = rotl(k1, 31); k1 = k1 &* c2; h1 ^= k1
        }
        h1 ^= UInt64(len); h2 ^= UInt64(len)
        h1 = h1 &+ h2; h2 = h2 &+ h1
        h1 = fmix(h1); h2 = fmix(h2)
        h1 = h1 &+ h2; h2 = h2 &+ h1
        return (h1, h2)
    }
}
