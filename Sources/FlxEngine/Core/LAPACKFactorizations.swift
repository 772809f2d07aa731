#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The LAPACK routines behind LinearAlgebra's factorization objects, called with the
/// arguments Julia 1.10's `LAPACK` module passes, so that `lu`, `qr`, `cholesky`, `eigen`
/// and `svd` give the bits Julia gives on the same OpenBLAS:
///
/// - `lu`: `getrf` (any m×n);
/// - `qr`: `geqrt` with block size `min(m, n, 36)` (Julia's `QRCompactWY`), Q applied by `gemqrt`;
/// - `cholesky`: `potrf`;
/// - `eigen` of a symmetric matrix: `syevr` (all eigenvalues, `abstol = -1`); of any other
///   real matrix: `geevx` with balancing `'B'`;
/// - `svd`: `gesdd` (in `LAPACK.swift`).
///
/// The float arrays are passed as raw pointers, so one C type serves both precisions; the
/// element type is the tensor's (Float32 calls the `s` routine, Float64 the `d` one).
extension LAPACK {
    typealias Raw = UnsafeMutableRawPointer?
    typealias I32 = UnsafePointer<Int32>
    typealias OutI32 = UnsafeMutablePointer<Int32>
    typealias Ch = UnsafePointer<CChar>
    typealias Potrf = @convention(c) (Ch, I32, Raw, I32, OutI32, Len) -> Void
    typealias Geqrt = @convention(c) (I32, I32, I32, Raw, I32, Raw, I32, Raw, OutI32) -> Void
    typealias Gemqrt = @convention(c) (Ch, Ch, I32, I32, I32, I32, Raw, I32, Raw, I32, Raw, I32, Raw, OutI32, Len, Len) -> Void
    typealias Syevr = @convention(c) (Ch, Ch, Ch, I32, Raw, I32, Raw, Raw, I32, I32, Raw, OutI32, Raw, Raw, I32,
                                      OutI32?, Raw, I32, OutI32?, I32, OutI32, Len, Len, Len) -> Void
    typealias Geevx = @convention(c) (Ch, Ch, Ch, Ch, I32, Raw, I32, Raw, Raw, Raw, I32, Raw, I32, OutI32, OutI32,
                                      Raw, Raw, Raw, Raw, Raw, I32, OutI32?, OutI32, Len, Len, Len, Len) -> Void
    typealias Getrf = @convention(c) (I32, I32, Raw, I32, OutI32?, OutI32) -> Void

    /// Each routine in its two precisions: `[0]` Float32, `[1]` Float64.
    struct Factorizing: @unchecked Sendable {
        let getrf: [Getrf], potrf: [Potrf], geqrt: [Geqrt], gemqrt: [Gemqrt], syevr: [Syevr], geevx: [Geevx]
    }

    static let factorizing: Factorizing? = {
        guard BLAS.isAvailable else { return nil }
        func pair<F>(_ name: String, _ type: F.Type) -> [F]? {
            guard let s = BLAS.symbol("s" + name + "_", type), let d = BLAS.symbol("d" + name + "_", type) else { return nil }
            return [s, d]
        }
        guard let getrf = pair("getrf", Getrf.self), let potrf = pair("potrf", Potrf.self), let geqrt = pair("geqrt", Geqrt.self),
              let gemqrt = pair("gemqrt", Gemqrt.self), let syevr = pair("syevr", Syevr.self), let geevx = pair("geevx", Geevx.self)
        else { return nil }
        return Factorizing(getrf: getrf, potrf: potrf, geqrt: geqrt, gemqrt: gemqrt, syevr: syevr, geevx: geevx)
    }()

    static func requireFactorizing(_ a: Tensor) throws -> (Factorizing, Int) {
        guard let lib = factorizing else {
            throw EngineError.argument("LinearAlgebra's factorizations need LAPACK, from OpenBLAS (libopenblas0), which could not be loaded")
        }
        guard a.dtype.isFloat else { throw EngineError.argument("LAPACK works on Float32 or Float64 matrices, not \(a.dtype)") }
        return (lib, a.dtype == .float32 ? 0 : 1)
    }

    static func raw(_ t: Tensor) -> UnsafeMutableRawPointer {
        t.dtype == .float32 ? UnsafeMutableRawPointer(t.ptr(Float.self)) : UnsafeMutableRawPointer(t.ptr(Double.self))
    }

    static func char(_ c: Character) -> CChar { CChar(UInt8(ascii: c.unicodeScalars.first ?? "N")) }

    /// A float scalar of the tensor's precision in a one-element buffer (LAPACK's `REAL`
    /// or `DOUBLE PRECISION` arguments, and the workspace sizes its queries write).
    static func scalarBuffer(_ value: Double, like t: Tensor) throws -> Tensor {
        try Tensor.filled(value: value, dtype: t.dtype, shape: Shape([1]))
    }

    /// A workspace of the size a query wrote into `size`, at least `minimum`.
    static func workspace(from size: Tensor, at minimum: Int) throws -> (Tensor, Int32) {
        let n = try workspace(size.numericValue(0), at: minimum)
        return (try Tensor(uninitialized: size.dtype, Shape([Int(n)])), n)
    }

    /// `getrf` of an m×n matrix, in place: the min(m, n) 1-based row interchanges and `info`.
    public static func getrf(general a: Tensor) throws -> (pivots: [Int32], info: Int) {
        let (lib, p) = try requireFactorizing(a)
        var m = try int32(a.shape[0]), n = try int32(a.shape[1]), lda = Swift.max(1, m), info: Int32 = 0
        var pivots = [Int32](repeating: 0, count: Swift.min(a.shape[0], a.shape[1]))
        pivots.withUnsafeMutableBufferPointer { piv in lib.getrf[p](&m, &n, raw(a), &lda, piv.baseAddress, &info) }
        if info < 0 { throw EngineError.lapack(routine: "getrf", info: Int(info)) }
        return (pivots, Int(info))
    }

    /// `potrf`: the n×n matrix's upper (or lower) triangle becomes its Cholesky factor;
    /// `info` > 0 is the order of the leading minor that is not positive definite.
    public static func potrf(upper: Bool, _ a: Tensor) throws -> Int {
        let (lib, p) = try requireFactorizing(a)
        var n = try int32(a.shape[0]), lda = Swift.max(1, n), info: Int32 = 0
        var uplo = char(upper ? "U" : "L")
        lib.potrf[p](&uplo, &n, raw(a), &lda, &info, 1)
        if info < 0 { throw EngineError.lapack(routine: "potrf", info: Int(info)) }
        return Int(info)
    }

    /// `geqrt`: the m×n matrix becomes R (on and above the diagonal) and the Householder
    /// vectors (below); returns the nb×min(m, n) block reflector factors T.
    public static func geqrt(_ a: Tensor, blockSize: Int) throws -> Tensor {
        let (lib, p) = try requireFactorizing(a)
        let k = Swift.min(a.shape[0], a.shape[1])
        var m = try int32(a.shape[0]), n = try int32(a.shape[1]), lda = Swift.max(1, m), info: Int32 = 0
        var nb = try int32(Swift.max(1, blockSize)), ldt = nb
        let t = try Tensor.zeros(a.dtype, Shape([Int(nb), k]))
        let work = try Tensor(uninitialized: a.dtype, Shape([Swift.max(1, Int(nb) * a.shape[1])]))
        if k > 0 { lib.geqrt[p](&m, &n, &nb, raw(a), &lda, raw(t), &ldt, raw(work), &info) }
        if info != 0 { throw EngineError.lapack(routine: "geqrt", info: Int(info)) }
        return t
    }

    /// `gemqrt`: applies Q (or Qᵀ) of `geqrt`'s factors `v`, `t` to the m×n matrix `c` in
    /// place, from the left (or the right).
    public static func gemqrt(left: Bool, transpose: Bool, _ v: Tensor, _ t: Tensor, _ c: Tensor) throws {
        let (lib, p) = try requireFactorizing(c)
        let rows = c.shape[0], cols = c.rank == 2 ? c.shape[1] : 1
        let k = Swift.min(v.shape[0], v.shape[1])
        guard k > 0, rows > 0, cols > 0 else { return }
        var side = char(left ? "L" : "R"), trans = char(transpose ? "T" : "N")
        var m = try int32(rows), n = try int32(cols), kk = try int32(k), nb = try int32(Swift.min(t.shape[0], k))
        var ldv = try int32(Swift.max(1, left ? rows : cols)), ldt = try int32(t.shape[0]), ldc = Swift.max(1, m), info: Int32 = 0
        let work = try Tensor(uninitialized: c.dtype, Shape([Swift.max(1, Int(nb) * (left ? cols : rows))]))
        lib.gemqrt[p](&side, &trans, &m, &n, &kk, &nb, raw(v), &ldv, raw(t), &ldt, raw(c), &ldc, raw(work), &info, 1, 1)
        if info != 0 { throw EngineError.lapack(routine: "gemqrt", info: Int(info)) }
    }

    /// `syevr` of a symmetric matrix (its `uplo` triangle is read; `a` is destroyed): all
    /// eigenvalues ascending and, with `vectors`, the orthonormal eigenvectors as columns.
    public static func syevr(_ a: Tensor, upper: Bool, vectors: Bool) throws -> (values: Tensor, vectors: Tensor?) {
        let (lib, p) = try requireFactorizing(a)
        let order = a.shape[0]
        var jobz = char(vectors ? "V" : "N"), range = char("A"), uplo = char(upper ? "U" : "L")
        var n = try int32(order), lda = Swift.max(1, n), il: Int32 = 0, iu: Int32 = 0, found: Int32 = 0, info: Int32 = 0
        let vl = try scalarBuffer(0, like: a), vu = try scalarBuffer(0, like: a), abstol = try scalarBuffer(-1, like: a)
        let w = try Tensor.zeros(a.dtype, Shape([order]))
        let z = try Tensor.zeros(a.dtype, Shape([order, vectors ? order : 0]))
        var ldz = Swift.max(1, n)
        var isuppz = [Int32](repeating: 0, count: 2 * Swift.max(1, order))
        let size = try scalarBuffer(0, like: a)
        var iworkSize: Int32 = 0, query: Int32 = -1
        guard order > 0 else { return (w, vectors ? z : nil) }
        isuppz.withUnsafeMutableBufferPointer { sup in
            lib.syevr[p](&jobz, &range, &uplo, &n, raw(a), &lda, raw(vl), raw(vu), &il, &iu, raw(abstol), &found, raw(w), raw(z), &ldz,
                         sup.baseAddress, raw(size), &query, &iworkSize, &query, &info, 1, 1, 1)
        }
        var (work, lwork) = try workspace(from: size, at: 26 * order)
        var liwork = try int32(Swift.max(Int(iworkSize), 10 * order))
        try AllocationGuard.reserve(count: Int(liwork), bytesEach: 4)
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        isuppz.withUnsafeMutableBufferPointer { sup in
            iwork.withUnsafeMutableBufferPointer { iw in
                lib.syevr[p](&jobz, &range, &uplo, &n, raw(a), &lda, raw(vl), raw(vu), &il, &iu, raw(abstol), &found, raw(w), raw(z), &ldz,
                             sup.baseAddress, raw(work), &lwork, iw.baseAddress, &liwork, &info, 1, 1, 1)
            }
        }
        if info != 0 { throw EngineError.lapack(routine: "syevr", info: Int(info)) }
        return (w, vectors ? z : nil)
    }

    /// `geevx` with balancing `'B'` of a general square matrix (`a` is destroyed): the real
    /// and imaginary parts of the eigenvalues in LAPACK's order and, with `vectors`, the
    /// right eigenvectors in LAPACK's packed real form.
    public static func geevx(_ a: Tensor, vectors: Bool) throws -> (re: Tensor, im: Tensor, vectors: Tensor?) {
        let (lib, p) = try requireFactorizing(a)
        let order = a.shape[0]
        var balanc = char("B"), jobvl = char("N"), jobvr = char(vectors ? "V" : "N"), sense = char("N")
        var n = try int32(order), lda = Swift.max(1, n), ldvl: Int32 = 1, ldvr = Swift.max(1, n), ilo: Int32 = 0, ihi: Int32 = 0, info: Int32 = 0
        let wr = try Tensor.zeros(a.dtype, Shape([order])), wi = try Tensor.zeros(a.dtype, Shape([order]))
        let vl = try Tensor.zeros(a.dtype, Shape([1]))
        let vr = try Tensor.zeros(a.dtype, Shape([order, vectors ? order : 0]))
        let scale = try Tensor.zeros(a.dtype, Shape([Swift.max(1, order)])), abnrm = try scalarBuffer(0, like: a)
        let rconde = try Tensor.zeros(a.dtype, Shape([Swift.max(1, order)])), rcondv = try Tensor.zeros(a.dtype, Shape([Swift.max(1, order)]))
        guard order > 0 else { return (wr, wi, vectors ? vr : nil) }
        let size = try scalarBuffer(0, like: a)
        var query: Int32 = -1
        lib.geevx[p](&balanc, &jobvl, &jobvr, &sense, &n, raw(a), &lda, raw(wr), raw(wi), raw(vl), &ldvl, raw(vr), &ldvr, &ilo, &ihi,
                     raw(scale), raw(abnrm), raw(rconde), raw(rcondv), raw(size), &query, nil, &info, 1, 1, 1, 1)
        var (work, lwork) = try workspace(from: size, at: vectors ? 4 * order : 3 * order)
        lib.geevx[p](&balanc, &jobvl, &jobvr, &sense, &n, raw(a), &lda, raw(wr), raw(wi), raw(vl), &ldvl, raw(vr), &ldvr, &ilo, &ihi,
                     raw(scale), raw(abnrm), raw(rconde), raw(rcondv), raw(work), &lwork, nil, &info, 1, 1, 1, 1)
        if info != 0 { throw EngineError.lapack(routine: "geevx", info: Int(info)) }
        return (wr, wi, vectors ? vr : nil)
    }
}
