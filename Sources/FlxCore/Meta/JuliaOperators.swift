/// Julia's operator table as `Base.operator_precedence` and `Base.isoperator` report it:
/// what decides where `show` of an expression puts spaces and parentheses.
package enum JuliaOperators {
    package static let assignment = 1, pair = 2, conditional = 3, arrow = 4, lazyOr = 5, lazyAnd = 6,
        comparison = 7, pipeLeft = 8, pipeRight = 9, colon = 10, plus = 11, times = 12, rational = 13,
        bitshift = 14, power = 15, decl = 16, dot = 17

    private static let table: [String: Int] = {
        var t: [String: Int] = [:]
        for op in ["=", "+=", "-=", "*=", "/=", "//=", "\\=", "^=", "÷=", "%=", "<<=", ">>=", ">>>=", "|=", "&=", "⊻=", ":=", "$=", "≔", "~"] {
            t[op] = assignment
        }
        t["=>"] = pair
        t["?"] = conditional
        for op in ["->", "-->", "←", "→", "↔", "⇒", "⇔", "<--", "<-->"] { t[op] = arrow }
        t["||"] = lazyOr
        t["&&"] = lazyAnd
        for op in [">", "<", ">=", "≥", "<=", "≤", "==", "===", "≡", "!=", "≠", "!==", "≢", "∈", "∉", "∋", "∌", "⊆", "⊈", "⊂", "⊄",
                   "⊊", "∝", "⊇", "⊉", "⊃", "⊅", "⊋", "≈", "≉", "in", "isa", "<:", ">:", "⊑", "⊒", "≺", "≻", "≼", "≽"] {
            t[op] = comparison
        }
        t["<|"] = pipeLeft
        t["|>"] = pipeRight
        t[":"] = colon
        t[".."] = colon
        for op in ["+", "-", "|", "⊻", "⊽", "±", "∓", "∪", "∨", "⊔", "++", "¦"] { t[op] = plus }
        for op in ["*", "/", "÷", "%", "&", "⋅", "∘", "×", "\\", "∩", "∧", "⊗", "⊘", "⊙", "⊚", "⊛", "⊠", "⊡", "⊓", "∗", "∙", "⨟", "⊼"] { t[op] = times }
        t["//"] = rational
        for op in ["<<", ">>", ">>>"] { t[op] = bitshift }
        for op in ["^", "↑", "↓", "⇵"] { t[op] = power }
        t["::"] = decl
        t["."] = dot
        return t
    }()

    /// Julia's `Base.operator_precedence`: 0 for a name that is no operator. Dotted
    /// operators (`.+`, `.==`) have the precedence of the undotted one.
    package static func precedence(_ op: String) -> Int {
        if let p = table[op] { return p }
        if op.count > 1, op.hasPrefix("."), let p = table[String(op.dropFirst())] { return p }
        return 0
    }

    package static let unary: Set<String> = ["+", "-", "!", "¬", "~", "<:", ">:", "√", "∛", "∜"]

    /// `$` counts too (the parser's operator table has it), so `show(Symbol("\$"))` is `:$`
    /// and `Expr(:$, :x)` prints as `$(Expr(:$, :x))`.
    package static func isOperator(_ name: String) -> Bool {
        precedence(name) > 0 || name == "$" || unary.contains(name) || name == "'" || (name.count > 1 && name.hasPrefix(".") && unary.contains(String(name.dropFirst())))
    }

    /// Julia's `Base.operator_associativity`.
    package static func associativity(_ op: String) -> String {
        let p = precedence(op)
        let unaryOnly = unary.contains(op) && p == 0
        if [arrow, assignment, lazyAnd, pair, power].contains(p) || unaryOnly || op == "<|" || op == "||" { return "right" }
        if p == 0 || p == comparison || ["+", "++", "*"].contains(op) { return "none" }
        return "left"
    }

    /// Symbols that print as `:(=)` rather than `:=`.
    package static let quotedSymbols: Set<String> = [":", "::", ":=", "=", "==", "===", "=>"]

    /// Julia's `isidentifier`: a name that can be written bare.
    package static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, s != "true", s != "false" else { return false }
        func start(_ c: Unicode.Scalar) -> Bool {
            if c.isASCII { return c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
            return c.properties.isAlphabetic || (c.value >= 0x2070 && c.properties.generalCategory == .otherNumber) || c.properties.generalCategory == .mathSymbol && !isOperatorScalar(c)
                || c.properties.generalCategory == .currencySymbol || c.properties.generalCategory == .letterNumber
        }
        func cont(_ c: Unicode.Scalar) -> Bool {
            if c.isASCII { return start(c) || c == "!" || (c >= "0" && c <= "9") }
            return start(c) || c == "!" || c.properties.numericType != nil || c.properties.generalCategory == .nonspacingMark
                || c.properties.generalCategory == .spacingMark || c.properties.generalCategory == .connectorPunctuation || c == "′" || c == "″"
        }
        guard start(first) else { return false }
        return s.unicodeScalars.dropFirst().allSatisfy(cont)
    }

    private static func isOperatorScalar(_ c: Unicode.Scalar) -> Bool { isOperator(String(c)) }

    /// `show` of a Symbol value: `:x`, `:+`, `:(=)`, or `Symbol("a b")`.
    package static func symbolRepr(_ name: String) -> String {
        if quotedSymbols.contains(name) { return ":(" + name + ")" }
        if isIdentifier(name) || (isOperator(name) && name != "'") { return ":" + name }
        return "Symbol(" + stringLiteral(name) + ")"
    }

    package static func stringLiteral(_ s: String) -> String { Display.stringRepr(s) }
}
