/// Julia's operator precedence levels, lowest first.
package enum Precedence: Int, Comparable {
    case assignment = 1, pair, ternary, arrow, or, and, comparison, pipe, colon, plus, times, rational, bitshift, unary, power, decl

    package static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
}

package enum OperatorTable {
    package static let assignmentOps: Set<String> = [
        "=", "+=", "-=", "*=", "/=", "^=", "÷=", "%=", "|=", "&=", "\\=", "⊻=", "<<=", ">>=", ">>>=", "//=", ":=",
        ".=", ".+=", ".-=", ".*=", "./=", ".^=", ".÷=", ".%=", ".//=", ".<<=", ".>>=", ".>>>=",
    ]

    package static let comparisonOps: Set<String> = [
        "==", "!=", "===", "!==", "<", "<=", ">", ">=", "≤", "≥", "≠", "≈", "∈", "∉", "<:", ">:", "≡", "≢", "⊆", "in", "isa",
    ]

    package static let unaryOps: Set<String> = ["-", "+", "!", "√", "~", ".-", ".+", ".!", "¬"]

    /// The precedence of a binary operator (dotted forms share their base's), and
    /// whether it associates to the right.
    package static func binary(_ op: String) -> (Precedence, rightAssoc: Bool)? {
        var base = op
        if op.count > 1 && op.hasPrefix(".") && op != "..." { base = String(op.dropFirst()) }
        if comparisonOps.contains(base) { return (.comparison, false) }
        switch base {
        case "=>": return (.pair, true)
        case "?": return (.ternary, true)
        case "->": return (.arrow, true)
        case "||": return (.or, true)
        case "&&": return (.and, true)
        case "|>": return (.pipe, false)
        case "<|": return (.pipe, true)
        case ":": return (.colon, false)
        case "+", "-", "|", "⊻", "⊽", "±": return (.plus, false)
        case "*", "/", "÷", "%", "&", "∘", "⋅", "×", "\\", "⊗", "⊠", "⊼", "⊘": return (.times, false)
        case "//": return (.rational, false)
        case "<<", ">>", ">>>": return (.bitshift, false)
        case "^": return (.power, true)
        default: return nil
        }
    }
}
