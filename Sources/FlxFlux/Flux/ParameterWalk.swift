import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine
/// Walking a model's parameters: `Flux.params`, `Flux.trainable` (which users
/// override to restrict training), `trainables`, and Functors' `fmap`.
package enum ParameterWalk {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue, _ functors: ModuleValue) {
        let trainable = flux.native("trainable") { interp, a in
            try a.expect("trainable", 1...1)
            guard case .object(let o) = a[0] else { return .tuple([]) }
            let keep = trainableFieldIndices(o, interp)
            return .namedTuple(NamedTupleValue(names: keep.map { o.type.fieldNames[$0] }, values: keep.map { o.fields[$0] }))
        }
        flux.exports.remove("trainable")
        interp.extensions["trainableFunction"] = trainable
        if let zygote = interp.modules["Zygote"], let p = zygote.member("params") { flux.define("params", p.value, export: false) }
        // `trainables(x; path = false)`: Optimisers' list of trainable numeric arrays, each
        // once; with `path = true`, `(KeyPath, array)` tuples in a `Vector{Any}`.
        flux.hidden("trainables") { interp, a in
            try a.expect("trainables", 1...1)
            var withPath = false
            if let p = a.keyword("path") {
                guard case .bool(let b) = p else { throw Exceptions.typeError("trainables", expected: "Bool", got: p) }
                withPath = b
            }
            let found = try FunctorsKeyPath.trainableArrays(a[0], interp)
            let shape = try Shape([found.count])
            if withPath {
                let items: [Value] = found.map { .tuple([.native(KeyPathObject($0.path)), .array($0.array)]) }
                return .array(ArrayValue(boxed: items, shape: shape, elementType: BuiltinTypes.any))
            }
            return .array(ArrayValue(boxed: found.map { .array($0.array) }, shape: shape, elementType: BuiltinTypes.abstractArray))
        }
        let fmap = functors.native("fmap") { interp, a in
            try a.expect("fmap", 2...2)
            return try mapLeaves(a[0], a[1], interp)
        }
        flux.define("fmap", .function(fmap))
        let destructure = flux.hidden("destructure") { interp, a in
            try a.expect("destructure", 1...1)
            return try destructureModel(a[0], interp)
        }
        _ = destructure  // Optimisers binds it too (OptimiserBinding)
        functors.native("children") { interp, a in
            try a.expect("children", 1...1)
            guard case .object(let o) = a[0] else { return .tuple([]) }
            return .namedTuple(NamedTupleValue(names: o.type.fieldNames, values: o.fields))
        }
    }

    /// Field indices of a struct that hold trainable parameters: all of them, unless a
    /// `Flux.trainable(m::T)` method or `@layer T trainable=(...)` says otherwise.
    package static func trainableFieldIndices(_ o: StructInstance, _ interp: Interpreter) -> [Int] {
        if let g = interp.extensions["trainableFunction"] as? GenericFunction,
           g.methods.contains(where: { m in if case .compiled = m.body, let t = m.signature.first { return o.type.isSubtype(of: t) && t !== BuiltinTypes.any }; return false }),
           let result = try? interp.call(.function(g), [.object(o)]) {
            let chosen: [Value]
            switch result {
            case .namedTuple(let nt):
                return nt.names.compactMap { o.type.fieldNames.firstIndex(of: $0) }
            case .tuple(let t): chosen = t.items
            default: chosen = []
            }
            return o.fields.indices.filter { i in chosen.contains { OperatorBuiltins.egal($0, o.fields[i]) } }
        }
        if let opt = o.type.layerOptions["trainable"] {
            var names: [String] = []
            switch opt {
            case .tuple(let t): for item in t.items { if case .symbol(let s) = item { names.append(s.name) } }
            case .symbol(let s): names = [s.name]
            default: break
            }
            if !names.isEmpty { return names.compactMap { o.type.fieldNames.firstIndex(of: $0) } }
        }
        return Array(o.fields.indices)
    }

    /// `destructure(model)`: all trainable parameters as one flat vector, and a function
    /// that rebuilds the model from such a vector (differentiably, slice by slice).
    package static func destructureModel(_ model: Value, _ interp: Interpreter) throws -> Value {
        guard case .native(let p as ParamsObject) = try AutodiffBuiltins.params([model], interp, complex: true) else { return .nothing }
        let arrays = p.arrays
        let parts = try arrays.map { a -> Value in try interp.call(interp.base.binding("vec").value, [.array(a)]) }
        // Optimisers' `_flatten` returns `Bool[]` when the model has no parameters; otherwise
        // `vcat` promotes (real and complex parameters give a complex vector).
        let flat: Value = parts.isEmpty ? .array(try interp.makeVector([], elementType: BuiltinTypes.bool)) : try Concatenation.concatenate(parts, dim: 1, interp)
        var offsets: [ObjectIdentifier: (Int, [Int])] = [:]
        var offset = 0
        for a in arrays {
            offsets[ObjectIdentifier(a)] = (offset, a.dims)
            offset += a.count
        }
        let total = offset
        // Optimisers prints the rebuilder as `Restructure(T, ..., length)`, T the model's type name.
        let typeName: String
        switch model {
        case .object(let o): typeName = o.type.name
        case .tuple: typeName = "Tuple"
        case .namedTuple: typeName = "NamedTuple"
        case .array: typeName = "Array"
        default: typeName = TypeNames.show(interp.typeOf(model))
        }
        let rebuild = NativeClosure(name: "Restructure(\(typeName), ..., \(total))") { interp, b in
            try b.expect("Restructure", 1...2)
            // `re(x, flat)` is `re(flat)(x)`.
            let v = b[b.count - 1]
            guard interp.knownLength(v) == total else {
                throw Exceptions.dimensionMismatch("Rebuild expected a vector of length \(total), got \(interp.knownLength(v) ?? 0)")
            }
            // One new array per distinct array of the model: tied arrays stay tied (`===`).
            var rebuilt: [ObjectIdentifier: Value] = [:]
            func rebuildValue(_ m: Value) throws -> Value {
                switch m {
                case .array(let a):
                    if let done = rebuilt[ObjectIdentifier(a)] { return done }
                    let fresh: Value
                    if let (start, dims) = offsets[ObjectIdentifier(a)] {
                        let slice = try interp.getIndexTracked(v, [.range(RangeValue(.int(start: Int64(start + 1), step: 1, stop: Int64(start + a.count), unit: true)))])
                        let shaped = try interp.call(interp.base.binding("reshape").value, [slice] + dims.map { .int(Int64($0)) })
                        fresh = try projected(shaped, like: a, interp)
                    } else if a.tensor == nil {
                        fresh = .array(ArrayValue(boxed: try a.boxedValues.map(rebuildValue), shape: a.shape, elementType: a.elementType))
                    } else {
                        fresh = m
                    }
                    rebuilt[ObjectIdentifier(a)] = fresh
                    return fresh
                case .tuple(let t): return .tuple(try t.items.map(rebuildValue))
                case .namedTuple(let nt): return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map(rebuildValue)))
                case .object(let o): return .object(StructInstance(type: o.type, fields: try o.fields.map(rebuildValue)))
                default: return m
                }
            }
            let rebuiltModel = try rebuildValue(model)
            return b.count == 2 ? try interp.call(rebuiltModel, [b[0]]) : rebuiltModel
        }
        return .tuple([flat, .function(rebuild)])
    }

    /// ChainRulesCore's `ProjectTo(original)` as Optimisers' `_getat` applies it: the slice
    /// gets the original array's element type, the real part when the original is real.
    static func projected(_ slice: Value, like original: ArrayValue, _ interp: Interpreter) throws -> Value {
        guard case .array(let s) = slice, s.elementType !== original.elementType else { return slice }
        if let target = original.tensor?.dtype {
            var real = s
            if s.tensor == nil, ComplexObject.partType(of: s.elementType) != nil,
               case .array(let r) = try interp.call(interp.base.binding("real").value, [slice]) { real = r }
            guard let t = real.tensor else { return .array(real) }
            if t.dtype == target { return .array(real) }
            return LayerKit.wrapArray(try interp.engine { tape in try Conversion.convert(t, to: target, tape: tape) })
        }
        if ComplexObject.partType(of: original.elementType) != nil {
            return try interp.call(interp.base.binding("convert").value, [.type(interp.typeOf(.array(original))), slice])
        }
        return slice
    }

    /// Functors' `fmap(f, x)`: `f` applied to every array, structure rebuilt around the results.
    package static func mapLeaves(_ f: Value, _ v: Value, _ interp: Interpreter) throws -> Value {
        try NativeStack.check()  // a model that contains itself
        switch v {
        case .array(let a):
            // A Float16 array (numbers without a tensor) is a leaf as a tensor array is.
            if a.tensor != nil || a.elementType === BuiltinTypes.float16 { return try interp.call(f, [v]) }
            return .array(ArrayValue(boxed: try a.boxedValues.map { try mapLeaves(f, $0, interp) }, shape: a.shape, elementType: a.elementType))
        case .tuple(let t): return .tuple(try t.items.map { try mapLeaves(f, $0, interp) })
        case .namedTuple(let nt): return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try mapLeaves(f, $0, interp) }))
        case .object(let o):
            // `@functor T (a, c)` makes only a and c children: the other fields are kept as they are.
            var children = Set(o.fields.indices)
            if case .tuple(let names)? = o.type.layerOptions["#children"] {
                children = Set(names.items.compactMap { n in
                    if case .symbol(let s) = n { return o.type.fieldNames.firstIndex(of: s.name) }
                    return nil
                })
            }
            return .object(StructInstance(type: o.type, fields: try o.fields.indices.map { i in
                children.contains(i) ? try mapLeaves(f, o.fields[i], interp) : o.fields[i]
            }))
        default: return v
        }
    }
}
