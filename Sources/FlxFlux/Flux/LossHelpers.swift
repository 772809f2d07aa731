import FlxSyntax
import FlxCore

/// `Flux.Losses.xlogx` and `xlogy`, the helpers of the entropy losses: `x * log(x)` and
/// `x * log(y)`, but 0 where `x` is 0 (where the product would be NaN). Written with the
/// session's own `*`, `log`, `iszero`, `zero` and `ifelse`, so they work on any numbers
/// and are differentiable as those are.
enum LossHelpers {
    static func install(_ interp: Interpreter, _ losses: ModuleValue) {
        losses.native("xlogx", export: false, differentiation: .forwarded) { interp, a in
            try a.expect("xlogx", 1...1)
            return try zeroWhereZero(a[0], try call("*", [a[0], try call("log", [a[0]], interp)], interp), interp)
        }
        losses.native("xlogy", export: false, differentiation: .forwarded) { interp, a in
            try a.expect("xlogy", 2...2)
            return try zeroWhereZero(a[0], try call("*", [a[0], try call("log", [a[1]], interp)], interp), interp)
        }
    }

    /// Flux's `ifelse(iszero(x), zero(result), result)`.
    static func zeroWhereZero(_ x: Value, _ result: Value, _ interp: Interpreter) throws -> Value {
        try call("ifelse", [try call("iszero", [x], interp), try call("zero", [result], interp), result], interp)
    }

    static func call(_ name: String, _ args: [Value], _ interp: Interpreter) throws -> Value {
        try interp.call(interp.base.binding(name).value, args)
    }
}
