import FlxSyntax
import FlxCore
import FlxEngine

/// LinearAlgebra's names that are not functions: the types `Adjoint`, `Transpose`,
/// `Diagonal`, `UniformScaling`, the constant `I`, and their `?` help.
extension StdlibModules {
    /// Every name the `LinearAlgebra` module exports.
    static let linearAlgebraNames = [
        "norm", "dot", "⋅", "transpose", "adjoint", "diag", "tr", "det", "logdet", "logabsdet", "inv", "kron", "opnorm",
        "normalize", "triu", "tril", "I", "Diagonal", "UniformScaling", "Adjoint", "Transpose", "SingularException",
        "LAPACKException", "PosDefException", "lu", "cholesky", "qr", "svd", "svdvals", "eigen", "eigvals", "eigvecs", "issuccess",
        "rank", "pinv", "nullspace", "issymmetric", "ishermitian", "isposdef", "istriu", "istril", "isdiag", "Symmetric", "Hermitian",
        "UpperTriangular", "LowerTriangular", "Factorization", "diagm", "LU", "Cholesky", "SVD", "Eigen",
        "NoPivot", "RowNonZero", "RowMaximum", "ColumnNorm", "ZeroPivotException", "SymTridiagonal", "Tridiagonal", "QRPivoted",
        "cross", "×", "mul!", "axpy!",
    ]

    static func installLinearAlgebraNames(_ interp: Interpreter) {
        let b = interp.base
        TypeBuiltins.setConstructor(LinearAlgebraTypes.diagonal) { interp, a in try DiagonalMatrices.construct(interp, a) }
        TypeBuiltins.setConstructor(UniformScalingObject.family) { _, a in
            guard a.count == 1, a.keywords.isEmpty, UniformScalingArithmetic.isNumber(a[0]) else {
                throw Exceptions.method(.type(UniformScalingObject.family), a.values)
            }
            return .native(UniformScalingObject(a[0]))
        }
        // `Adjoint(x)` and `Transpose(x)` build the same wrappers as `x'` and `transpose(x)`.
        TypeBuiltins.setConstructor(LinearAlgebraTypes.adjoint) { interp, a in
            try a.expect("Adjoint", 1...1)
            return try OperatorBuiltins.transpose(a[0], interp, family: LinearAlgebraTypes.adjoint)
        }
        TypeBuiltins.setConstructor(LinearAlgebraTypes.transpose) { interp, a in
            try a.expect("Transpose", 1...1)
            return try OperatorBuiltins.transpose(a[0], interp, family: LinearAlgebraTypes.transpose)
        }
        for t in [LinearAlgebraTypes.diagonal, UniformScalingObject.family, LinearAlgebraTypes.adjoint, LinearAlgebraTypes.transpose] {
            b.define(t.name, .type(t))
        }
        b.define("I", .native(UniformScalingObject(.bool(true))))
        StructuredMatrices.install(interp)
        PivotingStrategyObject.install(interp)
        TridiagonalMatrices.install(interp)
        for t in [FactorizationTypes.factorization, FactorizationTypes.lu, FactorizationTypes.cholesky, FactorizationTypes.svd, FactorizationTypes.eigen,
                  FactorizationTypes.qrPivoted] {
            b.define(t.name, .type(t))
        }
        for (name, help) in linearAlgebraHelp + StructuredMatrices.help { interp.builtinHelp.add(help, for: name) }
    }

    static let linearAlgebraHelp: [(String, BuiltinHelp)] = [
        ("I", BuiltinHelp("I", "The identity matrix of whatever size it meets, `UniformScaling(true)`: `A + I` adds 1 to the diagonal, `2I` scales it, `I(n)` is the n×n `Diagonal`.", "[1 2; 3 4] + I  # [2 2; 3 5]")),
        ("UniformScaling", BuiltinHelp("UniformScaling(λ)", "λ times the identity, sized by the other operand (`I` is `UniformScaling(true)`).", "UniformScaling(2.0) * [1.0, 2.0]  # [2.0, 4.0]")),
        ("Diagonal", BuiltinHelp("Diagonal(v)  /  Diagonal(A)", "The square matrix with `v` (or the diagonal of `A`) on its diagonal and zeros elsewhere, printed with `⋅` for the zeros.", "Diagonal([1, 2]) * [3, 4]  # [3, 8]")),
        ("Adjoint", BuiltinHelp("Adjoint(A)", "The type of `A'`: the conjugate transpose of a vector or matrix (flx stores its elements transposed).", "typeof([1, 2]')  # Adjoint{Int64, Vector{Int64}}")),
        ("Transpose", BuiltinHelp("Transpose(A)", "The type of `transpose(A)`.", "typeof(transpose([1, 2]))  # Transpose{Int64, Vector{Int64}}")),
        ("SingularException", BuiltinHelp("SingularException(info)", "Thrown when a matrix to invert or solve with is exactly singular; `info` is the index of the first zero pivot.", "inv([1 2; 2 4])  # SingularException(2)")),
        ("Factorization", BuiltinHelp("Factorization{T}", "The supertype of LinearAlgebra's factorization objects (`LU`, `Cholesky`, `QRCompactWY`, `SVD`, `Eigen`).", "lu([1.0 2.0; 3.0 4.0]) isa Factorization  # true")),
        ("LU", BuiltinHelp("LU{T, Matrix{T}, Vector{Int64}}", "What `lu(A)` returns: `F.L`, `F.U`, `F.p` (row permutation), `F.P`; solves with `F \\ b`.", "F = lu([4.0 3.0; 6.0 3.0]); F.L * F.U == [4.0 3.0; 6.0 3.0][F.p, :]")),
        ("Cholesky", BuiltinHelp("Cholesky{T, Matrix{T}}", "What `cholesky(A)` returns: `F.U`, `F.L` (`F.L * F.U == A`); solves with `F \\ b`.", "cholesky([4.0 2.0; 2.0 3.0]).L")),
        ("SVD", BuiltinHelp("SVD{T, Tr, Matrix{T}, Vector{Tr}}", "What `svd(A)` returns: `F.U`, `F.S` (singular values, largest first), `F.Vt`, `F.V`.", "svd([1.0 0.0; 0.0 2.0]).S")),
        ("QRPivoted", BuiltinHelp("QRPivoted{T, Matrix{T}, Vector{T}, Vector{Int64}}", "What `qr(A, ColumnNorm())` returns: `F.Q`, `F.R`, `F.p` (column permutation), `F.P`, with `A[:, F.p] ≈ F.Q * F.R`; `F \\ b` solves in the least-squares sense (full column rank).", "F = qr([1.0 2.0; 3.0 4.0; 5.0 7.0], ColumnNorm()); F.p")),
        ("Eigen", BuiltinHelp("Eigen{T, V, Matrix{T}, Vector{V}}", "What `eigen(A)` returns: `F.values` (ascending) and `F.vectors` (columns).", "eigen([2.0 1.0; 1.0 2.0]).values  # [1.0, 3.0]")),
        ("PosDefException", BuiltinHelp("PosDefException(info)", "Thrown by `cholesky` when the matrix is not positive definite (`info` is the order of the failing leading minor) or not symmetric (`info == -1`).", "cholesky([1.0 2.0; 2.0 1.0])  # PosDefException: matrix is not positive definite; Cholesky factorization failed.")),
        ("LAPACKException", BuiltinHelp("LAPACKException(info)", "Thrown when a LAPACK routine fails (e.g. an SVD that does not converge); `info` is LAPACK's code.", "try opnorm([NaN 1; 1 1]) catch e; e end")),
    ]
}
