import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Shared machinery for the layers beyond Dense and Chain: a per-interpreter registry
/// of their struct types, constructor/forward wiring, and small tensor helpers.
package enum LayerKit {
    /// The extra layer types of one interpreter, by name.
    package final class Registry {
        package var types: [String: FlxType] = [:]
        /// 2-arg show functions, by type name.
        package var shows: [String: (StructInstance, Interpreter) throws -> String] = [:]
    }

    package static func registry(_ interp: Interpreter) -> Registry {
        if let r = interp.extensions["layerKit"] as? Registry { return r }
        let r = Registry()
        interp.extensions["layerKit"] = r
        return r
    }

    package static func type(_ interp: Interpreter, _ name: String) -> FlxType? { registry(interp).types[name] }

    /// How Julia lays out Flux's layers (for `Base.summarysize`, the bytes in a model's
    /// summary): parametric structs, every field inline; `active` is a
    /// `Union{Bool, Nothing}`; Recurrence's `return_state` and Upsample's `mode` are type
    /// parameters and the default `rng` a singleton, so they take no bytes.
    package static let juliaLayout = FieldLayout(allConcrete: true, isbitsUnions: ["active"], zeroSize: ["return_state", "rng", "mode"])

    /// Whether `v` is an instance of the registered layer type `name`.
    package static func instance(_ v: Value, _ name: String, _ interp: Interpreter) -> StructInstance? {
        if case .object(let o) = v, let t = type(interp, name), o.type === t { return o }
        return nil
    }

    /// Defines a layer type in `flux`: fields, printing kind, trainable fields, constructor and forward pass.
    @discardableResult
    package static func define(_ interp: Interpreter, _ flux: ModuleValue, _ name: String, fields: [String], container: Bool = false,
                       trainable: [String]? = nil, mutable: Bool = false, takesNoInput: Bool = false,
                       show: @escaping (StructInstance, Interpreter) throws -> String,
                       make: @escaping (Interpreter, Args) throws -> [Value],
                       forward: @escaping (Interpreter, StructInstance, Args) throws -> Value) -> FlxType {
        let t = FlxType(name: name, supertype: BuiltinTypes.any)
        t.isStruct = true
        t.isMutable = mutable
        t.fieldNames = fields
        t.fieldTypes = fields.map { _ in nil }
        t.layerOptions["#builtin"] = .sym(container ? "container" : "leaf")
        t.fieldLayout = juliaLayout
        if let trainable { t.layerOptions["trainable"] = .tuple(trainable.map { .sym($0) }) }
        registry(interp).types[name] = t
        registry(interp).shows[name] = show
        TypeBuiltins.setConstructor(t) { interp, a in .object(StructInstance(type: t, fields: try make(interp, a))) }
        t.callMethods = GenericFunction(name: "(::\(name))", module: "Flux")
        t.callMethods?.add(Method(signature: [t], vararg: BuiltinTypes.any, body: .native { interp, a in
            // A layer called with no input is a MethodError, unless its forward pass decides
            // (`takesNoInput`: Parallel's own ArgumentError).
            guard case .object(let o) = a[0], a.count >= 2 || takesNoInput else { throw Exceptions.method(a[0], Array(a.values.dropFirst())) }
            return try forward(interp, o, a)
        }))
        flux.define(name, .type(t))
        return t
    }

    /// The 2-arg show of a registered layer, or nil.
    package static func show(_ o: StructInstance, _ interp: Interpreter) throws -> String? {
        guard let t = type(interp, o.type.name), t === o.type, let f = registry(interp).shows[o.type.name] else { return nil }
        return try f(o, interp)
    }

    // MARK: helpers

    /// An input as a tensor converted to `dtype` (numbers and ranges materialised).
    package static func input(_ v: Value, _ interp: Interpreter, like dtype: DType? = nil, layer: StructInstance) throws -> Tensor {
        var value = v
        if case .range = v { value = .array(try interp.materialize(v)) }
        guard let t = try interp.tensor(of: value), value.isLayerArrayInput else { throw Exceptions.method(.object(layer), [v]) }
        if let dtype, t.dtype != dtype, dtype.isFloat { return try interp.engine { tape in try Conversion.convert(t, to: dtype, tape: tape) } }
        return t
    }

    /// Flux's `_match_eltype`: Float64 input to a Float32 layer is converted with a
    /// one-time warning (shared with Dense: Flux has one call site); others silently.
    package static func matchEltype(_ v: Value, _ interp: Interpreter, like dtype: DType, layer: StructInstance) throws -> Tensor {
        let t = try input(v, interp, layer: layer)
        guard t.dtype != dtype, dtype.isFloat else { return t }
        if t.dtype == .float64 && dtype == .float32, case .array(let xa) = v {
            interp.warnOnce(key: "flux-float64-input", """
                ┌ Warning: Layer with Float32 parameters got Float64 input.
                │   The input will be converted, but any earlier layers may be very slow.
                │   layer = \(try LayerDisplay.display(.object(layer), interp) ?? layer.type.name)
                │   summary(x) = \(Display.stringRepr(ArrayDisplay.summary(xa)))
                └ @ Flux ~/.julia/packages/Flux/src/layers/stateless.jl:60

                """)
        }
        return try interp.engine { tape in try Conversion.convert(t, to: dtype, tape: tape) }
    }

    package static func tensorField(_ v: Value) -> Tensor? {
        if case .array(let a) = v { return a.tensor }
        return nil
    }

    package static func wrapArray(_ t: Tensor) -> Value { .array(ArrayValue(tensor: t)) }

    /// `σ.(y)`: a fused engine op for the built-in activations, a broadcast otherwise.
    /// `fast`: the layer calls NNlib's `fast_act(σ, x)` first (Dense, Conv, Scale, Bilinear
    /// do; the normalisation layers do not).
    package static func activate(_ sigma: Value, _ y: Tensor, _ interp: Interpreter, fast: Bool = false) throws -> Value {
        if case .function(let c) = sigma {
            if c.name == "identity" { return wrapArray(y) }
            if case .unary(let op)? = c.elementwise {
                let kernel = fast ? fastAct(op) : op
                return wrapArray(try interp.engine { tape in try Unary.apply(kernel, y, tape: tape) })
            }
        }
        return try Broadcast.evaluate(.call(sigma, [.leaf(0)]), [wrapArray(y)], interp)
    }

    /// NNlib's `fast_act`: a layer's `tanh` runs as `tanh_fast` and its `σ` as
    /// `sigmoid_fast` (their own rounding, so the values match Flux's to the last bit).
    package static func fastAct(_ op: UnaryOp) -> UnaryOp {
        switch op {
        case .tanh: return .tanhFast
        case .sigmoid: return .sigmoidFast
        default: return op
        }
    }

    /// Whether a layer with an `active` field (nothing/true/false) acts in training mode now.
    package static func isActive(_ active: Value, _ interp: Interpreter) -> Bool {
        switch active {
        case .bool(let b): return b
        default: return interp.isDifferentiating
        }
    }

    /// Julia's 2-arg text of a value (for activations, tuples).
    package static func text(_ v: Value, _ interp: Interpreter) throws -> String { try Display.repr(plain(v), interp) }

    package static func activationSuffix(_ sigma: Value, _ interp: Interpreter) throws -> String {
        if let n = LayerDisplay.activationName(sigma) { return ", " + n }
        if case .function = sigma { return "" }
        return ", " + (try text(sigma, interp))
    }

    /// A number field's value (inside `gradient` numeric fields are tracked stand-ins).
    package static func num(_ v: Value) -> Double {
        if case .tracked(let s) = v { return s.value }
        return asDouble(v)
    }

    package static func int(_ v: Value) -> Int {
        // Tracked stand-ins of Int fields hold integral values; anything else (NaN, a
        // float past Int) reads as 0 rather than trapping in Int(_:).
        if case .tracked(let s) = v { return Int(exactly: s.value.rounded(.towardZero)) ?? 0 }
        return Int(asInt(v))
    }

    /// The Int a tracked stand-in holds, or Julia's InexactError for a non-integral one.
    static func exactInt(_ s: TrackedScalar) throws -> Int {
        guard let i = Int(exactly: s.value) else { throw Exceptions.inexact("Int64", "Int64", s.plain) }
        return i
    }

    /// A value with tracked stand-ins replaced by plain numbers (integral ones as Ints), for printing.
    package static func plain(_ v: Value) -> Value {
        switch v {
        case .tracked(let s):
            let d = s.value
            if !s.isFloat32, d == d.rounded(), abs(d) < 1e15 { return .int(Int64(d)) }
            return s.plain
        case .tuple(let t): return .tuple(t.items.map(plain))
        default: return v
        }
    }

    /// Ints from an Int or a tuple of Ints, repeated to `n` when a single Int.
    package static func ints(_ v: Value, _ n: Int, _ what: String) throws -> [Int] {
        switch v {
        case .int(let i): return Array(repeating: Int(i), count: n)
        case .tracked(let s): return Array(repeating: try exactInt(s), count: n)
        case .tuple(let t):
            return try t.items.map { item in
                switch item {
                case .int(let i): return Int(i)
                case .tracked(let s): return try exactInt(s)
                default: throw Exceptions.argument("\(what) must be an Int or a tuple of Ints")
                }
            }
        default: throw Exceptions.argument("\(what) must be an Int or a tuple of Ints")
        }
    }

    package static func intTuple(_ v: [Int]) -> Value { .tuple(v.map { .int(Int64($0)) }) }

    /// Flux's `_maybetuple_string`: one number when all equal, else the tuple.
    package static func maybeTuple(_ v: [Int]) -> String {
        if let f = v.first, v.allSatisfy({ $0 == f }) { return String(f) }
        return "(" + v.map(String.init).joined(separator: ", ") + (v.count == 1 ? ",)" : ")")
    }

    package static func tupleText(_ v: [Int]) -> String {
        "(" + v.map(String.init).joined(separator: ", ") + (v.count == 1 ? ",)" : ")")
    }
}

extension Value {
    package var isLayerArrayInput: Bool {
        switch self {
        case .array, .range: return true
        default: return false
        }
    }
}
