#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// LAPACK's LU, triangular and SVD routines, from the OpenBLAS that `BLAS` opens. Julia's
/// `det`, `inv`, `\` and `opnorm` call these same routines (getrf, getri, getrs, trtrs,
/// gesdd), so with the same library the results agree with Julia's to the last bit.
///
/// Fortran conventions: every argument by address, 32-bit integers (the LP64 interface
/// Debian's libopenblas0 has), column-major storage, and one hidden length argument per
/// character argument at the end (as Julia passes them; the C rewrites inside OpenBLAS
/// ignore the extra arguments).
///
/// Without OpenBLAS there is no LAPACK: the functions throw, and nothing else changes.
enum LAPACK {
    typealias Len = Int
    // C function types cannot be generic, so each precision spells its own.
    typealias SGetrf = @convention(c) (UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafeMutablePointer<Float>?, UnsafePointer<Int32>,
                                       UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>) -> Void
    typealias DGetrf = @convention(c) (UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafeMutablePointer<Double>?, UnsafePointer<Int32>,
                                       UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>) -> Void
    typealias SGetri = @convention(c) (UnsafePointer<Int32>, UnsafeMutablePointer<Float>?, UnsafePointer<Int32>, UnsafePointer<Int32>?,
                                       UnsafeMutablePointer<Float>?, UnsafePointer<Int32>, UnsafeMutablePointer<Int32>) -> Void
    typealias DGetri = @convention(c) (UnsafePointer<Int32>, UnsafeMutablePointer<Double>?, UnsafePointer<Int32>, UnsafePointer<Int32>?,
                                       UnsafeMutablePointer<Double>?, UnsafePointer<Int32>, UnsafeMutablePointer<Int32>) -> Void
    typealias SGetrs = @convention(c) (UnsafePointer<CChar>, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Float>?, UnsafePointer<Int32>,
                                       UnsafePointer<Int32>?, UnsafeMutablePointer<Float>?, UnsafePointer<Int32>, UnsafeMutablePointer<Int32>, Len) -> Void
    typealias DGetrs = @convention(c) (UnsafePointer<CChar>, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Double>?, UnsafePointer<Int32>,
                                       UnsafePointer<Int32>?, UnsafeMutablePointer<Double>?, UnsafePointer<Int32>, UnsafeMutablePointer<Int32>, Len) -> Void
    typealias STrtrs = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafePointer<Int32>, UnsafePointer<Int32>,
                                       UnsafePointer<Float>?, UnsafePointer<Int32>, UnsafeMutablePointer<Float>?, UnsafePointer<Int32>,
                                       UnsafeMutablePointer<Int32>, Len, Len, Len) -> Void
    typealias DTrtrs = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafePointer<Int32>, UnsafePointer<Int32>,
                                       UnsafePointer<Double>?, UnsafePointer<Int32>, UnsafeMutablePointer<Double>?, UnsafePointer<Int32>,
                                       UnsafeMutablePointer<Int32>, Len, Len, Len) -> Void
    typealias SGesdd = @convention(c) (UnsafePointer<CChar>, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafeMutablePointer<Float>?, UnsafePointer<Int32>,
                                       UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?, UnsafePointer<Int32>, UnsafeMutablePointer<Float>?,
                                       UnsafePointer<Int32>, UnsafeMutablePointer<Float>?, UnsafePointer<Int32>, UnsafeMutablePointer<Int32>?,
                                       UnsafeMutablePointer<Int32>, Len) -> Void
    typealias DGesdd = @convention(c) (UnsafePointer<CChar>, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafeMutablePointer<Double>?, UnsafePointer<Int32>,
                                       UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafePointer<Int32>, UnsafeMutablePointer<Double>?,
                                       UnsafePointer<Int32>, UnsafeMutablePointer<Double>?, UnsafePointer<Int32>, UnsafeMutablePointer<Int32>?,
                                       UnsafeMutablePointer<Int32>, Len) -> Void

    /// The library's entry points; built once, then only read.
    struct Library: @unchecked Sendable {
        let sgetrf: SGetrf, dgetrf: DGetrf
        let sgetri: SGetri, dgetri: DGetri
        let sgetrs: SGetrs, dgetrs: DGetrs
        let strtrs: STrtrs, dtrtrs: DTrtrs
        let sgesdd: SGesdd, dgesdd: DGesdd
    }

    /// Opened after `BLAS.library`, so OpenBLAS is already loaded single-threaded (dlopen
    /// of a loaded library returns the same handle).
    static let library: Library? = open()

    private static func open() -> Library? {
        guard BLAS.isAvailable else { return nil }
        func symbol<F>(_ name: String, _ type: F.Type) -> F? { BLAS.symbol(name, type) }
        guard let sgetrf = symbol("sgetrf_", SGetrf.self), let dgetrf = symbol("dgetrf_", DGetrf.self),
              let sgetri = symbol("sgetri_", SGetri.self), let dgetri = symbol("dgetri_", DGetri.self),
              let sgetrs = symbol("sgetrs_", SGetrs.self), let dgetrs = symbol("dgetrs_", DGetrs.self),
              let strtrs = symbol("strtrs_", STrtrs.self), let dtrtrs = symbol("dtrtrs_", DTrtrs.self),
              let sgesdd = symbol("sgesdd_", SGesdd.self), let dgesdd = symbol("dgesdd_", DGesdd.self)
        else { return nil }
        return Library(sgetrf: sgetrf, dgetrf: dgetrf, sgetri: sgetri, dgetri: dgetri, sgetrs: sgetrs, dgetrs: dgetrs,
                       strtrs: strtrs, dtrtrs: dtrtrs, sgesdd: sgesdd, dgesdd: dgesdd)
    }

    static func require() throws -> Library {
        guard let lib = library else {
            throw EngineError.argument("LinearAlgebra's factorizations need LAPACK, from OpenBLAS (libopenblas0), which could not be loaded")
        }
        return lib
    }

    /// A dimension as LAPACK's 32-bit integer; at least 1 where it is a leading dimension.
    static func int32(_ n: Int) throws -> Int32 {
        guard let v = Int32(exactly: n) else { throw EngineError.argument("matrix too large for LAPACK (\(n) rows or columns)") }
        return v
    }

    /// The workspace size a query returned (a float, as LAPACK reports it), at least `minimum`.
    static func workspace(_ reported: Double, at minimum: Int) throws -> Int32 {
        let n = reported.isFinite && reported >= 0 && reported < 2e9 ? Int(exactly: reported.rounded(.up)) ?? minimum : minimum
        return try int32(Swift.max(1, minimum, n))
    }

    // MARK: calls on float tensors (Float32 or Float64), in place

    /// `getrf`: the n×n float matrix `a` becomes its LU factors; returns the 1-based row
    /// interchanges and `info` (> 0: U[info, info] is exactly zero).
    static func getrf(_ a: Tensor) throws -> (pivots: [Int32], info: Int) {
        let lib = try require()
        var n = try int32(a.shape[0]), lda = Swift.max(1, n), info: Int32 = 0
        var pivots = [Int32](repeating: 0, count: Int(n))
        pivots.withUnsafeMutableBufferPointer { p in
            if a.dtype == .float32 { lib.sgetrf(&n, &n, a.ptr(Float.self), &lda, p.baseAddress, &info) }
            else { lib.dgetrf(&n, &n, a.ptr(Double.self), &lda, p.baseAddress, &info) }
        }
        return (pivots, Int(info))
    }

    /// `getri`: LU factors (from `getrf`, nonsingular) become the inverse.
    static func getri(_ a: Tensor, _ pivots: [Int32]) throws {
        let lib = try require()
        var n = try int32(a.shape[0]), lda = Swift.max(1, n), info: Int32 = 0
        // The optimal workspace is asked for first (lwork = -1), as Julia's getri! does.
        var query = -1 as Int32
        if a.dtype == .float32 {
            var size: Float = 0
            lib.sgetri(&n, a.ptr(Float.self), &lda, pivots, &size, &query, &info)
            var lwork = try workspace(Double(size), at: Int(n))
            let work = try Tensor(uninitialized: .float32, Shape([Int(lwork)]))
            lib.sgetri(&n, a.ptr(Float.self), &lda, pivots, work.ptr(Float.self), &lwork, &info)
        } else {
            var size: Double = 0
            lib.dgetri(&n, a.ptr(Double.self), &lda, pivots, &size, &query, &info)
            var lwork = try workspace(size, at: Int(n))
            let work = try Tensor(uninitialized: .float64, Shape([Int(lwork)]))
            lib.dgetri(&n, a.ptr(Double.self), &lda, pivots, work.ptr(Double.self), &lwork, &info)
        }
        if info > 0 { throw EngineError.singular(Int(info)) }
    }

    /// `getrs`: solves `op(A) X = B` in place of `b` (n×k, or an n-vector) from `getrf`'s factors.
    static func getrs(transpose: Bool, _ lu: Tensor, _ pivots: [Int32], _ b: Tensor) throws {
        let lib = try require()
        var n = try int32(lu.shape[0]), lda = Swift.max(1, n), info: Int32 = 0
        var nrhs = try int32(b.rank == 1 ? 1 : b.shape[1]), ldb = Swift.max(1, n)
        var trans = CChar(UInt8(ascii: transpose ? "T" : "N"))
        if lu.dtype == .float32 {
            lib.sgetrs(&trans, &n, &nrhs, lu.ptr(Float.self), &lda, pivots, b.ptr(Float.self), &ldb, &info, 1)
        } else {
            lib.dgetrs(&trans, &n, &nrhs, lu.ptr(Double.self), &lda, pivots, b.ptr(Double.self), &ldb, &info, 1)
        }
    }

    /// `trtrs`: solves `op(A) X = B` for a triangular `A`, in place of `b`; `info` > 0 names
    /// the first zero on the diagonal (A is singular) and leaves `b` unsolved.
    static func trtrs(upper: Bool, transpose: Bool, _ a: Tensor, _ b: Tensor) throws -> Int {
        let lib = try require()
        var n = try int32(a.shape[0]), lda = Swift.max(1, n), info: Int32 = 0
        var nrhs = try int32(b.rank == 1 ? 1 : b.shape[1]), ldb = Swift.max(1, n)
        var uplo = CChar(UInt8(ascii: upper ? "U" : "L")), trans = CChar(UInt8(ascii: transpose ? "T" : "N"))
        var diag = CChar(UInt8(ascii: "N"))
        if a.dtype == .float32 {
            lib.strtrs(&uplo, &trans, &diag, &n, &nrhs, a.ptr(Float.self), &lda, b.ptr(Float.self), &ldb, &info, 1, 1, 1)
        } else {
            lib.dtrtrs(&uplo, &trans, &diag, &n, &nrhs, a.ptr(Double.self), &lda, b.ptr(Double.self), &ldb, &info, 1, 1, 1)
        }
        return Int(info)
    }

    /// `gesdd`: the singular values of the m×n float matrix `a` (destroyed), largest
    /// first; with `vectors`, also the thin U (m×k) and Vᵀ (k×n), k = min(m, n), or with
    /// `full` the square U (m×m) and Vᵀ (n×n).
    static func gesdd(_ a: Tensor, vectors: Bool, full: Bool = false) throws -> (s: Tensor, u: Tensor?, vt: Tensor?) {
        let lib = try require()
        let m = a.shape[0], n = a.shape[1], k = Swift.min(m, n)
        var mm = try int32(m), nn = try int32(n), lda = Swift.max(1, mm), info: Int32 = 0
        var job = CChar(UInt8(ascii: !vectors ? "N" : full ? "A" : "S"))
        let s = try Tensor(uninitialized: a.dtype, Shape([k]))
        let u = vectors ? try Tensor(uninitialized: a.dtype, Shape([m, full ? m : k])) : nil
        let vt = vectors ? try Tensor(uninitialized: a.dtype, Shape([full ? n : k, n])) : nil
        var ldu = Swift.max(1, mm), ldvt = try Swift.max(1, int32(full ? n : k))
        var iwork = [Int32](repeating: 0, count: Swift.max(1, 8 * k))
        var query = -1 as Int32
        func run<T: FloatElement>(_: T.Type, _ call: (UnsafeMutablePointer<T>?, UnsafePointer<Int32>, UnsafeMutablePointer<Int32>?) -> Void) throws {
            var size: T = 0
            iwork.withUnsafeMutableBufferPointer { iw in call(&size, &query, iw.baseAddress) }
            var lwork = try workspace(Double(size), at: 1)
            let work = try Tensor(uninitialized: a.dtype, Shape([Int(lwork)]))
            iwork.withUnsafeMutableBufferPointer { iw in call(work.ptr(T.self), &lwork, iw.baseAddress) }
        }
        if a.dtype == .float32 {
            try run(Float.self) { w, lw, iw in
                lib.sgesdd(&job, &mm, &nn, a.ptr(Float.self), &lda, s.ptr(Float.self), u?.ptr(Float.self), &ldu, vt?.ptr(Float.self), &ldvt, w, lw, iw, &info, 1)
            }
        } else {
            try run(Double.self) { w, lw, iw in
                lib.dgesdd(&job, &mm, &nn, a.ptr(Double.self), &lda, s.ptr(Double.self), u?.ptr(Double.self), &ldu, vt?.ptr(Double.self), &ldvt, w, lw, iw, &info, 1)
            }
        }
        if info != 0 { throw EngineError.lapack(routine: "gesdd", info: Int(info)) }
        return (s, u, vt)
    }
}
