import Testing
@testable import FlxEngine

@Suite struct RandomTests {
    @Test func uniformAndNormalHaveTheRightMoments() throws {
        let rng = Xoshiro(seed: 42)
        let u = try RandomArrays.rand(.float64, Shape(20_000), rng: rng).toDoubles()
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / 20_000 - 0.5) < 0.01)
        let z = try RandomArrays.randn(.float32, Shape(20_000), rng: rng).toDoubles()
        let mean = z.reduce(0, +) / 20_000, variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20_000
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
    }

    @Test func sameSeedSameStream() throws {
        let a = try RandomArrays.rand(.float32, Shape(5), rng: Xoshiro(seed: 7)).toDoubles()
        let b = try RandomArrays.rand(.float32, Shape(5), rng: Xoshiro(seed: 7)).toDoubles()
        #expect(a == b)
    }

    @Test func glorotUniformRespectsFluxBound() throws {
        let w = try RandomArrays.glorotUniform(Shape(7, 3), rng: Xoshiro(seed: 1))
        let bound = (6.0 / 10).squareRoot()
        #expect(w.dtype == .float32 && w.shape.dims == [7, 3])
        #expect(w.toDoubles().allSatisfy { abs($0) <= bound })
        #expect(throws: EngineError.self) { try RandomArrays.randn(.int64, Shape(2), rng: Xoshiro(seed: 1)) }
    }
}
