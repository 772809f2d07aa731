import FlxSyntax
import FlxCore
import FlxStdlib
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// More of `Flux.Losses`: msle, kldivergence, focal_loss, hinge_loss and
/// squared_hinge_loss, each with `agg` (mean, sum, or any function).
package enum LossFunctionsMore {
    package static func install(_ interp: Interpreter, _ losses: ModuleValue) {
        losses.native("msle") { interp, a in
            let (p, q) = try LossFunctions.operands("msle", a, interp)
            let eps = epsilon(a, p)
            // (log((ŷ + ϵ) / (y + ϵ)))²
            let expr: FusedExpr = .unary(.abs2, .unary(.log, .binary(.div, .binary(.add, .input(0), .constant(eps)), .binary(.add, .input(1), .constant(eps)))))
            let e = try interp.engine { tape in try Fused.evaluate(expr, inputs: [p, q], dtype: p.dtype.floatResult, tape: tape) }
            return try aggregate(e, a, interp)
        }
        losses.native("hinge_loss") { interp, a in
            let (p, q) = try LossFunctions.operands("hinge_loss", a, interp)
            let expr: FusedExpr = .binary(.max, .constant(0), .binary(.sub, .constant(1), .binary(.mul, .input(0), .input(1))))
            let e = try interp.engine { tape in try Fused.evaluate(expr, inputs: [p, q], dtype: p.dtype.floatResult, tape: tape) }
            return try aggregate(e, a, interp)
        }
        losses.native("squared_hinge_loss") { interp, a in
            let (p, q) = try LossFunctions.operands("squared_hinge_loss", a, interp)
            let expr: FusedExpr = .unary(.abs2, .binary(.max, .constant(0), .binary(.sub, .constant(1), .binary(.mul, .input(0), .input(1)))))
            let e = try interp.engine { tape in try Fused.evaluate(expr, inputs: [p, q], dtype: p.dtype.floatResult, tape: tape) }
            return try aggregate(e, a, interp)
        }
        losses.native("focal_loss") { interp, a in
            let (p, q) = try LossFunctions.operands("focal_loss", a, interp)
            let eps = epsilon(a, p)
            let gamma = a.keyword("gamma").map { asDouble($0) } ?? 2
            // -y (1 - ŷ')^γ log(ŷ') with ŷ' = ŷ + ϵ, summed over dims, then agg.
            let yhat: FusedExpr = .binary(.add, .input(0), .constant(eps))
            let expr: FusedExpr = .unary(.neg, .binary(.mul, .binary(.mul, .input(1), .binary(.pow, .binary(.sub, .constant(1), yhat), .constant(gamma))), .unary(.log, yhat)))
            let e = try interp.engine { tape in try Fused.evaluate(expr, inputs: [p, q], dtype: p.dtype.floatResult, tape: tape) }
            let s = try interp.engine { tape in try Reductions.reduce(.sum, e, dims: try dims(a), tape: tape) }
            return try aggregate(s, a, interp)
        }
        losses.native("kldivergence") { interp, a in
            let (p, q) = try LossFunctions.operands("kldivergence", a, interp)
            let eps = epsilon(a, p)
            let d = try dims(a)
            // agg(sum(xlogx.(y); dims)) + crossentropy(ŷ, y; dims, agg, eps)
            // xlogx(y) = y·log(y) (0 at 0), with its derivative log(y) + 1: the target's
            // gradient, as Zygote gives it, includes the entropy term.
            let qf = q.dtype.isFloat ? q : try interp.engine { try q.converted(to: .float64) }
            let ylogy = try interp.engine { tape in
                try Pointwise.apply(qf, value: { v in v == 0 ? 0 : v * log(v) }, derivative: { v in log(v) + 1 }, tape: tape)
            }
            let entropy = try aggregate(try interp.engine { tape in try Reductions.reduce(.sum, ylogy, dims: d, tape: tape) }, a, interp)
            let ce: FusedExpr = .unary(.neg, .binary(.mul, .input(1), .unary(.log, .binary(.add, .input(0), .constant(eps)))))
            let e = try interp.engine { tape in try Fused.evaluate(ce, inputs: [p, q], dtype: p.dtype.floatResult, tape: tape) }
            let cross = try aggregate(try interp.engine { tape in try Reductions.reduce(.sum, e, dims: d, tape: tape) }, a, interp)
            return try interp.call(interp.base.binding("+").value, [entropy, cross])
        }
    }

    /// `eps` keyword, else `eps(eltype(ŷ))`.
    package static func epsilon(_ a: Args, _ p: Tensor) -> Double {
        if let e = a.keyword("eps") { return asDouble(e) }
        return p.dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
    }

    package static func dims(_ a: Args) throws -> DimSet {
        guard let d = a.keyword("dims") else { return try DimSet.julia(1) }
        switch d {
        case .int(let i): return try DimSet.julia(Int(i))
        case .tuple(let t): return try DimSet(julia: t.items.map { Int(asInt($0)) })
        default: throw Exceptions.argument("dims must be an Int or a tuple of Ints")
        }
    }

    /// `agg(e)`: mean and sum run on the engine, any other function is called.
    package static func aggregate(_ e: Tensor, _ a: Args, _ interp: Interpreter) throws -> Value {
        guard let agg = a.keyword("agg") else { return interp.wrap(try interp.engine { tape in try Reductions.reduce(.mean, e, tape: tape) }) }
        if case .function(let c) = agg {
            if c.name == "mean" { return interp.wrap(try interp.engine { tape in try Reductions.reduce(.mean, e, tape: tape) }) }
            if c.name == "sum" { return interp.wrap(try interp.engine { tape in try Reductions.reduce(.sum, e, tape: tape) }) }
        }
        return try interp.call(agg, [LayerKit.wrapArray(e)])
    }
}
