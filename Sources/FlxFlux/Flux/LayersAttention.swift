import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `MultiHeadAttention(dims; nheads = 8, bias = false, init = glorot_uniform,
/// dropout_prob = 0.0)`: Dense projections of query, key and value, NNlib's
/// `dot_product_attention` over `nheads` heads with Dropout on the scores, and an output
/// projection; `mha(q, k, v, [bias]; mask)` returns (output, scores). `dims` is an Int, or
/// `in => qkv => out` with `in` an Int or a (q, k, v) tuple and `qkv` an Int or (qk, v).
package enum LayersAttention {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "MultiHeadAttention", fields: ["nheads", "q_proj", "k_proj", "v_proj", "attn_drop", "out_proj"],
                        show: { o, interp in try show(o, interp) },
                        make: { interp, a in try make(a, flux, interp) },
                        forward: { interp, o, a in
            var inputs = Array(a.values.dropFirst())
            // mha(qkv) is self-attention; mha(q, kv) shares key and value.
            if inputs.count == 1 { inputs = [inputs[0], inputs[0], inputs[0]] } else if inputs.count == 2 { inputs = [inputs[0], inputs[1], inputs[1]] }
            guard inputs.count == 3 || inputs.count == 4 else { throw Exceptions.method(.object(o), Array(a.values.dropFirst())) }
            for x in inputs.prefix(3) {
                guard let t = try interp.tensor(of: x), t.rank == 3 else { throw Exceptions.method(.object(o), Array(a.values.dropFirst())) }
            }
            let q = try interp.call(o.fields[1], [inputs[0]]), k = try interp.call(o.fields[2], [inputs[1]]), v = try interp.call(o.fields[3], [inputs[2]])
            guard let f = interp.modules["NNlib"]?.binding("dot_product_attention").value else { throw Exceptions.undefVar("dot_product_attention") }
            var keywords: [(name: String, value: Value)] = [("nheads", o.fields[0]), ("fdrop", o.fields[4])]
            if let mask = a.keyword("mask") { keywords.append(("mask", mask)) }
            guard case .tuple(let xa) = try interp.call(f, [q, k, v, inputs.count == 4 ? inputs[3] : .nothing], keywords: keywords),
                  xa.items.count == 2 else { throw Exceptions.error("dot_product_attention did not return (x, α)") }
            return .tuple([try interp.call(o.fields[5], [xa.items[0]]), xa.items[1]])
        })
    }

    /// Flux's `normalize_mha_dims`: (q_in, k_in, v_in, qk, v, out).
    static func dims(_ v: Value, _ a: Args) throws -> [Int] {
        func ints(_ x: Value, _ n: Int) throws -> [Int] {
            switch x {
            case .int(let i): return Array(repeating: Int(i), count: n)
            case .tuple(let t) where t.items.count == n: return try LayerKit.ints(x, n, "dims")
            default: throw Exceptions.method(.str("MultiHeadAttention"), a.values)
            }
        }
        if case .int(let d) = v { return Array(repeating: Int(d), count: 6) }
        guard case .pair(let p) = v, case .pair(let inner) = p.second, case .int(let out) = inner.second else {
            throw Exceptions.method(.str("MultiHeadAttention"), a.values)
        }
        return try ints(p.first, 3) + ints(inner.first, 2) + [Int(out)]
    }

    static func make(_ a: Args, _ flux: ModuleValue, _ interp: Interpreter) throws -> [Value] {
        if a.count == 6 { return a.values }  // the struct's own constructor
        guard a.count == 1 else { throw Exceptions.method(.str("MultiHeadAttention"), a.values) }
        let d = try dims(a[0], a)
        let nheads = try a.keyword("nheads").map { try LayerKit.ints($0, 1, "nheads")[0] } ?? 8
        guard nheads >= 1, d[3] % nheads == 0 else { throw Exceptions.argument("qk_dim = \(d[3]) should be divisible by nheads = \(nheads)") }
        guard d[4] % nheads == 0 else { throw Exceptions.argument("v_dim = \(d[4]) should be divisible by nheads = \(nheads)") }
        let bias = a.keyword("bias") ?? .bool(false)
        var dense: [(name: String, value: Value)] = [("bias", bias)]
        if let initFn = a.keyword("init") { dense.append(("init", initFn)) }
        let denseType = flux.binding("Dense").value, dropout = flux.binding("Dropout").value
        func proj(_ i: Int, _ o: Int) throws -> Value { try interp.call(denseType, [.pair(PairValue(.int(Int64(i)), .int(Int64(o))))], keywords: dense) }
        return [.int(Int64(nheads)), try proj(d[0], d[3]), try proj(d[1], d[3]), try proj(d[2], d[4]),
                try interp.call(dropout, [a.keyword("dropout_prob") ?? .float64(0)]), try proj(d[4], d[5])]
    }

    static func show(_ o: StructInstance, _ interp: Interpreter) throws -> String {
        func size(_ v: Value) -> (Int, Int) {
            guard case .object(let dense) = v, let w = LayerKit.tensorField(dense.fields[0]), w.rank == 2 else { return (0, 0) }
            return (w.shape[0], w.shape[1])
        }
        let (qk, qIn) = size(o.fields[1]), (_, kIn) = size(o.fields[2]), (v, vIn) = size(o.fields[3]), (out, _) = size(o.fields[5])
        var s = "MultiHeadAttention("
        if [kIn, vIn, qk, v, out].allSatisfy({ $0 == qIn }) {
            s += "\(qIn)"
        } else if qIn == kIn && kIn == vIn && qk == v {
            s += "\(qIn) => \(qk) => \(out)"
        } else if qIn == kIn && kIn == vIn {
            s += "\(qIn) => (\(qk), \(v)) => \(out)"
        } else {
            s += "(\(qIn), \(kIn), \(vIn)) => (\(qk), \(v)) => \(out)"
        }
        s += "; nheads=" + (try LayerKit.text(o.fields[0], interp))
        if case .object(let q) = o.fields[1], !LayersUpsample.isNothing(q.fields[1]) { if case .bool(false) = q.fields[1] {} else { s += ", bias=true" } }
        if case .object(let drop) = o.fields[4], LayerKit.num(drop.fields[0]) != 0 { s += ", dropout_prob=" + (try LayerKit.text(drop.fields[0], interp)) }
        return s + ")"
    }
}
