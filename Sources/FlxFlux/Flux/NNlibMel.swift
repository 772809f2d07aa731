import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// NNlib's `melscale_filterbanks(; n_freqs, n_mels, sample_rate, fmin = 0f0,
/// fmax = Float32(sample_rate ÷ 2))`: an `n_freqs × n_mels` Float32 matrix whose column m
/// is the triangle rising from mel point m to m + 1 and falling to m + 2, where the
/// n_mels + 2 mel points are evenly spaced on the mel scale (mel = 2595 log10(1 + hz/700))
/// between fmin and fmax. Every step is Float32 arithmetic, as NNlib computes it.
package enum NNlibMel {
    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        nnlib.native("melscale_filterbanks") { interp, a in try filterbanks(a, interp) }
    }

    static func filterbanks(_ a: Args, _ interp: Interpreter) throws -> Value {
        let name = "melscale_filterbanks"
        guard a.count == 0 else { throw Exceptions.method(.str(name), a.values) }
        func int(_ key: String) throws -> Int {
            guard let v = a.keyword(key) else { throw Exceptions.undefKeyword(key) }
            guard case .int(let n) = v else { throw Exceptions.typeError(name, expected: "Int64", got: v) }
            return Int(n)
        }
        func float(_ key: String, _ fallback: Float) throws -> Float {
            guard let v = a.keyword(key) else { return fallback }
            guard case .float32(let f) = v else { throw Exceptions.typeError(name, expected: "Float32", got: v) }
            return f
        }
        let nFreqs = try int("n_freqs"), nMels = try int("n_mels"), sampleRate = try int("sample_rate")
        let nyquist = Float(sampleRate / 2)
        let fmin = try float("fmin", 0), fmax = try float("fmax", nyquist)
        guard nFreqs >= 2, nMels >= 1 else {
            throw Exceptions.argument("melscale_filterbanks needs n_freqs ≥ 2 and n_mels ≥ 1, got n_freqs = \(nFreqs), n_mels = \(nMels)")
        }
        let melMin = hzToMel(fmin), melMax = hzToMel(fmax)
        // The midpoints in Hz of the mel-spaced range (its elements are computed in Float64
        // and rounded, as Julia's Float32 ranges are) and the frequency of every bin.
        let points = evenly(melMin, melMax, nMels + 2).map(melToHz)
        let freqs = evenly(0, nyquist, nFreqs)
        let out = try interp.engine { try Tensor.zeros(.float32, try Shape([nFreqs, nMels])) }
        var allZero = false
        for m in 0..<nMels {
            let below = points[m + 1] - points[m], above = points[m + 2] - points[m + 1]
            var peak: Float = 0
            for (k, f) in freqs.enumerated() {
                // slopes[k, j] = points[j] - freqs[k]; down = -slopes[:, m] / below, up = slopes[:, m + 2] / above.
                let down = -((points[m] - f) / below), up = (points[m + 2] - f) / above
                let v = max(Float(0), min(down, up))
                out.setFloat(v, m * nFreqs + k)
                peak = max(peak, v)
            }
            if abs(peak) <= 0 { allZero = true }
        }
        if allZero {
            (interp.loggerOutput ?? interp.errorOutput)("""
                ┌ Warning: At least one mel filterbank has all zero values.
                │ The value for `n_mels=\(nMels)` may be set too high.
                │ Or the value for `n_freqs=\(nFreqs)` may be set too low.
                └ @ NNlib ~/.julia/packages/NNlib/src/audio/mel.jl:45

                """)
        }
        return LayerKit.wrapArray(out)
    }

    static func hzToMel(_ hz: Float) -> Float { Float(2595) * log10f(Float(1) + hz / Float(700)) }

    /// Julia raises a Float32 to a Float32 power through Float64.
    static func melToHz(_ mel: Float) -> Float { Float(700) * (Float(pow(10.0, Double(mel / Float(2595)))) - Float(1)) }

    /// The n elements of `range(a, b; length = n)` for Float32 endpoints.
    static func evenly(_ a: Float, _ b: Float, _ n: Int) -> [Float] {
        let step = (Double(b) - Double(a)) / Double(n - 1)
        return (0..<n).map { k in k == n - 1 ? b : Float(Double(a) + Double(k) * step) }
    }
}
