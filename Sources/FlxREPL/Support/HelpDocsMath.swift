import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for Base: numbers, maths and constants.
extension HelpDocs {
    package static let math: [String: Doc] = [
        "√": Doc("√x  /  sqrt(x)", "The square root, as a prefix operator.", "√16  # 4.0"),
        "div": Doc("div(a, b)  /  a ÷ b", "Integer division, truncated toward zero.", "div(7, 2)  # 3"),
        "rem": Doc("rem(a, b)  /  a % b", "The remainder of `div`; its sign follows `a`.", "rem(-7, 3)  # -1"),
        "xor": Doc("xor(a, b)  /  a ⊻ b", "Bitwise exclusive or (logical for Bools).", "xor(true, false)  # true"),
        "isequal": Doc("isequal(a, b)", "Equality used by dicts: like `==`, but NaN equals NaN and -0.0 differs from 0.0.", "isequal(NaN, NaN)  # true"),
        "pi": Doc("pi  /  π", "The constant π (an irrational that adapts to the type it meets: `Float32(π)`).", "2pi  # 6.283185307179586"),
        "π": Doc("π  /  pi", "The constant π; `Float32(π)` is the nearest Float32.", "cos(π)  # -1.0"),
        "ℯ": Doc("ℯ", "Euler's number e = 2.71828...", "log(ℯ)  # 1.0"),
        "Inf": Doc("Inf  /  Inf64", "Positive infinity as a Float64.", "1 / 0  # Inf"),
        "Inf64": Doc("Inf64", "Positive infinity as a Float64 (same as `Inf`).", "-Inf64 < 0  # true"),
        "Inf32": Doc("Inf32", "Positive infinity as a Float32.", "typeof(Inf32)  # Float32"),
        "NaN": Doc("NaN  /  NaN64", "Float64 not-a-number; compares unequal to everything, itself included.", "NaN == NaN  # false"),
        "NaN64": Doc("NaN64", "Float64 not-a-number (same as `NaN`).", "isnan(NaN64)  # true"),
        "NaN32": Doc("NaN32", "Float32 not-a-number.", "isnan(NaN32)  # true"),
    ]

    package static let operators: [String: Doc] = [
        "+": Doc("x + y", "Addition; for arrays of equal size elementwise. Use `.+` to broadcast (e.g. add a bias vector to each column).", "[1, 2] + [3, 4]  # [4, 6]"),
        "-": Doc("x - y  /  -x", "Subtraction or negation.", "5 - 2  # 3"),
        "*": Doc("x * y", "Multiplication; for matrices the matrix product (column-major), for strings concatenation. `2x` is `2 * x`.", "[1 2; 3 4] * [1, 1]  # [3, 7]"),
        "/": Doc("x / y", "Division; always a float for integer arguments.", "7 / 2  # 3.5"),
        "\\": Doc("a \\ b", "Left division of numbers, `b / a`. (Julia also solves `A * x = b` with a matrix `A`; flx does not.)", "2 \\ 4  # 2.0"),
        "^": Doc("x ^ y", "Power; for a square matrix and integer y, the matrix power.", "2 ^ 10  # 1024"),
        "%": Doc("x % y", "The remainder `rem(x, y)`; its sign follows x.", "7 % 3  # 1"),
        "÷": Doc("x ÷ y", "Integer division truncated toward zero, `div(x, y)`.", "7 ÷ 2  # 3"),
        "==": Doc("x == y", "Value equality (arrays elementwise and same shape; `0.1f0 == 0.1` is false).", "[1, 2] == [1.0, 2.0]  # true"),
        "!=": Doc("x != y  /  x ≠ y", "Not equal: `!(x == y)`.", "1 != 2  # true"),
        "≠": Doc("x ≠ y", "Not equal, same as `!=`.", "1 ≠ 1.0  # false"),
        "===": Doc("x === y", "Identity: the same object for mutable values, the same bits for immutable ones.", "a = [1]; a === a  # true"),
        "!==": Doc("x !== y", "Not identical: `!(x === y)`.", "[1] !== [1]  # true"),
        "<": Doc("x < y", "Less than.", "1 < 2  # true"),
        "<=": Doc("x <= y  /  x ≤ y", "Less than or equal.", "2 <= 2  # true"),
        "≤": Doc("x ≤ y", "Less than or equal, same as `<=`.", "1 ≤ 2  # true"),
        ">": Doc("x > y", "Greater than. `>(2)` is a one-argument function `y -> y > 2`.", "filter(>(2), [1, 3])  # [3]"),
        ">=": Doc("x >= y  /  x ≥ y", "Greater than or equal.", "3 >= 2  # true"),
        "≥": Doc("x ≥ y", "Greater than or equal, same as `>=`.", "2 ≥ 2  # true"),
        "!": Doc("!x", "Boolean not.", "!true  # false"),
        "&": Doc("x & y", "Bitwise and (for Bools, and without short-circuit).", "6 & 3  # 2"),
        "|": Doc("x | y", "Bitwise or (for Bools, or without short-circuit). `x |> f` is `f(x)`.", "true | false  # true"),
        "~": Doc("~x", "Bitwise not.", "~0  # -1"),
        "⊻": Doc("x ⊻ y", "Bitwise exclusive or, `xor(x, y)`.", "true ⊻ true  # false"),
        "<<": Doc("x << n", "Shifts the bits of an integer left by n.", "1 << 4  # 16"),
        ">>": Doc("x >> n", "Arithmetic right shift (keeps the sign).", "-16 >> 2  # -4"),
        ">>>": Doc("x >>> n", "Logical right shift (fills with zeros).", "16 >>> 2  # 4"),
        ":": Doc("a:b  /  a:step:b", "A range from a to b inclusive; as an index, `:` alone selects a whole dimension. `:name` is a Symbol.", "collect(1:2:7)  # [1, 3, 5, 7]"),
        "=>": Doc("key => value", "Makes a `Pair`; used for Dict entries and layer sizes `Dense(in => out)`.", "p = :a => 1; p.first  # :a"),
        "<:": Doc("S <: T", "Whether type S is a subtype of T; also declares a supertype in `struct A <: B`.", "Float32 <: Real  # true"),
        ">:": Doc("T >: S", "Whether type T is a supertype of S.", "Real >: Int  # true"),
        "∈": Doc("x ∈ collection", "Membership, same as `in(x, collection)`.", "3 ∈ 1:5  # true"),
        "∉": Doc("x ∉ collection", "Not a member: `!(x ∈ collection)`.", "0 ∉ 1:5  # true"),
        "∘": Doc("f ∘ g", "Function composition: `(f ∘ g)(x) == f(g(x))`.", "(sqrt ∘ abs)(-16)  # 4.0"),
        "≈": Doc("x ≈ y", "Approximately equal, `isapprox(x, y)`.", "1.0 + 1e-12 ≈ 1.0  # true"),
        "⋅": Doc("a ⋅ b", "The dot product, `dot(a, b)` (from LinearAlgebra).", "[1, 2] ⋅ [3, 4]  # 11"),
    ]
}
