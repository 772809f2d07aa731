import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Flux's layers as struct types with Swift forward passes: their fields are
/// ordinary flx fields (`m.weight`, `model.layers[1]`), so gradients, parameter
/// walks and printing treat them like any struct.
package enum Layers {
    /// The layer types of one interpreter.
    package final class Types {
        package let dense: FlxType
        package let chain: FlxType
        package init() {
            dense = FlxType(name: "Dense", supertype: BuiltinTypes.any)
            dense.isStruct = true
            dense.fieldNames = ["weight", "bias", "σ"]
            dense.fieldTypes = [nil, nil, nil]
            dense.layerOptions["#builtin"] = .sym("leaf")
            dense.fieldLayout = LayerKit.juliaLayout
            chain = FlxType(name: "Chain", supertype: BuiltinTypes.any)
            chain.isStruct = true
            chain.fieldNames = ["layers"]
            chain.fieldTypes = [nil]
            chain.layerOptions["#builtin"] = .sym("container")
            chain.fieldLayout = LayerKit.juliaLayout
        }
    }

    package static func types(_ interp: Interpreter) -> Types {
        if let t = interp.extensions["layers"] as? Types { return t }
        let t = Types()
        interp.extensions["layers"] = t
        return t
    }

    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        let t = types(interp)
        TypeBuiltins.setConstructor(t.dense) { interp, a in try makeDense(a, interp) }
        t.dense.callMethods = GenericFunction(name: "(::Dense)", module: "Flux")
        t.dense.callMethods?.add(Method(signature: [t.dense], vararg: BuiltinTypes.any, body: .native { interp, a in
            guard case .object(let layer) = a[0], a.count == 2 else { throw Exceptions.method(a[0], Array(a.values.dropFirst())) }
            return try denseForward(layer, a[1], interp)
        }))
        TypeBuiltins.setConstructor(t.chain) { interp, a in try makeChain(a, interp) }
        t.chain.callMethods = GenericFunction(name: "(::Chain)", module: "Flux")
        t.chain.callMethods?.add(Method(signature: [t.chain], vararg: BuiltinTypes.any, body: .native { interp, a in
            guard case .object(let c) = a[0], a.count >= 2 else { throw Exceptions.method(a[0], []) }
            var h = a.count == 2 ? a[1] : .tuple(Array(a.values.dropFirst()))
            for layer in try interp.collect(c.fields[0]) { h = try interp.call(layer, [h]) }
            return h
        }))
        flux.define("Dense", .type(t.dense))
        flux.define("Chain", .type(t.chain))
        installChainCollection(interp, t)
    }

    // MARK: Dense

    package static func makeDense(_ a: Args, _ interp: Interpreter) throws -> Value {
        let t = types(interp)
        var weight: Value
        var bias: Value = .bool(true)
        var sigma: Value = interp.base.binding("identity").value
        if a.count >= 1, case .pair(let p) = a[0] {
            // Dense(in => out, σ; bias = true, init = glorot_uniform)
            guard case .int(let nIn) = p.first, case .int(let nOut) = p.second else {
                throw Exceptions.method(.type(t.dense), a.values)
            }
            // Flux fails inside the initialiser; say which size is negative rather than
            // a MethodError that reads as if `Dense(::Pair{Int64, Int64})` did not exist.
            guard nIn >= 0, nOut >= 0 else {
                throw Exceptions.argument("invalid Array dimensions: Dense(\(nIn) => \(nOut)) needs sizes ≥ 0")
            }
            if a.count >= 2 { sigma = a[1] }
            if a.count > 2 { throw Exceptions.method(.type(t.dense), a.values) }
            let initFn = a.keyword("init") ?? (interp.modules["Flux"]?.member("glorot_uniform")?.value ?? .nothing)
            weight = try interp.call(initFn, [.int(nOut), .int(nIn)])
            if let b = a.keyword("bias") { bias = b }
        } else if a.count >= 2, case .int(let nIn) = a[0], case .int(let nOut) = a[1] {
            // Legacy Dense(in, out, σ).
            if a.count >= 3 { sigma = a[2] }
            let initFn = a.keyword("init") ?? (interp.modules["Flux"]?.member("glorot_uniform")?.value ?? .nothing)
            weight = try interp.call(initFn, [.int(nOut), .int(nIn)])
            if let b = a.keyword("bias") { bias = b }
        } else if a.count >= 1, case .array(let w) = a[0], w.rank == 2 {
            // Dense(W, bias = true, σ = identity)
            weight = a[0]
            if a.count >= 2 { bias = a[1] }
            if a.count >= 3 { sigma = a[2] }
            if let b = a.keyword("bias") { bias = b }
        } else {
            throw Exceptions.method(.type(t.dense), a.values)
        }
        guard case .array(let w) = weight, w.rank == 2, let wt = w.tensor else {
            throw Exceptions.argument("Dense weight must be a matrix of numbers")
        }
        // `bias = true` makes zeros of the weight's type; `false` means no bias.
        switch bias {
        case .bool(true):
            bias = .array(ArrayValue(tensor: try interp.engine { try Tensor.zeros(wt.dtype, try Shape([w.dims[0]])) }))
        case .bool(false): break
        case .array(let b):
            guard b.count == w.dims[0] else {
                throw Exceptions.dimensionMismatch("Dense bias has \(b.count) elements, but the weight has \(w.dims[0]) rows")
            }
            // Flux's create_bias: `convert(AbstractArray{eltype(weight)}, bias)`, the same
            // array when the types agree, else a converted copy (an Int bias becomes Float).
            if let bt = b.tensor, bt.dtype != wt.dtype {
                bias = .array(ArrayValue(tensor: try interp.engine { try bt.converted(to: wt.dtype) }))
            }
        default:
            throw Exceptions.argument("bias must be true, false or a vector")
        }
        return .object(StructInstance(type: t.dense, fields: [weight, bias, sigma]))
    }

    /// `σ.(W * x .+ b)`, with input dims beyond the first treated as batch.
    package static func denseForward(_ layer: StructInstance, _ input: Value, _ interp: Interpreter) throws -> Value {
        guard case .array(let w) = layer.fields[0], let wt = w.tensor else { throw Exceptions.error("Dense weight is not a numeric matrix") }
        let nIn = w.dims.count > 1 ? w.dims[1] : 1
        var inputValue = input
        if case .range = input { inputValue = .array(try interp.materialize(input)) }
        guard case .array(let xa) = inputValue, var xt = xa.tensor else {
            throw Exceptions.method(.object(layer), [input])
        }
        guard xa.rank >= 1, xa.dims[0] == nIn else {
            throw Exceptions.dimensionMismatch("layer \(try LayerDisplay.show(.object(layer), interp) ?? "Dense") expects size(input, 1) == \(nIn), but got \(ArrayDisplay.summary(xa))")
        }
        if xt.dtype != wt.dtype {
            if xt.dtype == .float64 && wt.dtype == .float32 {
                interp.warnOnce(key: "flux-float64-input", """
                    ┌ Warning: Layer with Float32 parameters got Float64 input.
                    │   The input will be converted, but any earlier layers may be very slow.
                    │   layer = \(try LayerDisplay.display(.object(layer), interp) ?? "Dense")
                    │   summary(x) = \(Display.stringRepr(ArrayDisplay.summary(xa)))
                    └ @ Flux ~/.julia/packages/Flux/src/layers/stateless.jl:60

                    """)
            }
            xt = try interp.engine { tape in try Conversion.convert(xt, to: wt.dtype, tape: tape) }
        }
        let batchDims = Array(xa.dims.dropFirst())
        let flat = xa.rank > 2 ? try interp.engine { tape in try Shaping.reshape(xt, [nIn, -1], tape: tape) } : xt
        var y = try interp.engine { tape in try LinearAlgebra.matmul(wt, flat, tape: tape) }
        let sigma = layer.fields[2]
        var act: UnaryOp? = nil
        var isIdentity = false
        if case .function(let c) = sigma {
            if c.name == "identity" { isIdentity = true } else if case .unary(let op)? = c.elementwise { act = LayerKit.fastAct(op) }
        }
        if case .array(let b) = layer.fields[1], let bt = b.tensor {
            if let act {
                // NNlib's bias_act! rrule forms the bias gradient as `sum(dx; dims)` (input 1).
                y = try interp.engine { tape in try Fused.evaluate(.unary(act, .binary(.add, .input(0), .input(1))), inputs: [y, bt], dtype: y.dtype, sumInputs: 0b10, tape: tape) }
            } else {
                y = try interp.engine { tape in try Arithmetic.binary(.add, y, bt, tape: tape) }
            }
        } else if let act {
            y = try interp.engine { tape in try Unary.apply(act, y, tape: tape) }
        }
        var out: Value = .array(ArrayValue(tensor: y))
        if act == nil && !isIdentity {
            out = try Broadcast.evaluate(.call(sigma, [.leaf(0)]), [out], interp)
        }
        if xa.rank > 2, case .array(let o) = out, let ot = o.tensor {
            out = .array(ArrayValue(tensor: try interp.engine { tape in try Shaping.reshape(ot, [w.dims[0]] + batchDims, tape: tape) }))
        }
        return out
    }

    // MARK: Chain

    package static func makeChain(_ a: Args, _ interp: Interpreter) throws -> Value {
        let t = types(interp)
        if !a.keywords.isEmpty {
            guard a.count == 0 else { throw Exceptions.argument("Chain takes either positional layers or named ones, not both") }
            if a.keywords.contains(where: { $0.name == "layers" }) { throw Exceptions.argument("a Chain cannot have a layer called `layers`") }
            return .object(StructInstance(type: t.chain, fields: [.namedTuple(NamedTupleValue(names: a.keywords.map { $0.name }, values: a.keywords.map { $0.value }))]))
        }
        if a.count == 1, case .array(let v) = a[0] {
            return .object(StructInstance(type: t.chain, fields: [.array(v)]))
        }
        if a.count == 1, case .tuple = a[0] {
            return .object(StructInstance(type: t.chain, fields: [a[0]]))
        }
        return .object(StructInstance(type: t.chain, fields: [.tuple(a.values)]))
    }

    /// Chain indexing, length, first/last and iteration, as methods on the Base functions.
    package static func installChainCollection(_ interp: Interpreter, _ t: Types) {
        func method(_ name: String, _ fn: @escaping NativeFunction) {
            guard case .function(let c) = interp.base.binding(name).value, let g = c as? GenericFunction else { return }
            g.add(Method(signature: [t.chain], vararg: BuiltinTypes.any, body: .native(fn)))
        }
        method("getindex") { interp, a in
            guard case .object(let c) = a[0], a.count == 2 else { throw Exceptions.method(.str("getindex"), a.values) }
            let layers = c.fields[0]
            switch a[1] {
            case .symbol(let s):
                guard case .namedTuple(let nt) = layers, let i = nt.index(of: s.name) else { throw Exceptions.key(a[1]) }
                return nt.values[i]
            case .int:
                return try interp.getIndex(layers, [a[1]])
            default:
                // A range of layers is a shorter Chain (names kept).
                let picked = try interp.getIndex(try tupleOrArray(layers, interp), [a[1]])
                if case .namedTuple(let nt) = layers, case .tuple(let items) = picked {
                    let idx = try interp.collect(a[1]).map { Int(asInt($0)) - 1 }
                    return .object(StructInstance(type: c.type, fields: [.namedTuple(NamedTupleValue(names: idx.map { nt.names[$0] }, values: items.items))]))
                }
                return .object(StructInstance(type: c.type, fields: [picked]))
            }
        }
        method("length") { interp, a in
            guard case .object(let c) = a[0] else { throw Exceptions.method(.str("length"), a.values) }
            return .int(Int64(try interp.collect(c.fields[0]).count))
        }
        method("lastindex") { interp, a in
            guard case .object(let c) = a[0] else { throw Exceptions.method(.str("lastindex"), a.values) }
            return .int(Int64(try interp.collect(c.fields[0]).count))
        }
        method("first") { interp, a in
            guard case .object(let c) = a[0], let f = try interp.collect(c.fields[0]).first else { throw Exceptions.argument("collection must be non-empty") }
            return f
        }
        method("last") { interp, a in
            guard case .object(let c) = a[0], let l = try interp.collect(c.fields[0]).last else { throw Exceptions.argument("collection must be non-empty") }
            return l
        }
        method("keys") { interp, a in
            guard case .object(let c) = a[0] else { throw Exceptions.method(.str("keys"), a.values) }
            if case .namedTuple(let nt) = c.fields[0] { return .tuple(nt.names.map { .sym($0) }) }
            let n = try interp.collect(c.fields[0]).count
            return .range(RangeValue(.int(start: 1, step: 1, stop: Int64(n), unit: true)))
        }
    }

    package static func tupleOrArray(_ layers: Value, _ interp: Interpreter) throws -> Value {
        if case .namedTuple(let nt) = layers { return .tuple(nt.values) }
        return layers
    }
}
