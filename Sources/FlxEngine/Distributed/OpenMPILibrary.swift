#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Open MPI's C library (`libmpi.so.40`, Debian's `libopenmpi3`), opened with dlopen the
/// first time a script asks for MPI, so flx without MPI installed starts and runs everything
/// else. No header is needed: the few entry points are declared here, and Open MPI's handles
/// (`MPI_COMM_WORLD`, `MPI_FLOAT`, `MPI_SUM`, ...) are the addresses of its global objects
/// (`ompi_mpi_comm_world`, `ompi_mpi_float`, `ompi_mpi_op_sum`), found with dlsym.
struct OpenMPILibrary: @unchecked Sendable {
    typealias Handle = UnsafeMutableRawPointer
    typealias Init = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int32
    typealias Query = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
    typealias NoArguments = @convention(c) () -> Int32
    typealias CommQuery = @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32
    typealias CommCall = @convention(c) (Handle) -> Int32
    typealias Bcast = @convention(c) (UnsafeMutableRawPointer?, Int32, Handle, Int32, Handle) -> Int32
    typealias Allreduce = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, Int32, Handle, Handle, Handle) -> Int32
    typealias Reduce = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, Int32, Handle, Handle, Int32, Handle) -> Int32
    typealias Abort = @convention(c) (Handle, Int32) -> Int32
    typealias Wtime = @convention(c) () -> Double

    let initialize: Init
    let initialized: Query
    let finalized: Query
    let finalize: NoArguments
    let commRank: CommQuery
    let commSize: CommQuery
    let barrier: CommCall
    let bcast: Bcast
    let allreduce: Allreduce
    let reduce: Reduce
    let abort: Abort
    let wtime: Wtime

    let commWorld: Handle
    let float32: Handle
    let float64: Handle
    let int64: Handle
    let byte: Handle
    let sum: Handle
    let product: Handle
    let maximum: Handle
    let minimum: Handle

    /// Open MPI's `MPI_IN_PLACE` is the address 1 (mpi.h: `(void *) 1`).
    static var inPlace: UnsafeRawPointer? { UnsafeRawPointer(bitPattern: 1) }

    /// The shared object's name and the Debian package that installs it, for the error a
    /// machine without MPI gets.
    static let soname = "libmpi.so.40"
    static let packageHint = "install Open MPI: apt-get install openmpi-bin libopenmpi-dev (Debian's libopenmpi3 holds libmpi.so.40)"

    /// The library, or why it could not be opened.
    static let loaded: Result<OpenMPILibrary, OpenMPIUnavailable> = open()

    private static func open() -> Result<OpenMPILibrary, OpenMPIUnavailable> {
        // RTLD_GLOBAL: Open MPI's plugins (mca_*.so) are opened by libmpi itself and resolve
        // its symbols from the global scope.
        guard let h = dlopen(soname, RTLD_NOW | RTLD_GLOBAL) ?? dlopen("libmpi.so", RTLD_NOW | RTLD_GLOBAL) else {
            let why = dlerror().map { String(cString: $0) } ?? "not found"
            return .failure(OpenMPIUnavailable(reason: "\(soname) could not be loaded (\(why)); \(packageHint)"))
        }
        var missing: [String] = []
        func symbol<F>(_ name: String, _: F.Type) -> F? {
            guard let p = dlsym(h, name) else { missing.append(name); return nil }
            return unsafeBitCast(p, to: F.self)
        }
        func object(_ name: String) -> Handle? {
            guard let p = dlsym(h, name) else { missing.append(name); return nil }
            return p
        }
        let lib: OpenMPILibrary? = {
            guard let initialize = symbol("MPI_Init", Init.self), let initialized = symbol("MPI_Initialized", Query.self),
                  let finalized = symbol("MPI_Finalized", Query.self), let finalize = symbol("MPI_Finalize", NoArguments.self),
                  let rank = symbol("MPI_Comm_rank", CommQuery.self), let size = symbol("MPI_Comm_size", CommQuery.self),
                  let barrier = symbol("MPI_Barrier", CommCall.self), let bcast = symbol("MPI_Bcast", Bcast.self),
                  let allreduce = symbol("MPI_Allreduce", Allreduce.self), let reduce = symbol("MPI_Reduce", Reduce.self),
                  let abort = symbol("MPI_Abort", Abort.self), let wtime = symbol("MPI_Wtime", Wtime.self),
                  let world = object("ompi_mpi_comm_world"), let f32 = object("ompi_mpi_float"),
                  let f64 = object("ompi_mpi_double"), let i64 = object("ompi_mpi_int64_t"), let byte = object("ompi_mpi_byte"),
                  let sum = object("ompi_mpi_op_sum"), let prod = object("ompi_mpi_op_prod"),
                  let max = object("ompi_mpi_op_max"), let min = object("ompi_mpi_op_min")
            else { return nil }
            return OpenMPILibrary(initialize: initialize, initialized: initialized, finalized: finalized, finalize: finalize,
                                  commRank: rank, commSize: size, barrier: barrier, bcast: bcast, allreduce: allreduce,
                                  reduce: reduce, abort: abort, wtime: wtime, commWorld: world, float32: f32, float64: f64,
                                  int64: i64, byte: byte, sum: sum, product: prod, maximum: max, minimum: min)
        }()
        guard let lib else {
            return .failure(OpenMPIUnavailable(reason: "\(soname) is not Open MPI 4 (missing \(missing.joined(separator: ", "))); \(packageHint)"))
        }
        return .success(lib)
    }
}

/// Why MPI cannot be used on this machine (the language raises it as an error).
public struct OpenMPIUnavailable: Error, Sendable {
    public let reason: String
}
