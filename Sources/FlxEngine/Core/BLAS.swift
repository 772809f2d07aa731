#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// OpenBLAS, opened on the first matrix product rather than linked.
///
/// Linked, OpenBLAS starts its worker threads before `main`, and they spin on
/// `sched_yield` for a while whether or not a product ever comes: a script that
/// never multiplies matrices paid about 3 ms of loading and a whole second core of
/// spinning. Opened on first use, it loads only for scripts that need it. It runs
/// one thread (OPENBLAS_NUM_THREADS=1 before it loads, so it starts no workers):
/// `Parallel` splits the products across the engine's own threads.
///
/// Without a loadable OpenBLAS the engine still works: products fall back to
/// plain loops and these functions to straightforward sums.
enum BLAS {
    // CBLAS's enum values (cblas.h).
    static let colMajor: Int32 = 102
    static let noTrans: Int32 = 111
    static let trans: Int32 = 112

    // C function types cannot be generic, so each precision spells its own.
    typealias SGemm = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias DGemm = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
                                      UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void
    typealias SGemv = @convention(c) (Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias DGemv = @convention(c) (Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
                                      UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void
    typealias SDot = @convention(c) (Int32, UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32) -> Float
    typealias DDot = @convention(c) (Int32, UnsafePointer<Double>?, Int32, UnsafePointer<Double>?, Int32) -> Double
    typealias SReduce = @convention(c) (Int32, UnsafePointer<Float>?, Int32) -> Float
    typealias DReduce = @convention(c) (Int32, UnsafePointer<Double>?, Int32) -> Double

    /// The library's entry points; built once, then only read.
    struct Library: @unchecked Sendable {
        let sgemm: SGemm, dgemm: DGemm
        let sgemv: SGemv, dgemv: DGemv
        let sdot: SDot, ddot: DDot
        let snrm2: SReduce, dnrm2: DReduce
        let sasum: SReduce, dasum: DReduce
        let coreName: (@convention(c) () -> UnsafeMutablePointer<CChar>?)?
    }

    /// The library, opened on first use; nil when no OpenBLAS can be loaded.
    static let library: Library? = open()

    static var isAvailable: Bool { library != nil }

    /// OpenBLAS (its BLAS and its LAPACK), opened once, single-threaded; nil when absent.
    // Written once by the lazy initialiser, only read after: safe to share.
    nonisolated(unsafe) static let handle: UnsafeMutableRawPointer? = opened?.handle

    /// The library and the name it was opened under (that name is `BLAS.get_config()`'s).
    nonisolated(unsafe) private static let opened: (handle: UnsafeMutableRawPointer, name: String)? = {
        setenv("OPENBLAS_NUM_THREADS", "1", 1)
        // The kernel set, named for OpenBLAS only while it loads (it reads the variable
        // then), so programs this process starts see the user's environment.
        let kernel = BLASKernelChoice.current.coreType
        if let kernel { setenv("OPENBLAS_CORETYPE", kernel, 1) }
        defer { if kernel != nil { unsetenv("OPENBLAS_CORETYPE") } }
        for name in ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"] {
            if let h = dlopen(name, RTLD_NOW | RTLD_LOCAL | deepBinding) { return (h, name) }
        }
        return nil
    }()

    /// `RTLD_DEEPBIND` on Linux: OpenBLAS's ~16 000 symbol relocations (its kernel tables
    /// name its own functions) are looked up in OpenBLAS first instead of in every library
    /// flx links (the Swift runtime, Foundation, ...) before it. Loading it then costs 8.3M
    /// instructions instead of 21.7M (measured with this process's libraries loaded), and
    /// first_gradient, which pays for it, 13M of its 58M less. OpenBLAS defines nothing flx also defines, so
    /// binding it to its own symbols first changes no function it calls. Left out under
    /// AddressSanitizer (the fuzz build), whose runtime refuses deep-bound libraries.
    private static var deepBinding: Int32 {
        #if os(Linux)
        // RTLD_DEEPBIND is behind _GNU_SOURCE in dlfcn.h, which Swift's Glibc does not import.
        let rtldDeepBind: Int32 = 0x0008
        // dlsym(nil, ...) is RTLD_DEFAULT: every library loaded so far.
        return dlsym(nil, "__asan_init") == nil ? rtldDeepBind : 0
        #else
        return 0
        #endif
    }

    /// The name OpenBLAS was opened under; nil when it was not.
    static var libraryName: String? { opened?.name }

    /// A function of the library by name.
    static func symbol<F>(_ name: String, _: F.Type) -> F? {
        guard let handle, let p = dlsym(handle, name) else { return nil }
        return unsafeBitCast(p, to: F.self)
    }

    private static func open() -> Library? {
        guard let sgemm = symbol("cblas_sgemm", SGemm.self), let dgemm = symbol("cblas_dgemm", DGemm.self),
              let sgemv = symbol("cblas_sgemv", SGemv.self), let dgemv = symbol("cblas_dgemv", DGemv.self),
              let sdot = symbol("cblas_sdot", SDot.self), let ddot = symbol("cblas_ddot", DDot.self),
              let snrm2 = symbol("cblas_snrm2", SReduce.self), let dnrm2 = symbol("cblas_dnrm2", DReduce.self),
              let sasum = symbol("cblas_sasum", SReduce.self), let dasum = symbol("cblas_dasum", DReduce.self)
        else { return nil }
        let lib = Library(sgemm: sgemm, dgemm: dgemm, sgemv: sgemv, dgemv: dgemv, sdot: sdot, ddot: ddot,
                          snrm2: snrm2, dnrm2: dnrm2, sasum: sasum, dasum: dasum,
                          coreName: symbol("openblas_get_corename", (@convention(c) () -> UnsafeMutablePointer<CChar>?).self))
        // Started before this process set the variable (another library loaded it first)?
        if let set = symbol("openblas_set_num_threads", (@convention(c) (Int32) -> Void).self) { set(1) }
        return lib
    }

    static var coreName: String {
        guard let name = library?.coreName, let p = name() else { return "unknown" }
        return String(cString: p)
    }

    // MARK: level-1 routines with plain fallbacks

    static func dot<T: FloatElement>(_ n: Int, _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>) -> T {
        if let lib = library {
            if T.self == Float.self {
                return T(lib.sdot(Int32(n), UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), 1, UnsafeRawPointer(y).assumingMemoryBound(to: Float.self), 1))
            }
            return T(lib.ddot(Int32(n), UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), 1, UnsafeRawPointer(y).assumingMemoryBound(to: Double.self), 1))
        }
        return dotLoop(n, x, y)
    }

    /// Euclidean norm.
    static func nrm2<T: FloatElement>(_ n: Int, _ x: UnsafeMutablePointer<T>) -> T {
        if let lib = library {
            if T.self == Float.self { return T(lib.snrm2(Int32(n), UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), 1)) }
            return T(lib.dnrm2(Int32(n), UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), 1))
        }
        return nrm2Loop(n, x)
    }

    static func asum<T: FloatElement>(_ n: Int, _ x: UnsafeMutablePointer<T>) -> T {
        if let lib = library {
            if T.self == Float.self { return T(lib.sasum(Int32(n), UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), 1)) }
            return T(lib.dasum(Int32(n), UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), 1))
        }
        return asumLoop(n, x)
    }

    // The fallbacks themselves (tested against the library where there is one).

    static func dotLoop<T: FloatElement>(_ n: Int, _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>) -> T {
        var s: T = 0
        for i in 0..<n { s += x[i] * y[i] }
        return s
    }

    /// Scales by the largest magnitude so it cannot overflow; a NaN anywhere gives NaN
    /// (`Swift.max` would drop it, and a vector of NaNs came out as 0).
    static func nrm2Loop<T: FloatElement>(_ n: Int, _ x: UnsafeMutablePointer<T>) -> T {
        var m: T = 0
        for i in 0..<n {
            let a = abs(x[i])
            if a.isNaN { return .nan }
            m = Swift.max(m, a)
        }
        if m == 0 || !m.isFinite { return m }
        var s: T = 0
        for i in 0..<n { let r = x[i] / m; s += r * r }
        return m * s.squareRoot()
    }

    static func asumLoop<T: FloatElement>(_ n: Int, _ x: UnsafeMutablePointer<T>) -> T {
        var s: T = 0
        for i in 0..<n { s += abs(x[i]) }
        return s
    }
}
