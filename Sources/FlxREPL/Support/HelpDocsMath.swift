import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for Base's other spellings of functions (`√`, `div`, `≤`, `∈`, ...) and its
/// constants; the functions' own help is beside them in FlxStdlib (`Base/Math/`, `Base/Operators/`).
extension HelpDocs {
    package static let math: [String: Doc] = [
        "√": Doc("√x  /  sqrt(x)", "The square root, as a prefix operator.", "√16  # 4.0"),
        "div": Doc("div(a, b)  /  a ÷ b", "Integer division, truncated toward zero.", "div(7, 2)  # 3"),
        "rem": Doc("rem(a, b)  /  a % b", "The remainder of `div`; its sign follows `a`.", "rem(-7, 3)  # -1"),
        "xor": Doc("xor(a, b)  /  a ⊻ b", "Bitwise exclusive or (logical for Bools).", "xor(true, false)  # true"),
        "pi": Doc("pi  /  π", "The constant π (an irrational that adapts to the type it meets: `Float32(π)`).", "2pi  # 6.283185307179586"),
        "π": Doc("π  /  pi", "The constant π; `Float32(π)` is the nearest Float32.", "cos(π)  # -1.0"),
        "ℯ": Doc("ℯ", "Euler's number e = 2.71828...", "log(ℯ)  # 1.0"),
        "Inf": Doc("Inf  /  Inf64", "Positive infinity as a Float64.", "1 / 0  # Inf"),
        "Inf64": Doc("Inf64", "Positive infinity as a Float64 (same as `Inf`).", "-Inf64 < 0  # true"),
        "Inf16": Doc("Inf16", "Positive infinity as a Float16.", "typeof(Inf16)  # Float16"),
        "NaN16": Doc("NaN16", "Float16 not-a-number.", "isnan(NaN16)  # true"),
        "Inf32": Doc("Inf32", "Positive infinity as a Float32.", "typeof(Inf32)  # Float32"),
        "NaN": Doc("NaN  /  NaN64", "Float64 not-a-number; compares unequal to everything, itself included.", "NaN == NaN  # false"),
        "NaN64": Doc("NaN64", "Float64 not-a-number (same as `NaN`).", "isnan(NaN64)  # true"),
        "NaN32": Doc("NaN32", "Float32 not-a-number.", "isnan(NaN32)  # true"),
    ]

    package static let operators: [String: Doc] = [
        "≠": Doc("x ≠ y", "Not equal, same as `!=`.", "1 ≠ 1.0  # false"),
        "≤": Doc("x ≤ y", "Less than or equal, same as `<=`.", "1 ≤ 2  # true"),
        "≥": Doc("x ≥ y", "Greater than or equal, same as `>=`.", "2 ≥ 2  # true"),
        "∈": Doc("x ∈ collection", "Membership, same as `in(x, collection)`.", "3 ∈ 1:5  # true"),
        "⋅": Doc("a ⋅ b", "The dot product, `dot(a, b)` (from LinearAlgebra).", "[1, 2] ⋅ [3, 4]  # 11"),
        "×": Doc("a × b", "The cross product of two 3-vectors, `cross(a, b)` (from LinearAlgebra).", "[1, 0, 0] × [0, 1, 0]  # [0, 0, 1]"),
        "⊼": Doc("x ⊼ y", "Bitwise not-and, same as `nand(x, y)`.", "true ⊼ false  # true"),
        "⊽": Doc("x ⊽ y", "Bitwise not-or, same as `nor(x, y)`.", "true ⊽ false  # false"),
    ]
}
