import FlxSyntax
import FlxCore
import FlxEngine

/// The one-argument operators: `!` (also on a predicate), bitwise `~`, and the
/// transposes `adjoint` (`A'`) and `transpose`.
extension OperatorBuiltins {
    package static var unaryOperators: [Builtin] {
        [
            Builtin("!", { interp, a in
                try a.expect("!", 1...1)
                if case .bool(let v) = a[0] { return .bool(!v) }
                if case .function = a[0] {
                    let f = a[0]
                    return .function(NativeClosure(name: "!" + Display.functionName(fCallable(f))) { interp, args in
                        let r = try interp.call(f, args.values, keywords: args.keywords)
                        guard case .bool(let v) = r else { throw Exceptions.typeError("!", expected: "Bool", got: r) }
                        return .bool(!v)
                    })
                }
                throw Exceptions.method(.str("!"), a.values)
            }, help: BuiltinHelp("!x", "Boolean not.", "!true  # false")),
            Builtin("~", { _, a in
                try a.expect("~", 1...1)
                if case .int(let n) = a[0] { return .int(~n) }
                if a[0].isSized, let f = a[0].fixedInt { return FixedInt(f.kind, bits: ~f.bits).value }
                if case .bool(let v) = a[0] { return .bool(!v) }
                throw Exceptions.method(.str("~"), a.values)
            }, help: BuiltinHelp("~x", "Bitwise not.", "~0  # -1")),
            Builtin("adjoint", { interp, a in try a.expect("adjoint", 1...1); return try transpose(a[0], interp) },
                help: BuiltinHelp("adjoint(A)  /  A'", "The conjugate transpose, an `Adjoint` (for real arrays the same as `transpose`). `x'` of a vector is a row: `x' * y` is the number `dot(x, y)`, `x * y'` the outer product.", "[1, 2]' * [3, 4]  # 11")),
            Builtin("transpose", { interp, a in try a.expect("transpose", 1...1); return try transpose(a[0], interp, family: LinearAlgebraTypes.transpose) },
                help: BuiltinHelp("transpose(A)", "The transpose of a matrix or vector, a `Transpose`; of a vector, the row whose product with a vector is a number.", "transpose([1, 2]) * [3, 4]  # 11")),
        ]
    }
}
