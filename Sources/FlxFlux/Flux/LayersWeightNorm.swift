import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `WeightNorm(layer, which = :weight; dims = -1)`: the field `which` of `layer`
/// reparametrised as w = g · v / ‖v‖ (the norm over `dims`, by default the last one),
/// with the magnitude g trainable apart from the direction v. `Flux.remove_weight_norms`
/// folds every WeightNorm of a model back into its layer. The forward pass builds the
/// layer with w in place of v from engine ops, so g and v both get gradients.
package enum LayersWeightNorm {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "WeightNorm", fields: ["layer", "g", "which", "dims"], container: true, show: { o, interp in
            "WeightNorm(" + (try LayerKit.text(o.fields[0], interp)) + ", " + (try LayerKit.text(o.fields[2], interp))
                + "; dims=" + (try LayerKit.text(o.fields[3], interp)) + ")"
        }, make: { interp, a in
            if a.count == 4 { return a.values }  // the struct's own constructor
            guard a.count == 1 || a.count == 2, case .object(let layer) = a[0] else { throw Exceptions.method(.str("WeightNorm"), a.values) }
            let which: String
            if a.count == 2 {
                guard case .symbol(let s) = a[1] else { throw Exceptions.method(.str("WeightNorm"), a.values) }
                which = s.name
            } else {
                which = "weight"
            }
            guard let i = layer.type.fieldNames.firstIndex(of: which) else {
                throw Exceptions.argument("`\(layer.type.name)` does not have field `:\(which)`.")
            }
            guard let x = LayerKit.tensorField(layer.fields[i]) else { throw Exceptions.argument("WeightNorm: field `:\(which)` is not an array") }
            if (0..<x.count).allSatisfy({ x.numericValue($0) == 0 }) {
                throw Exceptions.argument("`\(which)` field for `\(layer.type.name)` is all zero, which will result in NaN.")
            }
            // dims = -1 means the last dimension, stored as that number.
            var dims = a.keyword("dims") ?? .int(-1)
            if case .int(-1) = dims { dims = .int(Int64(x.rank)) }
            let g = try interp.engine { tape in try norm(x, try dimSet(dims, x.rank), tape: tape) }
            return [a[0], LayerKit.wrapArray(g), .sym(which), dims]
        }, forward: { interp, o, a in
            let layer = try reparametrize(o, interp)
            return try interp.call(layer, Array(a.values.dropFirst()), keywords: a.keywords)
        })

        flux.native("remove_weight_norms", export: false) { interp, a in
            try a.expect("remove_weight_norms", 1...1)
            return try remove(a[0], interp, depth: 0)
        }
    }

    /// sqrt.(sum(abs2, x; dims) .+ eps(eltype(x))).
    static func norm(_ x: Tensor, _ dims: DimSet, tape: Tape?) throws -> Tensor {
        let eps = x.dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
        let s = try Reductions.reduce(.sum, try Arithmetic.binary(.mul, x, x, tape: tape), dims: dims, tape: tape)
        return try Unary.apply(.sqrt, try Arithmetic.binary(.add, s, try Tensor.scalar(eps, dtype: x.dtype), tape: tape), tape: tape)
    }

    static func dimSet(_ v: Value, _ rank: Int) throws -> DimSet {
        switch v {
        case .native(let c) where c is ColonObject: return .all
        case .int(let d): return try DimSet.julia(Int(d))
        case .tuple: return try DimSet(julia: try LayerKit.ints(v, 0, "dims"))
        default: throw Exceptions.argument("WeightNorm: dims must be an Int, a tuple of Ints or :")
        }
    }

    /// Flux's `reparametrize(wn)`: the layer with w = g .* v ./ sqrt.(‖v‖² .+ eps).
    static func reparametrize(_ o: StructInstance, _ interp: Interpreter) throws -> Value {
        guard case .object(let layer) = o.fields[0], case .symbol(let which) = o.fields[2],
              let i = layer.type.fieldNames.firstIndex(of: which.name),
              let v = try interp.tensor(of: layer.fields[i]), let g = try interp.tensor(of: o.fields[1]) else {
            throw Exceptions.error("WeightNorm: malformed layer")
        }
        let dims = try dimSet(o.fields[3], v.rank)
        let w = try interp.engine { tape -> Tensor in
            let eps = g.dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
            let n2 = try Reductions.reduce(.sum, try Arithmetic.binary(.mul, v, v, tape: tape), dims: dims, tape: tape)
            let scale = try Unary.apply(.sqrt, try Arithmetic.binary(.add, n2, try Tensor.scalar(eps, dtype: g.dtype), tape: tape), tape: tape)
            return try Arithmetic.binary(.div, try Arithmetic.binary(.mul, g, v, tape: tape), scale, tape: tape)
        }
        var fields = layer.fields
        fields[i] = LayerKit.wrapArray(w)
        return .object(StructInstance(type: layer.type, fields: fields))
    }

    /// The model with each WeightNorm replaced by its reparametrised layer.
    static func remove(_ v: Value, _ interp: Interpreter, depth: Int) throws -> Value {
        guard depth < 64 else { throw Exceptions.stackOverflow() }
        switch v {
        case .object(let o):
            if LayerKit.instance(v, "WeightNorm", interp) != nil { return try reparametrize(o, interp) }
            let fields = try o.fields.map { try remove($0, interp, depth: depth + 1) }
            return .object(StructInstance(type: o.type, fields: fields))
        case .tuple(let t): return .tuple(try t.items.map { try remove($0, interp, depth: depth + 1) })
        case .namedTuple(let nt):
            return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try remove($0, interp, depth: depth + 1) }))
        case .array(let arr) where arr.tensor == nil:
            return .array(ArrayValue(boxed: try arr.boxedValues.map { try remove($0, interp, depth: depth + 1) }, shape: arr.shape, elementType: arr.elementType))
        default: return v
        }
    }
}
