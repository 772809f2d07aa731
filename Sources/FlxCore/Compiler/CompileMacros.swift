import FlxSyntax
/// Base's macros, expanded by the compiler into ordinary nodes; a library's own
/// macros come from `interp.macros` (`MacroTable.swift`); a macro the user defined
/// (`macro name ... end`, visible from the module being compiled) comes first, as a
/// binding in Julia shadows Base's.
extension Compiler {
    package func compileMacro(_ name: String, path: [String], _ args: [Expr], span: Span) throws -> Node {
        if let found = interp.userMacro(name, path: path, from: module) {
            return try compile(try expandUserMacro(found.function, definedIn: found.module, args, span: span))
        }
        switch name {
        case "eval": return try compileEvalMacro(args, span: span)
        case "generated": return try compileGenerated(args, span: span)
        case "macroexpand", "macroexpand1": return try compileMacroexpandMacro(args, recursive: name == "macroexpand", span: span)
        case "gensym":
            // `@gensym a b` is `a = gensym("a"); b = gensym("b")`.
            let assigns = args.compactMap { a -> Expr? in
                guard case .identifier(let n) = a.kind else { return nil }
                return Expr(.assign(target: a, value: Expr(.call(callee: Expr(.identifier("gensym"), span), args: [Expr(.string(n), span)], kwargs: [], broadcast: false), span)), span)
            }
            guard assigns.count == args.count else { throw syntaxError("@gensym takes variable names", span) }
            return try compile(Expr(.block(assigns), span))
        case "show":
            // `@show` reprints each expression as Julia does (spaced operators and all).
            let texts = args.map { ExpressionPrinter.print($0) ?? $0.span.file.slice($0.span) }
            return ShowMacro(try args.map(compile), texts: texts, span: span)
        case "info", "warn", "error", "debug":
            guard let first = args.first else { throw syntaxError("@\(name) needs a message", span) }
            var keys: [(String, Node)] = []
            var maxlog: Node? = nil
            for a in args.dropFirst() {
                switch a.kind {
                case .assign(let t, let v):
                    guard case .identifier(let k) = t.kind else { throw syntaxError("expected `key = value` in @\(name)", a.span) }
                    if k == "maxlog" { maxlog = try compile(v); continue }
                    if k == "_id" || k == "_group" || k == "_module" || k == "_file" || k == "_line" { continue }
                    keys.append((k, try compile(v)))
                default:
                    keys.append((a.span.file.slice(a.span), try compile(a)))
                }
            }
            let level: LogMacro.Level = name == "info" ? .info : name == "warn" ? .warn : name == "error" ? .error : .debug
            return LogMacro(level: level, message: try compile(first), keys: keys, maxlog: maxlog, span: span)
        case "isdefined":
            guard args.count == 1, case .identifier(let variable) = args[0].kind else { throw syntaxError("@isdefined needs a variable name", span) }
            return IsDefinedMacro(compileRead(variable, span: args[0].span), span: span)
        case "assert":
            guard let cond = args.first else { throw syntaxError("@assert needs a condition", span) }
            let text = cond.span.file.slice(cond.span)
            return AssertMacro(try compile(cond), message: try args.dropFirst().first.map(compile), text: text, span: span)
        case "time", "elapsed", "timed", "allocated", "allocations":
            guard let e = args.last else { throw syntaxError("@\(name) needs an expression", span) }
            let modes: [String: TimeMacro.Mode] = ["time": .print, "elapsed": .elapsed, "timed": .timed,
                                                   "allocated": .allocated, "allocations": .allocations]
            // `@time "description" expr` prints the description first.
            let message = name == "time" && args.count == 2 ? try compile(args[0]) : nil
            return TimeMacro(try compile(e), mode: modes[name] ?? .print, message: message, span: span)
        case ".", "__dot__":
            guard args.count == 1 else { throw syntaxError("@. takes one expression", span) }
            return try compile(dotted(args[0]))
        case "view":
            // `@view A[i, :]`: the one indexing expression, made a view.
            guard args.count == 1, case .index = args[0].kind else { throw syntaxError("@view requires a sub-array expression such as A[i, :]", span) }
            inViews += 1
            defer { inViews -= 1 }
            return try compile(args[0])
        case "views":
            guard let e = args.last else { return Literal(.nothing, span: span) }
            inViews += 1
            defer { inViews -= 1 }
            return try compile(e)
        case "inbounds", "simd", "inline", "noinline", "fastmath", "nospecialize", "static", "propagate_inbounds", "allowscalar":
            guard let e = args.last else { return Literal(.nothing, span: span) }
            return try compile(e)
        case "threads":
            // `Threads.@threads [:static] for ... end`: flx's interpreter runs one thread, so the
            // loop runs serially, in order (the results a race-free threaded loop would give).
            guard let e = args.last, case .forLoop = e.kind else { throw syntaxError("@threads requires a `for` loop expression", span) }
            return try compile(e)
        case "__FILE__":
            // The file being compiled, as an absolute path (`none` for -e, `REPL[n]` at the prompt).
            let name = span.file.name
            if name.hasPrefix("/") || name == "none" || name.hasPrefix("REPL[") { return Literal(.str(name), span: span) }
            // A relative name lives in the directory being compiled (the one `@__DIR__` names).
            let base = name.split(separator: "/").last.map(String.init) ?? name
            return Literal(.str(FileSystem.absoluteDirectory(interp.currentFileDirectory) + "/" + base), span: span)
        case "__DIR__":
            // The directory of the file being compiled, as an absolute path (Julia's `@__DIR__`).
            return Literal(.str(FileSystem.absoluteDirectory(interp.currentFileDirectory)), span: span)
        default:
            if let expand = interp.macros[name] { return try expand(self, args, span) }
            // As Julia, an unknown macro fails its expansion: a LoadError naming the line.
            let (line, _) = span.file.location(of: span.start)
            return Throw(Exceptions.make("LoadError", [.str(span.file.name), .int(Int64(line)), Exceptions.undefVar("@" + name, scope: module.name).value]), span: span)
        }
    }
}
