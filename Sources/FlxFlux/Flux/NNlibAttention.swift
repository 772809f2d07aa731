import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's attention: `dot_product_attention(q, k, v, [bias]; fdrop, mask, nheads)`,
/// `dot_product_attention_scores(q, k, [bias]; fdrop, mask)` and `make_causal_mask(x; dims)`.
/// NNlib's steps in its order — split heads, permute, scale q by 1/√d, batched products,
/// bias, mask (masked scores become -Inf), softmax over keys, dropout — each an engine
/// op, so attention is differentiable in q, k, v and bias.
package enum NNlibAttention {
    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        nnlib.native("dot_product_attention") { interp, a in
            try a.expect("dot_product_attention", 3...4)
            let (q, k, v) = (try tensor(a[0], a, interp), try tensor(a[1], a, interp), try tensor(a[2], a, interp))
            let nheads = try a.keyword("nheads").map { try LayerKit.ints($0, 1, "nheads")[0] } ?? 1
            let (x, scores) = try attention(q, k, v, bias: a.count == 4 ? a[3] : .nothing, nheads: nheads,
                                            fdrop: a.keyword("fdrop"), mask: a.keyword("mask"), a, interp)
            return .tuple([LayerKit.wrapArray(x), scores])
        }
        nnlib.native("dot_product_attention_scores") { interp, a in
            try a.expect("dot_product_attention_scores", 2...3)
            let (q, k) = (try tensor(a[0], a, interp), try tensor(a[1], a, interp))
            guard q.rank == 4, k.rank == 4 else { throw Exceptions.method(.str("dot_product_attention_scores"), a.values) }
            return try scores(q, k, bias: a.count == 3 ? a[2] : .nothing, fdrop: a.keyword("fdrop"), mask: a.keyword("mask"), a, interp)
        }
        nnlib.native("make_causal_mask") { interp, a in
            try a.expect("make_causal_mask", 1...1)
            let x = try tensor(a[0], a, interp)
            let d = try a.keyword("dims").map { try LayerKit.ints($0, 1, "dims")[0] } ?? 2
            guard d >= 1, d <= x.rank else { throw Exceptions.bounds(a[0], .int(Int64(d))) }
            // m[i, j] = i ≤ j: the upper triangle, diagonal included.
            let n = x.shape[d - 1]
            let m = try interp.engine { try Tensor.zeros(.bool, try Shape([n, n])) }
            for j in 0..<n { for i in 0...j { m.setNumeric(1, i + n * j) } }
            return .array(ArrayValue(bits: m))
        }
    }

    static func tensor(_ v: Value, _ a: Args, _ interp: Interpreter) throws -> Tensor {
        guard let t = try interp.tensor(of: v), v.isLayerArrayInput else { throw Exceptions.method(.str("dot_product_attention"), a.values) }
        return t
    }

    /// (x, α) for q (qk, q_len, batch...), k (qk, kv_len, batch...), v (v_dim, kv_len, batch...).
    static func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, bias: Value, nheads: Int, fdrop: Value?, mask: Value?,
                          _ a: Args, _ interp: Interpreter) throws -> (Tensor, Value) {
        guard q.rank >= 2, q.rank == k.rank, k.rank == v.rank else { throw Exceptions.method(.str("dot_product_attention"), a.values) }
        let batch = Array(q.shape.dims.dropFirst(2))
        guard batch == Array(k.shape.dims.dropFirst(2)), batch == Array(v.shape.dims.dropFirst(2)) else {
            throw Exceptions.argument("Batch dimensions have to be the same.")
        }
        let sizes = "- size(q): \(q.shape.tupleText)\n- size(k): \(k.shape.tupleText)\n- size(v): \(v.shape.tupleText)\n"
        guard nheads >= 1, q.shape[0] % nheads == 0, k.shape[0] % nheads == 0, v.shape[0] % nheads == 0 else {
            throw Exceptions.argument("First dimension in query, key and value must be divisible by `nheads`.\nInstead:\n" + sizes + "- nheads: \(nheads)\n")
        }
        guard q.shape[0] == k.shape[0] else {
            throw Exceptions.argument("First dimension in query and key has to be the same. Instead:\n- size(q): \(q.shape.tupleText)\n- size(k): \(k.shape.tupleText)\n")
        }
        guard k.shape[1] == v.shape[1] else {
            throw Exceptions.argument("Second dimension in key and value has to be the same. Instead:\n- size(k): \(k.shape.tupleText)\n- size(v): \(v.shape.tupleText)\n")
        }
        // split_heads on the batch-flattened arrays: (d ÷ nheads, nheads, len, B).
        func split(_ t: Tensor) throws -> Tensor {
            try interp.engine { tape in try Shaping.reshape(t, [t.shape[0] / nheads, nheads, t.shape[1], -1], tape: tape) }
        }
        let (q4, k4, v4) = (try split(q), try split(k), try split(v))
        let alphaValue = try scores(q4, k4, bias: bias, fdrop: fdrop, mask: mask, a, interp)
        guard let alpha = try interp.tensor(of: alphaValue) else { throw Exceptions.error("attention scores are not an array") }
        let x = try interp.engine { tape -> Tensor in
            let vt = try Shaping.permutedims(v4, [1, 3, 2, 4], tape: tape)
            let prod = try NNlibBatched.batchedMul(vt, alpha, a, interp)
            let back = try Shaping.permutedims(prod, [1, 3, 2, 4], tape: tape)
            // join_heads, then the batch dimensions back.
            return try Shaping.reshape(back, [back.shape[0] * back.shape[1], back.shape[2]] + batch, tape: tape)
        }
        guard let alphaT = try interp.tensor(of: alphaValue) else { return (x, alphaValue) }
        let shapedAlpha = try interp.engine { tape in try Shaping.reshape(alphaT, Array(alphaT.shape.dims.prefix(3)) + batch, tape: tape) }
        return (x, LayerKit.wrapArray(shapedAlpha))
    }

    /// softmax over keys of (kᵀ q / √d + bias, masked to -Inf), then fdrop: (kv_len, q_len, nheads, B).
    static func scores(_ q: Tensor, _ k: Tensor, bias: Value, fdrop: Value?, mask: Value?, _ a: Args, _ interp: Interpreter) throws -> Value {
        var logits = try interp.engine { tape -> Tensor in
            let kt = try Shaping.permutedims(k, [3, 1, 2, 4], tape: tape)
            let scale = try Tensor.scalar(Double(q.shape[0]), dtype: q.dtype.floatResult)
            let qt = try Arithmetic.binary(.div, try Shaping.permutedims(q, [1, 3, 2, 4], tape: tape), try Unary.apply(.sqrt, scale, tape: nil), tape: tape)
            return try NNlibBatched.batchedMul(kt, qt, a, interp)
        }
        if !LayersUpsample.isNothing(bias), let b = try interp.tensor(of: bias) {
            let current = logits
            logits = try interp.engine { tape in try Arithmetic.binary(.add, current, b, tape: tape) }
        }
        if let mask, !LayersUpsample.isNothing(mask) {
            guard let m = try interp.tensor(of: mask), m.dtype == .bool else { throw Exceptions.typeError("ifelse", expected: "Bool", got: mask) }
            let current = logits
            logits = try interp.engine { tape in
                try Arithmetic.ifelse(m, current, try Tensor.scalar(-Double.infinity, dtype: current.dtype), tape: tape)
            }
        }
        let current = logits
        let alpha = LayerKit.wrapArray(try interp.engine { tape in try Reductions.softmax(current, dims: DimSet(mask: 1), tape: tape) })
        guard let fdrop, !LayersUpsample.isNothing(fdrop) else { return alpha }
        return try interp.call(fdrop, [alpha])
    }
}
