import Testing
@testable import FlxEngine

/// SplitMix64: a fixed, seedable stream for the tests. The engine takes any
/// `RandomNumberGenerator`; flx's own generator lives in the language.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct RandomTests {
    @Test func uniformAndNormalHaveTheRightMoments() throws {
        var rng = SplitMix64(seed: 42)
        let u = try RandomArrays.rand(.float64, Shape(20_000), rng: &rng).toDoubles()
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / 20_000 - 0.5) < 0.01)
        let z = try RandomArrays.randn(.float32, Shape(20_000), rng: &rng).toDoubles()
        let mean = z.reduce(0, +) / 20_000, variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20_000
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
    }

    @Test func sameSeedSameStream() throws {
        var r1 = SplitMix64(seed: 7), r2 = SplitMix64(seed: 7)
        let a = try RandomArrays.rand(.float32, Shape(5), rng: &r1).toDoubles()
        let b = try RandomArrays.rand(.float32, Shape(5), rng: &r2).toDoubles()
        #expect(a == b)
    }

    @Test func glorotUniformRespectsFluxBound() throws {
        var rng = SplitMix64(seed: 1)
        let w = try RandomArrays.glorotUniform(Shape(7, 3), rng: &rng)
        let bound = (6.0 / 10).squareRoot()
        #expect(w.dtype == .float32 && w.shape.dims == [7, 3])
        #expect(w.toDoubles().allSatisfy { abs($0) <= bound })
        #expect(throws: EngineError.self) { try RandomArrays.randn(.int64, Shape(2), rng: &rng) }
    }
}
