import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `DistributedUtils.synchronize!!(backend, x; root=0)`: every rank gets root's values.
/// As Flux's methods: numeric arrays are broadcast in place and returned; tuples, named
/// tuples and arrays of other elements are rebuilt from their synchronised entries; a bits
/// value (a number, a Bool, a Char) is broadcast and returned; an optimiser `Leaf` has its
/// state synchronised; a model must be wrapped in `FluxDistributedModel` (then every array
/// in it is broadcast, Functors' `fmap`); anything else (a Symbol, a String, an unwrapped
/// struct) is returned unchanged.
package enum DistributedSynchronize {
    package static let modelType = FlxType(name: "FluxDistributedModel", supertype: BuiltinTypes.any)

    package static func install(_ interp: Interpreter, _ du: ModuleValue) {
        modelType.installShared { $0.fieldNames = ["model"] }
        du.define("FluxDistributedModel", .type(modelType))
        TypeBuiltins.setConstructor(modelType) { _, a in
            try a.expect("FluxDistributedModel", 1...1)
            return .object(StructInstance(type: modelType, fields: [a[0]]))
        }
        du.native("synchronize!!", differentiation: .constant) { interp, a in
            try a.expect("synchronize!!", 2...2)
            _ = try DistributedUtils.backend(a[0], "synchronize!!", a)
            let root = try a.keywordInt("root") ?? 0
            if case .object(let o) = a[1], o.type === modelType {
                var seen = Set<ObjectIdentifier>()
                try broadcastArrays(in: o.fields[0], root: root, interp, &seen)
                return o.fields[0]
            }
            return try synchronize(a[1], root: root, interp)
        }
    }

    static func synchronize(_ v: Value, root: Int, _ interp: Interpreter) throws -> Value {
        try NativeStack.check()
        switch v {
        case .array(let a):
            if let t = a.tensor {
                try MPIModule.run(interp) { try OpenMPI.broadcast(t, root: root) }
                return v
            }
            return .array(try interp.makeVector(try a.boxedValues.map { try synchronize($0, root: root, interp) }))
        case .tuple(let t):
            return .tuple(try t.items.map { try synchronize($0, root: root, interp) })
        case .namedTuple(let nt):
            return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try synchronize($0, root: root, interp) }))
        case .int, .float64, .float32, .bool, .char:
            return try broadcastBits(v, root: root, interp)
        case .native(let leaf as LeafObject):
            try MPIModule.run(interp) { leaf.state = try synchronized(leaf.state, root: root) }
            return v
        case .object(let o) where try holdsArrays(.object(o)):
            // Flux returns the struct unchanged here (only FluxDistributedModel is walked): say so
            // once, since the ranks then train different models without a word.
            interp.warnOnce(key: "synchronize-unwrapped-model", try Logging.format(level: .warn,
                message: .str("synchronize!! returns a \(o.type.name) unchanged; wrap the model to broadcast its arrays: synchronize!!(backend, DistributedUtils.FluxDistributedModel(model); root)"),
                pairs: [], location: "@ Flux.DistributedUtils ~/.julia/packages/Flux/src/distributed/public_api.jl:232", interp))
            return v
        default:
            return v  // `nothing` (no bytes to send), Symbols, Strings, functions, ...
        }
    }

    /// An optimiser state with its arrays broadcast in place and its numbers replaced by root's.
    private static func synchronized(_ s: OptState, root: Int) throws -> OptState {
        switch s {
        case .nothing: return s
        case .tensor(let t):
            try OpenMPI.broadcast(t, root: root)
            return s
        case .tuple(let items): return .tuple(try items.map { try synchronized($0, root: root) })
        case .real(let d, let f32): return .real(try broadcast(d, root: root), float32: f32)
        case .int(let n): return .int(try broadcast(n, root: root))
        case .bool(let b): return .bool(try broadcast(b, root: root))
        }
    }

    /// Root's value of a plain (bits) Swift value, sent as its bytes.
    private static func broadcast<T>(_ x: T, root: Int) throws -> T {
        var v = x
        try withUnsafeMutableBytes(of: &v) { bytes in
            guard let p = bytes.baseAddress else { return }
            try OpenMPI.broadcast(bytes: p, count: bytes.count, root: root)
        }
        return v
    }

    /// Flux's `bcast!(backend, [x]; root)[]` for a bits value.
    private static func broadcastBits(_ v: Value, root: Int, _ interp: Interpreter) throws -> Value {
        try MPIModule.run(interp) {
            switch v {
            case .int(let x): return .int(try broadcast(x, root: root))
            case .float64(let x): return .float64(try broadcast(x, root: root))
            case .float32(let x): return .float32(try broadcast(x, root: root))
            case .bool(let x): return .bool(try broadcast(x, root: root))
            case .char(let x): return .char(try broadcast(x, root: root))
            default: return v
            }
        }
    }

    /// Functors' `fmap` over a wrapped model: every numeric array, trainable or not, is
    /// broadcast in place (each array once, however often the model holds it).
    private static func broadcastArrays(in v: Value, root: Int, _ interp: Interpreter, _ seen: inout Set<ObjectIdentifier>) throws {
        try NativeStack.check()
        switch v {
        case .array(let a):
            guard seen.insert(ObjectIdentifier(a)).inserted else { return }
            if let t = a.tensor {
                try MPIModule.run(interp) { try OpenMPI.broadcast(t, root: root) }
            } else {
                for e in a.boxedValues { try broadcastArrays(in: e, root: root, interp, &seen) }
            }
        case .tuple(let t): for e in t.items { try broadcastArrays(in: e, root: root, interp, &seen) }
        case .namedTuple(let nt): for e in nt.values { try broadcastArrays(in: e, root: root, interp, &seen) }
        case .object(let o):
            guard seen.insert(ObjectIdentifier(o)).inserted else { return }
            for f in o.fields { try broadcastArrays(in: f, root: root, interp, &seen) }
        case .native(let d as DictObject):
            for e in d.values { try broadcastArrays(in: e, root: root, interp, &seen) }
        default:
            return
        }
    }

    private static func holdsArrays(_ v: Value) throws -> Bool {
        try NativeStack.check()  // a struct that holds itself
        switch v {
        case .array(let a): return a.tensor != nil
        case .tuple(let t): return try t.items.contains(where: holdsArrays)
        case .namedTuple(let nt): return try nt.values.contains(where: holdsArrays)
        case .object(let o): return try o.fields.contains(where: holdsArrays)
        default: return false
        }
    }
}
