/// `opnorm(A, p)`: the matrix norm induced by the vector p-norm, for p = 1 (largest
/// column sum of |A|), 2 (largest singular value, LAPACK's gesdd as Julia's `svdvals`)
/// and Inf (largest row sum). A single row or column is its vector 2-norm, as in Julia.
///
/// Backward: for p = 2, ChainRules' `svdvals` rule restricted to σ₁, Ā = ḡ u₁ v₁ᵀ; for
/// p = 1 and Inf, what Zygote finds through Julia's loop: sign(A) on the winning column
/// (row), where `max` hands a tie to the later one.
extension LinearAlgebra {
    public static func opnorm(_ a: Tensor, p: Double, tape: Tape?) throws -> Tensor {
        guard a.rank == 2 else { throw EngineError.argument("opnorm needs a matrix, got an array of size \(dims: a.shape.dims)") }
        let m = a.shape[0], n = a.shape[1]
        let t = a.dtype.floatResult
        if p == 2 {
            if m == 0 || n == 0 { return try Tensor.zeros(t, .scalar) }
            if m == 1 || n == 1 { return try norm(a, p: 2, tape: tape) }
            let (s, _, _) = try LAPACK.gesdd(a.converted(to: t), vectors: false)
            let out = try Tensor(uninitialized: t, .scalar)
            out.setNumeric(s.numericValue(0), 0)
            if a.dtype.isFloat, let tape, tape.isTracked(a) { tape.record(.opnorm(2), output: out, a) }
            return out
        }
        guard p == 1 || p == .infinity else {
            throw EngineError.argument("invalid p-norm p=\(number: p, .float64). Valid: 1, 2, Inf")
        }
        let (value, _) = extremeLine(a, columns: p == 1)
        // Julia sums in Float64 (`promote_type(Float64, T)`) and converts at the end.
        let out = try Tensor.filled(value: value, dtype: t, shape: .scalar)
        if a.dtype.isFloat, let tape, tape.isTracked(a) { tape.record(.opnorm(p), output: out, a) }
        return out
    }

    /// The largest sum of |A| along a column (or a row) and which one: Julia's
    /// `nrm = max(nrm, nrmⱼ)` from 0, where NaN wins and a tie goes to the later line.
    private static func extremeLine(_ a: Tensor, columns: Bool) -> (Double, Int) {
        let m = a.shape[0], n = a.shape[1]
        var best = 0.0, which = -1
        for line in 0..<(columns ? n : m) {
            var s = 0.0
            for k in 0..<(columns ? m : n) {
                s += Swift.abs(a.numericValue(columns ? line &* m &+ k : k &* m &+ line))
            }
            if best.isNaN { continue }
            if s.isNaN || !(best > s) { best = s; which = line }
        }
        return (best, which)
    }

    static func backwardOpnorm(_ p: Double, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, tape.isTracked(a) else { return }
        let m = a.shape[0], n = a.shape[1]
        let gs = g.numericValue(0)
        let da = try Tensor.zeros(.float64, a.shape)
        if p == 2 {
            let (_, u, vt) = try LAPACK.gesdd(a.converted(to: .float64), vectors: true)
            guard let u, let vt else { return }
            let k = Swift.min(m, n)
            for j in 0..<n {
                for i in 0..<m { da.setNumeric(gs * u.numericValue(i) * vt.numericValue(j &* k), j &* m &+ i) }
            }
        } else {
            let columns = p == 1
            let (_, which) = extremeLine(a, columns: columns)
            if which >= 0 {
                for k in 0..<(columns ? m : n) {
                    let i = columns ? which &* m &+ k : k &* m &+ which
                    let x = a.numericValue(i)
                    da.setNumeric(gs * (x > 0 ? 1 : x < 0 ? -1 : 0), i)
                }
            }
        }
        try tape.accumulate(a, da)
    }
}
