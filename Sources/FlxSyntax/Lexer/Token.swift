/// The kinds of token the lexer produces. Operators keep their text in `Token.text`
/// so the parser can look their precedence up in one table.
public enum TokenKind: Equatable, Sendable {
    case identifier
    case keyword
    case integer        // Int64 literal (decimal, hex, binary, octal, with `_`)
    case float64
    case float32
    case string         // parts in Token.stringParts
    /// `name"raw text"suffix`: a non-standard string literal, Julia's `@name_str`.
    /// `text` holds the name, `stringParts` one `.text` with the raw contents and
    /// `macroSuffix` the flags written right after the closing quote (`r"a"i`).
    case stringMacro
    case char
    case symbol         // `:name`, text holds the name
    case op             // any operator, including dotted ones and `=`-forms
    case macroName      // `@name`, text holds the name
    case lparen, rparen, lbracket, rbracket, lbrace, rbrace
    case comma, semicolon, newline
    case eof
}

/// A piece of a string literal: literal text, or an interpolated expression whose
/// source lies at `span` (parsed by the parser, so positions stay exact).
public enum StringPart: Sendable {
    case text(String)
    case interpolation(Span)
}

public struct Token: Sendable {
    public var kind: TokenKind
    public var text: String
    public var span: Span
    /// Whitespace (not a newline) directly before this token; matters in `[1 -2]`,
    /// `a ? b : c`, macro arguments and `x'`.
    public var spaceBefore: Bool
    public var stringParts: [StringPart] = []
    /// A string literal written with triple quotes.
    public var tripleQuoted = false
    /// The identifier glued to the end of a string-macro literal (`i` in `r"a"i`).
    public var macroSuffix: String? = nil

    public func `is`(_ k: TokenKind, _ t: String) -> Bool { kind == k && text == t }
}

public let flxKeywords: Set<String> = [
    "function", "end", "if", "elseif", "else", "for", "while", "return", "break", "continue",
    "let", "begin", "struct", "mutable", "abstract", "try", "catch", "finally", "const",
    "global", "local", "using", "import", "module", "do", "true", "false", "where", "quote",
    "macro", "export", "primitive",
]
