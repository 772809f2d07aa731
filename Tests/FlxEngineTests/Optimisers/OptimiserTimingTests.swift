#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import FlxEngine

/// Per-call cost of `Rule.update` on a 7×3 array (the size a small Dense layer trains).
/// Off by default: run with `FLX_BENCH=1 swift test -c release --filter OptimiserTiming`
/// (debug builds are 10–50× slower and say little).
@Suite("Optimiser timing", .enabled(if: getenv("FLX_BENCH") != nil))
struct OptimiserTimingTests {
    static func cpuNanoseconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec)
    }

    /// Best of 20 batches, nanoseconds per update.
    static func measure(_ rule: Rule, dtype: DType, inPlace: Bool = true, iterations: Int = 20_000) throws -> Double {
        let x = try Tensor.from((0..<21).map { Double($0) * 0.01 }, shape: Shape(7, 3), dtype: dtype)
        let g = try Tensor.from((0..<21).map { Double($0) * 0.001 - 0.01 }, shape: Shape(7, 3), dtype: dtype)
        var s = try Rule.initState(rule, for: x)
        var best = Double.infinity
        for _ in 0..<20 {
            let t0 = cpuNanoseconds()
            if inPlace {
                for _ in 0..<iterations { try Rule.update(rule, state: &s, x: x, g: g) }
            } else {
                for _ in 0..<iterations { s = try Rule.update(rule, state: s, x: x, g: g) }
            }
            best = min(best, (cpuNanoseconds() - t0) / Double(iterations))
        }
        return best
    }

    @Test func updateCostOnA7x3Array() throws {
        for (name, rule) in try [("Adam", Rule.make(.adam)), ("AdamW", Rule.make(.adamw)), ("Descent", Rule.make(.descent)),
                                 ("Momentum", Rule.make(.momentum)), ("Nesterov", Rule.make(.nesterov)), ("RMSProp", Rule.make(.rmsprop)),
                                 ("NAdam (apply! path)", Rule.make(.nadam))] {
            for dt in [DType.float32, .float64] {
                print("\(name) \(dt): \(try Self.measure(rule, dtype: dt)) ns per update (inout)")
            }
        }
        print("Adam Float32: \(try Self.measure(Rule.make(.adam), dtype: .float32, inPlace: false)) ns per update (value-returning)")
    }
}
