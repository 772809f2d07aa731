#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `erfinv(x)` for Float64, which Flux's `truncated_normal` maps its uniform draws through.
/// A first guess from the logarithmic approximation (Giles), polished by Newton–Halley steps
/// on libm's `erf` until they stop moving: the result is within an ulp of the true value,
/// as SpecialFunctions' rational approximation is, so rounded to Float32 they agree.
enum InverseErrorFunction {
    static func erfinv(_ x: Double) -> Double {
        if x.isNaN || x < -1 || x > 1 { return .nan }
        if x == 1 { return .infinity }
        if x == -1 { return -.infinity }
        if x == 0 { return x }
        if x < 0 { return -erfinv(-x) }
        // Giles (2010), single-precision approximation: a starting point good to ~1e-7.
        var w = -log((1 - x) * (1 + x))
        var p: Double
        if w < 5 {
            w -= 2.5
            p = 2.81022636e-08
            for c in [3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                      -0.00417768164, 0.246640727, 1.50140941] { p = c + p * w }
        } else {
            w = w.squareRoot() - 3
            p = -0.000200214257
            for c in [0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
                      0.00943887047, 1.00167406, 2.83297682] { p = c + p * w }
        }
        var y = p * x
        // Newton–Halley on erf(y) - x: erf'(y) = 2/√π·e^(-y²), erf''(y) = -2y·erf'(y).
        let twoOverSqrtPi = 2 / Double.pi.squareRoot()
        // Above 1/2 the residual is taken as (1 - x) - erfc(y), exact where erf(y) rounds to ~1.
        for _ in 0..<6 {
            let f = x < 0.5 ? erf(y) - x : (1 - x) - erfc(y)
            if f == 0 { break }
            let d = twoOverSqrtPi * exp(-y * y)
            let step = f / d / (1 + y * f / d)
            let next = y - step
            if next == y { break }
            y = next
        }
        return y
    }
}
