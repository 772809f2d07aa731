extension Parser {
    /// The forms that start with a keyword: blocks, definitions, jumps, declarations.
    package mutating func parseKeywordForm(_ t: Token) throws(ParseError) -> Expr {
        switch t.text {
        case "true", "false":
            advance()
            return Expr(.bool(t.text == "true"), t.span)
        case "end" where indexDepth > 0:
            advance()
            return Expr(.endIndex, t.span)
        case "begin" where indexDepth > 0 && (peek2().kind == .rbracket || peek2().kind == .op || peek2().kind == .comma):
            advance()
            return Expr(.beginIndex, t.span)
        case "begin":
            advance()
            let body = try parseBlock(until: ["end"])
            let end = try expect(.keyword, "end", "`end`")
            return Expr(body.kind, t.span.to(end.span))
        case "if": return try parseIf()
        case "while":
            advance()
            let cond = try withNewlines(true) { (p: inout Parser) throws(ParseError) in try p.parseExpr() }
            let body = try parseBlock(until: ["end"])
            let end = try expect(.keyword, "end", "`end`")
            return Expr(.whileLoop(cond, body), t.span.to(end.span))
        case "for":
            advance()
            var specs: [ForSpec] = []
            try withNewlines(true) { (p: inout Parser) throws(ParseError) in
                repeat { specs.append(try p.parseForSpec()) } while p.accept(.comma) != nil
            }
            let body = try parseBlock(until: ["end"])
            let end = try expect(.keyword, "end", "`end`")
            return Expr(.forLoop(specs, body), t.span.to(end.span))
        case "function": return try parseFunction()
        case "let":
            advance()
            var bindings: [Expr] = []
            try withNewlines(true) { (p: inout Parser) throws(ParseError) in
                while !p.check(.newline) && !p.check(.semicolon) {
                    bindings.append(try p.parseExpr())
                    if p.accept(.comma) == nil { break }
                }
            }
            let body = try parseBlock(until: ["end"])
            let end = try expect(.keyword, "end", "`end`")
            return Expr(.letBlock(bindings, body), t.span.to(end.span))
        case "try": return try parseTry()
        case "return":
            advance()
            let n = tokens[index]
            if [.newline, .semicolon, .eof, .rparen].contains(n.kind) || (n.kind == .keyword && ["end", "else", "elseif", "catch", "finally"].contains(n.text)) {
                return Expr(.returnValue(nil), t.span)
            }
            let value = try parseStatement()
            return Expr(.returnValue(value), t.span.to(value.span))
        case "break": advance(); return Expr(.breakLoop, t.span)
        case "continue": advance(); return Expr(.continueLoop, t.span)
        case "global", "local":
            advance()
            var items: [Expr] = []
            repeat { items.append(try parseExpr()) } while accept(.comma) != nil
            let span = t.span.to(items.last!.span)
            return Expr(t.text == "global" ? .global(items) : .local(items), span)
        case "const":
            advance()
            let e = try parseStatement()
            return Expr(.constant(e), t.span.to(e.span))
        case "struct": return try parseStruct(isMutable: false, start: t)
        case "mutable":
            advance()
            guard check(.keyword, "struct") else { throw unexpected(peek(), expecting: "`struct` after `mutable`") }
            return try parseStruct(isMutable: true, start: t)
        case "abstract":
            advance()
            guard accept(.identifier, "type") != nil else { throw unexpected(peek(), expecting: "`type` after `abstract`") }
            let name = try expect(.identifier, nil, "a type name")
            var typeParams: [(name: String, bound: Expr?)] = []
            if check(.lbrace) { typeParams = try parseTypeParamsDecl() }
            var supertype: Expr? = nil
            if accept(.op, "<:") != nil { supertype = try parseTypeExpression() }
            let end = try expect(.keyword, "end", "`end`")
            return Expr(.abstractType(name: name.text, typeParams: typeParams, supertype: supertype), t.span.to(end.span))
        case "using", "import": return try parseUsing(t)
        case "module":
            advance()
            let name = try expect(.identifier, nil, "a module name")
            let body = try parseBlock(until: ["end"])
            let end = try expect(.keyword, "end", "`end`")
            return Expr(.module(name: name.text, body: body), t.span.to(end.span))
        case "export":
            advance()
            repeat { _ = try expect(.identifier, nil, "a name") } while accept(.comma) != nil
            return Expr(.nothingLiteral, t.span)
        case "quote": return try parseQuoteBlock()
        case "macro": return try parseMacroDefinition()
        default:
            throw unexpected(t, expecting: "an expression")
        }
    }

    /// if := "if" expr block {"elseif" expr block} ["else" block] "end"
    package mutating func parseIf() throws(ParseError) -> Expr {
        let start = advance()
        let cond = try withNewlines(true) { (p: inout Parser) throws(ParseError) in try p.parseExpr() }
        let then = try parseBlock(until: ["elseif", "else", "end"])
        var elseBranch: Expr? = nil
        if check(.keyword, "elseif") {
            elseBranch = try parseIf()
            return Expr(.ifElse(cond, then, elseBranch), start.span.to(elseBranch!.span))
        }
        if accept(.keyword, "else") != nil {
            elseBranch = try parseBlock(until: ["end"])
        }
        let end = try expect(.keyword, "end", "`end`")
        return Expr(.ifElse(cond, then, elseBranch), start.span.to(end.span))
    }

    /// try := "try" block ["catch" [name] block] ["finally" block] "end"
    package mutating func parseTry() throws(ParseError) -> Expr {
        let start = advance()
        let body = try parseBlock(until: ["catch", "finally", "end"])
        var variable: String? = nil
        var handler: Expr? = nil
        var finallyBlock: Expr? = nil
        var elseBlock: Expr? = nil
        if accept(.keyword, "catch") != nil {
            if tokens[index].kind == .identifier { variable = advance().text }
            handler = try parseBlock(until: ["else", "finally", "end"])
            // `else`: runs when the body raised nothing (Julia 1.8), outside the catch.
            if accept(.keyword, "else") != nil { elseBlock = try parseBlock(until: ["finally", "end"]) }
        }
        if accept(.keyword, "finally") != nil {
            finallyBlock = try parseBlock(until: ["end"])
        }
        let end = try expect(.keyword, "end", "`end`")
        if handler == nil && finallyBlock == nil { handler = Expr(.nothingLiteral, end.span) }
        return Expr(.tryCatch(body: body, variable: variable, handler: handler, finally: finallyBlock, elseBlock: elseBlock), start.span.to(end.span))
    }

    package mutating func parseUsing(_ t: Token) throws(ParseError) -> Expr {
        advance()
        var paths: [[String]] = []
        var names: [String]? = nil
        repeat {
            // `using .Geometry`: a module defined in this file.
            while accept(.op, ".") != nil {}
            var path = [try expect(.identifier, nil, "a module name").text]
            while accept(.op, ".") != nil { path.append(try expect(.identifier, nil, "a module name").text) }
            paths.append(path)
            if accept(.op, ":") != nil {
                var list: [String] = []
                repeat {
                    let n = advance()
                    guard n.kind == .identifier || n.kind == .op || n.kind == .macroName else { throw unexpected(n, expecting: "a name") }
                    list.append(n.kind == .macroName ? "@" + n.text : n.text)
                } while acceptCommaAndNewlines()
                names = list
                break
            }
        } while acceptCommaAndNewlines()
        return Expr(.using(paths, names: names, isImport: t.text == "import"), t.span.to(tokens[index - 1].span))
    }

    /// A comma in a `using` list, after which the list may go on on the next line.
    package mutating func acceptCommaAndNewlines() -> Bool {
        guard accept(.comma) != nil else { return false }
        while accept(.newline) != nil {}
        return true
    }

    package mutating func parseTypeParamsDecl() throws(ParseError) -> [(name: String, bound: Expr?)] {
        _ = try expect(.lbrace, nil, "`{`")
        var params: [(name: String, bound: Expr?)] = []
        try withNewlines(false) { (p: inout Parser) throws(ParseError) in
            while !p.check(.rbrace) {
                let n = try p.expect(.identifier, nil, "a type parameter name")
                var bound: Expr? = nil
                if p.accept(.op, "<:") != nil { bound = try p.parseTypeExpression() }
                params.append((n.text, bound))
                if p.accept(.comma) == nil { break }
            }
        }
        _ = try expect(.rbrace, nil, "`}`")
        return params
    }

    /// struct := ["mutable"] "struct" name ["{" params "}"] ["<:" type] {field | constructor} "end"
    package mutating func parseStruct(isMutable: Bool, start: Token) throws(ParseError) -> Expr {
        advance()  // `struct`
        let name = try expect(.identifier, nil, "a struct name")
        var typeParams: [(name: String, bound: Expr?)] = []
        if check(.lbrace) { typeParams = try parseTypeParamsDecl() }
        var supertype: Expr? = nil
        if accept(.op, "<:") != nil { supertype = try parseTypeExpression() }
        var fields: [(name: String, type: Expr?, isConst: Bool)] = []
        var constructors: [FunctionDef] = []
        let body = try parseBlock(until: ["end"])
        let end = try expect(.keyword, "end", "`end`")
        guard case .block(let items) = body.kind else { throw ParseError("malformed struct body", at: body.span) }
        for item in items {
            var e = item
            var isConst = false
            if case .constant(let inner) = e.kind { e = inner; isConst = true }
            switch e.kind {
            case .identifier(let n): fields.append((n, nil, isConst))
            case .typeAssert(let target, let type):
                guard case .identifier(let n) = target.kind else { throw ParseError("expected a field name", at: target.span) }
                fields.append((n, type, isConst))
            case .function(let def): constructors.append(def)
            case .string, .interpolated, .nothingLiteral: continue   // docstrings
            case .assign:
                throw ParseError("field defaults need `Base.@kwdef`, which flx does not support; write a constructor", at: e.span)
            default:
                throw ParseError("expected a field or a constructor in a struct definition", at: e.span)
            }
        }
        let def = StructDef(name: name.text, typeParams: typeParams, supertype: supertype, isMutable: isMutable, fields: fields, constructors: constructors, span: start.span.to(end.span))
        return Expr(.structDef(def), def.span)
    }

    /// function := "function" signature ["::" type] ["where" ...] block "end"
    package mutating func parseFunction() throws(ParseError) -> Expr {
        let start = advance()
        var signature = try withNewlines(true) { (p: inout Parser) throws(ParseError) -> Expr in
            try p.parsePostfix()
        }
        var returnType: Expr? = nil
        if case .typeAssert(let inner, let type) = signature.kind { signature = inner; returnType = type }
        var whereParams: [(name: String, bound: Expr?)] = []
        if check(.keyword, "where") { whereParams = try parseWhereClause() }
        // `function f end` declares a function with no methods.
        if case .identifier = signature.kind, check(.keyword, "end") {
            let end = advance()
            let def = FunctionDef(name: .named(path: [], name: functionName(signature) ?? ""), params: [], keywords: [], keywordRest: "#declaration", whereParams: [], body: Expr(.nothingLiteral, end.span), span: start.span.to(end.span))
            return Expr(.function(def), def.span)
        }
        let body = try parseBlock(until: ["end"])
        let end = try expect(.keyword, "end", "`end`")
        let span = start.span.to(end.span)
        switch signature.kind {
        case .call:
            guard var def = try shortFunctionDefinition(signature, body: body, whereParams: whereParams) else {
                throw ParseError("invalid function signature", at: signature.span)
            }
            def.span = span
            def.returnType = returnType
            return Expr(.function(def), span)
        case .tuple, .identifier, .typeAssert, .block:
            // `function (x, y) ... end` is anonymous.
            let params = try lambdaParameters(from: signature)
            let def = FunctionDef(name: .anonymous, params: params.positional, keywords: params.keywords, keywordRest: params.rest, whereParams: whereParams, body: body, span: span)
            return Expr(.lambda(def), span)
        default:
            throw ParseError("invalid function signature", at: signature.span)
        }
    }

    package mutating func parseWhereClause() throws(ParseError) -> [(name: String, bound: Expr?)] {
        advance()  // `where`
        if check(.lbrace) { return try parseTypeParamsDecl() }
        let n = try expect(.identifier, nil, "a type parameter name")
        var bound: Expr? = nil
        if accept(.op, "<:") != nil { bound = try parseTypeExpression() }
        var params = [(name: n.text, bound: bound)]
        if check(.keyword, "where") { params += try parseWhereClause() }
        return params
    }

    package func functionName(_ e: Expr) -> String? {
        switch e.kind {
        case .identifier(let n): return n
        case .field(_, let n): return n
        default: return nil
        }
    }

    /// Turns `f(x, y = 2; k = 1)` on the left of `=` (or after `function`) into a
    /// method definition; nil when the left side is not a call.
    package func shortFunctionDefinition(_ lhs: Expr, body: Expr, whereParams: [(name: String, bound: Expr?)]) throws(ParseError) -> FunctionDef? {
        guard case .call(let callee, let args, let kwargs, let broadcast) = lhs.kind, !broadcast else { return nil }
        let name: FunctionName
        switch callee.kind {
        case .identifier(let n): name = .named(path: [], name: n)
        case .field:
            guard let path = modulePath(callee) else { throw ParseError("invalid function name", at: callee.span) }
            name = .named(path: Array(path.dropLast()), name: path.last!)
        case .typeAssert(let target, let type):
            guard case .identifier(let selfName) = target.kind else { throw ParseError("invalid callable signature", at: callee.span) }
            name = .callable(self: selfName, type: type)
        case .curly(let base, _):
            // `Point{T}(x) where T = ...`: a constructor; the parameters are not checked.
            guard case .identifier(let n) = base.kind else { throw ParseError("invalid function name", at: callee.span) }
            name = .named(path: [], name: n)
        case .unary(let op, let type) where op == "::":
            name = .callable(self: nil, type: type)
        case .interpolate:
            // `$name(x) = ...` inside a quote, likewise.
            return nil
        case .binary(".", _, let field):
            // `Base.$op(x) = ...` inside a quote: the name is known once spliced in, so
            // this stays an assignment until `eval` makes it a definition.
            guard case .interpolate = field.kind else { throw ParseError("invalid function name", at: callee.span) }
            return nil
        default:
            throw ParseError("invalid function name", at: callee.span)
        }
        var params: [Parameter] = []
        for a in args { params.append(try parameter(from: a)) }
        var keywords: [Parameter] = []
        var rest: String? = nil
        for kw in kwargs {
            if kw.positional {
                var p = try parameter(from: Expr(.identifier(kw.name), kw.value.span))
                p.defaultValue = kw.value
                params.append(p)
            } else if kw.isSplat {
                guard case .identifier(let n) = kw.value.kind else { throw ParseError("expected a name before `...`", at: kw.value.span) }
                rest = n
            } else if kw.name.isEmpty {
                throw ParseError("invalid keyword parameter", at: kw.value.span)
            } else {
                // `; k = v`, `; k::T = v`, or a bare `; k` (required keyword).
                var p: Parameter
                if case .identifier(let n) = kw.value.kind, n == kw.name {
                    p = Parameter(name: kw.name, type: nil, defaultValue: nil, isVararg: false, pattern: nil, span: kw.value.span)
                } else {
                    p = Parameter(name: kw.name, type: nil, defaultValue: kw.value, isVararg: false, pattern: nil, span: kw.value.span)
                }
                keywords.append(p)
            }
        }
        var def = FunctionDef(name: name, params: params, keywords: keywords, keywordRest: rest, whereParams: whereParams, body: body, span: lhs.span.to(body.span))
        if case .curly = callee.kind { def.isInstanceConstructor = true }
        return def
    }

    /// One parameter from its expression form: `x`, `x::T`, `x = 1`, `x::T = 1`, `xs...`, `::T`, `(a, b)`.
    package func parameter(from e: Expr) throws(ParseError) -> Parameter {
        switch e.kind {
        case .identifier(let n):
            return Parameter(name: n, type: nil, defaultValue: nil, isVararg: false, pattern: nil, span: e.span)
        case .typeAssert(let target, let type):
            var p = try parameter(from: target)
            p.type = type
            return p
        case .unary(let op, let type) where op == "::":
            return Parameter(name: nil, type: type, defaultValue: nil, isVararg: false, pattern: nil, span: e.span)
        // `::typeof(f)` and `::Vector{T}` parse as a call or curly on `::typeof`; the whole
        // call is the type of a parameter without a name.
        case .call(let callee, let args, let kwargs, false) where kwargs.isEmpty:
            guard case .unary(let op, let head) = callee.kind, op == "::" else { break }
            let type = Expr(.call(callee: head, args: args, kwargs: [], broadcast: false), head.span.to(e.span))
            return Parameter(name: nil, type: type, defaultValue: nil, isVararg: false, pattern: nil, span: e.span)
        case .curly(let callee, let params):
            guard case .unary(let op, let head) = callee.kind, op == "::" else { break }
            let type = Expr(.curly(head, params), head.span.to(e.span))
            return Parameter(name: nil, type: type, defaultValue: nil, isVararg: false, pattern: nil, span: e.span)
        case .assign(let target, let value):
            var p = try parameter(from: target)
            p.defaultValue = value
            return p
        case .splat(let inner):
            var p = try parameter(from: inner)
            p.isVararg = true
            return p
        case .tuple:
            return Parameter(name: nil, type: nil, defaultValue: nil, isVararg: false, pattern: e, span: e.span)
        case .block(let items) where items.count == 1:
            return try parameter(from: items[0])
        default:
            break
        }
        throw ParseError("invalid parameter; expected a name, `name::Type` or `name = default`", at: e.span)
    }

    /// Parameters of `x -> ...`, `(x, y) -> ...`, `(x; k = 1) -> ...`, `() -> ...`.
    package func lambdaParameters(from e: Expr) throws(ParseError) -> (positional: [Parameter], keywords: [Parameter], rest: String?) {
        switch e.kind {
        case .tuple(let items):
            return (try items.map { (item: Expr) throws(ParseError) -> Parameter in try parameter(from: item) }, [], nil)
        case .namedTuple(let fields):
            return (try fields.map { (f: Keyword) throws(ParseError) -> Parameter in
                var p = try parameter(from: Expr(.identifier(f.name), f.value.span))
                p.defaultValue = f.value
                return p
            }, [], nil)
        case .block(let items) where items.count >= 2:
            // `(x; k) -> ...`, `(x; k = 1, rest...) -> ...`: what follows `;` is keywords.
            let positional = try lambdaParameters(from: items[0]).positional
            var keywords: [Parameter] = []
            var rest: String? = nil
            for item in items.dropFirst() {
                let k = try parameter(from: item)
                if k.isVararg { rest = k.name } else { keywords.append(k) }
            }
            return (positional, keywords, rest)
        default:
            return ([try parameter(from: e)], [], nil)
        }
    }
}
