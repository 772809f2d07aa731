import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `Flux.Losses`: each takes `(ŷ, y)`, checks the sizes match, and is differentiable.
package enum LossFunctions {
    package static func install(_ interp: Interpreter, _ losses: ModuleValue) {
        losses.native("mse") { interp, a in
            let (p, q) = try operands("mse", a, interp)
            guard usesKeywords(a) else { return interp.wrap(try interp.engine { tape in try Losses.mse(p, q, tape: tape) }) }
            let e = try interp.engine { tape in try Fused.evaluate(.unary(.abs2, .binary(.sub, .input(0), .input(1))), inputs: [p, q], dtype: p.dtype.floatResult, tape: tape) }
            return try LossFunctionsMore.aggregate(e, a, interp)
        }
        losses.native("crossentropy") { interp, a in
            let (p, q) = try operands("crossentropy", a, interp)
            guard usesKeywords(a) else { return interp.wrap(try interp.engine { tape in try Losses.crossentropy(p, q, tape: tape) }) }
            // agg(.-sum(xlogy.(y, ŷ .+ ϵ); dims)); xlogy is 0 where y is.
            let eps = LossFunctionsMore.epsilon(a, p)
            // Where y == 0 the log reads ŷ + ϵ + 1, so the term is exactly 0 (with derivative 0)
            // even at ŷ + ϵ == 0 (`eps = 0` on a one-hot ŷ), not 0 * log(0) = NaN.
            let shift = try interp.engine { try Tensor.zeros(p.dtype.floatResult, q.shape) }
            for i in 0..<q.count where q.numericValue(i) == 0 { shift.setNumeric(1, i) }
            let xlogy: FusedExpr = .binary(.mul, .input(1), .unary(.log, .binary(.add, .binary(.add, .input(0), .constant(eps)), .input(2))))
            let terms = try interp.engine { tape in try Fused.evaluate(xlogy, inputs: [p, q, shift], dtype: p.dtype.floatResult, tape: tape) }
            return try perSample(terms, a, interp)
        }
        losses.native("logitcrossentropy") { interp, a in
            let (p, q) = try operands("logitcrossentropy", a, interp)
            guard usesKeywords(a) else { return interp.wrap(try interp.engine { tape in try Losses.logitcrossentropy(p, q, tape: tape) }) }
            // agg(.-sum(y .* logsoftmax(ŷ; dims); dims))
            let d = try LossFunctionsMore.dims(a)
            let ls = try interp.engine { tape in try Reductions.logsoftmax(p, dims: d, tape: tape) }
            let terms = try interp.engine { tape in try Arithmetic.binary(.mul, q, ls, tape: tape) }
            return try perSample(terms, a, interp)
        }
        // The rest are compositions of engine ops, so they differentiate too.
        losses.native("mae") { interp, a in
            let (p, q) = try operands("mae", a, interp)
            let d = try interp.engine { tape in try Arithmetic.binary(.sub, p, q, tape: tape) }
            let e = try interp.engine { tape in try Unary.apply(.abs, d, tape: tape) }
            return try LossFunctionsMore.aggregate(e, a, interp)
        }
        losses.native("binarycrossentropy") { interp, a in
            let (p, q) = try operands("binarycrossentropy", a, interp)
            let eps = LossFunctionsMore.epsilon(a, p)
            // -y log(ŷ+ϵ) - (1-y) log(1-ŷ+ϵ), then agg.
            let expr: FusedExpr = .unary(.neg, .binary(.add,
                .binary(.mul, .input(1), .unary(.log, .binary(.add, .input(0), .constant(eps)))),
                .binary(.mul, .binary(.sub, .constant(1), .input(1)), .unary(.log, .binary(.add, .binary(.sub, .constant(1), .input(0)), .constant(eps))))))
            let e = try interp.engine { tape in try Fused.evaluate(expr, inputs: [p, q], dtype: p.dtype.floatResult, tape: tape) }
            return try LossFunctionsMore.aggregate(e, a, interp)
        }
        losses.native("logitbinarycrossentropy") { interp, a in
            let (p, q) = try operands("logitbinarycrossentropy", a, interp)
            // (1 - y) ŷ - logσ(ŷ) = (1 - y) ŷ + softplus(-ŷ)
            let expr: FusedExpr = .binary(.add, .binary(.mul, .binary(.sub, .constant(1), .input(1)), .input(0)), .unary(.softplus, .unary(.neg, .input(0))))
            let e = try interp.engine { tape in try Fused.evaluate(expr, inputs: [p, q], dtype: p.dtype.floatResult, tape: tape) }
            return try LossFunctionsMore.aggregate(e, a, interp)
        }
        losses.native("huber_loss") { interp, a in
            let (p, q) = try operands("huber_loss", a, interp)
            let delta = a.keyword("delta").map { asDouble($0) } ?? 1
            let d = try interp.engine { tape in try Arithmetic.binary(.sub, p, q, tape: tape) }
            // e < δ ? e²/2 : δ(e - δ/2), with e = |d|, written with min so it stays differentiable.
            let e = try interp.engine { tape in try Unary.apply(.abs, d, tape: tape) }
            // Flux's _huber_metric, operation for operation, with temp = (e < δ) a constant:
            // ((e * e) * temp) * 0.5 + δ * (e - 0.5δ) * (1 - temp), δ in ŷ's float type.
            let deltaT = e.dtype == .float32 ? Double(Float(delta)) : delta
            let temp = try interp.engine { try Tensor.zeros(e.dtype, e.shape) }
            for i in 0..<e.count where e.numericValue(i) < deltaT { temp.setNumeric(1, i) }
            let quadratic: FusedExpr = .binary(.mul, .binary(.mul, .binary(.mul, .input(0), .input(0)), .input(1)), .constant(0.5))
            let linear: FusedExpr = .binary(.mul, .binary(.mul, .constant(deltaT), .binary(.sub, .input(0), .constant(0.5 * deltaT))),
                                            .binary(.sub, .constant(1), .input(1)))
            let l = try interp.engine { tape in try Fused.evaluate(.binary(.add, quadratic, linear), inputs: [e, temp], dtype: e.dtype, tape: tape) }
            return try LossFunctionsMore.aggregate(l, a, interp)
        }
    }

    /// The prediction and target as tensors of matching size (Flux's check and message).
    package static func operands(_ name: String, _ a: Args, _ interp: Interpreter) throws -> (Tensor, Tensor) {
        guard a.count == 2 else { throw Exceptions.method(.str(name), a.values) }
        let p = try interp.requireTensor(a[0], name, args: a.values), q = try interp.requireTensor(a[1], name, args: a.values)
        guard p.shape == q.shape || (p.count == 1 && q.count == 1) else {
            throw Exceptions.dimensionMismatch("loss function expects size(ŷ) = \(p.shape.tupleText) to match size(y) = \(q.shape.tupleText)")
        }
        return (p, q)
    }

    /// Keywords other than `agg = mean` leave the single-record engine losses for the
    /// composed path, which follows Flux's formula with any `agg`, `dims` and `eps`.
    package static func usesKeywords(_ a: Args) -> Bool {
        for (name, value) in a.keywords {
            if name == "agg", case .function(let c) = value, c.name == "mean" { continue }
            return true
        }
        return false
    }

    /// `agg(.-sum(terms; dims))`: the cross-entropies' per-sample sums, then `agg`.
    package static func perSample(_ terms: Tensor, _ a: Args, _ interp: Interpreter) throws -> Value {
        let sums = try interp.engine { tape in try Reductions.reduce(.sum, terms, dims: try LossFunctionsMore.dims(a), tape: tape) }
        let negated = try interp.engine { tape in try Unary.apply(.neg, sums, tape: tape) }
        return try LossFunctionsMore.aggregate(negated, a, interp)
    }
}
