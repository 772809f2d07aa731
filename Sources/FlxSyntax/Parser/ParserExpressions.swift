extension Parser {
    /// expr := assignment
    package mutating func parseExpr() throws(ParseError) -> Expr {
        try parseAssignment()
    }

    /// assignment := ternary [assignop assignment] | call ["where" ...] "=" expr
    package mutating func parseAssignment() throws(ParseError) -> Expr {
        let startTok = peek()
        try enter(startTok)
        defer { depth -= 1 }
        var lhs = try parseTernaryLevel()
        var whereParams: [(name: String, bound: Expr?)] = []
        if check(.keyword, "where") {
            whereParams = try parseWhereClause()
        }
        let t = peek()
        guard t.kind == .op, OperatorTable.assignmentOps.contains(t.text) else {
            if !whereParams.isEmpty { throw unexpected(t, expecting: "`=` after a `where` clause") }
            return lhs
        }
        advance()
        skipNewlines()
        let rhs = try parseAssignment()
        let span = lhs.span.to(rhs.span)
        switch t.text {
        case "=":
            if let def = try shortFunctionDefinition(lhs, body: rhs, whereParams: whereParams) {
                return Expr(.function(def), span)
            }
            if case .typeAssert(let inner, let returnType) = lhs.kind, case .call = inner.kind {
                lhs = inner
                if var def = try shortFunctionDefinition(lhs, body: rhs, whereParams: whereParams) {
                    def.returnType = returnType
                    return Expr(.function(def), span)
                }
            }
            return Expr(.assign(target: lhs, value: rhs), span)
        case ".=":
            return Expr(.dotAssign(target: lhs, value: rhs), span)
        case ":=":
            throw ParseError("`:=` is not an assignment operator in flx; use `=`", at: t.span)
        default:
            let dotted = t.text.hasPrefix(".")
            let op = String(t.text.dropFirst(dotted ? 1 : 0).dropLast())
            return Expr(.updateAssign(op: op, target: lhs, value: rhs, broadcast: dotted), span)
        }
    }

    package mutating func parseTernaryLevel() throws(ParseError) -> Expr {
        try parseBinary(.pair)
    }

    /// Precedence climbing over binary operators at or above `minPrec`.
    package mutating func parseBinary(_ minPrec: Precedence) throws(ParseError) -> Expr {
        var lhs = try parseUnary()
        var lhsIsOpenRange = false   // `a:b` just built here, so `a:b:c` adds a step
        while true {
            let t = peek()
            var op: String
            switch t.kind {
            case .op: op = t.text
            case .identifier where (t.text == "in" || t.text == "isa") && !(tokens[index + 1].kind == .lparen && !tokens[index + 1].spaceBefore):
                op = t.text
            default: return lhs
            }
            if op == "=" || OperatorTable.assignmentOps.contains(op) { return lhs }
            guard let (prec, rightAssoc) = OperatorTable.binary(op), prec >= minPrec else { return lhs }
            // Inside `[1 -2]` or macro arguments, a spaced sign glued to its operand starts a new item.
            if spaceSensitive && t.spaceBefore && OperatorTable.unaryOps.contains(op) && !peek2().spaceBefore { return lhs }
            if op == ":" && ternaryDepth > 0 && t.spaceBefore { return lhs }
            if op == "?" {
                guard t.spaceBefore else { throw ParseError("space required before `?` operator", at: t.span) }
                advance()
                skipNewlines()
                ternaryDepth += 1
                let middle = try parseBinary(.arrow)
                ternaryDepth -= 1
                guard let colon = accept(.op, ":") else { throw unexpected(peek(), expecting: "`:` in `? :` expression") }
                _ = colon
                skipNewlines()
                let other = try parseBinary(.ternary)
                lhs = Expr(.ternary(lhs, middle, other), lhs.span.to(other.span))
                continue
            }
            advance()
            skipNewlines()
            if op == "->" {
                let body = try parseLambdaBody()
                // Julia binds `->` to the operand just before it: `1:3 .|> x -> x^2` pipes
                // into the lambda `x -> x^2`, `a => x -> x` pairs a with one.
                if case .binary(let bop, let l, let r) = lhs.kind {
                    lhs = Expr(.binary(op: bop, l, try lambda(params: r, body: body)), lhs.span.to(body.span))
                } else if case .pair(let l, let r) = lhs.kind {
                    lhs = Expr(.pair(l, try lambda(params: r, body: body)), lhs.span.to(body.span))
                } else {
                    lhs = try lambda(params: lhs, body: body)
                }
                continue
            }
            if prec == .comparison {
                var operands = [lhs], ops = [op]
                operands.append(try parseBinary(.pipe))
                while true {
                    let n = peek()
                    let nop = n.kind == .op ? n.text : (n.kind == .identifier && (n.text == "in" || n.text == "isa")) ? n.text : ""
                    guard let (p2, _) = OperatorTable.binary(nop), p2 == .comparison else { break }
                    if spaceSensitive && n.spaceBefore && OperatorTable.unaryOps.contains(nop) && !peek2().spaceBefore { break }
                    advance()
                    skipNewlines()
                    ops.append(nop)
                    operands.append(try parseBinary(.pipe))
                }
                let span = operands[0].span.to(operands.last!.span)
                lhs = ops.count == 1 ? Expr(.binary(op: op, operands[0], operands[1]), span) : Expr(.comparison(operands, ops), span)
                lhsIsOpenRange = false
                continue
            }
            let rhs = try parseBinary(rightAssoc ? prec : Precedence(rawValue: prec.rawValue + 1)!)
            let span = lhs.span.to(rhs.span)
            switch op {
            case "&&": lhs = Expr(.and(lhs, rhs), span)
            case "||": lhs = Expr(.or(lhs, rhs), span)
            case "=>": lhs = Expr(.pair(lhs, rhs), span)
            case ":":
                if lhsIsOpenRange, case .range(let start, nil, let stop) = lhs.kind {
                    lhs = Expr(.range(start: start, step: stop, stop: rhs), span)
                    lhsIsOpenRange = false
                } else {
                    lhs = Expr(.range(start: lhs, step: nil, stop: rhs), span)
                    lhsIsOpenRange = true
                }
                continue
            default: lhs = Expr(.binary(op: op, lhs, rhs), span)
            }
            lhsIsOpenRange = false
        }
    }

    /// The body of `x -> body`: an expression (an assignment is allowed), stopping at a comma.
    package mutating func parseLambdaBody() throws(ParseError) -> Expr {
        try parseAssignment()
    }

    /// unary := ("-" | "+" | "!" | "√" | ...) unary | juxtaposition
    package mutating func parseUnary() throws(ParseError) -> Expr {
        let t = peek()
        if t.kind == .op && OperatorTable.unaryOps.contains(t.text) {
            let next = peek2()
            // An operator standing alone as a value: `map(-, xs)`, `(!)`.
            if next.kind == .comma || next.kind == .rparen || next.kind == .eof || next.kind == .semicolon {
                advance()
                return Expr(.identifier(t.text), t.span)
            }
            advance()
            try enter(t)
            defer { depth -= 1 }
            // `-2` is a literal, but `-2^2` is `-(2^2)` as in Julia.
            let operand = try parseUnary()
            // `+(1, 2, 3)`, `-(a, b)`: an operator right before a parenthesised list is a call.
            if next.kind == .lparen, !next.spaceBefore, case .tuple(let items) = operand.kind {
                return Expr(.call(callee: Expr(.identifier(t.text), t.span), args: items, kwargs: [], broadcast: false), t.span.to(operand.span))
            }
            if (t.text == "-" || t.text == "+"), !next.spaceBefore {
                switch operand.kind {
                case .int(let v): return Expr(.int(t.text == "-" ? 0 &- v : v), t.span.to(operand.span))
                case .float64(let v): return Expr(.float64(t.text == "-" ? -v : v), t.span.to(operand.span))
                case .float32(let v): return Expr(.float32(t.text == "-" ? -v : v), t.span.to(operand.span))
                default: break
                }
            }
            return Expr(.unary(op: t.text, operand), t.span.to(operand.span))
        }
        return try parseJuxtaposition()
    }

    /// juxtaposition := power [power]   -- `2x`, `3(x + 1)`: a numeric literal times what
    /// follows it directly; also `(x - 1)x` and `[1, 2]pi`, a closing bracket followed
    /// directly by a name (JuliaSyntax's `is_juxtapose`).
    package mutating func parseJuxtaposition() throws(ParseError) -> Expr {
        let lhs = try parsePower()
        let n = peek()
        guard !n.spaceBefore else { return lhs }
        switch lhs.kind {
        case .int, .float64, .float32:
            if n.kind == .identifier || n.kind == .lparen {
                let rhs = try parsePower()
                return Expr(.binary(op: "*", lhs, rhs), lhs.span.to(rhs.span))
            }
        default:
            let closed = index > 0 && (tokens[index - 1].kind == .rparen || tokens[index - 1].kind == .rbracket)
            if closed && n.kind == .identifier && n.text != "in" && n.text != "isa" {
                let rhs = try parsePower()
                return Expr(.binary(op: "*", lhs, rhs), lhs.span.to(rhs.span))
            }
        }
        return lhs
    }

    /// power := postfix [("^" | ".^") unary]
    package mutating func parsePower() throws(ParseError) -> Expr {
        let base = try parsePostfix()
        let t = peek()
        if t.kind == .op && (t.text == "^" || t.text == ".^") {
            if spaceSensitive && t.spaceBefore && !peek2().spaceBefore { return base }
            advance()
            skipNewlines()
            let exponent = try parseUnary()
            return Expr(.binary(op: t.text, base, exponent), base.span.to(exponent.span))
        }
        return base
    }

    /// postfix := primary { call | index | "." name | ".(" args ")" | "'" | "{" types "}" | "::" type }
    package mutating func parsePostfix() throws(ParseError) -> Expr {
        var e = try parsePrimary()
        if case .int = e.kind { return try parseNumberPostfix(e) }
        if case .float64 = e.kind { return try parseNumberPostfix(e) }
        if case .float32 = e.kind { return try parseNumberPostfix(e) }
        // `a[1][1][1]...` builds one AST level per suffix; thousands of them would
        // overflow the native stack when compiled, so they count toward the nesting cap.
        var chain = 0
        while true {
            let t = peek()
            chain += 1
            if depth + chain > Parser.maxDepth { throw ParseError("expression is nested too deeply", at: t.span) }
            switch t.kind {
            case .lparen where !t.spaceBefore:
                advance()
                let (args, kwargs) = try parseCallArguments(closing: .rparen)
                let close = tokens[index - 1]
                e = Expr(.call(callee: e, args: args, kwargs: kwargs, broadcast: false), e.span.to(close.span))
                e = try parseDoBlock(e)
            case .lbracket where !t.spaceBefore:
                e = try parseBracketAfter(e)
            case .lbrace where !t.spaceBefore:
                advance()
                let params = try withNewlines(false) { (p: inout Parser) throws(ParseError) -> [Expr] in
                    var items: [Expr] = []
                    while !p.check(.rbrace) {
                        items.append(try p.parseTypeParameter())
                        if p.accept(.comma) == nil { break }
                    }
                    return items
                }
                let close = try expect(.rbrace, nil, "`}`")
                e = Expr(.curly(e, params), e.span.to(close.span))
            case .op where t.text == "." && !t.spaceBefore:
                let n = tokens[index + 1]
                if n.kind == .identifier || (n.kind == .keyword && !n.spaceBefore) {
                    advance(); advance()
                    e = Expr(.field(e, n.text), e.span.to(n.span))
                } else if n.kind == .lparen {
                    advance(); advance()
                    let (args, kwargs) = try parseCallArguments(closing: .rparen)
                    let close = tokens[index - 1]
                    e = Expr(.call(callee: e, args: args, kwargs: kwargs, broadcast: true), e.span.to(close.span))
                } else if n.kind == .macroName {
                    advance()
                    guard let path = modulePath(e) else { throw ParseError("expected a module name before `.@`", at: e.span) }
                    return try parseMacroCall(module: path)
                } else if n.kind == .op && n.text == ":" && tokens[index + 2].kind == .op {
                    // `Base.:+` names an operator inside a module.
                    advance(); advance()
                    let opTok = advance()
                    e = Expr(.field(e, opTok.text), e.span.to(opTok.span))
                } else if n.kind == .symbol {
                    advance(); advance()
                    e = Expr(.field(e, n.text), e.span.to(n.span))
                } else if n.kind == .op && n.text == "$" && !n.spaceBefore {
                    // `Base.$op` inside a quote: a field whose name is spliced in.
                    advance()
                    let name = try parseInterpolation()
                    e = Expr(.binary(op: ".", e, name), e.span.to(name.span))
                } else {
                    return e
                }
            case .op where t.text == "'" && !t.spaceBefore:
                advance()
                e = Expr(.adjoint(e), e.span.to(t.span))
            case .op where t.text == "::":
                advance()
                let type = try parseTypeExpression()
                e = Expr(.typeAssert(e, type), e.span.to(type.span))
            default:
                return e
            }
        }
    }

    /// Numeric literals take only `'` and `::` after them (so `2(x)` is juxtaposition).
    package mutating func parseNumberPostfix(_ e: Expr) throws(ParseError) -> Expr {
        var e = e
        while true {
            let t = peek()
            if t.kind == .op && t.text == "'" && !t.spaceBefore {
                advance(); e = Expr(.adjoint(e), e.span.to(t.span))
            } else if t.kind == .op && t.text == "::" {
                // `1 :: IntOrString`: a type assertion on a literal.
                advance()
                let type = try parseTypeExpression()
                e = Expr(.typeAssert(e, type), e.span.to(type.span))
            } else if t.kind == .op && t.text == "." && !t.spaceBefore && tokens[index + 1].kind == .lparen {
                return e
            } else {
                return e
            }
        }
    }

    /// A type in an annotation: a name, a dotted path, and `{...}` parameters.
    package mutating func parseTypeExpression() throws(ParseError) -> Expr {
        let t = peek()
        var e: Expr
        switch t.kind {
        case .identifier:
            advance()
            e = Expr(.identifier(t.text), t.span)
        case .lparen, .stringMacro:
            // `(A, B)` or `MIME"text/plain"`.
            e = try parsePrimary()
        default:
            throw unexpected(t, expecting: "a type")
        }
        while true {
            let n = peek()
            if n.kind == .op && n.text == "." && tokens[index + 1].kind == .identifier {
                advance(); let name = advance()
                e = Expr(.field(e, name.text), e.span.to(name.span))
            } else if n.kind == .lbrace && !n.spaceBefore {
                advance()
                var params: [Expr] = []
                try withNewlines(false) { (p: inout Parser) throws(ParseError) in
                    while !p.check(.rbrace) {
                        params.append(try p.parseTypeParameter())
                        if p.accept(.comma) == nil { break }
                    }
                }
                let close = try expect(.rbrace, nil, "`}`")
                e = Expr(.curly(e, params), e.span.to(close.span))
            } else {
                return e
            }
        }
    }

    /// Inside `{...}`: a type, a number (`Array{Float32, 2}`), or `<:T`.
    package mutating func parseTypeParameter() throws(ParseError) -> Expr {
        let t = peek()
        if t.kind == .op && t.text == "<:" {
            advance()
            let bound = try parseTypeExpression()
            return Expr(.unary(op: "<:", bound), t.span.to(bound.span))
        }
        return try parseTernaryLevel()
    }

    package func modulePath(_ e: Expr) -> [String]? {
        switch e.kind {
        case .identifier(let n): return [n]
        case .field(let base, let n): return modulePath(base).map { $0 + [n] }
        default: return nil
        }
    }

    /// `f(args) do x, y ... end`: the block becomes the first argument.
    package mutating func parseDoBlock(_ call: Expr) throws(ParseError) -> Expr {
        guard check(.keyword, "do") else { return call }
        let doTok = advance()
        var params: [Parameter] = []
        try withNewlines(true) { (p: inout Parser) throws(ParseError) in
            while !p.check(.newline) && !p.check(.semicolon) {
                let e = try p.parsePostfix()
                params.append(try p.parameter(from: e))
                if p.accept(.comma) == nil { break }
            }
        }
        let body = try parseBlock(until: ["end"])
        let end = try expect(.keyword, "end", "`end`")
        let lambda = Expr(.lambda(FunctionDef(name: .anonymous, params: params, keywords: [], keywordRest: nil, whereParams: [], body: body, span: doTok.span.to(end.span))), doTok.span.to(end.span))
        guard case .call(let callee, let args, let kwargs, let bc) = call.kind else { return call }
        return Expr(.call(callee: callee, args: [lambda] + args, kwargs: kwargs, broadcast: bc), call.span.to(end.span))
    }

    /// Arguments up to the closing bracket: positional, `k = v` / `; k = v` keywords,
    /// `xs...` splats, and a lone generator (`sum(x^2 for x in xs)`).
    package mutating func parseCallArguments(closing: TokenKind) throws(ParseError) -> ([Expr], [Keyword]) {
        try withNewlines(false) { (p: inout Parser) throws(ParseError) -> ([Expr], [Keyword]) in
            var args: [Expr] = []
            var kwargs: [Keyword] = []
            var inKeywords = false
            while true {
                if p.check(closing) { break }
                if p.accept(.semicolon) != nil { inKeywords = true; continue }
                let item = try p.parseArgument()
                if p.check(.keyword, "for") {
                    let gen = try p.parseGeneratorTail(body: item)
                    args.append(gen)
                } else if case .assign(let target, let value) = item.kind, case .identifier(let name) = target.kind {
                    kwargs.append(Keyword(name: name, value: value, isSplat: false, positional: !inKeywords))
                } else if inKeywords {
                    switch item.kind {
                    case .identifier(let name): kwargs.append(Keyword(name: name, value: item, isSplat: false))
                    case .splat(let inner): kwargs.append(Keyword(name: "", value: inner, isSplat: true))
                    case .pair(let k, let v):
                        guard case .symbol(let name) = k.kind else { throw ParseError("keyword argument must be a name", at: item.span) }
                        kwargs.append(Keyword(name: name, value: v, isSplat: false))
                    case .field(_, let name): kwargs.append(Keyword(name: name, value: item, isSplat: false))
                    default: throw ParseError("expected a keyword argument `name = value`", at: item.span)
                    }
                } else {
                    args.append(item)
                }
                if p.accept(.comma) == nil {
                    if p.check(.semicolon) { continue }
                    break
                }
            }
            let closeText = closing == .rparen ? "`)`" : "`]`"
            _ = try p.expect(closing, nil, closeText)
            return (args, kwargs)
        }
    }

    /// argument := expr ["..."]
    /// `params -> body` as an anonymous function.
    mutating func lambda(params lhs: Expr, body: Expr) throws(ParseError) -> Expr {
        let params = try lambdaParameters(from: lhs)
        let def = FunctionDef(name: .anonymous, params: params.positional, keywords: params.keywords, keywordRest: params.rest, whereParams: [], body: body, span: lhs.span.to(body.span))
        return Expr(.lambda(def), def.span)
    }

    package mutating func parseArgument() throws(ParseError) -> Expr {
        let e = try parseExpr()
        if let dots = accept(.op, "...") { return Expr(.splat(e), e.span.to(dots.span)) }
        return e
    }

    /// `body for x in xs, y in ys if cond` after the body has been parsed.
    package mutating func parseGeneratorTail(body: Expr) throws(ParseError) -> Expr {
        let (loops, cond) = try parseComprehensionLoops()
        return Expr(.generator(body: body, loops: loops, condition: cond), body.span.to(tokens[max(0, index - 1)].span))
    }

    package mutating func parseComprehensionLoops() throws(ParseError) -> ([ForSpec], Expr?) {
        var loops: [ForSpec] = []
        var cond: Expr? = nil
        let saved = spaceSensitive
        spaceSensitive = false
        defer { spaceSensitive = saved }
        while accept(.keyword, "for") != nil {
            var first = true
            repeat {
                var spec = try parseForSpec()
                spec.startsNestedFor = first && !loops.isEmpty
                first = false
                loops.append(spec)
            } while accept(.comma) != nil
            if accept(.keyword, "if") != nil {
                cond = try parseTernaryLevel()
            }
        }
        return (loops, cond)
    }

    /// for-spec := target ("in" | "=" | "∈") expr
    package mutating func parseForSpec() throws(ParseError) -> ForSpec {
        // `for outer i in ...`: `outer` is a keyword only before the loop variable.
        var isOuter = false
        if check(.identifier, "outer"), tokens[index + 1].kind == .identifier, tokens[index + 1].text != "in" {
            advance()
            isOuter = true
        }
        let target = try parsePostfix()
        let t = peek()
        guard (t.kind == .identifier && t.text == "in") || (t.kind == .op && (t.text == "=" || t.text == "∈")) else {
            throw unexpected(t, expecting: "`in`, `=` or `∈` in a `for` specification")
        }
        advance()
        skipNewlines()
        let iterable = try parseTernaryLevel()
        var spec = ForSpec(target: target, iterable: iterable)
        spec.isOuter = isOuter
        return spec
    }
}
