import FlxSyntax
import FlxCore
import FlxEngine

/// `LinearAlgebra.BLAS`: which BLAS runs the products and on how many threads. flx opens
/// OpenBLAS itself (single-threaded, with the kernel set `BLASKernelChoice` names) and splits
/// products across the engine's threads, so the thread count here is the engine's.
extension StdlibModules {
    static func installBLAS(_ interp: Interpreter, into linearAlgebra: ModuleValue) {
        let blas = ModuleValue(name: "BLAS", parent: linearAlgebra)
        blas.register([
            Builtin("get_config", differentiation: .constant, { _, a in
                try a.expect("get_config", 0...0)
                return .native(BLASConfig(library: Engine.blasLibraryName))
            }, help: BuiltinHelp("BLAS.get_config()", "The BLAS libraries in use (OpenBLAS, LP64 interface); `versioninfo()` also names the kernel set.", "LinearAlgebra.BLAS.get_config()")),
            Builtin("get_num_threads", differentiation: .constant, { _, a in
                try a.expect("get_num_threads", 0...0)
                return .int(Int64(Engine.threads))
            }, help: BuiltinHelp("BLAS.get_num_threads()", "The threads products are split across (flx's engine threads).", "BLAS.get_num_threads()")),
            Builtin("set_num_threads", differentiation: .constant, { _, a in
                try a.expect("set_num_threads", 1...1)
                guard case .int(let n) = a[0] else { throw Exceptions.method(.str("set_num_threads"), a.values) }
                guard n >= 1 else { throw Exceptions.argument("the number of threads must be at least 1, got \(n)") }
                try Engine.setThreads(Int(n))
                return .nothing
            }, help: BuiltinHelp("BLAS.set_num_threads(n)", "Splits products (and the engine's other kernels) across `n` threads, at most the CPUs this process may use.", "BLAS.set_num_threads(1)")),
        ], helpInto: interp.builtinHelp)
        linearAlgebra.define("BLAS", .module(blas))
        linearAlgebra.exports.insert("BLAS")
    }
}

/// What `BLAS.get_config()` returns: LinearAlgebra's `LBTConfig`, printed as Julia prints it.
final class BLASConfig: NativeObject, NativeShowable {
    let library: String?
    init(library: String?) { self.library = library }

    static let type = FlxType(name: "LBTConfig", supertype: BuiltinTypes.any)
    override var flxType: FlxType { BLASConfig.type }

    func show(_ interp: Interpreter, compact: Bool) throws -> String {
        "LBTConfig(" + (library.map { "[LP64] " + $0 } ?? "") + ")"
    }

    func display(_ interp: Interpreter) throws -> String? {
        var text = "LinearAlgebra.BLAS.LBTConfig\nLibraries: "
        if let library { text += "\n└ [ LP64] " + library }
        return text
    }
}
