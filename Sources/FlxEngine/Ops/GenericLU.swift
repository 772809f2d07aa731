/// LinearAlgebra's `generic_lufact!`: the LU factorization Julia computes in its own code
/// (not LAPACK) when asked for a pivoting strategy LAPACK does not offer, `NoPivot()` or
/// `RowNonZero()`. Row k's pivot is the diagonal entry itself (`none`) or the first
/// nonzero entry at or below it (`firstNonZero`); a zero pivot is recorded in `info` and
/// its column is left unscaled, as Julia leaves it, so the result is bit-for-bit Julia's.
extension Factorizations {
    public enum LUPivoting: Sendable { case none, firstNonZero }

    public static func genericLU(_ a: Tensor, pivoting: LUPivoting) throws -> LU {
        let f = try floatCopy(a)
        let m = f.shape[0], n = f.shape[1]
        let (pivots, info) = f.dtype == .float32
            ? eliminate(f.ptr(Float.self), rows: m, cols: n, pivoting)
            : eliminate(f.ptr(Double.self), rows: m, cols: n, pivoting)
        return LU(factors: f, pivots: pivots, info: info)
    }

    /// Gaussian elimination in place on the column-major m×n matrix `a`, in its own precision.
    private static func eliminate<T: BinaryFloatingPoint>(_ a: UnsafeMutablePointer<T>, rows m: Int, cols n: Int,
                                                          _ pivoting: LUPivoting) -> (pivots: [Int], info: Int) {
        var pivots: [Int] = []
        var info = 0
        for k in 0..<Swift.min(m, n) {
            var p = k
            if pivoting == .firstNonZero, let first = (k..<m).first(where: { a[k &* m &+ $0] != 0 }) { p = first }
            pivots.append(p + 1)
            if a[k &* m &+ p] != 0 {
                if p != k {
                    for j in 0..<n { a.swapAt(j &* m &+ k, j &* m &+ p) }
                }
                let inverse = 1 / a[k &* m &+ k]
                for i in (k + 1)..<Swift.max(k + 1, m) { a[k &* m &+ i] *= inverse }
            } else if info == 0 {
                info = k + 1
            }
            for j in (k + 1)..<Swift.max(k + 1, n) {
                let akj = a[j &* m &+ k]
                for i in (k + 1)..<Swift.max(k + 1, m) { a[j &* m &+ i] -= a[k &* m &+ i] * akj }
            }
        }
        return (pivots, info)
    }
}

private extension UnsafeMutablePointer {
    func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
