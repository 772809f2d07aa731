/// The dense factorizations behind LinearAlgebra's `lu`, `qr`, `cholesky`, `eigen` and `svd`,
/// on copies of the input converted to its float type (an integer or Bool matrix is
/// factorized in Float64, as Julia's `lu(A)` and friends promote). None records on the
/// tape: the language refuses them under differentiation by name.
public enum Factorizations {
    /// LAPACK's packed LU: L (unit, below the diagonal) and U share `factors` (m×n).
    public struct LU {
        public let factors: Tensor
        /// min(m, n) 1-based row interchanges (`ipiv`).
        public let pivots: [Int]
        /// 0, or the 1-based index of the first exactly zero pivot.
        public let info: Int
    }

    static func floatCopy(_ a: Tensor) throws -> Tensor {
        guard a.rank == 2 else { throw EngineError.argument("expected a matrix, got an array of size \(dims: a.shape.dims)") }
        return try a.converted(to: a.dtype.floatResult)
    }

    public static func lu(_ a: Tensor) throws -> LU {
        let f = try floatCopy(a)
        let (pivots, info) = try LAPACK.getrf(general: f)
        return LU(factors: f, pivots: pivots.map { Int($0) }, info: info)
    }

    /// The Cholesky factor in the `upper` (or lower) triangle of a copy of `a`, whose other
    /// triangle is left as it was; `info` > 0: the leading minor of that order is not
    /// positive definite.
    public static func cholesky(_ a: Tensor, upper: Bool) throws -> (factors: Tensor, info: Int) {
        let f = try floatCopy(a)
        _ = try SquareMatrix.order(f)
        return (f, try LAPACK.potrf(upper: upper, f))
    }

    /// Julia's `QRCompactWY`: R and the Householder vectors in `factors` (m×n), the block
    /// reflectors in `t` (nb×min(m, n), nb = min(m, n, 36)).
    public static func qr(_ a: Tensor) throws -> (factors: Tensor, t: Tensor) {
        let f = try floatCopy(a)
        let nb = Swift.min(f.shape[0], f.shape[1], 36)
        return (f, try LAPACK.geqrt(f, blockSize: nb))
    }

    /// Q (or Qᵀ) of a `qr` times a copy of `c` (m rows) from the left, or `c` (m columns)
    /// times Q (or Qᵀ) from the right.
    public static func qrMultiply(left: Bool, transpose: Bool, factors: Tensor, t: Tensor, _ c: Tensor) throws -> Tensor {
        let out = try c.converted(to: factors.dtype)
        try LAPACK.gemqrt(left: left, transpose: transpose, factors, t, out)
        return out
    }

    /// Eigenvalues (ascending) and, with `vectors`, orthonormal eigenvectors of the symmetric
    /// matrix whose `upper` (or lower) triangle `a` holds.
    public static func symmetricEigen(_ a: Tensor, upper: Bool, vectors: Bool) throws -> (values: Tensor, vectors: Tensor?) {
        let f = try floatCopy(a)
        _ = try SquareMatrix.order(f)
        return try LAPACK.syevr(f, upper: upper, vectors: vectors)
    }

    /// Eigenvalues (real and imaginary parts, LAPACK's order) and right eigenvectors (packed:
    /// a complex pair's real and imaginary parts in two columns) of a square matrix.
    public static func generalEigen(_ a: Tensor, vectors: Bool) throws -> (re: Tensor, im: Tensor, vectors: Tensor?) {
        let f = try floatCopy(a)
        _ = try SquareMatrix.order(f)
        return try LAPACK.geevx(f, vectors: vectors)
    }

    /// Singular values (largest first) and, with `vectors`, U and Vᵀ: thin, or square with `full`.
    public static func svd(_ a: Tensor, vectors: Bool, full: Bool) throws -> (s: Tensor, u: Tensor?, vt: Tensor?) {
        let f = try floatCopy(a)
        return try LAPACK.gesdd(f, vectors: vectors, full: full)
    }

    /// `getrs`: solves A X = B (or Aᵀ X = B) in place of `b` with `lu`'s factors of a square A.
    public static func luSolve(_ lu: LU, transpose: Bool, _ b: Tensor) throws {
        try LAPACK.getrs(transpose: transpose, lu.factors, lu.pivots.map { Int32(truncatingIfNeeded: $0) }, b)
    }

    /// `getri`: the inverse of a square nonsingular A from `lu`'s factors.
    public static func luInverse(_ lu: LU) throws -> Tensor {
        let out = try lu.factors.copy()
        try LAPACK.getri(out, lu.pivots.map { Int32(truncatingIfNeeded: $0) })
        return out
    }

    /// `trtrs`: solves op(A) X = B in place of `b` for the triangle of A; > 0: A[k, k] is zero.
    public static func triangularSolve(upper: Bool, transpose: Bool, _ a: Tensor, _ b: Tensor) throws -> Int {
        try LAPACK.trtrs(upper: upper, transpose: transpose, a, b)
    }
}
