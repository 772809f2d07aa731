extension Parser {
    /// primary := literal | name | "(" ... ")" | "[" ... "]" | macro-call | keyword-form
    package mutating func parsePrimary() throws(ParseError) -> Expr {
        let t = peek()
        switch t.kind {
        case .integer:
            advance()
            return Expr(try integerLiteral(t), t.span)
        case .float64:
            advance()
            guard let v = t.text.hasPrefix("0x") ? Parser.hexFloat(t.text) : Double(t.text) else { throw ParseError("invalid numeric literal", at: t.span) }
            return Expr(.float64(v), t.span)
        case .float32:
            advance()
            guard let v = Float(String(t.text.map { $0 == "f" ? "e" : $0 })) else { throw ParseError("invalid numeric literal", at: t.span) }
            return Expr(.float32(v), t.span)
        case .string:
            advance()
            return try stringLiteral(t)
        case .stringMacro:
            advance()
            // `r"a+"i` is Julia's `@r_str("a+", "i")`.
            guard case .text(let raw)? = t.stringParts.first else { throw unexpected(t, expecting: "a string") }
            var args = [Expr(.string(raw), t.span)]
            if let flags = t.macroSuffix { args.append(Expr(.string(flags), t.span)) }
            // A command literal is `@cmd(...)`; `x"..."` is `@x_str(...)`.
            let name = t.text.hasPrefix("@") ? String(t.text.dropFirst()) : t.text + "_str"
            return Expr(.macroCall(name: name, module: [], args: args), t.span)
        case .char:
            advance()
            return Expr(.char(Character(t.text)), t.span)
        case .symbol:
            advance()
            return Expr(.symbol(t.text), t.span)
        case .identifier:
            advance()
            return Expr(.identifier(t.text), t.span)
        case .macroName:
            return try parseMacroCall(module: [])
        case .lparen:
            return try parseParenthesized()
        case .lbracket:
            advance()
            let content = try parseBracketContent(opening: t)
            return Expr(content.kind(typed: nil), t.span.to(tokens[index - 1].span))
        case .keyword:
            return try parseKeywordForm(t)
        case .op:
            if t.text == "::" {
                // `f(::Dog)`: a parameter with a type and no name.
                advance()
                let type = try parseTypeExpression()
                return Expr(.unary(op: "::", type), t.span.to(type.span))
            }
            if t.text == ":" {
                let n = peek2()
                if n.kind == .comma || n.kind == .rparen || n.kind == .rbracket || n.kind == .eof || n.kind == .newline {
                    advance()
                    return Expr(.colon, t.span)
                }
                if !n.spaceBefore, n.kind == .lparen || n.kind == .op { return try parseQuoted() }
            }
            if t.text == "$" { return try parseInterpolation() }
            // An operator used as a value: `reduce(+, xs)`, `SkipConnection(l, +)`.
            if OperatorTable.binary(t.text) != nil || t.text == "√" || t.text == "!" {
                let n = peek2()
                if n.kind == .comma || n.kind == .rparen || n.kind == .eof || n.kind == .newline || n.kind == .semicolon {
                    advance()
                    return Expr(.identifier(t.text), t.span)
                }
                if n.kind == .lparen && !n.spaceBefore {
                    // `+(1, 2)` calls the operator as a function.
                    advance()
                    return Expr(.identifier(t.text), t.span)
                }
            }
            throw unexpected(t, expecting: "an expression")
        default:
            throw unexpected(t, expecting: "an expression")
        }
    }

    /// An integer literal as Julia types it: a decimal is Int64, or Int128 when too large
    /// for Int64; `0x`/`0b` literals are unsigned, sized by their digit count (leading zeros
    /// count: `0x0001` is UInt16), `0o` literals by their value. Larger literals are
    /// BigInts: as Julia's parser does, they become the macro call `@big_str("digits")`.
    package func integerLiteral(_ t: Token) throws(ParseError) -> ExprKind {
        let text = t.text
        let tooLarge = ExprKind.macroCall(name: "big_str", module: [], args: [Expr(.string(text), t.span)])
        guard text.hasPrefix("0x") || text.hasPrefix("0b") || text.hasPrefix("0o") else {
            if let v = Int64(text) { return .int(v) }
            guard let v = Int128(text) else { return tooLarge }
            return .sizedInt(IntLiteral(bits: UInt128(bitPattern: v), bitWidth: 128, signed: true))
        }
        let digits = text.dropFirst(2)
        let radix = text.hasPrefix("0x") ? 16 : text.hasPrefix("0b") ? 2 : 8
        guard let v = UInt128(digits, radix: radix) else {
            if digits.allSatisfy({ $0.isHexDigit && Int(String($0), radix: radix) != nil }) { return tooLarge }
            throw ParseError("invalid numeric literal \(text)", at: t.span)
        }
        let bits: Int
        switch radix {
        case 16: bits = digits.count * 4
        case 2: bits = digits.count
        default: bits = 128 - v.leadingZeroBitCount
        }
        guard let width = [8, 16, 32, 64, 128].first(where: { bits <= $0 }) else { return tooLarge }
        return .sizedInt(IntLiteral(bits: v, bitWidth: width, signed: false))
    }

    /// The value of a hexadecimal float literal: hex digits with an optional fraction,
    /// times 2 to the power after `p`, rounded once to the nearest Float64.
    package static func hexFloat(_ text: String) -> Double? {
        guard let p = text.firstIndex(of: "p"), let exponent = Int(text[text.index(after: p)...]) else { return nil }
        let mantissa = text[text.index(text.startIndex, offsetBy: 2)..<p]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let whole = String(parts[0]), fraction = parts.count == 2 ? String(parts[1]) : ""
        guard !(whole.isEmpty && fraction.isEmpty) else { return nil }
        // Swift parses the C99 form `0x<hex>.<hex>p<exp>` exactly; normalise empty parts.
        return Double("0x" + (whole.isEmpty ? "0" : whole) + "." + (fraction.isEmpty ? "0" : fraction) + "p" + String(exponent))
    }

    package mutating func stringLiteral(_ t: Token) throws(ParseError) -> Expr {
        if t.stringParts.count == 1, case .text(let s) = t.stringParts[0] { return Expr(.string(s), t.span) }
        var parts: [InterpolationPart] = []
        for part in t.stringParts {
            switch part {
            case .text(let s): parts.append(.text(s))
            case .interpolation(let span):
                var sub = try Parser(file: file, start: span.start, end: span.end)
                sub.newlineModes = [false]
                let e = try sub.parseExpr()
                if sub.peek().kind != .eof { throw sub.unexpected(sub.peek(), expecting: "`)` closing the interpolation") }
                parts.append(.expr(e))
            }
        }
        return Expr(.interpolated(parts), t.span)
    }

    /// "(" ")" | "(" expr ")" | tuple | named tuple | generator | "(" stmt ";" stmt ")"
    package mutating func parseParenthesized() throws(ParseError) -> Expr {
        let open = advance()
        return try withNewlines(false) { (p: inout Parser) throws(ParseError) -> Expr in
            if let close = p.accept(.rparen) { return Expr(.tuple([]), open.span.to(close.span)) }
            if p.accept(.semicolon) != nil {
                // `(; a, b = 2)`
                var fields: [Keyword] = []
                while !p.check(.rparen) {
                    let item = try p.parseArgument()
                    switch item.kind {
                    case .identifier(let n): fields.append(Keyword(name: n, value: item, isSplat: false))
                    case .field(_, let n): fields.append(Keyword(name: n, value: item, isSplat: false))
                    // `(; nt..., c = 3)`: the fields of a named tuple (or pairs of Symbol => value).
                    case .splat(let inner): fields.append(Keyword(name: "", value: inner, isSplat: true))
                    case .assign(let target, let value):
                        guard case .identifier(let n) = target.kind else { throw ParseError("expected `name = value` in a named tuple", at: item.span) }
                        fields.append(Keyword(name: n, value: value, isSplat: false))
                    default: throw ParseError("expected `name = value` in a named tuple", at: item.span)
                    }
                    if p.accept(.comma) == nil { break }
                }
                let close = try p.expect(.rparen, nil, "`)`")
                return Expr(.namedTuple(fields), open.span.to(close.span))
            }
            let first = try p.parseArgument()
            if p.check(.keyword, "for") {
                let gen = try p.parseGeneratorTail(body: first)
                let close = try p.expect(.rparen, nil, "`)`")
                return Expr(gen.kind, open.span.to(close.span))
            }
            if p.check(.semicolon) {
                // `(a; b)` is a block whose value is the last expression.
                var items = [first]
                while p.accept(.semicolon) != nil {
                    if p.check(.rparen) { break }
                    items.append(try p.parseExpr())
                }
                let close = try p.expect(.rparen, nil, "`)`")
                return Expr(.block(items), open.span.to(close.span))
            }
            if let close = p.accept(.rparen) {
                if case .splat = first.kind { return Expr(.tuple([first]), open.span.to(close.span)) }
                return Expr(first.kind, open.span.to(close.span)).parenthesized()
            }
            guard p.accept(.comma) != nil else { throw p.unexpected(p.peek(), expecting: "`,` or `)`") }
            var items = [first]
            while !p.check(.rparen) {
                items.append(try p.parseArgument())
                if p.accept(.comma) == nil { break }
            }
            let close = try p.expect(.rparen, nil, "`)`")
            let span = open.span.to(close.span)
            // All `name = value` items make a named tuple.
            let named = items.compactMap { item -> Keyword? in
                if case .assign(let target, let value) = item.kind, case .identifier(let n) = target.kind { return Keyword(name: n, value: value, isSplat: false) }
                return nil
            }
            if named.count == items.count { return Expr(.namedTuple(named), span) }
            if !named.isEmpty {
                // Could be lambda parameters with defaults; the `->` handler sorts that out.
                return Expr(.tuple(items), span)
            }
            return Expr(.tuple(items), span)
        }
    }

    // MARK: brackets

    package enum BracketContent {
        case list([Expr])
        case rows([[Expr]])
        case comprehension(Expr, [ForSpec], Expr?)
        case ncat([Expr], [Int], Int)

        package func kind(typed: Expr?) -> ExprKind {
            switch self {
            case .ncat(let items, let seps, let trailing): return .ncat(type: typed, items: items, separators: seps, trailing: trailing)
            case .list(let items): return typed.map { .typedVect(type: $0, items) } ?? .vect(items)
            case .rows(let rows): return typed.map { .typedMatrix(type: $0, rows: rows) } ?? .matrix(rows: rows)
            case .comprehension(let body, let loops, let cond): return .comprehension(body: body, loops: loops, condition: cond, typed: typed)
            }
        }
    }

    /// `x[...]`: indexing, or a typed array literal when the content has rows or a comprehension.
    package mutating func parseBracketAfter(_ base: Expr) throws(ParseError) -> Expr {
        let open = advance()
        indexDepth += 1
        let content = try parseBracketContent(opening: open)
        indexDepth -= 1
        let span = base.span.to(tokens[index - 1].span)
        switch content {
        case .list(let items): return Expr(.index(base, items), span)
        default: return Expr(content.kind(typed: base), span)
        }
    }

    /// The inside of `[...]` after the opening bracket, through the closing one.
    package mutating func parseBracketContent(opening: Token) throws(ParseError) -> BracketContent {
        let savedIndexDepth = indexDepth
        return try withNewlines(true) { (p: inout Parser) throws(ParseError) -> BracketContent in
            p.indexDepth = savedIndexDepth
            p.skipNewlines()
            if p.accept(.rbracket) != nil { return .list([]) }
            p.spaceSensitive = true
            let first = try p.parseArgument()
            if p.check(.keyword, "for") {
                p.spaceSensitive = false
                let (loops, cond) = try p.withNewlines(false) { (q: inout Parser) throws(ParseError) in try q.parseComprehensionLoops() }
                p.skipNewlines()
                _ = try p.expect(.rbracket, nil, "`]`")
                return .comprehension(first, loops, cond)
            }
            if p.check(.comma) {
                var items = [first]
                while p.accept(.comma) != nil {
                    p.skipNewlines()
                    if p.check(.rbracket) { break }
                    items.append(try p.parseArgument())
                    p.skipNewlinesBeforeCloser()
                }
                p.skipNewlines()
                _ = try p.expect(.rbracket, nil, "`,` or `]`")
                return .list(items)
            }
            // Space-separated elements, rows split by `;` or newlines, higher dimensions by `;;`, `;;;`...
            return try p.parseConcatenation(first: first)
        }
    }

    /// The elements of `[a b; c d]` and `[a; b;; c; d]` after the first, through `]`: each
    /// separator between two elements is kept as its level (0 a space, k for k semicolons, a
    /// newline as one). Without `;;` this is the familiar list of rows.
    private mutating func parseConcatenation(first: Expr) throws(ParseError) -> BracketContent {
        var items = [first]
        var separators: [Int] = []
        var pending: Int? = nil   // the separator seen since the last element (nil: only spaces)
        while true {
            let t = peek()
            switch t.kind {
            case .rbracket:
                advance()
                let trailing = pending ?? 0
                if (separators.max() ?? 0) <= 1 && trailing <= 1 {
                    if items.count == 1 && pending == nil { return .list(items) }
                    var rows: [[Expr]] = [[items[0]]]
                    for (sep, item) in zip(separators, items.dropFirst()) {
                        if sep == 0 { rows[rows.count - 1].append(item) } else { rows.append([item]) }
                    }
                    return .rows(rows)
                }
                return .ncat(items, separators, trailing)
            case .semicolon:
                var count = 0
                while check(.semicolon) { advance(); count += 1 }
                // A newline after `;;` continues the same separator: `[1 2 ;;\n 3 4]` is 1×4.
                if count >= 2 { skipNewlines() }
                pending = max(pending ?? 0, count)
            case .newline:
                advance()
                pending = max(pending ?? 0, 1)
            case .eof:
                throw ParseError("unexpected end of input; expected `]`", at: t.span, incomplete: true)
            case .comma:
                throw ParseError("unexpected `,` in a matrix literal; use spaces between elements and `;` between rows", at: t.span)
            default:
                separators.append(pending ?? 0)
                pending = nil
                items.append(try parseArgument())
            }
        }
    }

    package mutating func skipNewlinesBeforeCloser() {
        var j = index
        while tokens[j].kind == .newline { j += 1 }
        if tokens[j].kind == .rbracket || tokens[j].kind == .comma { index = j }
    }

    // MARK: macros

    /// macro-call := "@" name ( "(" args ")" | { spaced-expr } )
    package mutating func parseMacroCall(module: [String]) throws(ParseError) -> Expr {
        let nameTok = advance()
        var args: [Expr] = []
        if check(.lparen) && !peek().spaceBefore {
            advance()
            let (a, kw) = try parseCallArguments(closing: .rparen)
            args = a + kw.map { Expr(.assign(target: Expr(.identifier($0.name), $0.value.span), value: $0.value), $0.value.span) }
            return Expr(.macroCall(name: nameTok.text, module: module, args: args), nameTok.span.to(tokens[index - 1].span))
        }
        let saved = spaceSensitive
        spaceSensitive = true
        defer { spaceSensitive = saved }
        while true {
            let t = tokens[index]
            switch t.kind {
            case .newline, .semicolon, .eof, .rparen, .rbracket, .rbrace, .comma: break
            case .keyword where ["end", "else", "elseif", "catch", "finally"].contains(t.text): break
            case .keyword where t.text == "for" && !args.isEmpty && !forStartsLoop(): break
            default:
                let arg = try parseExpr()
                // `@show a, b` and `@test_broken a, b = f()`: outside brackets, a comma
                // continues the argument as a tuple, as in a statement.
                args.append(check(.comma) && unclosedBracket() == nil ? try continueStatement(arg) : arg)
                continue
            }
            break
        }
        let end = args.last?.span ?? nameTok.span
        return Expr(.macroCall(name: nameTok.text, module: module, args: args), nameTok.span.to(end))
    }

    /// At a `for` after a macro's arguments: whether it starts a `for` loop that is the
    /// next argument (`@testset "x" for i in 1:3 ... end`) rather than continuing a
    /// generator around the macro call (`[@m x for x in xs]`): a generator's brackets
    /// close on the same line, a loop's header line ends first.
    package func forStartsLoop() -> Bool {
        var depth = 0
        var j = index + 1
        while j < tokens.count {
            switch tokens[j].kind {
            case .lparen, .lbracket, .lbrace: depth += 1
            case .rparen, .rbracket, .rbrace:
                if depth == 0 { return false }
                depth -= 1
            case .newline, .semicolon: if depth == 0 { return true }
            case .eof: return true
            default: break
            }
            j += 1
        }
        return true
    }
}

extension Expr {
    /// Marks that the source had parentheses here, which matters for `(a:b):c`.
    package func parenthesized() -> Expr {
        if case .range = kind { return Expr(.block([self]), span) }
        return self
    }
}
