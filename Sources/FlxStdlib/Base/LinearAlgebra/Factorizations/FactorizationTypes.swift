import FlxSyntax
import FlxCore
import FlxEngine

/// The types of LinearAlgebra's factorization objects, as Julia 1.10 names them:
/// `LU{T, Matrix{T}, Vector{Int64}}`, `Cholesky{T, Matrix{T}}`,
/// `LinearAlgebra.QRCompactWY{T, Matrix{T}, Matrix{T}}` (and its Q,
/// `LinearAlgebra.QRCompactWYQ{...}`), `SVD{T, T, Matrix{T}, Vector{T}}` and
/// `Eigen{T, T, Matrix{T}, Vector{T}}`, each a subtype of `Factorization{T}`.
package enum FactorizationTypes {
    package static let factorization: FlxType = {
        let t = FlxType(name: "Factorization", kind: .abstract, supertype: BuiltinTypes.any)
        t.parameterNames = ["T"]
        return t
    }()
    package static let lu = family("LU", ["T", "S", "P"])
    package static let cholesky = family("Cholesky", ["T", "S"])
    package static let qr = family("LinearAlgebra.QRCompactWY", ["S", "M", "C"])
    package static let qrPivoted = family("QRPivoted", ["T", "S", "C", "P"])
    package static let svd = family("SVD", ["T", "Tr", "M", "C"])
    package static let eigen = family("Eigen", ["T", "V", "S", "U"])
    /// Not a Factorization: Julia 1.10's `AbstractQ{T}`, no longer an AbstractMatrix.
    package static let qrQ: FlxType = {
        let t = FlxType(name: "LinearAlgebra.QRCompactWYQ", supertype: BuiltinTypes.any)
        t.parameterNames = ["S", "M", "C"]
        return t
    }()

    /// The Q of a pivoted QR: `LinearAlgebra.QRPackedQ{T, Matrix{T}, Vector{T}}`.
    package static let qrPackedQ: FlxType = {
        let t = FlxType(name: "LinearAlgebra.QRPackedQ", supertype: BuiltinTypes.any)
        t.parameterNames = ["T", "S", "C"]
        return t
    }()

    /// `Q'`: Julia 1.10's `LinearAlgebra.AdjointQ{T, Q}`.
    package static let adjointQ: FlxType = {
        let t = FlxType(name: "LinearAlgebra.AdjointQ", supertype: BuiltinTypes.any)
        t.parameterNames = ["T", "S"]
        return t
    }()

    private static func family(_ name: String, _ parameters: [String]) -> FlxType {
        let t = FlxType(name: name, supertype: factorization)
        t.parameterNames = parameters
        return t
    }

    static func element(_ d: DType) -> FlxType { ArrayValue.flxType(of: d) }
    static func matrix(_ d: DType) -> FlxType { BuiltinTypes.arrayOf(element(d), 2) }
    static func vector(_ d: DType) -> FlxType { BuiltinTypes.arrayOf(element(d), 1) }

    /// The instance of `family` with these parameters, under `Factorization{T}`.
    static func instance(_ family: FlxType, _ d: DType, _ parameters: [FlxType]) -> FlxType {
        family.instantiate(parameters.map { .type($0) }, supertype: factorization.instantiate([.type(element(d))]))
    }
}

/// Dense matrix helpers the factorizations share: sub-blocks, triangles, permutations.
package enum DenseBlocks {
    /// The rows×cols matrix of `f(i, j)` (0-based), in `dtype`.
    static func matrix(_ rows: Int, _ cols: Int, _ dtype: DType, _ f: (Int, Int) -> Double) throws -> Tensor {
        try MemoryGuard.reserveArray(count: rows * cols, juliaBytes: 8, bytesEach: 8)
        let out = try Tensor.zeros(dtype, Shape([rows, cols]))
        for j in 0..<cols { for i in 0..<rows { out.setNumeric(f(i, j), j &* rows &+ i) } }
        return out
    }

    /// A column-major matrix's element (i, j), 0-based.
    static func at(_ t: Tensor, _ i: Int, _ j: Int) -> Double { t.numericValue(j &* t.shape[0] &+ i) }

    /// The rows×cols top-left block of `t`, keeping what `keep(i, j)` allows and zero elsewhere.
    static func block(_ t: Tensor, rows: Int, cols: Int, keep: (Int, Int) -> Bool = { _, _ in true }) throws -> Tensor {
        try matrix(rows, cols, t.dtype) { i, j in keep(i, j) ? at(t, i, j) : 0 }
    }

    /// `A'` of a real matrix, as a new dense matrix.
    static func transposed(_ t: Tensor) throws -> Tensor {
        try matrix(t.shape[1], t.shape[0], t.dtype) { i, j in at(t, j, i) }
    }

    /// Julia's `ipiv2perm`: the permutation vector that LAPACK's row interchanges make.
    static func permutation(_ pivots: [Int], rows: Int) -> [Int] {
        var p = (0..<rows).map { $0 + 1 }
        for (i, k) in pivots.enumerated() where k - 1 < rows && i < rows { p.swapAt(i, k - 1) }
        return p
    }

    static func intVector(_ values: [Int]) throws -> Value {
        let t = try Tensor.zeros(.int64, Shape([values.count]))
        for (i, v) in values.enumerated() { try t.set(Int64(v), at: i) }
        return .array(ArrayValue(tensor: t))
    }

    /// Whether the square matrix equals its transpose exactly (`issymmetric`/`ishermitian` of a real matrix).
    static func isSymmetric(_ t: Tensor) -> Bool {
        guard t.rank == 2, t.shape[0] == t.shape[1] else { return false }
        let n = t.shape[0]
        for j in 0..<n { for i in (j + 1)..<Swift.max(j + 1, n) where at(t, i, j) != at(t, j, i) { return false } }
        return true
    }

    /// `isdiag`: every entry off the diagonal is zero.
    static func isDiagonal(_ t: Tensor) -> Bool {
        guard t.rank == 2 else { return false }
        for j in 0..<t.shape[1] { for i in 0..<t.shape[0] where i != j && at(t, i, j) != 0 { return false } }
        return true
    }

    static func allFinite(_ t: Tensor) -> Bool {
        for i in 0..<t.count where !t.numericValue(i).isFinite { return false }
        return true
    }

    static func plainMatrix(_ v: Value, _ name: String) throws -> Tensor {
        guard case .array(let arr) = v, arr.rank == 2, let t = arr.tensor else { throw Exceptions.method(.str(name), [v]) }
        return t
    }
}
