import FlxSyntax

/// Julia's printing of code as data (`show_unquoted` in base/show.jl): `:(a + b)`,
/// `quote ... end` with `#= file:line =#` comments, operators spaced and parenthesised
/// by precedence, and `$(Expr(:head, ...))` for forms without a surface syntax.
package struct ExprShow {
    private let interp: Interpreter?
    private var out = ""
    private static let indentWidth = 4

    private init(_ interp: Interpreter?) { self.interp = interp }

    /// `show(ex)` / the REPL's echo: `:(...)`, `quote ... end`, `:x`.
    package static func show(_ v: Value, _ interp: Interpreter?) throws -> String {
        var p = ExprShow(interp)
        try p.quoteExpr(v, indent: 0, prec: -1)
        return p.out
    }

    /// `print(ex)` / `string(ex)`: the code without the surrounding `:( )`.
    package static func unquoted(_ v: Value, _ interp: Interpreter? = nil) -> String {
        var p = ExprShow(interp)
        (try? p.unquoted(v, indent: 0, prec: -1)) ?? ()
        return p.out
    }

    package static func lineComment(_ l: LineNumberNodeObject) -> String {
        if case .symbol(let f) = l.file { return "#= \(f.name):\(l.line) =#" }
        return "#= line \(l.line) =#"
    }

    private mutating func quoteExpr(_ v: Value, indent: Int, prec: Int) throws {
        if case .symbol(let s) = v {
            out += JuliaOperators.symbolRepr(s.name)
            return
        }
        if let e = v.exprObject, e.headName == "block" {
            try block("quote", [], body: e.args, indent: indent)
            out += "end"
            return
        }
        out += ":("
        try unquoted(v, indent: indent + 2, prec: -1)
        out += ")"
    }

    /// A value that is not code (a number, a string, an array): as `show` writes it.
    private mutating func value(_ v: Value) throws {
        switch v {
        case .string(let s): out += JuliaOperators.stringLiteral(s.value)
        case .int(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .nothing: out += "nothing"
        default:
            if let interp { out += try Display.repr(v, interp) } else { out += "\(v)" }
        }
    }

    private mutating func sym(_ name: String) {
        if JuliaOperators.isIdentifier(name) || (JuliaOperators.isOperator(name) && name != "'") || name == "true" || name == "false" {
            out += name
        } else {
            out += "var" + JuliaOperators.stringLiteral(name)
        }
    }

    private func isQuoted(_ v: Value) -> Bool {
        if case .native(let n) = v, n is QuoteNodeObject { return true }
        if let e = v.exprObject, e.headName == "quote", e.args.count == 1 { return true }
        return false
    }

    private func isOperatorSymbol(_ v: Value) -> Bool {
        if case .symbol(let s) = v { return JuliaOperators.isOperator(s.name) }
        return false
    }

    private mutating func block(_ head: String, _ args: [Value], body: [Value], indent: Int) throws {
        out += head
        if !args.isEmpty {
            out += " "
            try list(args, head == "elseif" ? " " : ", ", indent: indent, prec: 0)
        }
        let ind = head == "module" || head == "baremodule" ? indent : indent + ExprShow.indentWidth
        for ex in body {
            out += "\n" + MatrixPrinter.spaces(ind)
            try unquoted(ex, indent: ind, prec: -1)
        }
        out += "\n" + MatrixPrinter.spaces(indent)
    }

    private func bodyArgs(_ v: Value) -> [Value] {
        if let e = v.exprObject, e.headName == "block" || e.headName == "quote" { return e.args }
        return [v]
    }

    private func headArgs(_ v: Value) -> [Value] {
        if let e = v.exprObject, e.headName == "block" || e.headName == "quote" { return e.args }
        return [v]
    }

    private mutating func list(_ items: [Value], _ sep: String, indent: Int, prec: Int, encloseOperators: Bool = false, kw: Bool = false) throws {
        var first = true
        for item in items {
            if !first { out += sep }
            var parens = false
            if !isQuoted(item) {
                if first && prec >= JuliaOperators.power {
                    if let e = item.exprObject, e.headName == "call", case .symbol(let f)? = e.args.first, JuliaOperators.unary.contains(f.name) { parens = true }
                    switch item {
                    case .int(let n) where n < 0: parens = true
                    case .float64(let d) where d < 0: parens = true
                    case .float32(let f) where f < 0: parens = true
                    default: break
                    }
                }
                if encloseOperators && isOperatorSymbol(item) { parens = true }
            }
            if parens { out += "(" }
            if kw, let e = item.exprObject, e.headName == "kw", e.args.count == 2 {
                try unquoted(.native(ExprObject("=", e.args)), indent: indent + ExprShow.indentWidth, prec: parens ? 0 : prec)
            } else if kw, let e = item.exprObject, e.headName == "=", e.args.count == 2 {
                try fallback(e)
            } else {
                try unquoted(item, indent: indent + ExprShow.indentWidth, prec: parens ? 0 : prec)
            }
            if parens { out += ")" }
            first = false
        }
    }

    private mutating func enclosed(_ open: String, _ items: [Value], _ sep: String, _ close: String, indent: Int, prec: Int = 0, encloseOperators: Bool = false, kw: Bool = false) throws {
        out += open
        try list(items, sep, indent: indent, prec: prec, encloseOperators: encloseOperators, kw: kw)
        out += close
    }

    private mutating func call(_ head: String, _ f: Value, _ args: [Value], indent: Int, kw: Bool) throws {
        let (open, close) = head == "ref" ? ("[", "]") : head == "curly" ? ("{", "}") : ("(", ")")
        var bare = false
        switch f {
        case .symbol(let s): bare = s.name != ":" && !(head == "." && JuliaOperators.isOperator(s.name))
        case .native(let n): bare = n is GlobalRefObject || ((n as? ExprObject).map { ["." , "curly", "macroname"].contains($0.headName) } ?? false)
        default: break
        }
        if !bare { out += "(" }
        try unquoted(f, indent: indent, prec: 0)
        if !bare { out += ")" }
        if head == "." { out += "." }
        if let p = args.first?.exprObject, p.headName == "parameters" {
            out += open
            try list(Array(args.dropFirst()), ", ", indent: indent, prec: 0, kw: kw)
            out += "; "
            try list(p.args, ", ", indent: indent, prec: 0, kw: kw)
            out += close
        } else {
            try enclosed(open, args, ", ", close, indent: indent, kw: kw)
        }
    }

    private mutating func fallback(_ e: ExprObject) throws {
        out += "$(Expr(" + JuliaOperators.symbolRepr(e.headName)
        for a in e.args {
            out += ", "
            try showValue(a)
        }
        out += "))"
    }

    /// 2-argument `show` of any value, code included.
    private mutating func showValue(_ v: Value) throws {
        if v.exprObject != nil || { if case .symbol = v { return true }; return false }() {
            try quoteExpr(v, indent: 0, prec: -1)
            return
        }
        if case .native(let n) = v, n is QuoteNodeObject || n is LineNumberNodeObject || n is GlobalRefObject {
            try showNonExprNode(n)
            return
        }
        try value(v)
    }

    private mutating func showNonExprNode(_ n: NativeObject) throws {
        if let q = n as? QuoteNodeObject {
            out += "QuoteNode("
            try showValue(q.value)
            out += ")"
        } else if let l = n as? LineNumberNodeObject {
            out += ":(" + ExprShow.lineComment(l) + ")"
        } else if let g = n as? GlobalRefObject {
            out += "GlobalRef(\(g.module.name), \(JuliaOperators.symbolRepr(g.name.name)))"
        }
    }

    private func precedence(_ v: Value) -> Int {
        if case .symbol(let s) = v { return JuliaOperators.precedence(s.name) }
        return 0
    }

    package mutating func unquoted(_ v: Value, indent: Int, prec: Int) throws {
        try NativeStack.check()
        switch v {
        case .symbol(let s): sym(s.name); return
        case .native(let n):
            if let l = n as? LineNumberNodeObject { out += ExprShow.lineComment(l); return }
            if let g = n as? GlobalRefObject {
                out += g.module.name + "."
                let name = g.name.name
                let quoted = !JuliaOperators.isIdentifier(name) && !name.hasPrefix("@")
                let parens = quoted && (!JuliaOperators.isOperator(name) || JuliaOperators.quotedSymbols.contains(name))
                if quoted { out += ":" }
                if parens { out += "(" }
                sym(name)
                if parens { out += ")" }
                return
            }
            if let q = n as? QuoteNodeObject {
                if case .symbol = q.value { try quoteExpr(q.value, indent: indent, prec: prec); return }
                out += "$(QuoteNode("
                try showValue(q.value)
                out += "))"
                return
            }
            guard let e = n as? ExprObject else { try value(v); return }
            try expr(e, indent: indent, prec: prec)
        default:
            try value(v)
        }
    }

    private static let infixWide: Set<String> = [
        "=", "+=", "-=", "*=", "/=", "\\=", "^=", "&=", "|=", "÷=", "%=", ">>>=", ">>=", "<<=",
        ".=", ".+=", ".-=", ".*=", "./=", ".\\=", ".^=", ".&=", ".|=", ".÷=", ".%=", ".>>>=", ".>>=", ".<<=",
        "&&", "||", "<:", "$=", "⊻=", ">:",
    ]
    private static let infix: Set<String> = [":", "->", "::"]

    private mutating func expr(_ e: ExprObject, indent: Int, prec: Int) throws {
        let head = e.headName
        let args = e.args
        let n = args.count
        switch head {
        case "." where n != 2 || !(args[1].isExpr("tuple")):

            guard n == 2, isQuoted(args[1]) else { try fallback(e); return }
            let item = args[0]
            let field: Value
            if case .native(let q as QuoteNodeObject) = args[1] { field = q.value } else { field = args[1].exprObject!.args[0] }
            var parens = !isQuoted(item) && !({ if case .symbol(let s) = item { return JuliaOperators.isIdentifier(s.name) }; return false }()) && !item.isExpr(".")
            if parens { out += "(" }
            try unquoted(item, indent: indent, prec: 0)
            if parens { out += ")" }
            out += "."
            var fieldName: String? = nil
            if case .symbol(let s) = field { fieldName = s.name }
            parens = fieldName == nil || JuliaOperators.quotedSymbols.contains(fieldName!)
            let quoted = parens || JuliaOperators.isOperator(fieldName!)
            if quoted { out += ":" }
            if parens { out += "(" }
            try unquoted(field, indent: indent, prec: 0)
            if parens { out += ")" }
        case _ where (ExprShow.infix.contains(head) || ExprShow.infixWide.contains(head)) && n == 2:
            let p = JuliaOperators.precedence(head)
            let sep = ExprShow.infixWide.contains(head) ? " \(head) " : head
            if p <= prec {
                try enclosed("(", args, sep, ")", indent: indent, prec: p, encloseOperators: true)
            } else {
                try list(args, sep, indent: indent, prec: p, encloseOperators: true)
            }
        case "tuple":
            out += "("
            if let p = args.first?.exprObject, p.headName == "parameters" {
                try list(Array(args.dropFirst()), ", ", indent: indent, prec: 0)
                if n == 2 { out += "," }
                out += ";"
                if !p.args.isEmpty { out += " " }
                try list(p.args, ", ", indent: indent, prec: 0, kw: true)
            } else {
                try list(args, ", ", indent: indent, prec: 0)
                if n == 1 { out += "," }
            }
            out += ")"
        case "vcat", "hcat", "row", "vect", "typed_vcat", "typed_hcat", "braces", "bracescat":
            var h = head
            var items = args
            if h == "typed_vcat" || h == "typed_hcat" {
                guard let t = items.first else { try fallback(e); return }
                try unquoted(t, indent: indent, prec: prec)
                h = h == "typed_vcat" ? "vcat" : "hcat"
                items.removeFirst()
            }
            let (open, close) = h == "braces" || h == "bracescat" ? ("{", "}") : ("[", "]")
            let sep = h == "vcat" || h == "bracescat" ? "; " : (h == "hcat" || h == "row") ? " " : ", "
            if h != "row" { out += open }
            try list(items, sep, indent: indent, prec: 0)
            if items.count == 1 && h == "vcat" { out += ";" }
            if h != "row" { out += close }
        case "call" where n >= 1:

            var f = args[0]
            let fname: Value = { if case .native(let g as GlobalRefObject) = f { return .symbol(g.name) }; return f }()
            let fp = precedence(fname)
            if case .symbol(let s) = fname, fp > 0 || JuliaOperators.unary.contains(s.name) { f = fname }
            let fargs = Array(args.dropFirst())
            let fsym: String? = { if case .symbol(let s) = f { return s.name }; return nil }()
            if fargs.contains(where: { $0.isExpr("kw") }) || fargs.first?.isExpr("parameters") == true {
                try call("call", f, fargs, indent: indent, kw: true)
            } else if fsym == "*", fargs.count == 2, isPlainNumber(fargs[0]), case .symbol(let s) = fargs[1], let c = s.name.first, !"eEf".contains(c) {
                if fp <= prec {
                    try enclosed("(", fargs, "", ")", indent: indent, prec: fp)
                } else {
                    try list(fargs, "", indent: indent, prec: fp)
                }
            } else if let op = fsym, JuliaOperators.unary.contains(op), fargs.count == 1 {
                sym(op)
                let a1 = fargs[0]
                if a1.exprObject != nil || isOperatorSymbol(a1) {
                    try enclosed("(", fargs, ", ", ")", indent: indent, prec: fp)
                } else {
                    try unquoted(a1, indent: indent, prec: fp)
                }
            } else if fp > 0 {
                let na = fargs.count
                let noSplat = fargs.allSatisfy { !$0.isExpr("...") }
                if (na == 2 || (na > 2 && ["+", "++", "*"].contains(fsym ?? "")) || (na == 3 && fsym == ":")) && noSplat {
                    let sep = fsym == ":" ? ":" : " \(fsym ?? "") "
                    if fp <= prec {
                        try enclosed("(", fargs, sep, ")", indent: indent, prec: fp, encloseOperators: true)
                    } else {
                        try list(fargs, sep, indent: indent, prec: fp, encloseOperators: true)
                    }
                } else if na == 1 {
                    out += "("
                    try unquoted(f, indent: indent, prec: 0)
                    out += ")"
                    try enclosed("(", fargs, ", ", ")", indent: indent)
                } else {
                    try call("call", f, fargs, indent: indent, kw: true)
                }
            } else {
                try call("call", f, fargs, indent: indent, kw: true)
            }
        case _ where ["ref", "curly", "calldecl", "."].contains(head) && (n >= 1):
            let fargs: [Value] = head == "." ? (args[1].exprObject?.args ?? []) : Array(args.dropFirst())
            try call(head == "calldecl" ? "call" : head, args[0], fargs, indent: indent, kw: head != "curly")
        case "typed_comprehension" where n == 2:

            try unquoted(args[0], indent: indent, prec: 0)
            out += "["
            try generator(args[1], indent: indent)
            out += "]"
        case "comprehension" where n == 1:

            out += "["
            try generator(args[0], indent: indent)
            out += "]"
        case "generator" where n >= 2:

            out += "("
            try generator(.native(e), indent: indent)
            out += ")"
        case "filter" where n == 2:

            try unquoted(args[1], indent: indent, prec: 0)
            out += " if "
            try unquoted(args[0], indent: indent, prec: 0)
        case "comparison" where n >= 3 && n % 2 == 1:

            let cp = stride(from: 1, to: n, by: 2).map { precedence(args[$0]) }.min() ?? 0
            if cp <= prec {
                try enclosed("(", args, " ", ")", indent: indent, prec: cp)
            } else {
                try list(args, " ", indent: indent, prec: cp)
            }
        case "function" where n == 2 && args[0].isExpr("call"):

            try block("function", headArgs(.native(ExprObject("calldecl", args[0].exprObject!.args))), body: bodyArgs(args[1]), indent: indent)
            out += "end"
        case _ where ["function", "macro"].contains(head) && (n == 1):
            out += head + " "
            try unquoted(args[0], indent: 0, prec: -1)
            out += " end"
        case _ where ["for", "while", "function", "macro", "if", "elseif", "let"].contains(head) && (n == 2):
            try block(head, headArgs(args[0]), body: bodyArgs(args[1]), indent: indent)
            out += "end"
        case _ where ["if", "elseif"].contains(head) && (n == 3):
            try block(head, headArgs(args[0]), body: bodyArgs(args[1]), indent: indent)
            if args[2].isExpr("elseif") {
                try unquoted(args[2], indent: indent, prec: prec)
            } else {
                try block("else", [], body: bodyArgs(args[2]), indent: indent)
                out += "end"
            }
        case "module" where n == 3:

            guard case .bool(let bare) = args[0] else { try fallback(e); return }
            try block(bare ? "module" : "baremodule", headArgs(args[1]), body: bodyArgs(args[2]), indent: indent)
            out += "end"
        case "struct" where n == 3:

            guard case .bool(let mutable) = args[0] else { try fallback(e); return }
            try block(mutable ? "mutable struct" : "struct", headArgs(args[1]), body: bodyArgs(args[2]), indent: indent)
            out += "end"
        case "abstract" where n == 1:

            out += "abstract type "
            try list(args, " ", indent: indent, prec: 0)
            out += " end"
        case "return" where n == 1 && args[0].isNothing:

            out += "return"
        case _ where ["::", "<:", ">:"].contains(head) && (n == 1):
            out += head
            try unquoted(args[0], indent: indent, prec: 0)
        case "..." where n == 1:

            try unquoted(args[0], indent: indent, prec: 0)
            out += "..."
        case _ where ["break", "continue"].contains(head) && (n == 0):
            out += head
        case _ where ["return", "const"].contains(head) && (n == 1):
            out += head + " "
            try list(args, ", ", indent: indent, prec: 0)
        case "local", "global":
            out += head + " "
            try list(args, ", ", indent: indent, prec: 0)
        case "macrocall" where n >= 2:

            if case .symbol(let m) = args[0], n >= 3, m.name.hasPrefix("@"), m.name.hasSuffix("_str"), case .string(let s) = args[2] {
                out += String(m.name.dropFirst().dropLast(4)) + "\"" + s.value + "\""
                if n == 4 { try unquoted(args[3], indent: indent, prec: 0) }
                return
            }
            if case .native(let l as LineNumberNodeObject) = args[1] { out += ExprShow.lineComment(l) + " " }
            let name = macroName(args[0])
            if prec >= 0 {
                try call("call", name, Array(args.dropFirst(2)), indent: indent, kw: false)
            } else {
                try list([name] + args.dropFirst(2), " ", indent: indent, prec: 0)
            }
        case "macroname" where n == 1:

            switch args[0] {
            case .symbol(let s):
                if s.name.hasPrefix("@") { out += "@"; sym(String(s.name.dropFirst())) } else { sym(s.name) }
            case .native(let g as GlobalRefObject):
                out += g.module.name + "." + g.name.name
            default:
                guard let dot = args[0].exprObject, dot.headName == ".", dot.args.count == 2 else { try unquoted(args[0], indent: indent, prec: 0); return }
                try unquoted(dot.args[0], indent: indent, prec: 0)
                out += "."
                var mname = dot.args[1]
                if case .native(let q as QuoteNodeObject) = mname { mname = q.value } else if let qe = mname.exprObject, qe.headName == "quote" { mname = qe.args[0] }
                if case .symbol(let s) = mname, s.name.hasPrefix("@") { out += "@"; sym(String(s.name.dropFirst())) } else { try unquoted(mname, indent: indent, prec: 0) }
            }
        case "try" where n >= 3 && n <= 5:

            try block("try", [], body: bodyArgs(args[0]), indent: indent)
            if args[2].isExpr("block") {
                let v: [Value] = { if case .bool(false) = args[1] { return [] }; return [args[1]] }()
                try block("catch", v, body: bodyArgs(args[2]), indent: indent)
            }
            if n >= 5, args[4].isExpr("block") { try block("else", [], body: bodyArgs(args[4]), indent: indent) }
            if n >= 4, args[3].isExpr("block") { try block("finally", [], body: bodyArgs(args[3]), indent: indent) }
            out += "end"
        case "block":
            try block("begin", [], body: args, indent: indent)
            out += "end"
        case "quote" where n == 1 && { if case .symbol = args[0] { return true }; return false }():

            try quoteExpr(args[0], indent: indent, prec: 0)
        case "string" where n == 1 && { if case .string = args[0] { return true }; return false }():

            try value(args[0])
        case "string":
            out += "\""
            for x in args {
                if case .string(let s) = x {
                    let lit = JuliaOperators.stringLiteral(s.value)
                    out += String(lit.dropFirst().dropLast())
                } else {
                    out += "$("
                    if case .symbol(let s) = x, !JuliaOperators.quotedSymbols.contains(s.name) { sym(s.name) } else { try unquoted(x, indent: 0, prec: 0) }
                    out += ")"
                }
            }
            out += "\""
        case "&" where n == 1:

            out += "&"
            let a1 = args[0]
            let parens = (a1.exprObject.map { !["tuple", "$", "vect", "braces"].contains($0.headName) } ?? false) || isOperatorSymbol(a1)
            if parens { out += "(" }
            try unquoted(a1, indent: 0, prec: 0)
            if parens { out += ")" }
        case "'" where n == 1:

            if case .symbol = args[0] { try unquoted(args[0], indent: 0, prec: 0) } else {
                out += "("
                try unquoted(args[0], indent: 0, prec: 0)
                out += ")"
            }
            out += "'"
        case "where" where n > 1:

            let parens = 1 <= prec
            if parens { out += "(" }
            try unquoted(args[0], indent: indent, prec: JuliaOperators.decl)
            out += " where "
            if n == 2 {
                try unquoted(args[1], indent: indent, prec: 1)
            } else {
                out += "{"
                try list(Array(args.dropFirst()), ", ", indent: indent, prec: 0)
                out += "}"
            }
            if parens { out += ")" }
        case _ where ["using", "import"].contains(head) && (args.allSatisfy({ $0.isExpr(".") || $0.isExpr(":") })):
            out += head + " "
            for (i, a) in args.enumerated() {
                if i > 0 { out += ", " }
                try importPath(a)
            }
        default:
            try fallback(e)
        }
    }

    private func isPlainNumber(_ v: Value) -> Bool {
        switch v {
        case .int, .float64, .float32: return true
        default: return false
        }
    }

    private func macroName(_ v: Value) -> Value {
        if case .symbol(let s) = v, s.name.hasPrefix("@") { return .native(ExprObject("macroname", [v])) }
        if case .native(let n) = v, n is GlobalRefObject { return .native(ExprObject("macroname", [v])) }
        if let e = v.exprObject, e.headName == ".", e.args.count == 2, isQuoted(e.args[1]) { return .native(ExprObject("macroname", [v])) }
        return v
    }

    private mutating func importPath(_ v: Value) throws {
        guard let e = v.exprObject else { try unquoted(v, indent: 0, prec: 0); return }
        if e.headName == ":" {
            try importPath(e.args[0])
            out += ": "
            for (i, a) in e.args.dropFirst().enumerated() {
                if i > 0 { out += ", " }
                try importPath(a)
            }
            return
        }
        for (i, a) in e.args.enumerated() {
            if i > 0, case .symbol(let prev) = e.args[i - 1], prev.name == "." {} else if i > 0 { out += "." }
            if case .symbol(let s) = a { sym(s.name) }
        }
    }

    private mutating func generator(_ v: Value, indent: Int) throws {
        guard let g = v.exprObject, g.args.count >= 1 else { try unquoted(v, indent: indent, prec: 0); return }
        try unquoted(g.args[0], indent: indent, prec: 0)
        out += " for "
        try list(Array(g.args.dropFirst()), ", ", indent: indent, prec: 0)
    }
}
