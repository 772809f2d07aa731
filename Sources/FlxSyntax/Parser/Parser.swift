/// Recursive-descent parser for flx (a Julia subset), with precedence climbing for
/// operators. It produces `Expr` trees; `grammar/flx.ebnf` describes what it accepts.
///
/// Newlines end statements, except inside `(...)` and `{...}`, and after a binary
/// operator. Inside `[...]` they separate matrix rows. The `newlineModes` stack says
/// which rule holds at the current nesting.
public struct Parser {
    package var tokens: [Token]
    package var index = 0
    package let file: SourceFile
    /// true: newlines are significant here (blocks, `[...]`); false: skip them.
    package var newlineModes: [Bool] = [true]
    /// > 0 while parsing the indices of `x[...]`, where `end` and `begin` are values.
    package var indexDepth = 0
    /// > 0 inside the middle of `a ? b : c`, where a spaced `:` ends the branch.
    package var ternaryDepth = 0
    /// Space-separated contexts (matrix rows, macro arguments) where `a -b` is two items.
    package var spaceSensitive = false
    /// Guards the native stack against absurdly nested input.
    package var depth = 0
    package static let maxDepth = 1500

    public init(file: SourceFile, start: Int = 0, end: Int? = nil) throws(ParseError) {
        self.file = file
        self.tokens = try Lexer.tokenize(file, start: start, end: end)
    }

    /// Parses a whole file (or REPL input) into its top-level statements.
    public static func parseProgram(_ file: SourceFile) throws(ParseError) -> [Expr] {
        var p = try Parser(file: file)
        return try p.parseTopLevel()
    }

    /// Julia's `Meta.parse(str, pos)`: the one statement that starts at byte offset `start`
    /// (nil when only whitespace is left) and the offset where the next one would start
    /// (after the newlines that end this one).
    public static func parseStatement(_ file: SourceFile, at start: Int) throws(ParseError) -> (Expr?, next: Int) {
        var p = try Parser(file: file, start: start)
        while p.peek().kind == .newline { p.advance() }
        if p.peek().kind == .eof { return (nil, file.bytes.count) }
        let e = try p.parseStatement()
        while p.peek().kind == .newline { p.advance() }
        let t = p.peek()
        return (e, t.kind == .eof ? file.bytes.count : t.span.start)
    }

    package mutating func parseTopLevel() throws(ParseError) -> [Expr] {
        var items: [Expr] = []
        while true {
            skipSeparators()
            if peek().kind == .eof { return items }
            items.append(try parseStatement())
            let t = peek()
            switch t.kind {
            case .newline, .semicolon, .eof: continue
            default: throw unexpected(t, expecting: "end of statement")
            }
        }
    }

    // MARK: token access

    package var skipsNewlines: Bool { !(newlineModes.last ?? true) }

    package mutating func peek() -> Token {
        if skipsNewlines { while tokens[index].kind == .newline { index += 1 } }
        return tokens[index]
    }

    /// The token after the next one (newlines skipped per mode).
    package mutating func peek2() -> Token {
        _ = peek()
        var j = index + 1
        if skipsNewlines { while j < tokens.count - 1 && tokens[j].kind == .newline { j += 1 } }
        return tokens[min(j, tokens.count - 1)]
    }

    @discardableResult
    package mutating func advance() -> Token {
        let t = peek()
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    package mutating func check(_ kind: TokenKind, _ text: String? = nil) -> Bool {
        let t = peek()
        return t.kind == kind && (text == nil || t.text == text)
    }

    package mutating func accept(_ kind: TokenKind, _ text: String? = nil) -> Token? {
        if check(kind, text) { return advance() }
        return nil
    }

    package mutating func expect(_ kind: TokenKind, _ text: String? = nil, _ what: String) throws(ParseError) -> Token {
        if let t = accept(kind, text) { return t }
        throw unexpected(peek(), expecting: what)
    }

    package mutating func skipNewlines() {
        while tokens[index].kind == .newline { index += 1 }
    }

    package mutating func skipSeparators() {
        while tokens[index].kind == .newline || tokens[index].kind == .semicolon { index += 1 }
    }

    package func unexpected(_ t: Token, expecting what: String) -> ParseError {
        if t.kind == .eof {
            // Point just after the last real token, where the input stopped short.
            var j = index - 1
            while j > 0 && tokens[j].kind == .newline { j -= 1 }
            let at = j >= 0 && tokens[j].kind != .eof ? Span(file: file, start: tokens[j].span.end, end: tokens[j].span.end + 1) : t.span
            var note = ""
            // For an unclosed bracket, say where it was opened: the caret is at the end of the file.
            if let open = unclosedBracket(), what.contains(Parser.closer[open.kind] ?? "?") {
                note = " to close `\(open.text)` on line \(file.location(of: open.span.start).line)"
            }
            return ParseError("unexpected end of input; expected \(what)\(note)", at: at, incomplete: true)
        }
        let shown = t.kind == .newline ? "newline" : "`\(t.text)`"
        return ParseError("unexpected \(shown); expected \(what)", at: t.span)
    }

    package static let closer: [TokenKind: String] = [.lparen: ")", .lbracket: "]", .lbrace: "}"]

    /// The innermost opening bracket before the current token that is not closed yet.
    package func unclosedBracket() -> Token? {
        var depth = 0
        var j = index - 1
        while j >= 0 {
            switch tokens[j].kind {
            case .rparen, .rbracket, .rbrace: depth += 1
            case .lparen, .lbracket, .lbrace:
                if depth == 0 { return tokens[j] }
                depth -= 1
            default: break
            }
            j -= 1
        }
        return nil
    }

    /// Block keywords that need an `end`.
    package static let blockOpeners: Set<String> = ["function", "if", "for", "while", "let", "begin", "do", "try", "struct", "module", "macro", "quote"]

    /// The innermost block keyword before the current token that has no `end` yet,
    /// counting `end`s back and skipping bracketed text (comprehensions, `a[end]`).
    package func unclosedOpener() -> Token? {
        var ends = 0, brackets = 0
        var j = index - 1
        while j >= 0 {
            let t = tokens[j]
            switch t.kind {
            case .rparen, .rbracket, .rbrace: brackets += 1
            case .lparen, .lbracket, .lbrace:
                if brackets == 0 { return nil }
                brackets -= 1
            case .keyword where brackets == 0:
                if t.text == "end" { ends += 1 }
                else if Parser.blockOpeners.contains(t.text) {
                    if ends == 0 { return t }
                    ends -= 1
                }
            default: break
            }
            j -= 1
        }
        return nil
    }

    package mutating func withNewlines<T>(_ significant: Bool, _ body: (inout Parser) throws(ParseError) -> T) throws(ParseError) -> T {
        newlineModes.append(significant)
        let savedSpace = spaceSensitive, savedIndex = indexDepth, savedTernary = ternaryDepth
        spaceSensitive = false
        defer { newlineModes.removeLast(); spaceSensitive = savedSpace; indexDepth = savedIndex; ternaryDepth = savedTernary }
        return try body(&self)
    }

    package mutating func enter(_ t: Token) throws(ParseError) {
        depth += 1
        if depth > Parser.maxDepth { throw ParseError("expression is nested too deeply", at: t.span) }
    }

    // MARK: blocks and statements

    /// Statements until one of `terminators` (a keyword), which is not consumed.
    package mutating func parseBlock(until terminators: Set<String>) throws(ParseError) -> Expr {
        try withNewlines(true) { (p: inout Parser) throws(ParseError) -> Expr in
            let start = p.peek().span
            var items: [Expr] = []
            while true {
                p.skipSeparators()
                let t = p.peek()
                if t.kind == .keyword && terminators.contains(t.text) { break }
                if t.kind == .eof {
                    var what = "`\(terminators.contains("end") ? "end" : terminators.sorted().joined(separator: "` or `"))`"
                    // The error sits at the end of the file; name the construct left open so the
                    // user knows where to look.
                    if let opener = p.unclosedOpener() {
                        what += " to close `\(opener.text)` on line \(p.file.location(of: opener.span.start).line)"
                    }
                    throw ParseError("unexpected end of input; expected \(what)", at: t.span, incomplete: true)
                }
                items.append(try p.parseStatement())
                let after = p.peek()
                switch after.kind {
                case .newline, .semicolon: continue
                case .keyword where terminators.contains(after.text): continue
                default: throw p.unexpected(after, expecting: "newline or `;` between statements")
                }
            }
            return Expr(.block(items), start.to(p.peek().span))
        }
    }

    /// A statement: an expression, possibly a tuple without parentheses on either
    /// side of `=` (`a, b = f()`).
    package mutating func parseStatement() throws(ParseError) -> Expr {
        try continueStatement(try parseExpr())
    }

    /// The rest of a statement that began with `first`: a comma makes it a tuple, which
    /// may be assigned to (also a macro's space-separated argument: `@show a, b`).
    package mutating func continueStatement(_ start: Expr) throws(ParseError) -> Expr {
        var first = start
        // `x = 1, 2` assigns the tuple.
        if case .assign(let target, let value) = first.kind, check(.comma) {
            var items = [value]
            while accept(.comma) != nil {
                if check(.newline) || check(.eof) { break }
                items.append(try parseTernaryLevel())
            }
            let tuple = Expr(.tuple(items), value.span.to(items.last!.span))
            first = Expr(.assign(target: target, value: tuple), first.span.to(tuple.span))
            return first
        }
        // `front..., tail = xs`: the slurp may come first.
        if check(.op, "..."), tokens[index + 1].kind == .comma {
            let dots = advance()
            first = Expr(.splat(first), first.span.to(dots.span))
        }
        guard check(.comma) else { return first }
        var items = [first]
        while accept(.comma) != nil {
            if check(.newline) || check(.eof) || check(.op, "=") { break }
            let item = try parseTernaryLevel()
            // `a, rest... = xs` collects the remaining values.
            if let dots = accept(.op, "...") { items.append(Expr(.splat(item), item.span.to(dots.span))) } else { items.append(item) }
        }
        let lhs = Expr(.tuple(items), first.span.to(items.last!.span))
        if let eq = accept(.op, "=") {
            skipNewlines()
            let rhs = try parseStatement()
            return Expr(.assign(target: lhs, value: rhs), lhs.span.to(eq.span).to(rhs.span))
        }
        return lhs
    }
}
