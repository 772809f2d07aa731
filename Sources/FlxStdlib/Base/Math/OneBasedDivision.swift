import FlxSyntax
import FlxCore

/// Division for 1-based counting: `mod1` gives a remainder in `1:y` instead of `0:y-1`
/// (the index of a cycle), `fld1` the matching quotient. Both build on `mod` and `fld`,
/// so integer errors (DivideError) and the derivative of `mod` carry over.
extension MathBuiltins {
    package static var oneBasedDivision: [Builtin] {
        [
            Builtin("mod1", remainderFromOne,
                help: BuiltinHelp("mod1(x, y)", "The remainder after floored division, in `(0, y]` rather than `[0, y)`: a 1-based position in a cycle of length `y`.", "mod1(4, 2)  # 2")),
            Builtin("fld1", differentiation: .constant, quotientFromOne,
                help: BuiltinHelp("fld1(x, y)", "Floored division matching `mod1`: `x == (fld1(x, y) - 1) * y + mod1(x, y)`.", "fld1(4, 2)  # 2")),
            Builtin("fldmod1", differentiation: .forwarded, { interp, a in
                try a.expect("fldmod1", 2...2)
                return .tuple([try quotientFromOne(interp, a), try remainderFromOne(interp, a)])
            }, help: BuiltinHelp("fldmod1(x, y)", "`(fld1(x, y), mod1(x, y))`.", "fldmod1(4, 2)  # (2, 2)")),
        ]
    }

    static func remainderFromOne(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("mod1", 2...2)
        let m = try flooredRemainder(interp, a)
        // mod(x, y) == 0 means x is a whole number of cycles: position y, not 0.
        return asDouble(OperatorBuiltins.plain(m)) == 0 ? try promotedLike(a[1], m, interp) : m
    }

    static func quotientFromOne(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("fld1", 2...2)
        let m = try remainderFromOne(interp, a)
        // fld1(x, y) = fld((x - mod1(x, y)) + y, y): exact for integers and floats alike.
        let shifted = try interp.call(interp.base.binding("+").value, [try interp.call(interp.base.binding("-").value, [a[0], m]), a[1]])
        return try interp.call(interp.base.binding("fld").value, [shifted, a[1]])
    }

    /// `y` converted to the type `mod` returned, as Julia's `mod1(x::T, y::T)` works on promoted arguments.
    private static func promotedLike(_ y: Value, _ m: Value, _ interp: Interpreter) throws -> Value {
        switch OperatorBuiltins.plain(m) {
        case .float64 where !interp.isTracked(y): return .float64(asDouble(y))
        case .float32 where !interp.isTracked(y): return .float32(Float(asDouble(y)))
        default: return y
        }
    }
}
