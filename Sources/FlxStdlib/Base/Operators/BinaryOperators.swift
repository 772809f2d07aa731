import FlxSyntax
import FlxCore
import FlxEngine

/// The two-argument operators as functions (`+`, `*`, `==`, `<<`, ...), one entry for each
/// case of `BinaryOperator`; the arithmetic and comparisons fuse into broadcasts.
extension OperatorBuiltins {
    package static var binaryOperators: [Builtin] {
        [
            binaryOperator(.add, fusedKernel: .plusMinus(unary: .identity, binary: .add),
                BuiltinHelp("x + y", "Addition; for arrays of equal size elementwise. Use `.+` to broadcast (e.g. add a bias vector to each column).", "[1, 2] + [3, 4]  # [4, 6]")),
            binaryOperator(.sub, fusedKernel: .plusMinus(unary: .neg, binary: .sub),
                BuiltinHelp("x - y  /  -x", "Subtraction or negation.", "5 - 2  # 3")),
            binaryOperator(.mul, fusedKernel: .binary(.mul),
                BuiltinHelp("x * y", "Multiplication; for matrices the matrix product (column-major), for strings concatenation. `2x` is `2 * x`.", "[1 2; 3 4] * [1, 1]  # [3, 7]")),
            binaryOperator(.div, fusedKernel: .binary(.div),
                BuiltinHelp("x / y", "Division; always a float for integer arguments. For matrices, `A / B` solves `X * B = A` for a square `B`.", "7 / 2  # 3.5")),
            binaryOperator(.pow, fusedKernel: .binary(.pow),
                BuiltinHelp("x ^ y", "Power; for a square matrix and integer y, the matrix power.", "2 ^ 10  # 1024")),
            binaryOperator(.intDiv, fusedKernel: .binary(.intDiv),
                BuiltinHelp("x ÷ y", "Integer division truncated toward zero, `div(x, y)`.", "7 ÷ 2  # 3")),
            binaryOperator(.rem, fusedKernel: .binary(.rem),
                BuiltinHelp("x % y", "The remainder `rem(x, y)`; its sign follows x.", "7 % 3  # 1")),
            binaryOperator(.lt, fusedKernel: .binary(.lt),
                BuiltinHelp("x < y", "Less than.", "1 < 2  # true")),
            binaryOperator(.le, fusedKernel: .binary(.le),
                BuiltinHelp("x <= y  /  x ≤ y", "Less than or equal.", "2 <= 2  # true")),
            binaryOperator(.gt, fusedKernel: .binary(.gt),
                BuiltinHelp("x > y", "Greater than. `>(2)` is a one-argument function `y -> y > 2`.", "filter(>(2), [1, 3])  # [3]")),
            binaryOperator(.ge, fusedKernel: .binary(.ge),
                BuiltinHelp("x >= y  /  x ≥ y", "Greater than or equal.", "3 >= 2  # true")),
            binaryOperator(.eq, fusedKernel: .binary(.eq),
                BuiltinHelp("x == y", "Value equality (arrays elementwise and same shape; `0.1f0 == 0.1` is false).", "[1, 2] == [1.0, 2.0]  # true")),
            binaryOperator(.ne, fusedKernel: .binary(.ne),
                BuiltinHelp("x != y  /  x ≠ y", "Not equal: `!(x == y)`.", "1 != 2  # true")),
            binaryOperator(.bitAnd,
                BuiltinHelp("x & y", "Bitwise and (for Bools, and without short-circuit).", "6 & 3  # 2")),
            binaryOperator(.bitOr,
                BuiltinHelp("x | y", "Bitwise or (for Bools, or without short-circuit). `x |> f` is `f(x)`.", "true | false  # true")),
            binaryOperator(.xor,
                BuiltinHelp("x ⊻ y", "Bitwise exclusive or, `xor(x, y)`.", "true ⊻ true  # false")),
            negatedBitwise("nand", .bitAnd,
                BuiltinHelp("nand(x, y)  /  x ⊼ y", "Bitwise not-and, `~(x & y)`.", "nand(true, false)  # true")),
            negatedBitwise("nor", .bitOr,
                BuiltinHelp("nor(x, y)  /  x ⊽ y", "Bitwise not-or, `~(x | y)`.", "nor(true, false)  # false")),
            binaryOperator(.shl,
                BuiltinHelp("x << n", "Shifts the bits of an integer left by n.", "1 << 4  # 16")),
            binaryOperator(.shr,
                BuiltinHelp("x >> n", "Arithmetic right shift (keeps the sign).", "-16 >> 2  # -4")),
            binaryOperator(.ushr,
                BuiltinHelp("x >>> n", "Logical right shift (fills with zeros).", "16 >>> 2  # 4")),
            binaryOperator(.leftDiv,
                BuiltinHelp("a \\ b", "Left division: for numbers `b / a`; for a square matrix `A`, the solution `x` of `A * x = b` (SingularException when there is none).", "[2 0; 0 4] \\ [2, 4]  # [1.0, 1.0]")),
        ]
    }

    /// `nand` and `nor` (Base's `~(x & y)`, `~(x | y)`), also spelt `⊼` and `⊽`.
    static func negatedBitwise(_ name: String, _ op: BinaryOperator, _ help: BuiltinHelp) -> Builtin {
        Builtin(name, differentiation: .constant, { interp, a in
            try a.expect(name, 2...2)
            let inner = try binaryValues(op, a[0], a[1], interp)
            return try interp.call(interp.base.binding("~").value, [inner])
        }, help: help)
    }

    static func binaryOperator(_ op: BinaryOperator, fusedKernel: Broadcast.FusableOp? = nil, _ help: BuiltinHelp) -> Builtin {
        // `÷` is integer-valued: its derivative is zero (Zygote gives no gradient).
        Builtin(op.rawValue, fusedKernel: fusedKernel, differentiation: op == .intDiv ? .constant : .checked,
                { interp, a in try binary(op, a, interp) }, help: help)
    }
}
