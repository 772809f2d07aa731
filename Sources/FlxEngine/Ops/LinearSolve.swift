/// Square linear systems: `inv(A)` and `A \ B`, by the algorithm Julia's dense
/// LinearAlgebra picks from the matrix's shape (a diagonal divides, a triangular matrix
/// is solved by substitution with LAPACK's trtrs, anything else through LU: getrf, then
/// getri or getrs). An exactly singular matrix is `EngineError.singular(k)`.
///
/// Backward, ChainRules' rules: for Ω = inv(A), Ā = -Ωᵀ Ḡ Ωᵀ; for X = A \ B,
/// B̄ = Aᵀ \ Ḡ and Ā = -B̄ Xᵀ.
extension LinearAlgebra {
    /// `inv(A)` of a square matrix (Float64 for integer or Bool matrices).
    public static func inv(_ a: Tensor, tape: Tape?) throws -> Tensor {
        let n = try SquareMatrix.order(a)
        let t = a.dtype.floatResult
        let shape = SquareMatrix.triangles(a)
        let out: Tensor
        if shape.upper && shape.lower {
            // Julia inverts a diagonal elementwise; every other entry is an exact zero.
            out = try Tensor.zeros(t, Shape(n, n))
            for i in 0..<n {
                let d = a.numericValue(i &* n &+ i)
                if d == 0 { throw EngineError.singular(i + 1) }
                if t == .float32 { out.ptr(Float.self)[i &* n &+ i] = 1 / Float(d) } else { out.ptr(Double.self)[i &* n &+ i] = 1 / d }
            }
        } else if shape.upper || shape.lower {
            // Julia: the triangular solve against the identity, then `triu!`/`tril!`.
            let work = try a.converted(to: t)
            out = try identity(n, t)
            let info = try LAPACK.trtrs(upper: shape.upper, transpose: false, work, out)
            if info > 0 { throw EngineError.singular(info) }
            for j in 0..<n {
                for i in 0..<n where shape.upper ? i > j : i < j { out.setNumeric(0, j &* n &+ i) }
            }
        } else {
            let lu = try LUFactors(a, as: t)
            if lu.info > 0 { throw EngineError.singular(lu.info) }
            try LAPACK.getri(lu.factors, lu.pivots)
            out = lu.factors
        }
        if a.dtype.isFloat, let tape, tape.isTracked(a) { tape.record(.inverse, output: out, a) }
        return out
    }

    /// `A \ B` for a square `A` and a vector or matrix `B` with as many rows: the solution X
    /// of A X = B, in the promoted float type (`Float64` for integers).
    public static func solve(_ a: Tensor, _ b: Tensor, tape: Tape?) throws -> Tensor {
        let n = try SquareMatrix.order(a)
        guard b.rank == 1 || b.rank == 2, b.shape[0] == n else {
            throw EngineError.dimensionMismatch("arguments must have the same number of rows")
        }
        let t = DType.promote(a.dtype, b.dtype).floatResult
        let x = try b.converted(to: t)
        let shape = SquareMatrix.triangles(a)
        if shape.upper && shape.lower {
            // Julia's Diagonal \ B: each row divided by its diagonal entry.
            for i in 0..<n where a.numericValue(i &* n &+ i) == 0 { throw EngineError.singular(i + 1) }
            let k = b.rank == 1 ? 1 : b.shape[1]
            for j in 0..<k {
                for i in 0..<n {
                    let p = j &* n &+ i, d = a.numericValue(i &* n &+ i)
                    if t == .float32 { x.ptr(Float.self)[p] /= Float(d) } else { x.ptr(Double.self)[p] /= d }
                }
            }
        } else if shape.upper || shape.lower {
            let info = try LAPACK.trtrs(upper: shape.upper, transpose: false, try a.converted(to: t), x)
            if info > 0 { throw EngineError.singular(info) }
        } else {
            let lu = try LUFactors(a, as: t)
            if lu.info > 0 { throw EngineError.singular(lu.info) }
            try LAPACK.getrs(transpose: false, lu.factors, lu.pivots, x)
        }
        if t.isFloat, let tape, Tape.anyTracked(tape, a, b) { tape.record(.solve, output: x, a, b) }
        return x
    }

    /// The n×n identity in `t`.
    public static func identity(_ n: Int, _ t: DType) throws -> Tensor {
        let e = try Tensor.zeros(t, Shape(n, n))
        for i in 0..<n { e.setNumeric(1, i &* n &+ i) }
        return e
    }

    /// Ā = -Ωᵀ Ḡ Ωᵀ.
    static func backwardInverse(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, tape.isTracked(a) else { return }
        let w = rec.output
        let gw = try matmul(g.dtype == w.dtype ? g : g.converted(to: w.dtype), w, transB: true, tape: nil)
        try tape.accumulate(a, Unary.apply(.neg, matmul(w, transA: true, gw, tape: nil), tape: nil))
    }

    /// B̄ = Aᵀ \ Ḡ, Ā = -B̄ Xᵀ (an outer product when B is a vector).
    static func backwardSolve(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, let b = rec.b else { return }
        let x = rec.output
        let at = try transpose(a.converted(to: x.dtype), tape: nil)
        let bbar = try solve(at, g.dtype == x.dtype ? g : g.converted(to: x.dtype), tape: nil)
        try tape.accumulate(b, bbar)
        if tape.isTracked(a) {
            let prod = x.rank == 1 ? try outer(bbar, x) : try matmul(bbar, x, transB: true, tape: nil)
            try tape.accumulate(a, Unary.apply(.neg, prod, tape: nil))
        }
    }
}
