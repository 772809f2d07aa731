#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reductions MPI offers that Flux's `allreduce!`/`reduce!` use (`+`, `*`, `max`, `min`).
public enum ReductionOp: Sendable {
    case sum, product, max, min
}

/// The collective operations on tensors over `MPI_COMM_WORLD` (Open MPI's C API through
/// `OpenMPILibrary`). Buffers travel in their own element type: Float32 stays Float32 on the
/// wire. Every call is a blocking collective; MPI's default error handler
/// (`MPI_ERRORS_ARE_FATAL`) ends the whole job on a communication failure, so no rank waits
/// forever on one that died.
public enum OpenMPI {
    /// Largest number of elements one MPI call carries: counts are C ints, and a large flat
    /// gradient is sent as consecutive buckets of this size.
    public static let bucketElements = 1 << 24

    /// Whether this process called `MPI_Init` (and so owes `MPI_Finalize` at exit).
    nonisolated(unsafe) private static var started = false
    /// Time spent in `average` (the optimiser's one allreduce per step) and how many calls.
    nonisolated(unsafe) public private(set) static var averageSeconds = 0.0
    nonisolated(unsafe) public private(set) static var averageCalls = 0

    static func library() throws -> OpenMPILibrary {
        switch OpenMPILibrary.loaded {
        case .success(let lib): return lib
        case .failure(let why): throw why
        }
    }

    /// Whether the library can be opened, without raising anything.
    public static var isAvailable: Bool {
        if case .success = OpenMPILibrary.loaded { return true }
        return false
    }

    private static func check(_ code: Int32, _ call: String) throws {
        guard code == 0 else { throw EngineError.argument("\(call) failed with MPI error code \(Int(code))") }
    }

    // MARK: environment

    /// `MPI_Init` unless MPI is already initialised; registers `MPI_Finalize` for a normal exit.
    public static func initialize() throws {
        let lib = try library()
        guard try !isInitialized() else { return }
        // A rank waiting in a collective yields the core instead of spinning on it, unless the
        // user chose otherwise: on a machine whose cores are shared (more ranks than free
        // cores, other jobs) spinning ranks starve the one still computing; measured on
        // 2 busy cores, the MLP's 2-rank step went from 35 ms to 13 ms.
        setenv("OMPI_MCA_mpi_yield_when_idle", "1", 0)
        try check(lib.initialize(nil, nil), "MPI_Init")
        started = true
        atexit { OpenMPI.finishAtExit() }
    }

    public static func isInitialized() throws -> Bool {
        var flag: Int32 = 0
        try check(try library().initialized(&flag), "MPI_Initialized")
        return flag != 0
    }

    public static func isFinalized() throws -> Bool {
        var flag: Int32 = 0
        try check(try library().finalized(&flag), "MPI_Finalized")
        return flag != 0
    }

    public static func finalize() throws {
        guard try isInitialized(), try !isFinalized() else { return }
        try check(try library().finalize(), "MPI_Finalize")
    }

    /// The process ended normally: finalise (what MPI.jl's atexit hook does), so `mpirun`
    /// does not report a rank that exited without `MPI_Finalize`.
    private static func finishAtExit() {
        guard started, let lib = try? library() else { return }
        var done: Int32 = 0
        _ = lib.finalized(&done)
        if done == 0 {
            if getenv("FLX_MPI_STATS") != nil, averageCalls > 0 {
                var rank: Int32 = 0
                _ = lib.commRank(lib.commWorld, &rank)
                let perCall = averageSeconds / Double(averageCalls) * 1000
                let text = "rank \(rank): \(averageCalls) gradient allreduces, \(perCall) ms each\n"
                _ = text.withCString { write(2, $0, strlen($0)) }
            }
            _ = lib.finalize()
        }
    }

    /// Ends every rank of the job with `code` (`MPI_Abort`): a script that failed on one rank
    /// must not leave the others waiting in a collective. Does nothing when this process never
    /// started MPI or already finalised it.
    public static func abortJob(code: Int32) {
        guard started, let lib = try? library() else { return }
        var done: Int32 = 0
        _ = lib.finalized(&done)
        guard done == 0 else { return }
        _ = lib.abort(lib.commWorld, code == 0 ? 1 : code)
    }

    /// `MPI_COMM_WORLD`'s handle as a number (MPI.jl shows a communicator by its handle).
    public static func worldHandle() throws -> UInt { UInt(bitPattern: try library().commWorld) }

    public static func wtime() throws -> Double { try library().wtime() }

    // MARK: communicator queries

    public static func rank() throws -> Int {
        let lib = try ready()
        var r: Int32 = 0
        try check(lib.commRank(lib.commWorld, &r), "MPI_Comm_rank")
        return Int(r)
    }

    public static func size() throws -> Int {
        let lib = try ready()
        var n: Int32 = 0
        try check(lib.commSize(lib.commWorld, &n), "MPI_Comm_size")
        return Int(n)
    }

    public static func barrier() throws {
        let lib = try ready()
        try check(lib.barrier(lib.commWorld), "MPI_Barrier")
    }

    /// The library, once MPI is initialised (calling MPI before `MPI_Init` is an error, not a crash).
    private static func ready() throws -> OpenMPILibrary {
        let lib = try library()
        guard try isInitialized() else { throw EngineError.argument("MPI is not initialized: call MPI.Init() or DistributedUtils.initialize(MPIBackend) first") }
        guard try !isFinalized() else { throw EngineError.argument("MPI has been finalized") }
        return lib
    }

    private static func checkedRoot(_ root: Int) throws -> Int32 {
        let n = try size()
        guard root >= 0, root < n else { throw EngineError.argument("root \(root) is not a rank of a communicator of \(n) processes") }
        return Int32(truncatingIfNeeded: root)
    }

    private static func datatype(_ d: DType, _ lib: OpenMPILibrary, reducing: Bool) throws -> OpenMPILibrary.Handle {
        switch d {
        case .float32: return lib.float32
        case .float64: return lib.float64
        case .int64: return lib.int64
        case .bool:
            if reducing { throw EngineError.argument("MPI reductions need numeric arrays, got \(arrayType: 1, .bool)") }
            return lib.byte
        }
    }

    private static func operation(_ op: ReductionOp, _ lib: OpenMPILibrary) -> OpenMPILibrary.Handle {
        switch op {
        case .sum: return lib.sum
        case .product: return lib.product
        case .max: return lib.maximum
        case .min: return lib.minimum
        }
    }

    /// Runs `body(offset, count)` over `count` elements in buckets of at most `bucketElements`.
    private static func inBuckets(_ count: Int, _ body: (Int, Int32) throws -> Void) rethrows {
        var start = 0
        repeat {
            let n = min(bucketElements, count - start)
            try body(start, Int32(truncatingIfNeeded: n))
            start += n
        } while start < count
    }

    // MARK: collectives

    /// `MPI_Bcast`: `t` on every rank becomes `t` of `root`.
    public static func broadcast(_ t: Tensor, root: Int) throws {
        let lib = try ready()
        let r = try checkedRoot(root)
        let type = try datatype(t.dtype, lib, reducing: false)
        let width = t.dtype.byteWidth
        try inBuckets(t.count) { start, n in
            try check(lib.bcast(t.raw + start * width, n, type, r, lib.commWorld), "MPI_Bcast")
        }
    }

    /// `MPI_Bcast` of raw bytes (a bits value such as a number).
    public static func broadcast(bytes: UnsafeMutableRawPointer, count: Int, root: Int) throws {
        let lib = try ready()
        let r = try checkedRoot(root)
        try inBuckets(count) { start, n in
            try check(lib.bcast(bytes + start, n, lib.byte, r, lib.commWorld), "MPI_Bcast")
        }
    }

    private static func checkPair(_ send: Tensor, _ recv: Tensor, _ call: String) throws {
        guard send.dtype == recv.dtype else {
            throw EngineError.argument("\(call): send and receive buffers must have one element type, got \(send.dtype) and \(recv.dtype)")
        }
        guard send.count == recv.count else {
            throw EngineError.dimensionMismatch("\(call): send buffer of size \(send.shape) and receive buffer of size \(recv.shape)")
        }
    }

    /// `MPI_Allreduce`: `recv` on every rank becomes `op` over all ranks' `send`; in place when
    /// `send === recv`.
    public static func allreduce(_ send: Tensor, into recv: Tensor, op: ReductionOp) throws {
        let lib = try ready()
        try checkPair(send, recv, "Allreduce!")
        let type = try datatype(send.dtype, lib, reducing: true)
        let width = send.dtype.byteWidth
        let inPlace = send.raw == recv.raw
        try inBuckets(send.count) { start, n in
            let source = inPlace ? OpenMPILibrary.inPlace : UnsafeRawPointer(send.raw + start * width)
            try check(lib.allreduce(source, recv.raw + start * width, n, type, operation(op, lib), lib.commWorld), "MPI_Allreduce")
        }
    }

    /// `MPI_Reduce` to `root`: only `root`'s `recv` receives the result; in place when
    /// `send === recv` (then the other ranks' buffers are only sent).
    public static func reduce(_ send: Tensor, into recv: Tensor, op: ReductionOp, root: Int) throws {
        let lib = try ready()
        try checkPair(send, recv, "Reduce!")
        let r = try checkedRoot(root)
        let type = try datatype(send.dtype, lib, reducing: true)
        let width = send.dtype.byteWidth
        let inPlace = send.raw == recv.raw
        let atRoot = try rank() == root
        try inBuckets(send.count) { start, n in
            let source = inPlace && atRoot ? OpenMPILibrary.inPlace : UnsafeRawPointer(send.raw + start * width)
            try check(lib.reduce(source, recv.raw + start * width, n, type, operation(op, lib), r, lib.commWorld), "MPI_Reduce")
        }
    }

    /// `t ./= n` in t's element type (Flux's `avg` after the sum); an integer array must divide
    /// exactly, as Julia's `./=` into it does.
    public static func divide(_ t: Tensor, by n: Int) throws {
        switch t.dtype {
        case .float32:
            let p = t.ptr(Float.self), d = Float(n)
            for i in 0..<t.count { p[i] = p[i] / d }
        case .float64:
            let p = t.ptr(Double.self), d = Double(n)
            for i in 0..<t.count { p[i] = p[i] / d }
        case .int64:
            let p = t.ptr(Int64.self), d = Int64(n)
            for i in 0..<t.count where p[i] % d != 0 {
                throw EngineError.inexact(target: .int64, value: Double(p[i]) / Double(d), source: .float64)
            }
            for i in 0..<t.count { p[i] /= d }
        case .bool:
            throw EngineError.argument("cannot average a \(array: t.shape, t.dtype)")
        }
    }

    /// Replaces each tensor by its average over all ranks with one allreduce (in buckets when
    /// large) over a flat buffer of all of them per element type, not one call per array:
    /// the data-parallel optimiser's gradient exchange. The sum is divided in the element
    /// type, as Flux's `allreduce!(backend, y, avg)` does (`y ./= total_workers`).
    public static func average(_ tensors: [Tensor]) throws {
        if tensors.contains(where: { !$0.dtype.isFloat }) {
            throw EngineError.argument("gradients to average must be floating-point arrays")
        }
        let began = try wtime()
        let workers = try size()
        for dtype in [DType.float32, .float64] {
            let group = tensors.filter { $0.dtype == dtype }
            guard !group.isEmpty else { continue }
            let total = group.reduce(0) { $0 + $1.count }
            let flat = try Tensor(uninitialized: dtype, try Shape(total))
            let width = dtype.byteWidth
            var offset = 0
            for t in group {
                memcpy(flat.raw + offset * width, t.raw, t.count * width)
                offset += t.count
            }
            try allreduce(flat, into: flat, op: .sum)
            try divide(flat, by: workers)
            offset = 0
            for t in group {
                memcpy(t.raw, flat.raw + offset * width, t.count * width)
                offset += t.count
            }
        }
        averageSeconds += try wtime() - began
        averageCalls += 1
    }
}
