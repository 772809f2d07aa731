import FlxSyntax
import FlxCore
import FlxEngine

/// The questions LinearAlgebra answers about a matrix from its structure or its SVD:
/// `issymmetric`, `ishermitian`, `isposdef`, `istriu`, `istril`, `isdiag`, and `rank`,
/// `pinv`, `nullspace` with Julia 1.10's default tolerances.
extension StdlibModules {
    package static var matrixPropertyFunctions: [Builtin] {
        [
            // A real matrix is Hermitian exactly when it is symmetric.
            Builtin("issymmetric", differentiation: .constant, { _, a in try isSymmetric(a, "issymmetric") },
                help: BuiltinHelp("issymmetric(A)", "Whether `A == transpose(A)`.", "issymmetric([1 2; 2 1])  # true")),
            Builtin("ishermitian", differentiation: .constant, { _, a in try isSymmetric(a, "ishermitian") },
                help: BuiltinHelp("ishermitian(A)", "Whether `A == A'` (for a real matrix, `issymmetric`).", "ishermitian([1.0 2.0; 2.0 1.0])  # true")),
            Builtin("isposdef", differentiation: .constant, { interp, a in
                try a.expect("isposdef", 1...1)
                let t = try DenseBlocks.plainMatrix(a[0], "isposdef")
                guard t.shape[0] == t.shape[1], DenseBlocks.isSymmetric(t) else { return .bool(false) }
                return .bool(try interp.engine { try Factorizations.cholesky(t, upper: true).info } == 0)
            }, help: BuiltinHelp("isposdef(A)", "Whether `A` is symmetric and positive definite (its Cholesky factorization succeeds).", "isposdef([2.0 1.0; 1.0 2.0])  # true")),
            Builtin("istriu", differentiation: .constant, { interp, a in
                try a.expect("istriu", 1...2)
                return .bool(try band(a, "istriu") { i, j, k in j - i >= k })
            }, help: BuiltinHelp("istriu(A, k = 0)", "Whether every entry below the k-th superdiagonal is zero.", "istriu([1 2; 0 3])  # true")),
            Builtin("istril", differentiation: .constant, { interp, a in
                try a.expect("istril", 1...2)
                return .bool(try band(a, "istril") { i, j, k in j - i <= k })
            }, help: BuiltinHelp("istril(A, k = 0)", "Whether every entry above the k-th superdiagonal is zero.", "istril([1 0; 2 3])  # true")),
            Builtin("isdiag", differentiation: .constant, { interp, a in
                try a.expect("isdiag", 1...1)
                if isNumber(a[0]) { return .bool(true) }
                return .bool(DenseBlocks.isDiagonal(try DenseBlocks.plainMatrix(a[0], "isdiag")))
            }, help: BuiltinHelp("isdiag(A)", "Whether every entry off the diagonal is zero.", "isdiag([1 0; 0 2])  # true")),
            Builtin("rank", { interp, a in try rankFunction(interp, a) },
                help: BuiltinHelp("rank(A; atol = 0, rtol)", "The number of singular values of `A` above `max(atol, rtol * σ₁)`; `rtol` defaults to `min(size(A)...) * eps` of the element type.", "rank([1.0 2.0; 2.0 4.0])  # 1")),
            Builtin("pinv", { interp, a in try pinvFunction(interp, a) },
                help: BuiltinHelp("pinv(A; atol = 0, rtol)", "The Moore–Penrose pseudoinverse, from the SVD with the singular values at or below the tolerance dropped.", "pinv([1.0 0.0; 0.0 0.0])  # [1.0 0.0; 0.0 0.0]")),
            Builtin("nullspace", { interp, a in try nullspaceFunction(interp, a) },
                help: BuiltinHelp("nullspace(A; atol = 0, rtol)", "An orthonormal basis of the null space of `A` (columns), from the full SVD.", "nullspace([1.0 1.0])  # 2×1 Matrix")),
        ]
    }

    static func isSymmetric(_ a: Args, _ name: String) throws -> Value {
        try a.expect(name, 1...1)
        if isNumber(a[0]) { return .bool(true) }
        return .bool(DenseBlocks.isSymmetric(try DenseBlocks.plainMatrix(a[0], name)))
    }

    static func isNumber(_ v: Value) -> Bool {
        switch v {
        case .int, .float64, .float32, .bool: return true
        default: return false
        }
    }

    /// Whether every nonzero entry (i, j) (1-based) satisfies `inBand(i, j, k)`.
    static func band(_ a: Args, _ name: String, _ inBand: (Int, Int, Int) -> Bool) throws -> Bool {
        let t = try DenseBlocks.plainMatrix(a[0], name)
        let k = a.count == 2 ? try a.int(1, name) : 0
        for j in 0..<t.shape[1] { for i in 0..<t.shape[0] where DenseBlocks.at(t, i, j) != 0 && !inBand(i + 1, j + 1, k) { return false } }
        return true
    }

    /// `eps` of the matrix's float type.
    static func machineEpsilon(_ t: Tensor) -> Double { t.dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne }

    static func keywordReal(_ a: Args, _ name: String) throws -> Double? {
        guard let v = a.keyword(name) else { return nil }
        switch v {
        case .int(let n): return Double(n)
        case .float64(let d): return d
        case .float32(let f): return Double(f)
        case .bool(let b): return b ? 1 : 0
        default: throw Exceptions.typeError(name, expected: "Real", got: v)
        }
    }

    /// Julia's default tolerances: `rtol = min(m, n) * eps` unless an `atol` is given.
    static func tolerances(_ a: Args, _ t: Tensor) throws -> (atol: Double, rtol: Double) {
        let atol = try keywordReal(a, "atol") ?? 0
        let rtol = try keywordReal(a, "rtol") ?? (atol == 0 ? Double(Swift.min(t.shape[0], t.shape[1])) * machineEpsilon(t) : 0)
        return (atol, rtol)
    }

    static func rankFunction(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("rank", 1...1)
        if isNumber(a[0]) { return .int(asDouble(a[0]) == 0 ? 0 : 1) }
        if case .array(let v) = a[0], v.rank == 1 {
            return .int(try interp.collect(a[0]).allSatisfy { asDouble(OperatorBuiltins.plain($0)) == 0 } ? 0 : 1)
        }
        let t = try DenseBlocks.plainMatrix(a[0], "rank")
        if t.count == 0 { return .int(0) }
        let (atol, rtol) = try tolerances(a, t)
        let s = try interp.engine { try Factorizations.svd(t, vectors: false, full: false).s }.toDoubles()
        let tol = Swift.max(atol, rtol * s[0])
        return .int(Int64(s.filter { $0 > tol }.count))
    }

    static func pinvFunction(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("pinv", 1...1)
        let t = try DenseBlocks.plainMatrix(a[0], "pinv")
        let m = t.shape[0], n = t.shape[1], dtype = t.dtype.floatResult
        if m == 0 || n == 0 { return .array(ArrayValue(tensor: try Tensor.zeros(dtype, Shape([n, m])))) }
        let (atol, rtol) = try tolerances(a, t)
        if DenseBlocks.isDiagonal(t) {
            let k = Swift.min(m, n)
            let d = (0..<k).map { DenseBlocks.at(t, $0, $0) }
            let tol = Swift.max(rtol * (d.map { abs($0) }.max() ?? 0), atol)
            return .array(ArrayValue(tensor: try DenseBlocks.matrix(n, m, dtype) { i, j in i == j && abs(d[i]) > tol ? 1 / d[i] : 0 }))
        }
        let (s, u, vt) = try interp.engine { try Factorizations.svd(t, vectors: true, full: false) }
        guard let u, let vt else { throw Exceptions.argument("pinv: LAPACK returned no singular vectors") }
        let values = s.toDoubles()
        let tol = Swift.max(rtol * (values.max() ?? 0), atol)
        let inverted = values.map { $0 > tol ? 1 / $0 : 0 }
        // Julia: Vt' * (Diagonal(Sinv) * U'), the second product one BLAS call.
        let k = values.count
        let scaledUt = try DenseBlocks.matrix(k, m, s.dtype) { i, j in inverted[i] * DenseBlocks.at(u, j, i) }
        return .array(ArrayValue(tensor: try interp.engine { try LinearAlgebra.matmul(vt, transA: true, scaledUt, tape: nil) }))
    }

    static func nullspaceFunction(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("nullspace", 1...1)
        var t: Tensor
        if case .array(let v) = a[0], v.rank == 1, let vt = v.tensor {
            t = try interp.engine { try Shaping.reshape(vt, [vt.count, 1], tape: nil) }
        } else {
            t = try DenseBlocks.plainMatrix(a[0], "nullspace")
        }
        let m = t.shape[0], n = t.shape[1], dtype = t.dtype.floatResult
        if m == 0 || n == 0 { return .array(ArrayValue(tensor: try DenseBlocks.matrix(n, n, dtype) { i, j in i == j ? 1 : 0 })) }
        let (atol, rtol) = try tolerances(a, t)
        let (s, _, vt) = try interp.engine { try Factorizations.svd(t, vectors: true, full: true) }
        guard let vt else { throw Exceptions.argument("nullspace: LAPACK returned no singular vectors") }
        let values = s.toDoubles()
        let tol = Swift.max(atol, (values.first ?? 0) * rtol)
        let start = values.filter { $0 > tol }.count
        return .array(ArrayValue(tensor: try DenseBlocks.matrix(n, n - start, dtype) { i, j in DenseBlocks.at(vt, start + j, i) }))
    }
}
