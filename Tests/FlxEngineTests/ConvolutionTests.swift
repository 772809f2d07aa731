import Testing
@testable import FlxEngine

/// Convolution and pooling: forward values by hand and gradients against central
/// finite differences (Float64).
@Suite struct ConvolutionTests {
    static func geo(_ k: [Int], stride: [Int]? = nil, pad: [Int]? = nil, padHi: [Int]? = nil, dilation: [Int]? = nil) -> ConvGeometry {
        ConvGeometry(kernel: k, stride: stride ?? k.map { _ in 1 }, dilation: dilation ?? k.map { _ in 1 },
                     padLo: pad ?? k.map { _ in 0 }, padHi: padHi ?? pad ?? k.map { _ in 0 })
    }

    @Test func flippedConvolutionMatchesAHandComputation() throws {
        // x[i, j] = 1 + i + 3j (0-based), w[a, b] = 1 + a + 2b; Flux's Conv flips the kernel:
        // y[0, 0] = x00·w11 + x10·w01 + x01·w10 + x11·w00 = 1·4 + 2·3 + 4·2 + 5·1 = 23.
        let x = try T.shaped([3, 3, 1, 1], (1...9).map(Double.init))
        let w = try T.shaped([2, 2, 1, 1], [1, 2, 3, 4])
        let y = try Convolution.conv(x, w, geometry: Self.geo([2, 2]), tape: nil)
        #expect(y.shape.dims == [2, 2, 1, 1])
        #expect(y.toDoubles() == [23, 33, 53, 63])
        // Cross-correlation (no flip): 1·1 + 2·2 + 4·3 + 5·4 = 37.
        let c = try Convolution.conv(x, w, geometry: Self.geo([2, 2]), flip: false, tape: nil)
        #expect(c.toDoubles() == [37, 47, 67, 77])
    }

    @Test func convGradientMatchesFiniteDifferences() throws {
        let cases: [(String, ConvGeometry, [Int])] = [
            ("plain", Self.geo([3, 2]), [5, 4, 2, 2]),
            ("stride", Self.geo([2, 2], stride: [2, 1]), [5, 4, 2, 2]),
            ("pad", Self.geo([3, 3], pad: [1, 2], padHi: [0, 1]), [4, 4, 2, 2]),
            ("dilation", Self.geo([2, 2], dilation: [2, 1]), [5, 4, 2, 2]),
            ("all", Self.geo([2, 3], stride: [2, 2], pad: [1, 1], dilation: [1, 2]), [6, 6, 2, 2]),
            ("1-d", Self.geo([3], stride: [2], pad: [1]), [7, 2, 3]),
        ]
        for (name, g, xdims) in cases {
            let s = g.kernel.count
            let x = try T.random(xdims, seed: 3)
            let w = try T.random(g.kernel + [xdims[s], 3], seed: 4)
            try T.gradcheck("conv \(name)", [x, w]) { xs, tape in
                try Convolution.conv(xs[0], xs[1], geometry: g, tape: tape)
            }
            try T.gradcheck("crosscor \(name)", [x, w]) { xs, tape in
                try Convolution.conv(xs[0], xs[1], geometry: g, flip: false, tape: tape)
            }
        }
    }

    @Test func poolingForwardByHand() throws {
        let x = try T.shaped([4, 4, 1, 1], (1...16).map(Double.init))
        let m = try Pooling.pool(.max, x, geometry: Self.geo([2, 2], stride: [2, 2]), tape: nil)
        #expect(m.toDoubles() == [6, 8, 14, 16])
        let a = try Pooling.pool(.mean, x, geometry: Self.geo([2, 2], stride: [2, 2]), tape: nil)
        #expect(a.toDoubles() == [3.5, 5.5, 11.5, 13.5])
    }

    @Test func poolingGradientMatchesFiniteDifferences() throws {
        let x = try T.random([5, 6, 2, 2], seed: 8)
        for g in [Self.geo([2, 2], stride: [2, 2]), Self.geo([3, 2], stride: [1, 2], pad: [1, 0])] {
            try T.gradcheck("maxpool \(g.kernel)", [x]) { xs, tape in try Pooling.pool(.max, xs[0], geometry: g, tape: tape) }
            try T.gradcheck("meanpool \(g.kernel)", [x]) { xs, tape in try Pooling.pool(.mean, xs[0], geometry: g, tape: tape) }
        }
    }

    @Test func float32KernelsAgreeWithFloat64() throws {
        let g = Self.geo([3, 2], stride: [2, 1], pad: [1, 1], dilation: [1, 2])
        try Float32GradientTests.compare("conv", [T.random([6, 5, 2, 2], seed: 5), T.random([3, 2, 2, 3], seed: 6)]) { xs, t in
            try Convolution.conv(xs[0], xs[1], geometry: g, tape: t)
        }
        for mode in [PoolMode.max, .mean] {
            try Float32GradientTests.compare("pool \(mode)", [T.random([6, 5, 2, 2], seed: 7)]) { xs, t in
                try Pooling.pool(mode, xs[0], geometry: Self.geo([2, 2], stride: [2, 2], pad: [1, 0]), tape: t)
            }
        }
    }

    @Test func mixedPrecisionConvPromotesAndTracksBothInputs() throws {
        let x = try T.random([4, 4, 1, 1], seed: 9, dtype: .float32), w = try T.random([2, 2, 1, 2], seed: 10)
        let tape = Tape()
        tape.watch(x); tape.watch(w)
        let y = try Convolution.conv(x, w, geometry: Self.geo([2, 2]), tape: tape)
        #expect(y.dtype == .float64)
        try tape.backward(from: Reductions.sum(y, tape: tape))
        #expect(tape.gradient(of: x)?.dtype == .float32)
        #expect(tape.gradient(of: w)?.shape.dims == [2, 2, 1, 2])
    }

    @Test func badShapesAreErrors() throws {
        let x = try T.random([3, 3, 2, 1], seed: 1)
        #expect(throws: EngineError.self) { try Convolution.conv(x, try T.random([2, 2, 3, 1], seed: 2), geometry: Self.geo([2, 2]), tape: nil) }
        #expect(throws: EngineError.self) { try Convolution.conv(x, try T.random([4, 4, 2, 1], seed: 2), geometry: Self.geo([4, 4]), tape: nil) }
        #expect(throws: EngineError.self) { try Pooling.pool(.max, try T.random([3, 3], seed: 3), geometry: Self.geo([2, 2]), tape: nil) }
    }
}
