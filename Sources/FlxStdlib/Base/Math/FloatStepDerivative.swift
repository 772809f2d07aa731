import FlxSyntax
import FlxCore

extension MathBuiltins {
    /// `nextfloat`/`prevfloat` of a number being differentiated: the step is added to it as
    /// a constant, so the result is exact (x + (nextfloat(x) - x) rounds to nextfloat(x)) and
    /// its derivative is 1, which is what the function is as x moves (it is not a constant:
    /// finite differences see it follow x).
    static func stepFloatKeepingGradient(_ a: Args, up: Bool, _ interp: Interpreter) throws -> Value {
        guard case .tracked(let s) = a[0] else { return try stepFloat(a, up: up) }
        let name = up ? "nextfloat" : "prevfloat"
        let stepped = try interp.call(interp.base.binding(name).value, [s.plain] + a.values.dropFirst())
        let step = try OperatorBuiltins.binaryValues(.sub, stepped, s.plain, interp)
        return try OperatorBuiltins.binaryValues(.add, a[0], step, interp)
    }
}
