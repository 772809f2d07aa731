import FlxSyntax
import FlxCore
import FlxEngine

/// Identity (`===`, `!==`), `isequal` (NaN equals itself) and approximate equality `≈`;
/// `==` itself is a binary operator (`BinaryOperators.swift`).
extension OperatorBuiltins {
    package static var equalityOperators: [Builtin] {
        [
            Builtin("===", { interp, a in try a.expect("===", 2...2); return .bool(egal(a[0], a[1])) },
                help: BuiltinHelp("x === y", "Identity: the same object for mutable values, the same bits for immutable ones.", "a = [1]; a === a  # true")),
            Builtin("!==", { interp, a in try a.expect("!==", 2...2); return .bool(!egal(a[0], a[1])) },
                help: BuiltinHelp("x !== y", "Not identical: `!(x === y)`.", "[1] !== [1]  # true")),
            Builtin("isequal", { interp, a in
                if a.count == 1 {
                    let fixed = a[0]
                    return .function(NativeClosure(name: "isequal") { interp, args in .bool(try isEqual(args[0], fixed, interp, nanEqual: true)) })
                }
                try a.expect("isequal", 2...2)
                return .bool(try isEqual(a[0], a[1], interp, nanEqual: true))
            }, help: BuiltinHelp("isequal(a, b)", "Equality used by dicts: like `==`, but NaN equals NaN and -0.0 differs from 0.0.", "isequal(NaN, NaN)  # true")),
            Builtin("≈", { interp, a in try MathBuiltins.isApprox(a, interp) },
                help: BuiltinHelp("x ≈ y", "Approximately equal, `isapprox(x, y)`.", "1.0 + 1e-12 ≈ 1.0  # true")),
        ]
    }
}
