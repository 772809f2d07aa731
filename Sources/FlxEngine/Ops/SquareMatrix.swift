/// What Julia's dense LinearAlgebra looks at before it factorizes a square matrix:
/// `checksquare`, and which triangle holds only zeros (`istriu`, `istril`), since a
/// triangular or diagonal matrix takes the cheaper, exact algorithms (no pivoting).
enum SquareMatrix {
    /// `checksquare(A)`: the order of a square matrix, else Julia's DimensionMismatch.
    static func order(_ a: Tensor) throws -> Int {
        guard a.rank == 2 else { throw EngineError.argument("expected a matrix, got an array of size \(dims: a.shape.dims)") }
        guard a.shape[0] == a.shape[1] else {
            throw EngineError.dimensionMismatch("matrix is not square: dimensions are \(dims: a.shape.dims)")
        }
        return a.shape[0]
    }

    /// `(istriu(A), istril(A))`: whether everything below (above) the diagonal is zero.
    static func triangles(_ a: Tensor) -> (upper: Bool, lower: Bool) {
        let n = a.shape[0]
        var upper = true, lower = true
        for j in 0..<n {
            for i in 0..<n where i != j && a.numericValue(j &* n &+ i) != 0 {
                if i > j { upper = false } else { lower = false }
                if !upper && !lower { return (false, false) }
            }
        }
        return (upper, lower)
    }
}

/// An LU factorization with partial pivoting, as LAPACK's getrf leaves it: the unit lower
/// triangle L below the diagonal, U on and above it, and the row interchanges.
struct LUFactors {
    /// n×n, Float32 or Float64.
    let factors: Tensor
    /// 1-based: row i was interchanged with row `pivots[i]`.
    let pivots: [Int32]
    /// 0, or the 1-based index of the first exactly zero pivot (the matrix is singular).
    let info: Int

    /// Factorizes a copy of the square matrix `a` converted to the float type `t`.
    init(_ a: Tensor, as t: DType) throws {
        factors = try a.converted(to: t)
        (pivots, info) = try LAPACK.getrf(factors)
    }

    /// Whether the interchanges make an odd permutation (the determinant's sign flips).
    var oddPermutation: Bool {
        var c = 0
        for (i, p) in pivots.enumerated() where Int(p) != i + 1 { c += 1 }
        return c % 2 == 1
    }
}
