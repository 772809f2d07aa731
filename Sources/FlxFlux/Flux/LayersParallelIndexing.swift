import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Indexing a `Parallel` (and a `PairwiseFusion`) as Flux does: `m[i]` and `m[:name]` are its layers,
/// `m[1:2]` a Parallel of those layers with the same connection, `keys(m)` their names
/// (or positions). Like Flux, Parallel has no `length`.
package enum LayersParallelIndexing {
    package static func install(_ interp: Interpreter) {
        // PairwiseFusion shares Parallel's layout (connection, layers) and its indexing.
        for name in ["Parallel", "PairwiseFusion"] {
            guard let t = LayerKit.type(interp, name) else { continue }
            install(interp, t)
        }
    }

    static func install(_ interp: Interpreter, _ parallel: FlxType) {
        func method(_ name: String, _ fn: @escaping NativeFunction) {
            guard case .function(let c) = interp.base.binding(name).value, let g = c as? GenericFunction else { return }
            g.add(Method(signature: [parallel], vararg: BuiltinTypes.any, body: .native(fn)))
        }
        method("getindex") { interp, a in
            guard case .object(let p) = a[0], a.count == 2 else { throw Exceptions.method(.str("getindex"), a.values) }
            let layers = p.fields[1]
            switch a[1] {
            case .int, .symbol: return try interp.getIndex(layers, [a[1]])
            default:
                let positions = try interp.collect(a[1]).map { Int(asInt($0)) }
                let items = try interp.collect(LayersParallelIndexing.values(layers))
                guard positions.allSatisfy({ $0 >= 1 && $0 <= items.count }) else { throw Exceptions.bounds(layers, a[1]) }
                var picked: Value = .tuple(positions.map { items[$0 - 1] })
                if case .namedTuple(let nt) = layers {
                    picked = .namedTuple(NamedTupleValue(names: positions.map { nt.names[$0 - 1] }, values: positions.map { nt.values[$0 - 1] }))
                }
                return .object(StructInstance(type: p.type, fields: [p.fields[0], picked]))
            }
        }
        method("keys") { interp, a in
            guard case .object(let p) = a[0] else { throw Exceptions.method(.str("keys"), a.values) }
            if case .namedTuple(let nt) = p.fields[1] { return .tuple(nt.names.map { .sym($0) }) }
            let n = try interp.collect(p.fields[1]).count
            return .range(RangeValue(.int(start: 1, step: 1, stop: Int64(n), unit: true)))
        }
    }

    static func values(_ layers: Value) -> Value {
        if case .namedTuple(let nt) = layers { return .tuple(nt.values) }
        return layers
    }
}
