import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL

/// Layer numbers checked against values worked out by hand in Swift.
@Suite(.serialized) struct LayerTests {
    /// Runs `code`, which must print one number per line, and returns them.
    static func numbers(_ code: String) -> [Double] {
        let r = run("using Flux\n" + code)
        #expect(r.status == 0, "\(r.err)")
        return r.out.split(separator: "\n").compactMap { Double($0) }
    }

    static func close(_ a: [Double], _ b: [Double], tol: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol * max(1, abs($1)) }
    }

    @Test func batchNormTrainAndTestModesByHand() {
        // Channels are rows; 4 samples. Channel 1: mean 3, deviations (-2, -1, 0, 3), biased
        // variance 14/4, unbiased 14/3. Channel 2: mean 2, deviations ±2, variance 4, unbiased 16/3.
        let got = Self.numbers("""
            bn = f64(BatchNorm(2; eps=0.0, momentum=0.5))
            x = [1.0 2.0 3.0 6.0; 0.0 0.0 4.0 4.0]
            trainmode!(bn)
            foreach(println, bn(x))
            foreach(println, bn.μ); foreach(println, bn.σ²)
            testmode!(bn)
            foreach(println, bn(x))
            """)
        let s1 = 3.5.squareRoot()
        var train: [Double] = []
        for (d1, d2) in zip([-2.0, -1, 0, 3], [-1.0, -1, 1, 1]) { train += [d1 / s1, d2] }
        // Running stats with momentum 0.5 from μ = 0, σ² = 1.
        let mu = [0.5 * 3, 0.5 * 2], v = [0.5 + 0.5 * 14 / 3, 0.5 + 0.5 * 16 / 3]
        let x: [Double] = [1, 0, 2, 0, 3, 4, 6, 4]
        let test = x.enumerated().map { i, xi in (xi - mu[i % 2]) / v[i % 2].squareRoot() }
        #expect(Self.close(got, train + mu + v + test), "\(got)")
    }

    @Test func batchNormInsideGradientUsesBatchStatistics() {
        let got = Self.numbers("""
            bn = f64(BatchNorm(1; eps=0.0))
            x = reshape([1.0, 3.0], 1, 2)
            g = gradient(m -> sum(m(x) .* [1.0 2.0]), bn)[1]
            println(g.γ[1]); println(g.β[1]); println(bn.μ[1]); println(bn.σ²[1])
            """)
        // Batch mean 2, biased variance 1: y = (-1, 1); ∂γ = Σ w·ŷ = -1 + 2 = 1, ∂β = Σ w = 3.
        // Running: μ = 0.1·2 = 0.2, σ² = 0.9 + 0.1·(1·2/1) = 1.1.
        #expect(Self.close(got, [1, 3, 0.2, 1.1], tol: 1e-6), "\(got)")
    }

    @Test func layerNormAddsEpsToTheVariance() {
        let got = Self.numbers("""
            ln = f64(LayerNorm(2; eps=0.25))
            foreach(println, ln([1.0, 3.0]))
            """)
        // mean 2, variance 1: (∓1) / √(1 + 0.25)
        #expect(Self.close(got, [-1 / 1.25.squareRoot(), 1 / 1.25.squareRoot()]), "\(got)")
    }

    @Test func dropoutScalesSurvivorsAndOnlyActsWhileDifferentiating() {
        let got = Self.numbers("""
            d = Dropout(0.75)
            x = ones(1000)
            println(sum(d(x)))
            g = gradient(x -> sum(d(x)), x)[1]
            println(count(==(4.0), g) + count(iszero, g))
            println(count(iszero, g))
            """)
        #expect(got.count == 3)
        #expect(got.first == 1000)
        #expect(got.dropFirst().first == 1000)
        if got.count == 3 { #expect(got[2] > 650 && got[2] < 850, "dropped \(got[2]) of 1000 at p = 0.75") }
    }

    @Test func convForwardMatchesFluxFlippedConvolution() {
        // x[i, j] = i + 3(j-1), w[a, b] = a + 2(b-1); Flux's Conv flips the kernel:
        // y[1, 1] = x11·w22 + x21·w12 + x12·w21 + x22·w11 = 1·4 + 2·3 + 4·2 + 5·1 = 23.
        let got = Self.numbers("""
            c = Conv(reshape([1.0, 2.0, 3.0, 4.0], 2, 2, 1, 1), [0.5])
            foreach(println, c(reshape(collect(1.0:9.0), 3, 3, 1, 1)))
            """)
        #expect(got == [23.5, 33.5, 53.5, 63.5])
    }
}
