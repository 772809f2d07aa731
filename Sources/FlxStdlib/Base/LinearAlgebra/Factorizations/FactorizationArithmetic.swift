import FlxSyntax
import FlxCore
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// What a factorization object does in arithmetic: `F \ B` solves with it (LU by `getrs`,
/// Cholesky by two triangular solves, QR in the least-squares sense, SVD through the
/// nonzero singular values, as Julia's `ldiv!` methods), `Q * B`, `B * Q` and `Q' * B`
/// apply a QR's Q without forming it, and `det`, `logabsdet`, `logdet`, `inv` read an LU
/// or Cholesky factorization.
package enum FactorizationArithmetic {
    /// The operator's result when one operand is a factorization or a Q; nil otherwise.
    package static func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, _ interp: Interpreter) throws -> Value? {
        switch (op, l, r) {
        case (.leftDiv, .native(let f as FactorizationObject), .array(let b)):
            guard let bt = b.tensor, b.rank <= 2 else { throw Exceptions.method(.str("\\"), [l, r]) }
            return .array(ArrayValue(tensor: try interp.engine { try solve(f, bt) }))
        case (.mul, .native(let q as QRQObject), .array(let b)):
            guard let bt = b.tensor, b.rank <= 2 else { throw Exceptions.method(.str("*"), [l, r]) }
            return .array(ArrayValue(tensor: try interp.engine { try q.multiply(bt, qOnLeft: true) }))
        case (.mul, .array(let b), .native(let q as QRQObject)):
            guard let bt = b.tensor, b.rank <= 2 else { throw Exceptions.method(.str("*"), [l, r]) }
            return .array(ArrayValue(tensor: try interp.engine { try q.multiply(bt, qOnLeft: false) }))
        case (_, .native(let n), _) where n is FactorizationObject || n is QRQObject:
            throw Exceptions.method(.str(op.rawValue), [l, r])
        case (_, _, .native(let n)) where n is FactorizationObject || n is QRQObject:
            throw Exceptions.method(.str(op.rawValue), [l, r])
        default: return nil
        }
    }

    /// `F \ B`, B a vector or a matrix with as many rows as the factorized matrix.
    static func solve(_ f: FactorizationObject, _ b: Tensor) throws -> Tensor {
        let (m, n) = f.size
        let rhs = try b.converted(to: f.dtype)
        switch f.kind {
        case .lu(let lu):
            guard m == n else { throw EngineError.dimensionMismatch("matrix is not square: dimensions are (\(m), \(n))") }
            guard rhs.shape[0] == n else { throw EngineError.dimensionMismatch("B has leading dimension \(rhs.shape[0]), but needs \(n)") }
            try Factorizations.luSolve(lu, transpose: false, rhs)
            return rhs
        case .cholesky(let factors, let upper, _):
            guard rhs.shape[0] == n else {
                throw EngineError.dimensionMismatch("first dimension of B, \(rhs.shape[0]), and size of A, (\(n),\(n)), must match!")
            }
            // A = Uᵀ U: solve Uᵀ y = b, then U x = y (or L y = b, Lᵀ x = y).
            try triangular(upper: upper, transpose: upper, factors, rhs)
            try triangular(upper: upper, transpose: !upper, factors, rhs)
            return rhs
        case .qrPivoted(let factors, _, let t, let jpvt):
            return try pivotedSolve(f, factors: factors, t: t, jpvt: jpvt, rhs)
        case .qr(let factors, let t):
            guard rhs.shape[0] == m else {
                throw EngineError.dimensionMismatch("left hand side has \(m) rows, but right hand side has \(rhs.shape[0]) rows")
            }
            guard m >= n else {
                throw EngineError.argument("flx solves with the QR factorization of a tall or square matrix only; this one is \(m)×\(n)")
            }
            let c = try Factorizations.qrMultiply(left: true, transpose: true, factors: factors, t: t, rhs)
            let cols = rhs.rank == 2 ? rhs.shape[1] : 1
            let r = try DenseBlocks.block(factors, rows: n, cols: n) { i, j in i <= j }
            let top = try DenseBlocks.block(rhs.rank == 2 ? c : Shaping.reshape(c, [m, 1], tape: nil), rows: n, cols: cols)
            try triangular(upper: true, transpose: false, r, top)
            return rhs.rank == 2 ? top : try Shaping.reshape(top, [n], tape: nil)
        case .svd(let u, let s, let vt):
            guard rhs.shape[0] == m else {
                throw EngineError.dimensionMismatch("left hand side has \(m) rows, but right hand side has \(rhs.shape[0]) rows")
            }
            // Julia's ldiv!(::SVD): only the singular values ≥ eps·S[1] take part.
            let values = s.toDoubles()
            let eps = f.dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
            let k = values.isEmpty ? 0 : values.filter { $0 >= eps * values[0] }.count
            let cols = rhs.rank == 2 ? rhs.shape[1] : 1
            let b2 = rhs.rank == 2 ? rhs : try Shaping.reshape(rhs, [m, 1], tape: nil)
            let uk = try DenseBlocks.block(u, rows: m, cols: k)
            let projected = try LinearAlgebra.matmul(uk, transA: true, b2, tape: nil)
            let scaled = try DenseBlocks.matrix(k, cols, f.dtype) { i, j in DenseBlocks.at(projected, i, j) / values[i] }
            let vk = try DenseBlocks.block(vt, rows: k, cols: n)
            let x = try LinearAlgebra.matmul(vk, transA: true, scaled, tape: nil)
            return rhs.rank == 2 ? x : try Shaping.reshape(x, [n], tape: nil)
        case .eigen:
            throw EngineError.argument("flx does not solve with an Eigen factorization; use the matrix itself")
        }
    }

    /// `F \ B` of a pivoted QR of full rank: R y = (Qᵀ B)[1:n], then x[p] = y. Julia finds
    /// the rank first (ones below min(m, n)·eps of the largest singular value do not count)
    /// and gives a minimum-norm solution when it is deficient; flx refuses those by name.
    static func pivotedSolve(_ f: FactorizationObject, factors: Tensor, t: Tensor, jpvt: [Int], _ rhs: Tensor) throws -> Tensor {
        let (m, n) = f.size
        guard rhs.shape[0] == m else {
            throw EngineError.dimensionMismatch("left hand side has \(m) rows, but right hand side has \(rhs.shape[0]) rows")
        }
        guard m >= n else {
            throw EngineError.argument("flx solves with the QR factorization of a tall or square matrix only; this one is \(m)×\(n)")
        }
        let r = try DenseBlocks.block(factors, rows: n, cols: n) { i, j in i <= j }
        let sigma = try Factorizations.svd(r, vectors: false, full: false).s.toDoubles()
        let eps = f.dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
        if let largest = sigma.first, let smallest = sigma.last, !(smallest > Double(n) * eps * largest) {
            throw EngineError.argument("the matrix is rank deficient; Julia's minimum-norm solution for a rank-deficient pivoted QR is not implemented in flx (use pinv(A) * b)")
        }
        let c = try Factorizations.qrMultiply(left: true, transpose: true, factors: factors, t: t, rhs)
        let cols = rhs.rank == 2 ? rhs.shape[1] : 1
        let top = try DenseBlocks.block(rhs.rank == 2 ? c : Shaping.reshape(c, [m, 1], tape: nil), rows: n, cols: cols)
        try triangular(upper: true, transpose: false, r, top)
        let x = try DenseBlocks.matrix(n, cols, f.dtype) { i, j in DenseBlocks.at(top, jpvt.firstIndex(of: i + 1) ?? 0, j) }
        return rhs.rank == 2 ? x : try Shaping.reshape(x, [n], tape: nil)
    }

    /// A triangular solve with the `upper` (lower) triangle of `a`, in place of `b`; a zero on
    /// the diagonal is Julia's SingularException.
    static func triangular(upper: Bool, transpose: Bool, _ a: Tensor, _ b: Tensor) throws {
        let info = try Factorizations.triangularSolve(upper: upper, transpose: transpose, a, b)
        if info > 0 { throw EngineError.singular(info) }
    }

    /// `det(F)`, `logabsdet(F)` of an LU (its diagonal and interchanges; zero when it failed)
    /// or a Cholesky (the squared product of its diagonal).
    static func logAbsDet(_ f: FactorizationObject) throws -> (logabs: Double, sign: Double, det: Double) {
        let (m, n) = f.size
        guard m == n else { throw Exceptions.dimensionMismatch("matrix is not square: dimensions are (\(m), \(n))") }
        // Julia accumulates in the element type: a Float32 factorization's sums round to Float32.
        let r: (Double) -> Double = f.dtype == .float32 ? { Double(Float($0)) } : { $0 }
        switch f.kind {
        case .lu(let lu):
            guard lu.info == 0 else { return (-.infinity, 0, 0) }
            var product = 1.0, logabs = 0.0, sign = 1.0, swaps = 0
            for i in 0..<n {
                let d = DenseBlocks.at(lu.factors, i, i)
                product = r(product * d)
                logabs = r(logabs + r(log(abs(d))))
                sign *= d > 0 ? 1 : d < 0 ? -1 : 0
                if lu.pivots[i] != i + 1 { swaps += 1 }
            }
            let s = swaps % 2 == 1 ? -1.0 : 1.0
            return (logabs, s * sign, s * product)
        case .cholesky(let factors, _, let info):
            guard info == 0 else { return (-.infinity, 0, 0) }
            var product = 1.0, logabs = 0.0
            for i in 0..<n {
                let d = DenseBlocks.at(factors, i, i)
                product = r(product * r(d * d))
                logabs = r(logabs + r(log(d)))
            }
            return (logabs + logabs, 1, product)
        default:
            throw Exceptions.method(.str("det"), [.native(f)])
        }
    }

    static func number(_ x: Double, _ f: FactorizationObject) -> Value { f.dtype == .float32 ? .float32(Float(x)) : .float64(x) }

    static func det(_ f: FactorizationObject) throws -> Value { number(try logAbsDet(f).det, f) }

    static func logabsdet(_ f: FactorizationObject) throws -> Value {
        let r = try logAbsDet(f)
        return .tuple([number(r.logabs, f), number(r.sign, f)])
    }

    static func logdet(_ f: FactorizationObject) throws -> Value {
        let r = try logAbsDet(f)
        if r.sign < 0 { throw Exceptions.make("DomainError", [number(-1, f), .str("log was called with a negative real argument but will only return a complex result if called with a complex argument. Try log(Complex(x)).")]) }
        return number(r.logabs, f)
    }

    /// `inv(F)` of an LU (`getri`) or a Cholesky (two triangular solves with I).
    static func inverse(_ f: FactorizationObject, _ interp: Interpreter) throws -> Value {
        let (m, n) = f.size
        guard m == n else { throw Exceptions.dimensionMismatch("matrix is not square: dimensions are (\(m), \(n))") }
        switch f.kind {
        case .lu(let lu):
            if lu.info > 0 { throw Exceptions.make("SingularException", [.int(Int64(lu.info))]) }
            return .array(ArrayValue(tensor: try interp.engine { try Factorizations.luInverse(lu) }))
        case .cholesky:
            let identity = try DenseBlocks.matrix(n, n, f.dtype) { i, j in i == j ? 1 : 0 }
            return .array(ArrayValue(tensor: try interp.engine { try solve(f, identity) }))
        default:
            throw Exceptions.method(.str("inv"), [.native(f)])
        }
    }
}
