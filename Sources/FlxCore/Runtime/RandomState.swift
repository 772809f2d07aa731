#if canImport(Glibc)
import Glibc
#endif

/// The session's default generator, Xoshiro256++ (Julia's default generator since 1.7). Streams do not match Julia's
/// bit for bit (its seeding differs), but a seed always gives the same numbers here.
public struct RandomState {
    package var s0: UInt64 = 0, s1: UInt64 = 0, s2: UInt64 = 0, s3: UInt64 = 0

    public init(seed: UInt64) { reseed(seed) }

    package mutating func reseed(_ seed: UInt64) {
        // SplitMix64 expands one seed into the four words of state.
        var z = seed
        func next() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var r = z
            r = (r ^ (r >> 30)) &* 0xBF58_476D_1CE4_E5B9
            r = (r ^ (r >> 27)) &* 0x94D0_49BB_1331_11EB
            return r ^ (r >> 31)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
    }

    @inline(__always) package mutating func next() -> UInt64 {
        let result = ((s0 &+ s3) << 23 | (s0 &+ s3) >> 41) &+ s0
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1), 53 random bits.
    package mutating func double() -> Double { Double(next() >> 11) * 0x1.0p-53 }
    /// Uniform in [0, 1) as Julia makes a Float32: 24 random bits.
    package mutating func float() -> Float { Float(next() >> 40) * 0x1.0p-24 }

    /// Standard normal (Box–Muller; the pair's second value is dropped for simplicity).
    package mutating func normal() -> Double {
        var u = double()
        while u == 0 { u = double() }
        let v = double()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// Uniform integer in 0..<n without modulo bias.
    package mutating func below(_ n: UInt64) -> UInt64 {
        guard n > 0 else { return 0 }
        let limit = UInt64.max - UInt64.max % n
        while true {
            let r = next()
            if r < limit { return r % n }
        }
    }
}
