import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Flux's `DistributedUtils` on the MPI backend (Flux.jl `src/distributed/public_api.jl` and
/// `ext/FluxMPIExt`): initialising, the backend's rank and size, `bcast!`, `allreduce!` and
/// `reduce!` (with `+`, `*`, `max`, `min` and `avg`), and `DistributedOptimizer`.
/// `synchronize!!` is in `DistributedSynchronize.swift`, the data container in
/// `DistributedDataContainer.swift`.
package enum DistributedUtils {
    package static let abstractBackend = FlxType(name: "AbstractFluxDistributedBackend", kind: .abstract, supertype: BuiltinTypes.any)
    package static let mpiBackendType = FlxType(name: "MPIBackend", supertype: abstractBackend)
    package static let ncclBackendType = FlxType(name: "NCCLBackend", supertype: abstractBackend)
    /// Flux's `MPI_Initialized` Ref: set by `initialize(MPIBackend)`, for the whole process.
    nonisolated(unsafe) private static var mpiInitialized = false

    package static func install(_ interp: Interpreter, flux: ModuleValue) {
        let du = ModuleValue(name: "DistributedUtils", parent: flux)
        du.usings = [interp.base]
        flux.define("DistributedUtils", .module(du))
        flux.define("MPIBackend", .type(mpiBackendType))
        flux.define("NCCLBackend", .type(ncclBackendType))
        flux.define("AbstractFluxDistributedBackend", .type(abstractBackend), export: false)
        TypeBuiltins.setConstructor(mpiBackendType) { interp, a in
            try a.expect("MPIBackend", 0...1)
            return .native(MPIBackendObject(comm: a.count == 1 ? a[0] : .nothing))
        }
        TypeBuiltins.setConstructor(ncclBackendType) { _, _ in
            throw Exceptions.error("`NCCLBackend` requires `CUDA.jl`, `MPI.jl` and `NCCL.jl` to be loaded.")
        }
        // `avg`: a function without methods that `allreduce!` and `reduce!` recognise.
        let avg = GenericFunction(name: "avg", module: "DistributedUtils")
        du.define("avg", .function(avg), export: false)

        du.native("initialize") { interp, a in
            try a.expect("initialize", 1...1)
            let backend = try backendType(a[0], "initialize", a)
            for k in ["cuda_devices", "amdgpu_devices", "caller"] { _ = a.keyword(k) }
            // CUDA and AMDGPU are never functional in flx, so only `force_*` changes anything.
            for (k, name) in [("force_cuda", "CUDA"), ("force_amdgpu", "AMDGPU")] where try a.keywordBool(k) == true {
                let caller = a.keyword("caller").flatMap { v -> String? in if case .string(let s) = v { return s.value } else { return nil } } ?? ""
                throw Exceptions.error("\(name) devices are not functional and `\(k)` is set to `true`. This is caused by backend: \(caller).")
            }
            guard backend === mpiBackendType else {
                throw Exceptions.error("`NCCLBackend` requires `CUDA.jl`, `MPI.jl` and `NCCL.jl` to be loaded.")
            }
            try MPIModule.start(interp)
            mpiInitialized = true
            return .nothing
        }
        du.native("initialized", differentiation: .constant) { interp, a in
            try a.expect("initialized", 1...1)
            return .bool(try backendType(a[0], "initialized", a) === mpiBackendType && mpiInitialized)
        }
        du.native("get_distributed_backend", differentiation: .constant) { interp, a in
            try a.expect("get_distributed_backend", 1...1)
            let t = try backendType(a[0], "get_distributed_backend", a)
            guard t === mpiBackendType, mpiInitialized else {
                throw Exceptions.error("Backend `\(t.name)` is not initialized. Call `DistributedUtils.initialize` first.")
            }
            return .native(MPIBackendObject(comm: .native(CommObject.world)))
        }
        du.native("local_rank", differentiation: .constant) { interp, a in
            try a.expect("local_rank", 1...1)
            _ = try backend(a[0], "local_rank", a)
            return .int(Int64(try MPIModule.run(interp) { try OpenMPI.rank() }))
        }
        du.native("total_workers", differentiation: .constant) { interp, a in
            try a.expect("total_workers", 1...1)
            _ = try backend(a[0], "total_workers", a)
            return .int(Int64(try MPIModule.run(interp) { try OpenMPI.size() }))
        }
        // bcast!(backend, sendrecvbuf; root=0) -> the buffer; bcast!(backend, sendbuf, recvbuf;
        // root=0) broadcasts root's sendbuf into the others' recvbuf and returns that buffer.
        du.native("bcast!", differentiation: .constant) { interp, a in
            try a.expect("bcast!", 2...3)
            _ = try backend(a[0], "bcast!", a)
            let root = try a.keywordInt("root") ?? 0
            var buffer = a[1]
            if a.count == 3, try MPIModule.run(interp, { try OpenMPI.rank() }) != root { buffer = a[2] }
            let t = try interp.requireTensor(buffer, "bcast!")
            try MPIModule.run(interp) { try OpenMPI.broadcast(t, root: root) }
            return buffer
        }
        // allreduce!(backend, sendrecvbuf, op) -> the buffer; allreduce!(backend, sendbuf,
        // recvbuf, op) -> nothing, as Flux's methods return.
        du.native("allreduce!", differentiation: .constant) { interp, a in
            try a.expect("allreduce!", 3...4)
            _ = try backend(a[0], "allreduce!", a)
            let (op, average) = try reduction(a[a.count - 1], avg, interp)
            let send = try interp.requireTensor(a[1], "allreduce!")
            let recv = a.count == 4 ? try interp.requireTensor(a[2], "allreduce!") : send
            try MPIModule.run(interp) {
                try OpenMPI.allreduce(send, into: recv, op: op)
                if average { try OpenMPI.divide(recv, by: try OpenMPI.size()) }
            }
            return a.count == 4 ? .nothing : a[1]
        }
        du.native("reduce!", differentiation: .constant) { interp, a in
            try a.expect("reduce!", 3...4)
            _ = try backend(a[0], "reduce!", a)
            let root = try a.keywordInt("root") ?? 0
            let (op, average) = try reduction(a[a.count - 1], avg, interp)
            let send = try interp.requireTensor(a[1], "reduce!")
            let recv = a.count == 4 ? try interp.requireTensor(a[2], "reduce!") : send
            try MPIModule.run(interp) {
                try OpenMPI.reduce(send, into: recv, op: op, root: root)
                // Flux divides on every rank, although only root's buffer holds the sum.
                if average { try OpenMPI.divide(recv, by: try OpenMPI.size()) }
            }
            return a.count == 4 ? .nothing : a[1]
        }
        // A type, as in Flux (`opt isa DistributedUtils.DistributedOptimizer`), whose fields are
        // `backend` and `opt`; calling it wraps a rule.
        let optimizerType = RuleObject.type(named: "DistributedOptimizer")
        optimizerType.installShared { $0.fieldNames = ["backend", "opt"] }
        du.define("DistributedOptimizer", .type(optimizerType))
        TypeBuiltins.setConstructor(optimizerType) { interp, a in
            try a.expect("DistributedOptimizer", 2...2)
            let b = try backend(a[0], "DistributedOptimizer", a)
            guard case .native(let n) = a[1], n is RuleObject || n is FluxState else { throw Exceptions.method(.str("DistributedOptimizer"), a.values) }
            return .native(RuleObject(Rule.distributed(try OptimiserBinding.rule(of: a[1], interp), averager: b)))
        }
        DistributedSynchronize.install(interp, du)
        DistributedDataContainer.install(interp, du)
        for n in du.exports { du.exports.remove(n) }  // DistributedUtils exports nothing
    }

    private static func backendType(_ v: Value, _ name: String, _ a: Args) throws -> FlxType {
        guard case .type(let t) = v, t === mpiBackendType || t === ncclBackendType || t === abstractBackend else {
            throw Exceptions.method(.str(name), a.values)
        }
        return t
    }

    package static func backend(_ v: Value, _ name: String, _ a: Args) throws -> MPIBackendObject {
        guard case .native(let b as MPIBackendObject) = v else { throw Exceptions.method(.str(name), a.values) }
        guard case .native(let c) = b.comm, c is CommObject else {
            throw Exceptions.argument("this MPIBackend has no communicator: use DistributedUtils.get_distributed_backend(MPIBackend)")
        }
        return b
    }

    /// The MPI reduction for `op`, and whether it is `avg` (a sum then divided by the workers).
    private static func reduction(_ op: Value, _ avg: GenericFunction, _ interp: Interpreter) throws -> (ReductionOp, Bool) {
        if case .function(let f) = op, f === avg { return (.sum, true) }
        return (try MPIModule.reduction(op, interp), false)
    }
}

/// `MPIBackend{MPI.Comm}(MPI.COMM_WORLD)`: what `get_distributed_backend(MPIBackend)` returns.
/// It averages a step's gradients for `DistributedOptimizer` with one allreduce.
package final class MPIBackendObject: NativeObject, NativeShowable, NativeFields, GradientAverager {
    package let comm: Value
    package init(comm: Value) { self.comm = comm }

    package override var flxType: FlxType { DistributedUtils.mpiBackendType }

    package func average(_ gradients: [Tensor]) throws { try OpenMPI.average(gradients) }

    package var shownText: String {
        if case .native(let c as CommObject) = comm { return "MPIBackend{MPI.Comm}(" + c.shownText + ")" }
        return "MPIBackend{Nothing}(nothing)"
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String { shownText }

    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
    package func field(_ name: String, _ interp: Interpreter) throws -> Value? { name == "comm" ? comm : nil }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}
