
/// `LinearAlgebra.norm(x, p)` as Julia computes it for a dense float array: below 32
/// elements the generic loops (sums accumulated in Float64, rescaling when squares would
/// overflow), from 32 on OpenBLAS `nrm2` / `asum`.
enum RuleNorm {
    static func norm<F: FloatElement>(_ x: UnsafeMutablePointer<F>, _ n: Int, p: Double, pIsFloat32: Bool, _: F.Type) -> F {
        if n == 0 { return 0 }
        if p == 2 { return norm2(x, n) }
        if p == 1 {
            if n >= 32 { return blasAsum(x, n) }
            var s = 0.0
            for i in 0..<n { s += Double(abs(x[i])) }
            return F(s)
        }
        if p == .infinity { return maxAbs(x, n) }
        if p == 0 {
            var c = 0
            for i in 0..<n where x[i] != 0 { c += 1 }
            return F(c)
        }
        if p == -.infinity { return minAbs(x, n) }
        // generic_normp; the exponent is promote_type(Float64, T) = Float64.
        var scale: F = 1
        if p > 1 || p < -1 {
            let m = p > 1 ? maxAbs(x, n) : minAbs(x, n)
            if m == 0 || m.isInfinite { return m }
            let mp = pow(Double(m), p)
            if !(Double(n) * mp).isFinite || mp == 0 { scale = m }
        }
        var s = 0.0
        for i in 0..<n { s += pow(Double(abs(x[i]) / scale), p) }
        return F(Double(scale) * pow(s, 1 / p))
    }

    static func norm2<F: FloatElement>(_ x: UnsafeMutablePointer<F>, _ n: Int) -> F {
        if n == 0 { return 0 }
        if n >= 32 {
            return BLAS.nrm2(n, x)
        }
        let m = maxAbs(x, n)
        if m == 0 || m.isInfinite { return m }
        var s = 0.0
        if (F(n) * m * m).isFinite && m * m != 0 {
            for i in 0..<n { s += Double(x[i] * x[i]) }
            return F(s.squareRoot())
        }
        for i in 0..<n { let r = abs(x[i]) / m; s += Double(r * r) }
        return F(Double(m) * s.squareRoot())
    }

    static func blasAsum<F: FloatElement>(_ x: UnsafeMutablePointer<F>, _ n: Int) -> F {
        BLAS.asum(n, x)
    }

    static func maxAbs<F: FloatElement>(_ x: UnsafeMutablePointer<F>, _ n: Int) -> F {
        var m = abs(x[0])
        for i in 1..<max(n, 1) { m = jmax(m, abs(x[i])) }
        return m
    }

    static func minAbs<F: FloatElement>(_ x: UnsafeMutablePointer<F>, _ n: Int) -> F {
        var m = abs(x[0])
        for i in 1..<max(n, 1) { m = jmin(m, abs(x[i])) }
        return m
    }

    private static func pow(_ a: Double, _ b: Double) -> Double { Double.m_pow(a, b) }
}
