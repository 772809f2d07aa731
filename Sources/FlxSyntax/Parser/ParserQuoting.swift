/// The syntax of code as data: `:(expr)`, `:+`, `quote ... end`, `$x` and `macro`.
extension Parser {
    /// quoted := ":" "(" operator ")" | ":" operator | ":" "(" expr ")"
    /// `:(=)` and `:+` are the symbols of operators; `:(a + b)` quotes the expression
    /// (evaluated, a quote of a name is a Symbol and of a literal the literal).
    package mutating func parseQuoted() throws(ParseError) -> Expr {
        let colon = advance()
        let n = peek()
        if n.kind == .op {
            advance()
            return Expr(.symbol(n.text), colon.span.to(n.span))
        }
        // `:(::)`, `:(=)`, `:(:)`: an operator alone in parentheses.
        if tokens.count > index + 2, tokens[index + 1].kind == .op, tokens[index + 2].kind == .rparen {
            advance()
            let op = advance()
            let close = advance()
            return Expr(.symbol(op.text), colon.span.to(close.span))
        }
        let inner = try parseParenthesized()
        return Expr(.quote(inner, isBlock: false), colon.span.to(inner.span))
    }

    /// interpolation := "$" primary | "$" "(" expr ")" | "$" "(" expr "..." ")"
    package mutating func parseInterpolation() throws(ParseError) -> Expr {
        let dollar = advance()
        let inner: Expr
        if check(.op, "$") {
            inner = try parseInterpolation()
        } else if check(.lparen) {
            let open = peek()
            let e = try parseParenthesized()
            // `$(xs...)` splices the elements of `xs` as separate arguments.
            if case .tuple(let items) = e.kind, items.count == 1, case .splat = items[0].kind {
                inner = items[0]
            } else {
                inner = Expr(e.kind, open.span.to(e.span))
            }
        } else {
            inner = try parsePrimary()
        }
        return Expr(.interpolate(inner), dollar.span.to(inner.span))
    }

    /// quote := "quote" block "end"
    package mutating func parseQuoteBlock() throws(ParseError) -> Expr {
        let start = advance()
        let body = try parseBlock(until: ["end"])
        let end = try expect(.keyword, "end", "`end`")
        return Expr(.quote(body, isBlock: true), start.span.to(end.span))
    }

    /// macro := "macro" name "(" params ")" block "end" | "macro" name "end"
    /// A method of the macro `@name`, stored as a function of that name whose first two
    /// parameters are `__source__` and `__module__`, as Julia's are.
    package mutating func parseMacroDefinition() throws(ParseError) -> Expr {
        let start = advance()
        let signature = try withNewlines(true) { (p: inout Parser) throws(ParseError) -> Expr in
            try p.parsePostfix()
        }
        if case .identifier(let name) = signature.kind, check(.keyword, "end") {
            let end = advance()
            let def = FunctionDef(name: .named(path: [], name: "@" + name), params: [], keywords: [], keywordRest: "#declaration", whereParams: [], body: Expr(.nothingLiteral, end.span), span: start.span.to(end.span))
            return Expr(.macroDef(def), def.span)
        }
        let body = try parseBlock(until: ["end"])
        let end = try expect(.keyword, "end", "`end`")
        guard case .call(let callee, _, _, _) = signature.kind, case .identifier(let name) = callee.kind,
              var def = try shortFunctionDefinition(signature, body: body, whereParams: []) else {
            throw ParseError("invalid macro definition", at: signature.span)
        }
        let hidden = [Parameter(name: "__source__", type: nil, defaultValue: nil, isVararg: false, span: signature.span),
                      Parameter(name: "__module__", type: nil, defaultValue: nil, isVararg: false, span: signature.span)]
        def.name = .named(path: [], name: "@" + name)
        def.params = hidden + def.params
        def.span = start.span.to(end.span)
        return Expr(.macroDef(def), def.span)
    }
}
