#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import FlxEngine

/// Julia 1.10's random streams: seeding (SHA-256 of the seed's words), the scalar cuts of a
/// draw, the ziggurat, the range sampler, and the bulk (lane) generation of arrays.
@Suite struct RandomStreamTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(("0" + String($0, radix: 16)).suffix(2)) }.joined() }

    /// FIPS 180-4 / NIST example vectors, one and two blocks.
    @Test func sha256MatchesTheStandardVectors() {
        #expect(Self.hex(SHA256.digest([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex(SHA256.digest(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.hex(SHA256.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let long = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(Self.hex(SHA256.digest(Array(long.utf8))) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    /// `Xoshiro(1234); rand(rng, 2)`: the example in Julia 1.10's Xoshiro docstring
    /// (stdlib/Random/src/Xoshiro.jl) and `Random.seed!`'s (Random.jl); the next sixteen are
    /// the rest of `Random.seed!(1234); [rand() for _ in 1:18]` as a Julia package's test suite
    /// records them in full (positions for a `Config`, `SVector(rand(), rand(), rand())` ×
    /// 6), and as FillArrays.jl's doctest shows them to 6 digits.
    @Test func seededScalarsAreJuliasNumbers() {
        var g = Xoshiro(seed: 1234)
        #expect(g.float64() == 0.32597672886359486)
        #expect(g.float64() == 0.5490511363155669)
        let recorded = [0.21858665481883066, 0.8942454282009883, 0.35311164439921205, 0.39425536741585077,
                        0.9531246272848422, 0.7955469475347194, 0.4942498668904206, 0.7484150218874741,
                        0.5782319465613976, 0.7279350012266056, 0.007448006132865004, 0.19937661409915552,
                        0.4392431254532684, 0.6825326622623844, 0.9567409540049077, 0.6478553157718558]
        for v in recorded { #expect(g.float64() == v) }
        // `Xoshiro(42); rand(rng, 3)` and `randn(Xoshiro(1), 2)` as printed by Julia (in a
        // published tutorial session).
        var h = Xoshiro(seed: 42)
        #expect([h.float64(), h.float64(), h.float64()] == [0.6293451231426089, 0.4503389405961936, 0.47740714343281776])
        var n = Xoshiro(seed: 1)
        #expect([n.normal(), n.normal()] == [-0.07058313895389791, 0.5314767537831963])
        // The SHA-256 of the seed's bytes is the state (checked against Python's hashlib).
        let s = Xoshiro(seed: 1234)
        #expect([s.s0, s.s1, s.s2, s.s3] == [0x9951797c85a704f1, 0xb9d66be14dfba82b, 0xb170153285fd9556, 0xe90a07f7bdd1fd77])
    }

    /// `rand(Xoshiro(1), 2:5) == 2` and `shuffle(Xoshiro(1), [1, 2, 3, 4]) == [4, 3, 1, 2]`
    /// (the same tutorial session).
    @Test func rangeAndShuffleDrawAsJulia() {
        var g = Xoshiro(seed: 1)
        #expect(2 + g.offset(below: 4) == 2)
        var v = [1, 2, 3, 4]
        var s = Xoshiro(seed: 1)
        s.shuffleSwaps(count: v.count) { i, j in v.swapAt(i - 1, j - 1) }
        #expect(v == [4, 3, 1, 2])
    }

    /// Lemire's method against plain rejection sampling: the same offsets, in range, from
    /// the same draws whenever no draw is rejected (spans far below 2^64 reject almost never).
    @Test func nearlyDivisionlessOffsetsStayInRange() {
        var g = Xoshiro(seed: 7)
        for span in [1, 2, 3, 6, 10, 1000, 1 << 40] as [UInt64] {
            for _ in 0..<1000 { #expect(g.offset(below: span) < span) }
        }
        var a = Xoshiro(seed: 9), b = Xoshiro(seed: 9)
        for _ in 0..<100 { #expect(a.offset(below: 6) == b.next().multipliedFullWidth(by: 6).high) }
        var c = Xoshiro(seed: 3)
        for _ in 0..<100 { #expect(c.offset32(below: 0x10f800) < 0x10f800) }
    }

    /// The literal tables are one ziggurat: each strip's edge x_i = w_i·2^bits, f_i its density,
    /// k_{i+1} = ⌊x_i / x_{i+1} · 2^bits⌋. A mistyped digit breaks one of these.
    @Test func zigguratTablesAreConsistent() {
        for (k, w, f, bits, pdf) in [
            (ZigguratTables.normalK, ZigguratTables.normalW, ZigguratTables.normalF, 51.0, { (x: Double) in exp(-0.5 * x * x) }),
            (ZigguratTables.exponentialK, ZigguratTables.exponentialW, ZigguratTables.exponentialF, 52.0, { (x: Double) in exp(-x) }),
        ] {
            #expect(k.count == 256 && w.count == 256 && f.count == 256)
            let scale = pow(2, bits)
            for i in 1..<256 {
                let x = w[i] * scale
                #expect(abs(f[i] - pdf(x)) <= 1e-12 * f[i])
                if i < 255 {
                    let expected = w[i] / w[i + 1] * scale
                    #expect(abs(Double(k[i + 1]) - expected) <= 1e-9 * expected)
                }
            }
            #expect(k[1] == 0 && f[0] == 1)
        }
        // Entries as Julia's normal.jl lists them.
        #expect(ZigguratTables.normalK[0] == 0x0007799ec012f7b2 && ZigguratTables.normalK[255] == 0x00078d2d25998e24)
        #expect(ZigguratTables.normalW[0] == 1.7367254121602630e-15 && ZigguratTables.normalW[255] == 1.6227698675312968e-15)
        #expect(ZigguratTables.exponentialK[2] == 0x0009beadebce18bf && ZigguratTables.exponentialW[1] == 1.4178028487910829e-17)
        #expect(ZigguratTables.exponentialF[255] == 4.5413435384149677e-04)
    }

    /// Bulk generation against a direct reading of Julia's XoshiroSimd.jl: below 64 bytes the
    /// parent's own stream; from 64 bytes, eight lanes seeded by 32 parent draws times the
    /// fork constants, interleaved lane by lane, then the parent's stream for the rest.
    @Test func bulkFloat64FollowsTheLaneLayout() {
        func reference(_ seed: UInt64, _ n: Int) -> [Double] {
            var parent = Xoshiro(seed: seed)
            var out: [Double] = []
            if n * 8 >= 64 {
                let c: [UInt64] = [0x02011ce34bce797f, 0x5a94851fb48a6e05, 0x3688cf5d48899fa7, 0x867b4bb4c42e5661]
                var words = [[UInt64]]()
                for m in c { words.append((0..<8).map { _ in m &* parent.next() }) }
                var lanes = (0..<8).map { l in Xoshiro(s0: words[0][l], s1: words[1][l], s2: words[2][l], s3: words[3][l]) }
                while out.count + 8 <= n { for l in 0..<8 { out.append(lanes[l].float64()) } }
            }
            while out.count < n { out.append(parent.float64()) }
            return out
        }
        for n in [1, 7, 8, 9, 16, 21, 100] {
            var g = Xoshiro(seed: 5)
            var got = [Double](repeating: -1, count: n)
            got.withUnsafeMutableBytes { g.fillBulk($0.baseAddress!, byteCount: $0.count, kind: .float64) }
            #expect(got == reference(5, n), "n = \(n)")
        }
        // Below the threshold the array is the scalar stream.
        var a = Xoshiro(seed: 11), b = Xoshiro(seed: 11)
        var three = [Double](repeating: 0, count: 3)
        three.withUnsafeMutableBytes { a.fillBulk($0.baseAddress!, byteCount: $0.count, kind: .float64) }
        #expect(three == [b.float64(), b.float64(), b.float64()])
        #expect(a == b)
    }

    /// Float32 arrays take two values per draw, the low half's first (XoshiroSimd.jl's
    /// `_bits2float`), unlike scalar `rand(Float32)`, which uses the top bits.
    @Test func bulkFloat32PairsHalvesLowFirst() {
        var g = Xoshiro(seed: 2), r = Xoshiro(seed: 2)
        var v = [Float](repeating: 0, count: 5)
        v.withUnsafeMutableBytes { g.fillBulk($0.baseAddress!, byteCount: $0.count, kind: .float32) }
        var expected: [Float] = []
        for _ in 0..<3 {
            let x = r.next()
            expected.append(Float(UInt32(truncatingIfNeeded: x) >> 8) * 0x1.0p-24)
            expected.append(Float(x >> 40) * 0x1.0p-24)
        }
        #expect(v == Array(expected.prefix(5)))
    }

    /// Bool arrays: one bit per byte, byte b of the k-th 8-byte group from a draw's bit 8b+k.
    @Test func bulkBoolsSpreadEachDrawsBits() {
        var g = Xoshiro(seed: 4), r = Xoshiro(seed: 4)
        var v = [UInt8](repeating: 9, count: 20)
        v.withUnsafeMutableBytes { g.fillBulk($0.baseAddress!, byteCount: $0.count, kind: .bool) }
        let x = r.next()
        for i in 0..<16 { #expect(v[i] == UInt8((x >> UInt64(8 * (i % 8) + i / 8)) & 1)) }
        let y = r.next()
        for i in 16..<20 { #expect(v[i] == UInt8((y >> UInt64(8 * (i - 16))) & 1)) }
        #expect(v.allSatisfy { $0 <= 1 })
    }

    /// Uniform, normal and exponential draws have the right moments (a coarse check that no
    /// table or cut is off).
    @Test func drawsHaveTheRightMoments() {
        var g = Xoshiro(seed: 2024)
        let n = 200_000
        var s1 = 0.0, s2 = 0.0, e1 = 0.0, u1 = 0.0
        for _ in 0..<n {
            let z = g.normal(); s1 += z; s2 += z * z
            e1 += g.exponential()
            u1 += g.float64()
        }
        #expect(abs(s1 / Double(n)) < 0.01 && abs(s2 / Double(n) - 1) < 0.01)
        #expect(abs(e1 / Double(n) - 1) < 0.01)
        #expect(abs(u1 / Double(n) - 0.5) < 0.005)
    }
}
