import FlxSyntax
import FlxCore
import FlxEngine

/// `lu`, `cholesky`, `qr`, `svd`, `eigen` and the functions that read their results
/// (`svdvals`, `eigvals`, `eigvecs`, `issuccess`), each following the path Julia 1.10's
/// LinearAlgebra takes for a dense matrix, so the same LAPACK routine runs on the same
/// input (see `Factorizations` in the engine).
extension StdlibModules {
    package static var factorizationFunctions: [Builtin] {
        [
            Builtin("lu", { interp, a in try luFunction(interp, a) },
                help: BuiltinHelp("lu(A, pivot = RowMaximum(); check = true)", "The LU factorization with partial pivoting (or `NoPivot()`, `RowNonZero()`): `F.L * F.U == A[F.p, :]`. Destructures as `L, U, p = lu(A)`; `F \\ b` solves with it; `det`, `logdet`, `inv` accept it. A singular matrix is a SingularException unless `check = false` (then `issuccess(F)` is false).", "L, U, p = lu([4.0 3.0; 6.0 3.0])")),
            Builtin("cholesky", { interp, a in try choleskyFunction(interp, a) },
                help: BuiltinHelp("cholesky(A; check = true)", "The Cholesky factorization of a symmetric positive definite matrix: `F.U' * F.U == A` (`F.L * F.U`); PosDefException otherwise (unless `check = false`).", "cholesky([4.0 2.0; 2.0 3.0]).U")),
            Builtin("qr", { interp, a in try qrFunction(interp, a) },
                help: BuiltinHelp("qr(A)  /  qr(A, ColumnNorm())", "The QR factorization (Julia's `QRCompactWY`): `F.Q * F.R ≈ A`, `Matrix(F.Q)` the thin Q, `F \\ b` the least-squares solution for a tall `A` of full rank. With `ColumnNorm()`, columns are pivoted by norm (`QRPivoted`): `A[:, F.p] ≈ F.Q * F.R`.", "Q, R = qr([3.0 1.0; 4.0 2.0])")),
            Builtin("svd", { interp, a in try svdFunction(interp, a) },
                help: BuiltinHelp("svd(A; full = false)", "The singular value decomposition: `F.U * Diagonal(F.S) * F.Vt ≈ A`, singular values largest first. Destructures as `U, S, V = svd(A)`.", "svd([1.0 0.0; 0.0 2.0]).S  # [2.0, 1.0]")),
            Builtin("svdvals", { interp, a in
                try a.expect("svdvals", 1...1)
                try refuseTracked("svdvals", a[0], interp)
                let t = try DenseBlocks.plainMatrix(a[0], "svdvals")
                return .array(ArrayValue(tensor: try interp.engine { try Factorizations.svd(t, vectors: false, full: false).s }))
            }, help: BuiltinHelp("svdvals(A)", "The singular values of `A`, largest first.", "svdvals([3.0 0.0; 0.0 4.0])  # [4.0, 3.0]")),
            Builtin("eigen", { interp, a in try eigenFunction(interp, a) },
                help: BuiltinHelp("eigen(A)", "The eigenvalues (ascending) and eigenvectors (columns) of a square matrix: `A * F.vectors ≈ F.vectors * Diagonal(F.values)`. Destructures as `vals, vecs = eigen(A)`. flx has no complex numbers, so a matrix with complex eigenvalues is an error.", "eigen([2.0 1.0; 1.0 2.0]).values  # [1.0, 3.0]")),
            Builtin("eigvals", { interp, a in try eigvalsFunction(interp, a) },
                help: BuiltinHelp("eigvals(A)", "The eigenvalues of a square matrix, ascending (real ones only in flx).", "eigvals([2.0 1.0; 1.0 2.0])  # [1.0, 3.0]")),
            Builtin("eigvecs", { interp, a in
                try a.expect("eigvecs", 1...1)
                let f = try eigenObject(interp, a[0])
                return try f.field("vectors", interp) ?? .nothing
            }, help: BuiltinHelp("eigvecs(A)", "The eigenvectors of a square matrix as columns, in the order of `eigvals(A)`.", "eigvecs([2.0 0.0; 0.0 1.0])")),
            Builtin("issuccess", { interp, a in
                try a.expect("issuccess", 1...1)
                guard case .native(let f as FactorizationObject) = a[0] else { throw Exceptions.method(.str("issuccess"), a.values) }
                return .bool(f.succeeded)
            }, help: BuiltinHelp("issuccess(F)", "Whether the factorization `F` succeeded (see `check = false`).", "issuccess(lu([1.0 2.0; 2.0 4.0]; check = false))  # false")),
        ]
    }

    /// The factorization objects are not on the tape: under `gradient` a tracked matrix is
    /// refused by name (Zygote differentiates these through ChainRules; flx has no rules yet).
    static func refuseTracked(_ name: String, _ v: Value, _ interp: Interpreter) throws {
        guard interp.isTracked(v) else { return }
        throw Exceptions.error("Can't differentiate \(name)(::\(TypeNames.show(interp.typeOf(v)))): flx has no derivative rule for this factorization, "
            + "so its result would carry no gradient. Compute it outside the differentiated function, or use `det`, `logdet`, `inv` or `\\`, which flx differentiates.")
    }

    /// Julia's `chkfinite`: LAPACK would give garbage (or hang) on Infs and NaNs.
    static func requireFinite(_ t: Tensor) throws {
        guard DenseBlocks.allFinite(t) else { throw Exceptions.argument("matrix contains Infs or NaNs") }
    }

    /// `lu(A)` and `lu(A, pivot)`: `RowMaximum()` (the default) is LAPACK's partial pivoting;
    /// `NoPivot()` and `RowNonZero()` run Julia's own `generic_lufact!`. A zero pivot is a
    /// ZeroPivotException without pivoting and a SingularException otherwise (`check = true`).
    static func luFunction(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("lu", 1...2)
        try refuseTracked("lu", a[0], interp)
        var pivot = PivotingStrategyObject.Kind.rowMaximum
        if a.count == 2 {
            guard let p = PivotingStrategyObject.of(a[1]), p != .columnNorm else { throw Exceptions.method(.str("lu"), a.values) }
            pivot = p
        }
        if a.count == 1, case .native(let f as FactorizationObject) = a[0], case .lu = f.kind { return a[0] }
        let check = try a.keywordBool("check") ?? true
        let t = try DenseBlocks.plainMatrix(a[0], "lu")
        if check { try requireFinite(t) }
        let f = try interp.engine {
            switch pivot {
            case .noPivot: return try Factorizations.genericLU(t, pivoting: .none)
            case .rowNonZero: return try Factorizations.genericLU(t, pivoting: .firstNonZero)
            default: return try Factorizations.lu(t)
            }
        }
        if check && f.info > 0 {
            throw Exceptions.make(pivot == .noPivot ? "ZeroPivotException" : "SingularException", [.int(Int64(f.info))])
        }
        return .native(FactorizationObject(.lu(f), dtype: f.factors.dtype))
    }

    static func choleskyFunction(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("cholesky", 1...1)
        try refuseTracked("cholesky", a[0], interp)
        let check = try a.keywordBool("check") ?? true
        let t = try StructuredMatrices.square(a[0], "cholesky")
        let dtype = t.dtype.floatResult
        // Julia reads a plain matrix only if it is exactly symmetric (else info = -1).
        guard StructuredMatrices.family(of: a[0]) != nil || DenseBlocks.isSymmetric(t) else {
            if check { throw Exceptions.make("PosDefException", [.int(-1)]) }
            return .native(FactorizationObject(.cholesky(factors: try t.converted(to: dtype), upper: true, info: -1), dtype: dtype))
        }
        let upperTriangle = try StructuredMatrices.triangle(t, upper: true)
        if check { try requireFinite(upperTriangle) }
        let (factors, info) = try interp.engine { try Factorizations.cholesky(t, upper: true) }
        if check && info != 0 { throw Exceptions.make("PosDefException", [.int(Int64(info))]) }
        return .native(FactorizationObject(.cholesky(factors: factors, upper: true, info: info), dtype: dtype))
    }

    /// `qr(A)` (Julia's `QRCompactWY`), `qr(A, NoPivot())` (the same) or `qr(A, ColumnNorm())`
    /// (`QRPivoted`, by LAPACK's `geqp3`: `A[:, F.p] ≈ F.Q * F.R`).
    static func qrFunction(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("qr", 1...2)
        try refuseTracked("qr", a[0], interp)
        let t = try DenseBlocks.plainMatrix(a[0], "qr")
        if a.count == 2 {
            switch PivotingStrategyObject.of(a[1]) {
            case .noPivot?: break
            case .columnNorm?:
                let (factors, tau, reflectors, jpvt) = try interp.engine { try Factorizations.pivotedQR(t) }
                return .native(FactorizationObject(.qrPivoted(factors: factors, tau: tau, t: reflectors, jpvt: jpvt), dtype: factors.dtype))
            default: throw Exceptions.method(.str("qr"), a.values)
            }
        }
        let (factors, reflectors) = try interp.engine { try Factorizations.qr(t) }
        return .native(FactorizationObject(.qr(factors: factors, t: reflectors), dtype: factors.dtype))
    }

    static func svdFunction(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("svd", 1...1)
        try refuseTracked("svd", a[0], interp)
        let full = try a.keywordBool("full") ?? false
        let t = try DenseBlocks.plainMatrix(a[0], "svd")
        try requireFinite(t)
        let (s, u, vt) = try interp.engine { try Factorizations.svd(t, vectors: true, full: full) }
        guard let u, let vt else { throw Exceptions.argument("svd: LAPACK returned no singular vectors") }
        return .native(FactorizationObject(.svd(u: u, s: s, vt: vt), dtype: s.dtype))
    }

    static func eigenFunction(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("eigen", 1...1)
        try refuseTracked("eigen", a[0], interp)
        return .native(try eigenObject(interp, a[0]))
    }

    /// Julia's `eigen(A)`: a diagonal matrix's own entries (sorted, unit vectors); a
    /// symmetric one by `syevr`; any other by `geevx`, sorted by eigenvalue.
    static func eigenObject(_ interp: Interpreter, _ v: Value) throws -> FactorizationObject {
        if case .native(let f as FactorizationObject) = v, case .eigen = f.kind { return f }
        let t = try StructuredMatrices.square(v, "eigen")
        let dtype = t.dtype.floatResult
        let n = t.shape[0]
        if DenseBlocks.isDiagonal(t) {
            let d = (0..<n).map { DenseBlocks.at(t, $0, $0) }
            guard d.allSatisfy({ $0.isFinite }) else { throw Exceptions.argument("matrix contains Infs or NaNs") }
            let order = sortedOrder(d)
            let values = try DenseBlocks.matrix(n, 1, dtype) { i, _ in d[order[i]] }
            let vectors = try DenseBlocks.matrix(n, n, dtype) { i, j in order[j] == i ? 1 : 0 }
            return FactorizationObject(.eigen(values: try Shaping.reshape(values, [n], tape: nil), vectors: vectors), dtype: dtype)
        }
        try requireFinite(t)
        if DenseBlocks.isSymmetric(t) {
            let (values, vectors) = try interp.engine { try Factorizations.symmetricEigen(t, upper: true, vectors: true) }
            guard let vectors else { throw Exceptions.argument("eigen: LAPACK returned no eigenvectors") }
            return FactorizationObject(.eigen(values: values, vectors: vectors), dtype: dtype)
        }
        let (re, im, packed) = try interp.engine { try Factorizations.generalEigen(t, vectors: true) }
        try requireRealEigenvalues(im)
        guard let packed else { throw Exceptions.argument("eigen: LAPACK returned no eigenvectors") }
        let values = re.toDoubles(), order = sortedOrder(values)
        let sortedValues = try DenseBlocks.matrix(n, 1, dtype) { i, _ in values[order[i]] }
        let vectors = try DenseBlocks.matrix(n, n, dtype) { i, j in DenseBlocks.at(packed, i, order[j]) }
        return FactorizationObject(.eigen(values: try Shaping.reshape(sortedValues, [n], tape: nil), vectors: vectors), dtype: dtype)
    }

    static func eigvalsFunction(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("eigvals", 1...1)
        try refuseTracked("eigvals", a[0], interp)
        switch a[0] {
        case .int, .float64, .float32, .bool: return a[0]
        case .native(let f as FactorizationObject):
            if case .eigen(let values, _) = f.kind { return .array(ArrayValue(tensor: values)) }
            throw Exceptions.method(.str("eigvals"), a.values)
        default: break
        }
        let t = try StructuredMatrices.square(a[0], "eigvals")
        try requireFinite(t)
        if DenseBlocks.isSymmetric(t) {
            return .array(ArrayValue(tensor: try interp.engine { try Factorizations.symmetricEigen(t, upper: true, vectors: false).values }))
        }
        let (re, im, _) = try interp.engine { try Factorizations.generalEigen(t, vectors: false) }
        try requireRealEigenvalues(im)
        let values = re.toDoubles(), order = sortedOrder(values)
        let sorted = try DenseBlocks.matrix(values.count, 1, re.dtype) { i, _ in values[order[i]] }
        return .array(ArrayValue(tensor: try Shaping.reshape(sorted, [values.count], tape: nil)))
    }

    /// flx has no Complex numbers: a complex spectrum is refused by name, not dropped.
    static func requireRealEigenvalues(_ im: Tensor) throws {
        guard im.toDoubles().allSatisfy({ $0 == 0 }) else {
            throw Exceptions.argument("the matrix has complex eigenvalues, and flx has no Complex numbers yet; only matrices with real eigenvalues (for example symmetric ones) are supported")
        }
    }

    /// The order `sortperm` gives (ascending; ties keep their first position).
    static func sortedOrder(_ values: [Double]) -> [Int] {
        values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    }
}
