import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// MPI.jl's basics for scripts written against it directly (`using MPI`): `MPI.Init`,
/// `MPI.COMM_WORLD`, `MPI.Comm_rank`, `MPI.Comm_size`, `MPI.Barrier`, `MPI.Bcast!`,
/// `MPI.Allreduce!`/`MPI.Allreduce`, `MPI.Reduce!`, `MPI.Wtime`, `MPI.Abort`, `MPI.Finalize`.
/// Open MPI is opened only when one of them runs (`FlxEngine.OpenMPI`).
package enum MPIModule {
    package static func install(_ interp: Interpreter) {
        let mpi = ModuleValue(name: "MPI", parent: interp.base)
        mpi.usings = [interp.base]
        interp.modules["MPI"] = mpi
        mpi.define("Comm", .type(CommObject.type))
        mpi.define("COMM_WORLD", .native(CommObject.world))
        mpi.define("Op", .type(ReductionObject.type))
        for (name, op) in [("SUM", ReductionOp.sum), ("PROD", .product), ("MAX", .max), ("MIN", .min)] {
            mpi.define(name, .native(ReductionObject(name: name, op: op)))
        }
        mpi.native("Init") { interp, a in
            try a.expect("Init", 0...0)
            _ = a.keyword("threadlevel")
            _ = a.keyword("finalize_atexit")
            try start(interp)
            return .nothing
        }
        mpi.native("Initialized") { interp, a in
            try a.expect("Initialized", 0...0)
            return .bool(try run(interp) { try OpenMPI.isInitialized() })
        }
        mpi.native("Finalized") { interp, a in
            try a.expect("Finalized", 0...0)
            return .bool(try run(interp) { try OpenMPI.isFinalized() })
        }
        mpi.native("Finalize") { interp, a in
            try a.expect("Finalize", 0...0)
            try run(interp) { try OpenMPI.finalize() }
            return .nothing
        }
        mpi.native("Comm_rank") { interp, a in
            try a.expect("Comm_rank", 1...1)
            try comm(a[0], "Comm_rank", a)
            return .int(Int64(try run(interp) { try OpenMPI.rank() }))
        }
        mpi.native("Comm_size") { interp, a in
            try a.expect("Comm_size", 1...1)
            try comm(a[0], "Comm_size", a)
            return .int(Int64(try run(interp) { try OpenMPI.size() }))
        }
        mpi.native("Barrier") { interp, a in
            try a.expect("Barrier", 1...1)
            try comm(a[0], "Barrier", a)
            try run(interp) { try OpenMPI.barrier() }
            return .nothing
        }
        mpi.native("Wtime") { interp, a in
            try a.expect("Wtime", 0...0)
            return .float64(try run(interp) { try OpenMPI.wtime() })
        }
        mpi.native("Abort") { interp, a in
            try a.expect("Abort", 2...2)
            try comm(a[0], "Abort", a)
            guard case .int(let code) = a[1] else { throw Exceptions.method(.str("Abort"), a.values) }
            interp.flushOutput()
            try run(interp) { _ = try OpenMPI.rank() }  // MPI must be running to abort it
            OpenMPI.abortJob(code: Int32(truncatingIfNeeded: code))
            return .nothing
        }
        // Bcast!(buf, comm; root=0) and MPI.jl's older Bcast!(buf, root, comm).
        mpi.native("Bcast!") { interp, a in
            try a.expect("Bcast!", 2...3)
            let root = a.count == 3 ? try rootValue(a[1], a) : try a.keywordInt("root") ?? 0
            try comm(a[a.count - 1], "Bcast!", a)
            let t = try interp.requireTensor(a[0], "Bcast!")
            try run(interp) { try OpenMPI.broadcast(t, root: root) }
            return a[0]
        }
        // Allreduce!(sendrecvbuf, op, comm) / Allreduce!(sendbuf, recvbuf, op, comm).
        mpi.native("Allreduce!") { interp, a in
            try a.expect("Allreduce!", 3...4)
            try comm(a[a.count - 1], "Allreduce!", a)
            let op = try reduction(a[a.count - 2], interp)
            let send = try interp.requireTensor(a[0], "Allreduce!")
            let recv = a.count == 4 ? try interp.requireTensor(a[1], "Allreduce!") : send
            try run(interp) { try OpenMPI.allreduce(send, into: recv, op: op) }
            return a[a.count == 4 ? 1 : 0]
        }
        // Allreduce(sendbuf, op, comm): a new array, or a number for a number.
        mpi.native("Allreduce") { interp, a in
            try a.expect("Allreduce", 3...3)
            try comm(a[2], "Allreduce", a)
            let op = try reduction(a[1], interp)
            return try reducedCopy(a[0], interp) { send, recv in try OpenMPI.allreduce(send, into: recv, op: op) }
        }
        // Reduce!(sendrecvbuf, op, comm; root=0) / Reduce!(sendbuf, recvbuf, op, comm; root=0).
        mpi.native("Reduce!") { interp, a in
            try a.expect("Reduce!", 3...4)
            let root = try a.keywordInt("root") ?? 0
            try comm(a[a.count - 1], "Reduce!", a)
            let op = try reduction(a[a.count - 2], interp)
            let send = try interp.requireTensor(a[0], "Reduce!")
            let recv = a.count == 4 ? try interp.requireTensor(a[1], "Reduce!") : send
            try run(interp) { try OpenMPI.reduce(send, into: recv, op: op, root: root) }
            return a[a.count == 4 ? 1 : 0]
        }
        for n in mpi.exports { mpi.exports.remove(n) }  // MPI.jl exports nothing: names are qualified
    }

    /// Whether this process is a rank other than 0 of a job that keeps those quiet: its
    /// training progress bar and `@info` records are not shown (set `FLX_MPI_ALL_RANKS=1` to
    /// see every rank's). Warnings and errors always are.
    nonisolated(unsafe) package private(set) static var isQuietRank = false

    /// `MPI_Init` (unless already done), then quiets the ranks other than 0.
    package static func start(_ interp: Interpreter) throws {
        try run(interp) { try OpenMPI.initialize() }
        guard !isQuietRank, getenv("FLX_MPI_ALL_RANKS") == nil, try run(interp, { try OpenMPI.rank() }) != 0 else { return }
        isQuietRank = true
        let previous = interp.loggerOutput
        interp.loggerOutput = { [unowned interp] text in
            if text.hasPrefix("[ Info:") || text.hasPrefix("┌ Info:") { return }
            (previous ?? interp.errorOutput)(text)
        }
    }

    /// Runs an Open MPI call, turning a missing library into an error naming the package and
    /// an engine error into its Julia exception.
    @discardableResult
    package static func run<R>(_ interp: Interpreter, _ body: () throws -> R) throws -> R {
        do {
            return try interp.engine { try body() }
        } catch let e as OpenMPIUnavailable {
            throw Exceptions.error("MPI is not available: \(e.reason)")
        }
    }

    private static func comm(_ v: Value, _ name: String, _ a: Args) throws {
        guard case .native(let c) = v, c is CommObject else { throw Exceptions.method(.str(name), a.values) }
    }

    private static func rootValue(_ v: Value, _ a: Args) throws -> Int {
        guard case .int(let r) = v else { throw Exceptions.method(.str("Bcast!"), a.values) }
        return Int(r)
    }

    /// The MPI reduction `op` stands for: `+`, `*`, `max`, `min` or `MPI.SUM` and friends.
    package static func reduction(_ op: Value, _ interp: Interpreter) throws -> ReductionOp {
        if case .native(let r as ReductionObject) = op { return r.op }
        if case .function(let f as GenericFunction) = op, f.module == "Base" {
            switch f.name {
            case "+": return .sum
            case "*": return .product
            case "max": return .max
            case "min": return .min
            default: break
            }
        }
        throw Exceptions.argument("MPI reductions take +, *, max or min (or MPI.SUM, MPI.PROD, MPI.MAX, MPI.MIN), got \(try Display.repr(op, interp))")
    }

    /// A reduction into a fresh buffer: an array's copy, or a number's one-element vector
    /// whose element is returned.
    private static func reducedCopy(_ v: Value, _ interp: Interpreter, _ body: (Tensor, Tensor) throws -> Void) throws -> Value {
        switch v {
        case .int, .float64, .float32:
            let one = try interp.makeVector([v])
            let t = try interp.requireTensor(.array(one), "Allreduce")
            try run(interp) { try body(t, t) }
            return try interp.getIndex(.array(one), [.int(1)])
        default:
            let send = try interp.requireTensor(v, "Allreduce")
            let recv = try run(interp) { try send.copy() }
            try run(interp) { try body(send, recv) }
            return .array(ArrayValue(tensor: recv))
        }
    }
}

/// An MPI communicator; flx has one, `MPI.COMM_WORLD`. Shown as MPI.jl's struct around Open
/// MPI's handle, a pointer: `MPI.Comm(Ptr{Nothing} @0x...)`.
package final class CommObject: NativeObject, NativeShowable {
    nonisolated(unsafe) package static let world = CommObject()
    package static let type = FlxType(name: "Comm", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { CommObject.type }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String { shownText }

    package var shownText: String {
        guard let handle = try? OpenMPI.worldHandle() else { return "MPI.Comm(Ptr{Nothing} @0x0000000000000000)" }
        var hex = String(handle, radix: 16)
        while hex.count < 16 { hex = "0" + hex }  // Julia writes a pointer as 16 hex digits
        return "MPI.Comm(Ptr{Nothing} @0x" + hex + ")"
    }

    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
}

/// `MPI.SUM`, `MPI.PROD`, `MPI.MAX`, `MPI.MIN`.
package final class ReductionObject: NativeObject, NativeShowable {
    package let name: String
    package let op: ReductionOp
    package init(name: String, op: ReductionOp) {
        self.name = name
        self.op = op
    }

    package static let type = FlxType(name: "Op", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { ReductionObject.type }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String { "MPI.Op(MPI.\(name))" }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
}
