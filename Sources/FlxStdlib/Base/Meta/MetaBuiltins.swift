import FlxSyntax
import FlxCore

/// Code as data: `Expr` and its kin, `eval`, `macroexpand`, `gensym`, `esc`, `dump`, and
/// the `Meta` module (`parse`, `isexpr`, `quot`, `show_sexpr`).
package enum MetaBuiltins {
    package static var tables: [[Builtin]] { [functions, metaFunctions] }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        for table in tables { b.register(table, helpInto: interp.builtinHelp) }
        for t in [ExprObject.type, QuoteNodeObject.type, LineNumberNodeObject.type, GlobalRefObject.type] { b.define(t.name, .type(t)) }
        TypeBuiltins.setConstructor(ExprObject.type) { _, a in
            guard a.count >= 1, case .symbol(let head) = a[0] else {
                throw Exceptions.typeError("Expr", expected: "Symbol", got: a.count >= 1 ? a[0] : .nothing)
            }
            return .native(ExprObject(head.name, Array(a.values.dropFirst())))
        }
        TypeBuiltins.setConstructor(QuoteNodeObject.type) { _, a in
            try a.expect("QuoteNode", 1...1)
            return .native(QuoteNodeObject(a[0]))
        }
        TypeBuiltins.setConstructor(LineNumberNodeObject.type) { _, a in
            try a.expect("LineNumberNode", 1...2)
            guard case .int(let line) = a[0] else { throw Exceptions.typeError("LineNumberNode", expected: "Int64", got: a[0]) }
            return .native(LineNumberNodeObject(line: line, file: a.count == 2 ? a[1] : .nothing))
        }
        TypeBuiltins.setConstructor(GlobalRefObject.type) { _, a in
            try a.expect("GlobalRef", 2...2)
            guard case .module(let m) = a[0], case .symbol(let s) = a[1] else { throw Exceptions.method(.str("GlobalRef"), a.values) }
            return .native(GlobalRefObject(m, s))
        }
        let meta = ModuleValue(name: "Meta", parent: b)
        for name in ["parse", "parseall", "isexpr", "quot", "show_sexpr", "ParseError"] {
            if let v = b.member("Meta." + name)?.value { meta.define(name, v) }
        }
        meta.define("ParseError", .type(BuiltinTypes.exceptionType("ParseError")))
        interp.modules["Meta"] = meta
        b.define("Meta", .module(meta))
    }

    static var functions: [Builtin] {
        [
            Builtin("esc", { _, a in
                try a.expect("esc", 1...1)
                return .native(ExprObject("escape", [a[0]]))
            }, help: BuiltinHelp("esc(e)", "Marks the expression `e` in a macro's result as the caller's code: hygiene leaves its names alone, so they refer to (and assign) the caller's variables.", "macro zerox()\n    return esc(:(x = 0))\nend")),
            Builtin("gensym", { interp, a in
                try a.expect("gensym", 0...1)
                let n = Hygiene.nextNumber(interp)
                if a.count == 0 { return .sym("##\(n)") }
                return .sym("##\(try Display.printString(a[0], interp))#\(n)")
            }, help: BuiltinHelp("gensym([tag])", "A new Symbol that cannot clash with any name written in code, for variables a macro introduces.", "gensym(\"x\")  # Symbol(\"##x#1\")")),
            Builtin("eval", { interp, a in
                try a.expect("eval", 1...2)
                var module = interp.main
                var ex = a[0]
                if a.count == 2 {
                    guard case .module(let m) = a[0] else { throw Exceptions.method(.str("eval"), a.values) }
                    module = m
                    ex = a[1]
                }
                return try interp.evaluate(ex, in: module, span: a.span ?? callSpan)
            }, help: BuiltinHelp("eval(ex), Core.eval(m, ex)", "Evaluates the expression `ex` at the top level of the module (Main unless given), as if it had been typed there; returns its value.", "eval(:(1 + 2))  # 3")),
            Builtin("macroexpand", { interp, a in
                try a.expect("macroexpand", 2...2)
                guard case .module(let m) = a[0] else { throw Exceptions.method(.str("macroexpand"), a.values) }
                var recursive = true
                if let r = a.keyword("recursive") {
                    guard case .bool(let b) = r else { throw Exceptions.typeError("macroexpand", expected: "Bool", got: r) }
                    recursive = b
                }
                return try interp.macroexpand(a[1], module: m, recursive: recursive, span: a.span ?? callSpan)
            }, help: BuiltinHelp("macroexpand(m::Module, ex; recursive = true)", "The expression `ex` with every macro call replaced by the code it expands to (only the outermost when `recursive = false`).", "macroexpand(Main, :(@. x + y))  # :(x .+ y)")),
            Builtin("operator_precedence", export: false, { _, a in
                try a.expect("operator_precedence", 1...1)
                guard case .symbol(let s) = a[0] else { return .int(0) }
                return .int(Int64(JuliaOperators.precedence(s.name)))
            }, help: BuiltinHelp("Base.operator_precedence(s::Symbol)", "The precedence of the operator `s` (higher binds tighter), 0 for a name that is no operator.", "Base.operator_precedence(:+), Base.operator_precedence(:*)  # (11, 12)")),
            Builtin("operator_associativity", export: false, { _, a in
                try a.expect("operator_associativity", 1...1)
                guard case .symbol(let s) = a[0] else { return .sym("none") }
                return .sym(JuliaOperators.associativity(s.name))
            }, help: BuiltinHelp("Base.operator_associativity(s::Symbol)", "`:left`, `:right` or `:none`: how a chain of the operator `s` groups.", "Base.operator_associativity(:^)  # :right")),
            Builtin("dump", { interp, a in
                try a.expect("dump", 1...1)
                var out = ""
                try Dumper(interp: interp).dump(a[0], depth: Int(asIntValue(a.keyword("maxdepth")) ?? 8), indent: "", into: &out)
                interp.output(out + "\n")
                return .nothing
            }, help: BuiltinHelp("dump(x; maxdepth = 8)", "Prints every part of `x`: its type, then each field on its own indented line (for an `Expr`, its `head` and `args`).", "dump(:(1 + 2))")),
        ]
    }

    static var metaFunctions: [Builtin] {
        [
            Builtin("Meta.parse", export: false, { interp, a in
                try a.expect("Meta.parse", 1...2)
                guard case .string(let s) = a[0] else { throw Exceptions.method(.str("parse"), a.values) }
                if a.count == 2 {
                    // `Meta.parse(str, pos)`: one statement from byte index pos, and where the next starts.
                    let pos = try a.int(1, "parse")
                    let file = SourceFile(name: "none", text: s.value)
                    guard pos >= 1, pos <= file.bytes.count + 1 else { throw Exceptions.make("BoundsError", [a[0], .int(Int64(pos))]) }
                    if let greedy = try a.keywordBool("greedy"), !greedy {
                        throw Exceptions.argument("Meta.parse(str, pos; greedy = false) is not supported by flx; parse whole statements")
                    }
                    let (e, next): (Expr?, next: Int)
                    do { (e, next) = try Parser.parseStatement(file, at: pos - 1) } catch let error as ParseError { throw Exceptions.parse(error) }
                    return .tuple([try e.map { try Quoter.plain.quote($0) } ?? .nothing, .int(Int64(next + 1))])
                }
                let program = try parse(s.value)
                if program.isEmpty { return .nothing }
                if program.count == 1 { return try Quoter.plain.quote(program[0]) }
                return .native(ExprObject("toplevel", try program.map { try Quoter.plain.quote($0) }))
            }, help: BuiltinHelp("Meta.parse(str[, pos])", "Parses the code in `str` into an expression (an `Expr`, a Symbol or a literal) without running it. With a byte index `pos`, parses the one statement there and returns `(expr, next_pos)`.", "Meta.parse(\"1 + 2\")  # :(1 + 2)")),
            Builtin("Meta.parseall", export: false, { interp, a in
                try a.expect("Meta.parseall", 1...1)
                guard case .string(let s) = a[0] else { throw Exceptions.method(.str("parseall"), a.values) }
                var items: [Value] = []
                for e in try parse(s.value) {
                    items.append(Quoter.lineNode(e.span))
                    items.append(try Quoter.plain.quote(e))
                }
                return .native(ExprObject("toplevel", items))
            }, help: BuiltinHelp("Meta.parseall(str)", "Parses every statement of `str` into one `Expr(:toplevel, ...)`, each after its line number.", "Meta.parseall(\"x = 1\\ny = 2\")")),
            Builtin("Meta.isexpr", export: false, { interp, a in
                try a.expect("Meta.isexpr", 2...3)
                guard let e = a[0].exprObject else { return .bool(false) }
                var heads: [String] = []
                switch a[1] {
                case .symbol(let s): heads = [s.name]
                default: heads = try interp.collect(a[1]).compactMap { if case .symbol(let s) = $0 { return s.name }; return nil }
                }
                guard heads.contains(e.headName) else { return .bool(false) }
                if a.count == 3 { return .bool(Int64(e.argsArray.count) == (asIntValue(a[2]) ?? -1)) }
                return .bool(true)
            }, help: BuiltinHelp("Meta.isexpr(ex, head[, n])", "Whether `ex` is an `Expr` with the given head (or one of several heads), and with `n` arguments if given.", "Meta.isexpr(:(f(x)), :call)  # true")),
            Builtin("Meta.quot", export: false, { _, a in
                try a.expect("Meta.quot", 1...1)
                return .native(ExprObject("quote", [a[0]]))
            }, help: BuiltinHelp("Meta.quot(ex)", "`Expr(:quote, ex)`: an expression that evaluates to `ex` itself.", "eval(Meta.quot(:x))  # :x")),
            Builtin("Meta.show_sexpr", export: false, { interp, a in
                try a.expect("Meta.show_sexpr", 1...1)
                var out = ""
                try sexpr(a[0], indent: 0, interp, into: &out)
                interp.output(out)
                return .nothing
            }, help: BuiltinHelp("Meta.show_sexpr(ex)", "Prints the expression as a Lisp-style S-expression: `(:head, args...)`.", "Meta.show_sexpr(:(a + 1))  # (:call, :+, :a, 1)")),
        ]
    }

    private static let callSpan = Span(file: SourceFile(name: "none", text: ""), start: 0, end: 0)

    private static func asIntValue(_ v: Value?) -> Int64? {
        if case .int(let n)? = v { return n }
        return nil
    }

    private static func parse(_ text: String) throws -> [Expr] {
        do {
            return try Parser.parseProgram(SourceFile(name: "none", text: text))
        } catch {
            throw Exceptions.parse(error)
        }
    }

    /// Julia's `show_sexpr`.
    private static func sexpr(_ v: Value, indent: Int, _ interp: Interpreter, into out: inout String) throws {
        let inner = indent + 4
        if let e = v.exprObject {
            out += "(" + JuliaOperators.symbolRepr(e.headName)
            for arg in e.args {
                out += e.headName == "block" ? ",\n" + MatrixPrinter.spaces(inner) : ", "
                try sexpr(arg, indent: inner, interp, into: &out)
            }
            out += e.args.isEmpty ? ",)" : (e.headName == "block" ? "\n" + MatrixPrinter.spaces(indent) : "") + ")"
        } else if case .native(let q as QuoteNodeObject) = v {
            out += "(:quote, #QuoteNode\n" + MatrixPrinter.spaces(inner)
            try sexpr(q.value, indent: inner, interp, into: &out)
            out += "\n" + MatrixPrinter.spaces(indent) + ")"
        } else if case .native(let l as LineNumberNodeObject) = v {
            out += "(:line, \(l.line)"
            if case .symbol(let f) = l.file { out += ", " + JuliaOperators.symbolRepr(f.name) }
            out += ")"
        } else {
            out += try Display.repr(v, interp)
        }
    }
}

/// Julia's `dump`: a value's type, then each field indented below it.
struct Dumper {
    let interp: Interpreter

    func dump(_ v: Value, depth: Int, indent: String, into out: inout String) throws {
        let typeName = TypeNames.show(interp.typeOf(v))
        let fields: [(String, Value)]
        switch v {
        case .symbol(let s): out += "Symbol " + s.name; return
        case .string(let s): out += "String " + (try Display.repr(.string(s), interp)); return
        case .module(let m): out += "Module " + m.name; return
        case .array(let a):
            out += "Array{\(TypeNames.show(a.elementType))}((\(a.dims.map(String.init).joined(separator: ", "))\(a.rank == 1 ? "," : "")))"
            if a.elementType.isSubtype(of: BuiltinTypes.number) {
                out += " " + (try Display.repr(v, interp))
                return
            }
            guard depth > 0 else { return }
            for i in 0..<a.count {
                out += "\n" + indent + "  \(i + 1): "
                try dump(a.element(i), depth: depth - 1, indent: indent + "  ", into: &out)
            }
            return
        case .native(let e as ExprObject): fields = [("head", .symbol(e.head)), ("args", .array(e.argsArray))]
        case .native(let q as QuoteNodeObject): fields = [("value", q.value)]
        case .native(let l as LineNumberNodeObject): fields = [("line", .int(l.line)), ("file", l.file)]
        case .native(let g as GlobalRefObject): fields = [("mod", .module(g.module)), ("name", .symbol(g.name))]
        case .object(let o): fields = Array(zip(o.type.fieldNames, o.fields))
        default:
            out += typeName + " " + (try Display.repr(v, interp))
            return
        }
        out += typeName
        guard depth > 0 else { return }
        for (name, value) in fields {
            out += "\n" + indent + "  " + name + ": "
            try dump(value, depth: depth - 1, indent: indent + "  ", into: &out)
        }
    }
}
