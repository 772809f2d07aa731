import FlxSyntax

/// Calling user macros, `macroexpand`, and `eval` of an `Expr`.
extension Interpreter {
    /// The user macro `@name` visible from `module` (`M.@name` with a path), and the
    /// module that defined it (its free names resolve there).
    package func userMacro(_ name: String, path: [String], from module: ModuleValue) -> (function: GenericFunction, module: ModuleValue)? {
        guard let target = path.isEmpty ? module : findModule(path, from: module),
              let b = target.member("@" + name), case .function(let c) = b.value, let g = c as? GenericFunction else { return nil }
        return (g, b.module)
    }

    /// Runs a macro on its arguments (expressions) and makes the result hygienic. An
    /// error inside it is Julia's `LoadError`, naming the line of the call.
    package func callMacro(_ f: GenericFunction, definedIn macroModule: ModuleValue, source: Value, module: ModuleValue, args: [Value], span: Span) throws -> Value {
        let result: Value
        do {
            result = try call(.function(f), [source, .module(module)] + args)
        } catch let e as FlxError {
            if e.typeName == "LoadError" { throw e }
            let (line, _) = span.file.location(of: span.start)
            let wrapped = Exceptions.make("LoadError", [.str(span.file.name), .int(Int64(line)), e.value])
            wrapped.frames = e.frames
            wrapped.located = e.located
            throw wrapped
        }
        var hygiene = Hygiene(macroModule: macroModule, interp: self)
        return hygiene.apply(result)
    }

    /// Julia's `macroexpand(module, ex; recursive)`: every macro call in `ex` replaced by
    /// its expansion (only the outermost one unless `recursive`). With `strict` false (the
    /// compiler's own use) the calls of flx's native macros are left for the compiler.
    package func macroexpand(_ v: Value, module: ModuleValue, recursive: Bool, strict: Bool = true, span: Span) throws -> Value {
        try NativeStack.check()
        guard let e = v.exprObject else { return v }
        if e.headName == "quote" { return v }
        guard e.headName == "macrocall", let callee = e.args.first else {
            guard recursive else { return v }
            return .native(ExprObject(e.headName, try e.args.map { try macroexpand($0, module: module, recursive: true, strict: strict, span: span) }))
        }
        var name = ""
        var path: [String] = []
        switch callee {
        case .symbol(let s): name = s.name
        default:
            if let dot = callee.exprObject, dot.headName == ".", dot.args.count == 2 {
                if case .symbol(let m) = dot.args[0] { path = [m.name] }
                if case .native(let q as QuoteNodeObject) = dot.args[1], case .symbol(let s) = q.value { name = s.name }
            }
        }
        guard name.hasPrefix("@") else { throw Exceptions.error("macroexpand: invalid macro name in \(ExprShow.unquoted(v, self))") }
        name.removeFirst()
        let source = e.args.count > 1 ? e.args[1] : .nothing
        let args = Array(e.args.dropFirst(2))
        if let found = userMacro(name, path: path, from: module) {
            let result = try callMacro(found.function, definedIn: found.module, source: source, module: module, args: args, span: span)
            return recursive ? try macroexpand(result, module: module, recursive: true, strict: strict, span: span) : result
        }
        if name == "." || name == "__dot__", args.count == 1 {
            let inner = recursive ? try macroexpand(args[0], module: module, recursive: true, strict: strict, span: span) : args[0]
            return DotSyntax.dotted(inner)
        }
        if !strict { return v }
        if macros[name] == nil && !Interpreter.nativeMacroNames.contains(name) {
            throw Exceptions.undefVar("@" + name, scope: module.name)
        }
        throw Exceptions.error("macroexpand: flx expands @\(name) natively and cannot show its expansion as an expression")
    }

    /// The macros the compiler expands itself (`CompileMacros.swift`).
    package static let nativeMacroNames: Set<String> = [
        "show", "info", "warn", "error", "debug", "isdefined", "assert", "time", "elapsed", "timed", "allocated", "allocations", "views", "inbounds",
        "simd", "inline", "noinline", "fastmath", "nospecialize", "static", "propagate_inbounds", "allowscalar", "__DIR__", "__FILE__",
        "eval", "macroexpand", "macroexpand1", "gensym", "generated",
    ]

    /// `eval(ex)` / `Core.eval(m, ex)`: runs the expression at the top level of `module`.
    package func evaluate(_ ex: Value, in module: ModuleValue, span: Span) throws -> Value {
        let ast = try Unquoter(span: span, module: module).expr(ex)
        return try runTopLevel(ast, in: module)
    }
}

/// `@.`: every call and operator in the expression made a broadcast, as Julia's `__dot__`.
package enum DotSyntax {
    package static func dotted(_ v: Value) -> Value {
        guard let e = v.exprObject else { return v }
        let a = e.args
        switch e.headName {
        case "$": return a.first ?? v
        case "call":
            guard let f = a.first else { return v }
            let args = a.dropFirst().map { x -> Value in
                if x.isExpr("kw") || x.isExpr("parameters") { return x }
                return dotted(x)
            }
            if case .symbol(let op) = f, JuliaOperators.isOperator(op.name), !op.name.hasPrefix(".") {
                return .native(ExprObject("call", [.sym("." + op.name)] + args))
            }
            return .native(ExprObject(".", [f, .native(ExprObject("tuple", args))]))
        case "=":
            guard a.count == 2 else { return v }
            return .native(ExprObject(".=", [a[0], dotted(a[1])]))
        case "comparison":
            return .native(ExprObject("comparison", a.enumerated().map { i, x in
                if i % 2 == 1, case .symbol(let op) = x { return .sym("." + op.name) }
                return dotted(x)
            }))
        case "&&", "||":
            return .native(ExprObject("." + e.headName, a.map(dotted)))
        case "quote", "->", "function", "macrocall": return v
        default:
            if e.headName.hasSuffix("="), !e.headName.hasPrefix("."), a.count == 2, JuliaOperators.isOperator(String(e.headName.dropLast())) {
                return .native(ExprObject("." + e.headName, [a[0], dotted(a[1])]))
            }
            return .native(ExprObject(e.headName, a.map(dotted)))
        }
    }
}

extension ExprObject: NativeShowable {
    public func show(_ interp: Interpreter, compact: Bool) throws -> String { try ExprShow.show(.native(self), interp) }
    public func display(_ interp: Interpreter) throws -> String? { nil }
}

extension QuoteNodeObject: NativeShowable {
    public func show(_ interp: Interpreter, compact: Bool) throws -> String { try ExprShow.show(.native(self), interp) }
    public func display(_ interp: Interpreter) throws -> String? { nil }
}

extension LineNumberNodeObject: NativeShowable {
    public func show(_ interp: Interpreter, compact: Bool) throws -> String { try ExprShow.show(.native(self), interp) }
    public func display(_ interp: Interpreter) throws -> String? { nil }
}

extension GlobalRefObject: NativeShowable {
    public func show(_ interp: Interpreter, compact: Bool) throws -> String { try ExprShow.show(.native(self), interp) }
    public func display(_ interp: Interpreter) throws -> String? { nil }
}
