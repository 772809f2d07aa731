#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `randn` and `randexp` as Julia 1.10 draws them (stdlib/Random/src/normal.jl): Marsaglia and
/// Tsang's ziggurat over 256 strips (`ZigguratTables`), consuming the same draws in the same order.
extension Xoshiro {
    /// Edge of the normal ziggurat's base strip (Julia's `ziggurat_nor_r`).
    static let normalR = 3.6541528853610087963519472518
    /// Edge of the exponential ziggurat's base strip (Julia's `ziggurat_exp_r`).
    static let exponentialR = 7.6971174701310497140446280481

    /// `randn()`: 52 bits, the lowest the sign, the next 8 the strip, the rest the position.
    public mutating func normal() -> Double { normal(fromBits: bits52()) }

    /// Julia's `_randn(rng, r)`: the normal value 52 random bits `r` give, drawing more from
    /// this generator only when they fall outside the strips' rectangles.
    public mutating func normal(fromBits first: UInt64) -> Double {
        var r = first
        while true {
            let rabs = Int64(r >> 1)
            let idx = Int(rabs & 0xff)
            let x = Double(r & 1 == 1 ? -rabs : rabs) * ZigguratTables.normalW[idx]
            if UInt64(rabs) < ZigguratTables.normalK[idx] { return x }
            if idx == 0 {
                // The tail beyond r, by Marsaglia's method; Julia 1.10 takes log1p(-u), so
                // u in [0, 1) never gives log(0).
                let invR = 1 / Xoshiro.normalR
                while true {
                    let xx = -invR * log1p(-float64())
                    let yy = -log1p(-float64())
                    if yy + yy > xx * xx {
                        return (rabs >> 8) & 1 == 1 ? -Xoshiro.normalR - xx : Xoshiro.normalR + xx
                    }
                }
            }
            let f = ZigguratTables.normalF
            if (f[idx - 1] - f[idx]) * float64() + f[idx] < exp(-0.5 * x * x) { return x }
            // Outside the wedge: Julia starts over, `randn(rng)`, with a fresh draw.
            r = bits52()
        }
    }

    /// `randexp()`: 52 bits, the lowest 8 the strip.
    public mutating func exponential() -> Double {
        while true {
            let ri = bits52()
            let idx = Int(ri & 0xff)
            let x = Double(ri) * ZigguratTables.exponentialW[idx]
            if ri < ZigguratTables.exponentialK[idx] { return x }
            if idx == 0 { return Xoshiro.exponentialR - log1p(-float64()) }
            let f = ZigguratTables.exponentialF
            if (f[idx - 1] - f[idx]) * float64() + f[idx] < exp(-x) { return x }
        }
    }
}
