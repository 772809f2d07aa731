/// Xoshiro256++ exactly as Julia 1.10 runs it (stdlib/Random/src/Xoshiro.jl): the same
/// seeding, the same step, and the same way each kind of value is cut from a draw, so a
/// seed gives Julia's numbers. The default generator (`TaskLocalRNG`) and `Xoshiro(seed)`
/// share it.
public struct Xoshiro: Equatable, Sendable {
    public var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64) {
        (self.s0, self.s1, self.s2, self.s3) = (s0, s1, s2, s3)
    }

    /// `Xoshiro(n)` / `Random.seed!(n)` for a non-negative integer: Julia splits `n` into
    /// 32-bit words, least significant first (`make_seed`), and the state is the SHA-256 of
    /// those words' little-endian bytes, read as four little-endian UInt64s.
    public init(seed: UInt64) { self.init(seed128: UInt128(seed)) }

    /// The same for seeds up to 128 bits (`Xoshiro(UInt128(2)^100)`).
    public init(seed128 seed: UInt128) {
        var words: [UInt32] = []
        var n = seed
        repeat {
            words.append(UInt32(truncatingIfNeeded: n))
            n >>= 32
        } while n != 0
        self.init(seedWords32: words)
    }

    /// `Random.seed!(v)` for a `Vector{UInt32}`: the SHA-256 of its little-endian bytes.
    public init(seedWords32 words: [UInt32]) {
        self.init(hashing: words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> UInt32(8 * $0)) } })
    }

    /// `Random.seed!(v)` for a `Vector{UInt64}` (what Julia's start-up seeds with, four words
    /// of system entropy): the SHA-256 of the words' little-endian bytes.
    public init(seedWords: [UInt64]) {
        self.init(hashing: seedWords.flatMap { w in (0..<8).map { UInt8(truncatingIfNeeded: w >> UInt64(8 * $0)) } })
    }

    private init(hashing bytes: [UInt8]) {
        let d = SHA256.digest(bytes)
        func word(_ k: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(d[8 * k + $1]) << UInt64(8 * $1) } }
        self.init(s0: word(0), s1: word(1), s2: word(2), s3: word(3))
    }

    /// A generator seeded from the system's entropy, as Julia seeds itself at start-up.
    public static func fromEntropy() -> Xoshiro {
        var g = SystemRandomNumberGenerator()
        return Xoshiro(seedWords: (0..<4).map { _ in g.next() })
    }

    /// One step: the next 64 random bits.
    @inline(__always) public mutating func next() -> UInt64 {
        let tmp = s0 &+ s3
        let result = (tmp << 23 | tmp >> 41) &+ s0
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    // MARK: scalars, each cut from one draw as Julia cuts it

    /// `rand(Float64)`: the top 53 bits scaled to [0, 1).
    @inline(__always) public mutating func float64() -> Double { Double(next() >> 11) * 0x1.0p-53 }
    /// `rand(Float32)`: the top 24 bits scaled to [0, 1).
    @inline(__always) public mutating func float32() -> Float { Float(next() >> 40) * 0x1.0p-24 }
    /// `rand(Bool)`: the top bit.
    @inline(__always) public mutating func bool() -> Bool { next() >> 63 == 1 }
    /// `rand(T)` for a bit integer narrower than 64 bits: its width's top bits of the draw.
    @inline(__always) public mutating func topBits(_ width: Int) -> UInt64 { width >= 64 ? next() : next() >> UInt64(64 - width) }
    /// The 52-bit draws Julia's samplers build on (`UInt52Raw`, `UInt52`): the top 52 bits.
    @inline(__always) public mutating func bits52() -> UInt64 { next() >> 12 }

    // MARK: integers in a range

    /// `rand(a:b)` for Int64 or UInt64 ranges (Julia's default `SamplerRangeNDL`, Lemire's
    /// nearly-division-less method): an offset in `0..<span`, where `span == 0` stands for
    /// all 2^64 values.
    public mutating func offset(below span: UInt64) -> UInt64 {
        var x = next()
        if span == 0 { return x }
        var m = x.multipliedFullWidth(by: span)
        if m.low < span {
            let t = (0 &- span) % span
            while m.low < t {
                x = next()
                m = x.multipliedFullWidth(by: span)
            }
        }
        return m.high
    }

    /// The same for ranges of 32-bit-or-narrower integers, which Julia samples from the
    /// draw's top 32 bits (`uint_sup` is UInt32 for them); `span == 0` is all 2^32 values.
    public mutating func offset32(below span: UInt32) -> UInt32 {
        var x = UInt32(truncatingIfNeeded: next() >> 32)
        if span == 0 { return x }
        var m = x.multipliedFullWidth(by: span)
        if m.low < span {
            let t = (0 &- span) % span
            while m.low < t {
                x = UInt32(truncatingIfNeeded: next() >> 32)
                m = x.multipliedFullWidth(by: span)
            }
        }
        return m.high
    }

    /// Julia's `ltm52(n, mask)` (misc.jl), behind `shuffle!` and `randperm`: an integer in
    /// `0..<n` from the draw's top 52 bits masked to `mask`, redrawing while it is `>= n`.
    public mutating func masked52(below n: Int, mask: Int) -> Int {
        while true {
            let x = Int(truncatingIfNeeded: bits52()) & mask
            if x < n { return x }
        }
    }

    /// The indices Julia's `shuffle!` swaps, in its order: for i = 2...n (1-based), element
    /// i is swapped with element `swap(i)`; the mask doubles as i passes each power of two.
    public mutating func shuffleSwaps(count n: Int, _ swap: (_ i: Int, _ j: Int) throws -> Void) rethrows {
        var mask = 3
        if n < 2 { return }
        for i in 2...n {
            let j = 1 + masked52(below: i, mask: mask)
            try swap(i, j)
            if i == 1 + mask { mask = 2 * mask + 1 }
        }
    }
}
