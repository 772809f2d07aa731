import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// The rest of `Flux.Losses`: poisson_loss, dice_coeff_loss, tversky_loss,
/// binary_focal_loss, siamese_contrastive_loss, and the label preprocessing
/// `label_smoothing`. Each follows Flux's formula with engine ops (fused elementwise
/// parts, sums, scalar arithmetic on the tape), so each is differentiable in ŷ.
package enum LossFunctionsRest {
    package static func install(_ interp: Interpreter, _ losses: ModuleValue) {
        losses.native("poisson_loss") { interp, a in
            let (p, q) = try LossFunctions.operands("poisson_loss", a, interp)
            // ŷ - xlogy(y, ŷ); where y == 0 the log reads ŷ + 1, so that term is exactly
            // 0 with derivative 0 even at ŷ == 0, as xlogy's `ifelse(iszero(x), ...)`.
            let shift = try interp.engine { try Tensor.zeros(p.dtype.floatResult, q.shape) }
            for i in 0..<q.count where q.numericValue(i) == 0 { shift.setNumeric(1, i) }
            let expr: FusedExpr = .binary(.sub, .input(0), .binary(.mul, .input(1), .unary(.log, .binary(.add, .input(0), .input(2)))))
            let e = try interp.engine { tape in try Fused.evaluate(expr, inputs: [p, q, shift], dtype: p.dtype.floatResult, tape: tape) }
            return try LossFunctionsMore.aggregate(e, a, interp)
        }
        losses.native("dice_coeff_loss") { interp, a in
            let (p, q) = try LossFunctions.operands("dice_coeff_loss", a, interp)
            let smooth = like(p, a.keyword("smooth") ?? .int(1))
            // 1 - (2 sum(y .* ŷ) + s) / (sum(y .^ 2) + sum(ŷ .^ 2) + s)
            let yy = try sum(.binary(.mul, .input(1), .input(0)), p, q, interp)
            let y2 = try sum(.binary(.pow, .input(1), .constant(2)), p, q, interp)
            let p2 = try sum(.binary(.pow, .input(0), .constant(2)), p, q, interp)
            let num = try op(.add, try op(.mul, .int(2), yy, interp), smooth, interp)
            let den = try op(.add, try op(.add, y2, p2, interp), smooth, interp)
            return try op(.sub, .int(1), try op(.div, num, den, interp), interp)
        }
        losses.native("tversky_loss") { interp, a in
            let (p, q) = try LossFunctions.operands("tversky_loss", a, interp)
            let beta = asDouble(like(p, a.keyword("beta") ?? .float64(0.7)))
            // 1 - (sum(y .* ŷ) + 1) / (sum(y .* ŷ + β (1 .- y) .* ŷ + (1 - β) y .* (1 .- ŷ)) + 1)
            let yy = try sum(.binary(.mul, .input(1), .input(0)), p, q, interp)
            let terms: FusedExpr = .binary(.add, .binary(.add, .binary(.mul, .input(1), .input(0)),
                                                          .binary(.mul, .binary(.mul, .constant(beta), .binary(.sub, .constant(1), .input(1))), .input(0))),
                                            .binary(.mul, .binary(.mul, .constant(1 - beta), .input(1)), .binary(.sub, .constant(1), .input(0))))
            let num = try op(.add, yy, .int(1), interp)
            let den = try op(.add, try sum(terms, p, q, interp), .int(1), interp)
            return try op(.sub, .int(1), try op(.div, num, den, interp), interp)
        }
        losses.native("binary_focal_loss") { interp, a in
            let (p, q) = try LossFunctions.operands("binary_focal_loss", a, interp)
            let eps = LossFunctionsMore.epsilon(a, p)
            let gamma = asDouble(OperatorBuiltins.plain(a.keyword("gamma") ?? .int(2)))
            // p_t = y ŷϵ + (1 - y)(1 - ŷϵ); loss = (1 - p_t)^γ · -log(p_t)
            let yhat: FusedExpr = .binary(.add, .input(0), .constant(eps))
            let pt: FusedExpr = .binary(.add, .binary(.mul, .input(1), yhat), .binary(.mul, .binary(.sub, .constant(1), .input(1)), .binary(.sub, .constant(1), yhat)))
            let expr: FusedExpr = .binary(.mul, .binary(.pow, .binary(.sub, .constant(1), pt), .constant(gamma)), .unary(.neg, .unary(.log, pt)))
            let e = try interp.engine { tape in try Fused.evaluate(expr, inputs: [p, q], dtype: p.dtype.floatResult, tape: tape) }
            return try LossFunctionsMore.aggregate(e, a, interp)
        }
        losses.native("siamese_contrastive_loss") { interp, a in
            let (p, q) = try LossFunctions.operands("siamese_contrastive_loss", a, interp)
            let marginValue = OperatorBuiltins.plain(a.keyword("margin") ?? .int(1))
            let margin = asDouble(marginValue)
            guard margin >= 0 else { throw Exceptions.domain(marginValue, "Margin must be non-negative") }
            // (1 - y) ŷ² + y max(0, margin - ŷ)²
            let expr: FusedExpr = .binary(.add, .binary(.mul, .binary(.sub, .constant(1), .input(1)), .binary(.pow, .input(0), .constant(2))),
                                          .binary(.mul, .input(1), .binary(.pow, .binary(.max, .constant(0), .binary(.sub, .constant(margin), .input(0))), .constant(2))))
            let e = try interp.engine { tape in try Fused.evaluate(expr, inputs: [p, q], dtype: p.dtype.floatResult, tape: tape) }
            return try LossFunctionsMore.aggregate(e, a, interp)
        }
        losses.native("label_smoothing") { interp, a in
            guard a.count == 2 else { throw Exceptions.method(.str("label_smoothing"), a.values) }
            let alphaValue = OperatorBuiltins.plain(try interp.settingArgument(a, 2, of: "label_smoothing"))
            let alpha = asDouble(alphaValue)
            guard alpha > 0, alpha < 1 else { throw Exceptions.argument("α must be between 0 and 1") }
            let dims = a.keyword("dims").map { Int(asInt($0)) } ?? 1
            guard dims == 0 || dims == 1 else { throw Exceptions.argument("`dims` should be either 0 or 1") }
            // y .* (1 - α) .+ α * 1//k, with k = 2 (dims = 0) or size(y, 1); α's type sets the
            // result's, as Julia's promotion does (Float32 α, Bool labels: Float32).
            let k: Int
            if dims == 0 { k = 2 } else { k = try interp.tensor(of: a[0]).map { $0.rank == 0 ? 1 : $0.shape[0] } ?? 1 }
            let keep = try op(.sub, .int(1), alphaValue, interp)
            // α * 1//k: the Rational 1//k converted to α's type, then the product.
            let ratio: Value
            if case .float32 = alphaValue { ratio = .float32(Float(1.0 / Double(k))) } else { ratio = .float64(1.0 / Double(k)) }
            let add = try op(.mul, alphaValue, ratio, interp)
            let times = interp.base.binding("*").value, plus = interp.base.binding("+").value
            return try Broadcast.evaluate(.call(plus, [.call(times, [.leaf(0), .constant(keep)]), .constant(add)]), [a[0]], interp)
        }
    }

    /// sum of a fused elementwise expression of (ŷ, y), on the tape.
    static func sum(_ expr: FusedExpr, _ p: Tensor, _ q: Tensor, _ interp: Interpreter) throws -> Value {
        let e = try interp.engine { tape in try Fused.evaluate(expr, inputs: [p, q], dtype: p.dtype.floatResult, tape: tape) }
        return interp.wrap(try interp.engine { tape in try Reductions.reduce(.sum, e, tape: tape) })
    }

    static func op(_ o: BinaryOperator, _ x: Value, _ y: Value, _ interp: Interpreter) throws -> Value {
        try OperatorBuiltins.binaryValues(o, x, y, interp)
    }

    /// Flux's `ofeltype(ŷ, v)`: v converted to ŷ's float type.
    static func like(_ p: Tensor, _ v: Value) -> Value {
        let d = asDouble(OperatorBuiltins.plain(v))
        return p.dtype == .float32 ? .float32(Float(d)) : .float64(d)
    }
}
