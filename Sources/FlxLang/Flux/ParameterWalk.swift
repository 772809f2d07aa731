/// Walking a model's parameters: `Flux.params`, `Flux.trainable` (which users
/// override to restrict training), `trainables`, and Functors' `fmap`.
enum ParameterWalk {
    static func install(_ x: Interpreter, _ flux: ModuleValue, _ functors: ModuleValue) {
        let trainable = flux.native("trainable") { x, a in
            try a.expect("trainable", 1...1)
            guard case .object(let o) = a[0] else { return .tuple([]) }
            let keep = trainableFieldIndices(o, x)
            return .namedTuple(NamedTupleValue(names: keep.map { o.type.fieldNames[$0] }, values: keep.map { o.fields[$0] }))
        }
        flux.exports.remove("trainable")
        x.extensions["trainableFunction"] = trainable
        if let zygote = x.modules["Zygote"], let p = zygote.member("params") { flux.define("params", p.value, export: false) }
        flux.hidden("trainables") { x, a in
            try a.expect("trainables", 1...1)
            guard case .native(let p as ParamsObject) = try AutodiffBuiltins.params(a.values, x) else { return .nothing }
            return .array(ArrayValue(boxed: p.arrays.map { .array($0) }, shape: (try? .init([p.arrays.count])) ?? .scalar, elementType: BuiltinTypes.abstractArray))
        }
        let fmap = functors.native("fmap") { x, a in
            try a.expect("fmap", 2...2)
            return try mapLeaves(a[0], a[1], x)
        }
        flux.define("fmap", .function(fmap))
        functors.native("children") { x, a in
            try a.expect("children", 1...1)
            guard case .object(let o) = a[0] else { return .tuple([]) }
            return .namedTuple(NamedTupleValue(names: o.type.fieldNames, values: o.fields))
        }
    }

    /// Field indices of a struct that hold trainable parameters: all of them, unless a
    /// `Flux.trainable(m::T)` method or `@layer T trainable=(...)` says otherwise.
    static func trainableFieldIndices(_ o: StructInstance, _ x: Interpreter) -> [Int] {
        if let g = x.extensions["trainableFunction"] as? GenericFunction,
           g.methods.contains(where: { m in if case .compiled = m.body, let t = m.signature.first { return o.type.isSubtype(of: t) && t !== BuiltinTypes.any }; return false }),
           let result = try? x.call(.function(g), [.object(o)]) {
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

    /// Functors' `fmap(f, x)`: `f` applied to every array, structure rebuilt around the results.
    static func mapLeaves(_ f: Value, _ v: Value, _ x: Interpreter) throws -> Value {
        switch v {
        case .array(let a):
            if a.tensor != nil { return try x.call(f, [v]) }
            return .array(ArrayValue(boxed: try a.boxedValues.map { try mapLeaves(f, $0, x) }, shape: a.shape, elementType: a.elementType))
        case .tuple(let t): return .tuple(try t.items.map { try mapLeaves(f, $0, x) })
        case .namedTuple(let nt): return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try mapLeaves(f, $0, x) }))
        case .object(let o): return .object(StructInstance(type: o.type, fields: try o.fields.map { try mapLeaves(f, $0, x) }))
        default: return v
        }
    }
}
