import FlxSyntax

/// Turns an `Expr` value back into the syntax tree the compiler takes: what `eval`,
/// `@eval` and a macro's expansion run. Every node gets the span of the place that asked
/// (the `eval` call, the macro call), so an error in evaluated code names that line.
/// A value with no source form (an array, a function spliced in with `$`) is carried
/// as `.embedded` and compiled as a constant.
package struct Unquoter {
    package let span: Span
    /// The module the code will run in: a `GlobalRef` to one of its own globals is
    /// compiled as the plain name.
    package let module: ModuleValue?

    package init(span: Span, module: ModuleValue? = nil) {
        self.span = span
        self.module = module
    }

    private func node(_ k: ExprKind) -> Expr { Expr(k, span) }

    private func unsupported(_ head: String) -> FlxError {
        Exceptions.error("syntax: flx cannot evaluate an expression with head :\(head)")
    }

    /// A helper parser: the syntax layer's own rules for signatures and parameters.
    private func helper() throws -> Parser { try Parser(file: SourceFile(name: "none", text: "")) }

    package func expr(_ v: Value) throws -> Expr {
        try NativeStack.check()
        switch v {
        case .int(let n): return node(.int(n))
        case .float64(let d): return node(.float64(d))
        case .float32(let f): return node(.float32(f))
        case .bool(let b): return node(.bool(b))
        case .string(let s): return node(.string(s.value))
        case .symbol(let s): return symbol(s.name)
        case .nothing: return node(.nothingLiteral)
        case .native(let n):
            if let q = n as? QuoteNodeObject {
                if case .symbol(let s) = q.value { return node(.symbol(s.name)) }
                return node(.embedded(EmbeddedValue(q.value)))
            }
            if let g = n as? GlobalRefObject {
                if g.module === module { return symbol(g.name.name) }
                return node(.field(node(.embedded(EmbeddedValue(Value.module(g.module)))), g.name.name))
            }
            if n is LineNumberNodeObject { return node(.nothingLiteral) }
            if let e = n as? ExprObject { return try expr(e) }
            return node(.embedded(EmbeddedValue(v)))
        default:
            return node(.embedded(EmbeddedValue(v)))
        }
    }

    private func symbol(_ name: String) -> Expr {
        switch name {
        case "nothing": return node(.nothingLiteral)
        case ":": return node(.colon)
        default: return node(.identifier(name))
        }
    }

    /// Statements of a block, without its line numbers.
    private func statements(_ v: Value) throws -> [Expr] {
        if let e = v.exprObject, e.headName == "block" {
            return try e.args.filter { !isLine($0) }.map(expr)
        }
        return [try expr(v)]
    }

    private func isLine(_ v: Value) -> Bool {
        if case .native(let n) = v { return n is LineNumberNodeObject }
        return false
    }

    private func block(_ v: Value) throws -> Expr { node(.block(try statements(v))) }

    /// The keyword arguments of a call: `k = v` among the arguments (`:kw`) and those
    /// after `;` (`:parameters`).
    private func keywords(_ args: [Value]) throws -> (positional: [Expr], keywords: [Keyword]) {
        var positional: [Expr] = []
        var kws: [Keyword] = []
        for a in args {
            if let e = a.exprObject, e.headName == "kw", e.args.count == 2, case .symbol(let k) = e.args[0] {
                kws.append(Keyword(name: k.name, value: try expr(e.args[1]), isSplat: false, positional: true))
            } else if let e = a.exprObject, e.headName == "parameters" {
                for p in e.args {
                    if case .symbol(let k) = p {
                        kws.append(Keyword(name: k.name, value: node(.identifier(k.name)), isSplat: false))
                    } else if let pe = p.exprObject, pe.headName == "kw" || pe.headName == "=", pe.args.count == 2, case .symbol(let k) = pe.args[0] {
                        kws.append(Keyword(name: k.name, value: try expr(pe.args[1]), isSplat: false))
                    } else if let pe = p.exprObject, pe.headName == "...", pe.args.count == 1 {
                        kws.append(Keyword(name: "", value: try expr(pe.args[0]), isSplat: true))
                    } else {
                        throw Exceptions.error("syntax: invalid keyword argument in a call expression")
                    }
                }
            } else {
                positional.append(try expr(a))
            }
        }
        return (positional, kws)
    }

    private func call(_ args: [Value]) throws -> Expr {
        guard let f = args.first else { throw unsupported("call") }
        let rest = Array(args.dropFirst())
        if case .symbol(let op) = f {
            let name = op.name
            let operands = rest.filter { $0.exprObject?.headName != "parameters" && $0.exprObject?.headName != "kw" }
            if operands.count == rest.count {
                if operands.count == 2 {
                    let a = try expr(operands[0]), b = try expr(operands[1])
                    switch name {
                    case ":": return node(.range(start: a, step: nil, stop: b))
                    case "=>": return node(.pair(a, b))
                    default:
                        if OperatorTable.binary(name) != nil, name != "?", name != "->", name != "&&", name != "||" {
                            return node(.binary(op: name, a, b))
                        }
                    }
                }
                if operands.count == 3, name == ":" {
                    return node(.range(start: try expr(operands[0]), step: try expr(operands[1]), stop: try expr(operands[2])))
                }
                if operands.count == 1, OperatorTable.unaryOps.contains(name) {
                    return node(.unary(op: name, try expr(operands[0])))
                }
            }
        }
        let (positional, kws) = try keywords(rest)
        return node(.call(callee: try expr(f), args: positional, kwargs: kws, broadcast: false))
    }

    private func expr(_ e: ExprObject) throws -> Expr {
        let a = e.args
        let head = e.headName
        func arg(_ i: Int) throws -> Expr {
            guard i < a.count else { throw Exceptions.error("syntax: malformed expression with head :\(head)") }
            return try expr(a[i])
        }
        switch head {
        case "call": return try call(a)
        case "block": return try block(.native(e))
        case "toplevel": return node(.block(try a.filter { !isLine($0) }.map(expr)))
        case "=":
            guard a.count == 2 else { throw unsupported(head) }
            let lhs = try expr(a[0])
            if let def = try functionDefinition(a[0], body: a[1]) { return node(.function(def)) }
            return node(.assign(target: lhs, value: try expr(a[1])))
        case "function":
            guard a.count == 2, let def = try functionDefinition(a[0], body: a[1]) else {
                if a.count == 1, case .symbol(let s) = a[0] {
                    return node(.function(FunctionDef(name: .named(path: [], name: s.name), params: [], keywords: [], keywordRest: "#declaration", whereParams: [], body: node(.nothingLiteral), span: span)))
                }
                throw unsupported(head)
            }
            return node(.function(def))
        case "->":
            guard a.count == 2 else { throw unsupported(head) }
            let params = try helper().lambdaParameters(from: try expr(a[0]))
            return node(.lambda(FunctionDef(name: .anonymous, params: params.positional, keywords: params.keywords, keywordRest: params.rest, whereParams: [], body: try block(a[1]), span: span)))
        case "macro":
            guard a.count == 2, var def = try functionDefinition(a[0], body: a[1]), case .named(_, let name) = def.name else { throw unsupported(head) }
            def.name = .named(path: [], name: "@" + name)
            def.params = [Parameter(name: "__source__", type: nil, defaultValue: nil, isVararg: false, span: span),
                          Parameter(name: "__module__", type: nil, defaultValue: nil, isVararg: false, span: span)] + def.params
            return node(.macroDef(def))
        case "if", "elseif":
            guard a.count >= 2 else { throw unsupported(head) }
            var cond = try expr(a[0])
            if case .block(let items) = cond.kind, items.count == 1 { cond = items[0] }
            return node(.ifElse(cond, try block(a[1]), try a.count > 2 ? (a[2].isExpr("elseif") ? expr(a[2]) : block(a[2])) : nil))
        case "&&": return node(.and(try arg(0), try arg(1)))
        case "||": return node(.or(try arg(0), try arg(1)))
        case "comparison":
            var xs: [Expr] = [], ops: [String] = []
            for (i, x) in a.enumerated() {
                if i % 2 == 0 { xs.append(try expr(x)) } else if case .symbol(let s) = x { ops.append(s.name) } else { throw unsupported(head) }
            }
            return node(.comparison(xs, ops))
        case "ref":
            var items = try a.dropFirst().map(indexExpr)
            if items.isEmpty { items = [] }
            return node(.index(try arg(0), items))
        case "vect": return node(.vect(try a.map(expr)))
        case "tuple":
            if a.count == 1, let p = a[0].exprObject, p.headName == "parameters" {
                return node(.namedTuple(try keywords(a).keywords))
            }
            if !a.isEmpty, a.allSatisfy({ $0.isExpr("=") }) {
                return node(.namedTuple(try a.compactMap { v -> Keyword? in
                    guard let x = v.exprObject, case .symbol(let k) = x.args[0] else { return nil }
                    return Keyword(name: k.name, value: try expr(x.args[1]), isSplat: false)
                }))
            }
            return node(.tuple(try a.map(expr)))
        case "hcat": return node(.matrix(rows: [try a.map(expr)]))
        case "vcat": return node(.matrix(rows: try a.map(row)))
        case "typed_hcat": return node(.typedMatrix(type: try arg(0), rows: [try a.dropFirst().map(expr)]))
        case "typed_vcat": return node(.typedMatrix(type: try arg(0), rows: try a.dropFirst().map(row)))
        case ".":
            guard a.count == 2 else { throw unsupported(head) }
            if let t = a[1].exprObject, t.headName == "tuple" {
                let (positional, kws) = try keywords(t.args)
                return node(.call(callee: try arg(0), args: positional, kwargs: kws, broadcast: true))
            }
            let name: String
            switch a[1] {
            case .symbol(let s): name = s.name
            case .native(let q as QuoteNodeObject):
                guard case .symbol(let s) = q.value else { throw unsupported(head) }
                name = s.name
            default: throw unsupported(head)
            }
            return node(.field(try arg(0), name))
        case "::":
            if a.count == 1 { return node(.unary(op: "::", try arg(0))) }
            return node(.typeAssert(try arg(0), try arg(1)))
        case "curly": return node(.curly(try arg(0), try a.dropFirst().map(expr)))
        case "...": return node(.splat(try arg(0)))
        case "'": return node(.adjoint(try arg(0)))
        case "string":
            return node(.interpolated(try a.map { v -> InterpolationPart in
                if case .string(let s) = v { return .text(s.value) }
                return .expr(try expr(v))
            }))
        case ".=": return node(.dotAssign(target: try arg(0), value: try arg(1)))
        case "while": return node(.whileLoop(try arg(0), try block(a[1])))
        case "for":
            guard a.count == 2 else { throw unsupported(head) }
            let specs: [Value] = a[0].isExpr("block") ? a[0].exprObject!.args.filter { !isLine($0) } : [a[0]]
            return node(.forLoop(try specs.map(forSpec), try block(a[1])))
        case "let":
            guard a.count == 2 else { throw unsupported(head) }
            let bindings: [Value] = a[0].isExpr("block") ? a[0].exprObject!.args.filter { !isLine($0) } : [a[0]]
            return node(.letBlock(try bindings.map(expr), try block(a[1])))
        case "try":
            guard a.count >= 3 else { throw unsupported(head) }
            var variable: String? = nil
            if case .symbol(let s) = a[1] { variable = s.name }
            let handler: Expr? = { if case .bool(false) = a[2] { return nil }; return try? block(a[2]) }()
            let fin: Expr? = a.count > 3 && !{ if case .bool(false) = a[3] { return true }; return false }() ? try block(a[3]) : nil
            let otherwise: Expr? = a.count > 4 ? try block(a[4]) : nil
            return node(.tryCatch(body: try block(a[0]), variable: variable, handler: handler ?? (fin == nil ? node(.nothingLiteral) : nil),
                                  finally: fin, elseBlock: otherwise))
        case "return": return node(.returnValue(a.isEmpty ? nil : try expr(a[0])))
        case "break": return node(.breakLoop)
        case "continue": return node(.continueLoop)
        case "global": return node(.global(try a.map(expr)))
        case "local": return node(.local(try a.map(expr)))
        case "const": return node(.constant(try arg(0)))
        case "quote":
            guard a.count == 1 else { throw unsupported(head) }
            // Kept as the value it is (line numbers and all); its `$` parts are compiled
            // when the quote is (`Compiler.compileQuote`).
            return node(.quote(node(.embedded(EmbeddedValue(QuotedCode(a[0])))), isBlock: a[0].isExpr("block")))
        case "$": return node(.interpolate(try arg(0)))
        case "macrocall":
            guard let callee = a.first else { throw unsupported(head) }
            var module: [String] = []
            var nameValue = callee
            if let dot = callee.exprObject, dot.headName == ".", dot.args.count == 2 {
                if case .symbol(let m) = dot.args[0] { module = [m.name] }
                if case .native(let q as QuoteNodeObject) = dot.args[1] { nameValue = q.value }
            }
            guard case .symbol(let name) = nameValue, name.name.hasPrefix("@") else { throw unsupported(head) }
            let args = try a.dropFirst(2).map(expr)
            return node(.macroCall(name: String(name.name.dropFirst()), module: module, args: args))
        case "comprehension", "typed_comprehension", "generator":
            let typed: Expr? = head == "typed_comprehension" ? try arg(0) : nil
            guard let gen = (head == "generator" ? e : a.last?.exprObject), gen.headName == "generator" else { throw unsupported(head) }
            let g = gen.args
            guard g.count >= 2 else { throw unsupported(head) }
            var cond: Expr? = nil
            var ranges = Array(g.dropFirst())
            if ranges.count == 1, let f = ranges[0].exprObject, f.headName == "filter" {
                cond = try expr(f.args[0])
                ranges = Array(f.args.dropFirst())
            }
            let loops = try ranges.map(forSpec)
            if head == "generator" { return node(.generator(body: try expr(g[0]), loops: loops, condition: cond)) }
            return node(.comprehension(body: try expr(g[0]), loops: loops, condition: cond, typed: typed))
        case "escape", "var":
            return try arg(0)
        case "module":
            guard a.count == 3, case .symbol(let name) = a[1] else { throw unsupported(head) }
            return node(.module(name: name.name, body: try block(a[2])))
        case "using", "import":
            var paths: [[String]] = []
            var names: [String]? = nil
            for item in a {
                guard let x = item.exprObject else { throw unsupported(head) }
                if x.headName == ":" {
                    paths.append(try dottedPath(x.args[0]))
                    names = try x.args.dropFirst().map { try dottedPath($0).joined(separator: ".") }
                } else {
                    paths.append(try dottedPath(item))
                }
            }
            return node(.using(paths, names: names, isImport: head == "import"))
        case "struct":
            // Rebuilt through source text: the struct grammar's rules (inner constructors,
            // type parameters) live in the parser.
            let text = ExprShow.unquoted(.native(e))
            let program = try Parser.parseProgram(SourceFile(name: span.file.name, text: text))
            guard program.count == 1 else { throw unsupported(head) }
            return program[0]
        default:
            if head.hasSuffix("="), head.count >= 2 {
                var op = String(head.dropLast())
                let broadcast = op.hasPrefix(".")
                if broadcast { op.removeFirst() }
                return node(.updateAssign(op: op, target: try arg(0), value: try arg(1), broadcast: broadcast))
            }
            throw unsupported(head)
        }
    }

    /// Inside `x[...]`, `end`, `begin` and `:` mean the last index, the first and all.
    private func indexExpr(_ v: Value) throws -> Expr {
        if case .symbol(let s) = v {
            if s.name == "end" { return node(.endIndex) }
            if s.name == "begin" { return node(.beginIndex) }
        }
        return try expr(v)
    }

    private func row(_ v: Value) throws -> [Expr] {
        if let r = v.exprObject, r.headName == "row" { return try r.args.map(expr) }
        return [try expr(v)]
    }

    private func forSpec(_ v: Value) throws -> ForSpec {
        guard let e = v.exprObject, e.headName == "=" || e.headName == "in" || e.headName == "∈", e.args.count == 2 else {
            throw Exceptions.error("syntax: invalid iteration specification")
        }
        return ForSpec(target: try expr(e.args[0]), iterable: try expr(e.args[1]))
    }

    private func dottedPath(_ v: Value) throws -> [String] {
        guard let e = v.exprObject, e.headName == "." else {
            if case .symbol(let s) = v { return [s.name] }
            throw unsupported("using")
        }
        return try e.args.map { p in
            guard case .symbol(let s) = p else { throw unsupported("using") }
            return s.name
        }
    }


    /// `f(x) = body`, `function f(x) ... end`: the parser's rules applied to the signature.
    private func functionDefinition(_ sigValue: Value, body: Value) throws -> FunctionDef? {
        var sig = sigValue
        var whereParams: [(name: String, bound: Expr?)] = []
        var returnType: Expr? = nil
        if let w = sig.exprObject, w.headName == "where" {
            whereParams = try w.args.dropFirst().map { t in
                if case .symbol(let s) = t { return (s.name, nil) }
                if let b = t.exprObject, b.headName == "<:", b.args.count == 2, case .symbol(let s) = b.args[0] { return (s.name, try expr(b.args[1])) }
                throw unsupported("where")
            }
            sig = w.args[0]
        }
        if let r = sig.exprObject, r.headName == "::", r.args.count == 2, r.args[0].isExpr("call") {
            returnType = try expr(r.args[1])
            sig = r.args[0]
        }
        guard let call = sig.exprObject, call.headName == "call" else {
            if let t = sig.exprObject, t.headName == "tuple" {
                let params = try helper().lambdaParameters(from: try expr(sig))
                return FunctionDef(name: .anonymous, params: params.positional, keywords: params.keywords, keywordRest: params.rest, whereParams: whereParams, body: try block(body), span: span)
            }
            return nil
        }
        // A call node with its arguments kept as written (no operator folding).
        let (positional, kws) = try keywords(Array(call.args.dropFirst()))
        let callee = try expr(call.args[0])
        let lhs = node(.call(callee: callee, args: positional, kwargs: kws, broadcast: false))
        guard var def = try helper().shortFunctionDefinition(lhs, body: try block(body), whereParams: whereParams) else { return nil }
        def.returnType = returnType
        def.span = span
        return def
    }
}

/// The code of a `quote` met inside an evaluated expression: built again from this
/// value when the quote runs.
package final class QuotedCode {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}
