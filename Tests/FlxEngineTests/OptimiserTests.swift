import Testing
@testable import FlxEngine

/// Optimiser steps against the Optimisers.jl update formulas written out by hand.
@Suite struct OptimiserTests {
    @Test func descentMomentumRMSPropAndAdamFollowOptimisersJl() throws {
        let g0 = [0.5, -1.0], x0 = [1.0, 2.0]
        // Descent
        var x = try T.vec(x0)
        var s = try Optimisers.setup(.descentDefault, for: x)
        try Optimisers.update(s, param: x, gradient: T.vec(g0))
        #expect(T.close(x.toDoubles(), [1 - 0.05, 2 + 0.1]))
        // Momentum, two steps
        x = try T.vec(x0)
        s = try Optimisers.setup(.momentumDefault, for: x)
        try Optimisers.update(s, param: x, gradient: T.vec(g0))
        try Optimisers.update(s, param: x, gradient: T.vec(g0))
        let v1 = g0.map { 0.01 * $0 }, v2 = zip(v1, g0).map { 0.9 * $0 + 0.01 * $1 }
        let momentumExpected: [Double] = [x0[0] - v1[0] - v2[0], x0[1] - v1[1] - v2[1]]
        #expect(T.close(x.toDoubles(), momentumExpected))
        // RMSProp
        x = try T.vec(x0)
        s = try Optimisers.setup(.rmspropDefault, for: x)
        try Optimisers.update(s, param: x, gradient: T.vec(g0))
        var rms = [Double]()
        for i in 0..<2 {
            let acc: Double = 0.1 * g0[i] * g0[i]
            let stepSize: Double = g0[i] * 0.001 / (acc.squareRoot() + 1e-8)
            rms.append(x0[i] - stepSize)
        }
        #expect(T.close(x.toDoubles(), rms))
        // Adam, two steps
        x = try T.vec(x0)
        s = try Optimisers.setup(.adamDefault, for: x)
        var expect = x0, m = [0.0, 0.0], v = [0.0, 0.0], b1t = 0.9, b2t = 0.999
        for _ in 0..<2 {
            try Optimisers.update(s, param: x, gradient: T.vec(g0))
            for i in 0..<2 {
                m[i] = 0.9 * m[i] + 0.1 * g0[i]
                v[i] = 0.999 * v[i] + 0.001 * g0[i] * g0[i]
                let mhat: Double = m[i] / (1 - b1t)
                let vhat: Double = v[i] / (1 - b2t)
                expect[i] -= mhat / (vhat.squareRoot() + 1e-8) * 0.001
            }
            b1t *= 0.9; b2t *= 0.999
        }
        #expect(T.close(x.toDoubles(), expect))
    }

    @Test func badOptimiserInputsThrow() throws {
        let x = try T.vec([1, 2])
        let s = try Optimisers.setup(.adamDefault, for: x)
        #expect(throws: EngineError.self) { try Optimisers.update(s, param: x, gradient: T.vec([1])) }
        #expect(throws: EngineError.self) { try Optimisers.setup(.adamDefault, for: Tensor.zeros(.int64, Shape(2))) }
        #expect(throws: EngineError.self) { try Optimisers.update(s, param: T.vec([1, 2, 3]), gradient: T.vec([1, 2, 3])) }
    }
}
