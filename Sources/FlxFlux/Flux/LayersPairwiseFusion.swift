import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `PairwiseFusion(connection, layers...)` (or named layers): each layer after the first
/// sees `connection(previous output, next input)`, and all outputs come back as a tuple:
/// y1 = layer1(x1), y2 = layer2(connection(y1, x2)), … With one input x, every step
/// fuses with x. Indexing and `keys` work as for `Parallel`.
package enum LayersPairwiseFusion {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "PairwiseFusion", fields: ["connection", "layers"], container: true, show: { o, interp in
            var s = "PairwiseFusion(" + (try LayerKit.text(o.fields[0], interp)) + ", "
            if case .namedTuple(let nt) = o.fields[1] {
                s += try zip(nt.names, nt.values).map { "\($0) = " + (try LayerKit.text($1, interp)) }.joined(separator: ", ")
            } else {
                s += try interp.collect(o.fields[1]).map { try LayerKit.text($0, interp) }.joined(separator: ", ")
            }
            return s + ")"
        }, make: { _, a in
            guard a.count >= 1 else { throw Exceptions.method(.str("PairwiseFusion"), a.values) }
            if !a.keywords.isEmpty {
                guard a.count == 1 else { throw Exceptions.method(.str("PairwiseFusion"), a.values) }
                if a.keywords.contains(where: { $0.name == "layers" || $0.name == "connection" }) {
                    throw Exceptions.argument("a PairwiseFusion layer cannot have a named sub-layer called `connection` or `layers`")
                }
                return [a[0], .namedTuple(NamedTupleValue(names: a.keywords.map { $0.name }, values: a.keywords.map { $0.value }))]
            }
            return [a[0], .tuple(Array(a.values.dropFirst()))]
        }, forward: { interp, o, a in
            let layers = try interp.collect(o.fields[1])
            // m(xs...) is m(xs); a tuple input must have one element per layer.
            let x: Value = a.count == 2 ? a[1] : .tuple(Array(a.values.dropFirst()))
            var inputs: [Value]? = nil
            if case .tuple(let t) = x {
                guard t.items.count == layers.count else {
                    throw Exceptions.argument("PairwiseFusion with \(layers.count) sub-layers can take one input or \(layers.count) inputs, but got \(t.items.count) inputs")
                }
                inputs = t.items
            }
            func input(_ i: Int) -> Value { inputs?[i] ?? x }
            var outputs: [Value] = []
            var current = input(0)
            for (i, layer) in layers.enumerated() {
                let y = try interp.call(layer, [current])
                outputs.append(y)
                if i + 1 < layers.count { current = try interp.call(o.fields[0], [y, input(i + 1)]) }
            }
            return .tuple(outputs)
        })
    }
}
