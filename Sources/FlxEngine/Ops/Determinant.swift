/// `det` and `logabsdet` of a square matrix, forward as Julia's LinearAlgebra computes
/// them and backward as ChainRules' rules: ∂det/∂A = det(A)·inv(A)ᵀ and
/// ∂log|det A|/∂A = inv(A)ᵀ. The result is Float64 for integer or Bool matrices.
extension LinearAlgebra {
    /// `det(A)`: a triangular matrix's is the product of its diagonal; otherwise LU's
    /// (0 when A is singular, without an exception), its sign from the row interchanges.
    public static func det(_ a: Tensor, tape: Tape?) throws -> Tensor {
        let n = try SquareMatrix.order(a)
        let t = a.dtype.floatResult
        func compute<T: FloatElement>(_: T.Type) throws -> T {
            let shape = SquareMatrix.triangles(a)
            var p: T = 1
            if shape.upper || shape.lower {
                for i in 0..<n { p *= T(a.numericValue(i &* n &+ i)) }
                return p
            }
            let lu = try LUFactors(a, as: t)
            guard lu.info == 0 else { return 0 }
            let f = lu.factors.ptr(T.self)
            for i in 0..<n { p *= f[i &* n &+ i] }
            return lu.oddPermutation ? -p : p
        }
        let out = try Tensor(uninitialized: t, .scalar)
        if t == .float32 { out.ptr(Float.self)[0] = try compute(Float.self) } else { out.ptr(Double.self)[0] = try compute(Double.self) }
        if a.dtype.isFloat, let tape, tape.isTracked(a) { tape.record(.det, output: out, a) }
        return out
    }

    /// `logabsdet(A)`: `(log|det A|, sign(det A))`, summing logs instead of multiplying so it
    /// neither overflows nor underflows. A singular matrix gives `(-Inf, 0)` as Julia's LU
    /// path does (a triangular one `(-Inf, ±0)`). Only the first part is on the tape.
    public static func logabsdet(_ a: Tensor, tape: Tape?) throws -> (logabs: Tensor, sign: Double) {
        let n = try SquareMatrix.order(a)
        let t = a.dtype.floatResult
        func compute<T: FloatElement>(_: T.Type) throws -> (T, T) {
            var sign: T = 1, sum: T = 0
            let shape = SquareMatrix.triangles(a)
            if shape.upper || shape.lower {
                for i in 0..<n {
                    let d = T(a.numericValue(i &* n &+ i))
                    sign *= juliaSign(d)
                    sum += T.m_log(abs(d))
                }
                return (sum, sign)
            }
            let lu = try LUFactors(a, as: t)
            guard lu.info == 0 else { return (-.infinity, 0) }
            let f = lu.factors.ptr(T.self)
            for i in 0..<n {
                let d = f[i &* n &+ i]
                sign *= juliaSign(d)
                sum += T.m_log(abs(d))
            }
            return (sum, lu.oddPermutation ? -sign : sign)
        }
        let out = try Tensor(uninitialized: t, .scalar)
        let sign: Double
        if t == .float32 {
            let (v, s) = try compute(Float.self)
            out.ptr(Float.self)[0] = v
            sign = Double(s)
        } else {
            let (v, s) = try compute(Double.self)
            out.ptr(Double.self)[0] = v
            sign = s
        }
        if a.dtype.isFloat, let tape, tape.isTracked(a) { tape.record(.logabsdet, output: out, a) }
        return (out, sign)
    }

    /// Julia's `sign` of a float: ±1, a zero keeps its sign, NaN stays NaN.
    private static func juliaSign<T: FloatElement>(_ x: T) -> T {
        x > 0 ? 1 : x < 0 ? -1 : x
    }

    /// Ā = ḡ·det(A)·inv(A)ᵀ (ChainRules' `det` rule; a singular A raises SingularException,
    /// as its `inv` does).
    static func backwardDet(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, tape.isTracked(a) else { return }
        let invT = try transpose(inv(a, tape: nil), tape: nil)
        try tape.accumulate(a, Arithmetic.binary(.mul, invT, Arithmetic.binary(.mul, g, rec.output, tape: nil), tape: nil))
    }

    /// Ā = ḡ·inv(A)ᵀ, for `logabsdet` and `logdet` alike.
    static func backwardLogabsdet(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, tape.isTracked(a) else { return }
        let invT = try transpose(inv(a, tape: nil), tape: nil)
        try tape.accumulate(a, Arithmetic.binary(.mul, invT, g, tape: nil))
    }
}
