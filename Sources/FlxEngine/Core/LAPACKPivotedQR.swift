/// The LAPACK routines behind `qr(A, ColumnNorm())` (Julia's `QRPivoted`): `geqp3`, the QR
/// factorization with column pivoting, as Julia 1.10's `LAPACK.geqp3!` calls it (every
/// column free, `jpvt` zero on entry); and `larft`, which turns its Householder vectors and
/// scalars τ into one block reflector T, so that Q multiplies with `gemqrt` like the
/// unpivoted `qr`'s.
extension LAPACK {
    typealias Geqp3 = @convention(c) (I32, I32, Raw, I32, OutI32, Raw, Raw, I32, OutI32) -> Void
    typealias Larft = @convention(c) (Ch, Ch, I32, I32, Raw, I32, Raw, Raw, I32, Len, Len) -> Void

    struct PivotedQR: @unchecked Sendable {
        let geqp3: [Geqp3], larft: [Larft]
    }

    static let pivotedQR: PivotedQR? = {
        guard BLAS.isAvailable,
              let sg = BLAS.symbol("sgeqp3_", Geqp3.self), let dg = BLAS.symbol("dgeqp3_", Geqp3.self),
              let sl = BLAS.symbol("slarft_", Larft.self), let dl = BLAS.symbol("dlarft_", Larft.self) else { return nil }
        return PivotedQR(geqp3: [sg, dg], larft: [sl, dl])
    }()

    /// `geqp3` of the m×n matrix in place: R on and above the diagonal, the Householder
    /// vectors below; returns the min(m, n) scalars τ and the 1-based column permutation.
    public static func geqp3(_ a: Tensor) throws -> (tau: Tensor, jpvt: [Int]) {
        let (_, p) = try requireFactorizing(a)
        guard let lib = pivotedQR else { throw EngineError.argument("qr(A, ColumnNorm()) needs LAPACK's geqp3 and larft, which OpenBLAS did not provide") }
        let k = Swift.min(a.shape[0], a.shape[1])
        var m = try int32(a.shape[0]), n = try int32(a.shape[1]), lda = Swift.max(1, m), info: Int32 = 0
        var jpvt = [Int32](repeating: 0, count: a.shape[1])
        let tau = try Tensor.zeros(a.dtype, Shape([k]))
        let size = try scalarBuffer(0, like: a)
        var query: Int32 = -1
        jpvt.withUnsafeMutableBufferPointer { piv in
            lib.geqp3[p](&m, &n, raw(a), &lda, piv.baseAddress!, raw(tau), raw(size), &query, &info)
        }
        if info != 0 { throw EngineError.lapack(routine: "geqp3", info: Int(info)) }
        let (work, reported) = try workspace(from: size, at: Swift.max(1, 3 * a.shape[1] + 1))
        var lwork = reported
        jpvt.withUnsafeMutableBufferPointer { piv in
            lib.geqp3[p](&m, &n, raw(a), &lda, piv.baseAddress!, raw(tau), raw(work), &lwork, &info)
        }
        if info != 0 { throw EngineError.lapack(routine: "geqp3", info: Int(info)) }
        return (tau, jpvt.map { Int($0) })
    }

    /// `larft('F', 'C', ...)`: the k×k upper triangular T of the block reflector
    /// H(1)⋯H(k) = I - V T Vᵀ made of the Householder vectors in `v` (m×n, k = min(m, n)).
    public static func larft(_ v: Tensor, tau: Tensor) throws -> Tensor {
        let (_, p) = try requireFactorizing(v)
        guard let lib = pivotedQR else { throw EngineError.argument("qr(A, ColumnNorm()) needs LAPACK's geqp3 and larft, which OpenBLAS did not provide") }
        let k = Swift.min(v.shape[0], v.shape[1])
        let t = try Tensor.zeros(v.dtype, Shape([Swift.max(1, k), k]))
        guard k > 0 else { return t }
        var direct = char("F"), storev = char("C")
        var n = try int32(v.shape[0]), kk = try int32(k), ldv = Swift.max(1, n), ldt = try int32(Swift.max(1, k))
        lib.larft[p](&direct, &storev, &n, &kk, raw(v), &ldv, raw(tau), raw(t), &ldt, 1, 1)
        return t
    }
}

extension Factorizations {
    /// `qr(A, ColumnNorm())`: the factors (R above, Householder vectors below), the scalars
    /// τ, the block reflector T for multiplying by Q, and the column permutation.
    public static func pivotedQR(_ a: Tensor) throws -> (factors: Tensor, tau: Tensor, t: Tensor, jpvt: [Int]) {
        let f = try floatCopy(a)
        let (tau, jpvt) = try LAPACK.geqp3(f)
        return (f, tau, try LAPACK.larft(f, tau: tau), jpvt)
    }
}
