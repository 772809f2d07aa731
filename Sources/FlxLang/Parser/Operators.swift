/// Julia's operator precedence levels, lowest first.
enum Precedence: Int, Comparable {
    case assignment = 1, pair, ternary, arrow, or, and, comparison, pipe, colon, plus, times, rational, bitshift, unary, power, decl

    static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
}

enum OperatorTable {
    static let assignmentOps: Set<String> = [
        "=", "+=", "-=", "*=", "/=", "^=", "÷=", "%=", "|=", "&=", "\\=", "⊻=", "<<=", ">>=", ">>>=", "//=", ":=",
        ".=", ".+=", ".-=", ".*=", "./=", ".^=", ".÷=", ".%=", ".//=", ".<<=", ".>>=", ".>>>=",
    ]

    static let comparisonOps: Set<String> = [
        "==", "!=", "===", "!==", "<", "<=", ">", ">=", "≤", "≥", "≠", "≈", "∈", "∉", "<:", ">:", "≡", "≢", "⊆", "in", "isa",
    ]

    static let unaryOps: Set<String> = ["-", "+", "!", "√", "~", ".-", ".+", ".!", "¬"]

    /// The precedence of a binary operator (dotted forms share their base's), and
    /// whether it associates to the right.
    static func binary(_ op: String) -> (Precedence, rightAssoc: Bool)? {
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
        case "+", "-", "|", "⊻", "±": return (.plus, false)
        case "*", "/", "÷", "%", "&", "∘", "⋅", "×", "\\", "⊗": return (.times, false)
        case "//": return (.rational, false)
        case "<<", ">>", ">>>": return (.bitshift, false)
        case "^": return (.power, true)
        default: return nil
        }
    }
}
