import FlxSyntax

/// Quoting, macro definitions and the expansion of user macros.
extension Compiler {
    /// `:(...)` and `quote ... end`: the code as an `Expr` built when the quote runs, with
    /// each `$x` of this quote compiled as ordinary code and spliced in.
    package func compileQuote(_ inner: Expr, span: Span) throws -> Node {
        var holes: [Node] = []
        if case .embedded(let box) = inner.kind, let code = box.payload as? QuotedCode {
            let template = try quoteTemplate(code.value, depth: 0, span: span) { x, splat in
                holes.append(try self.compile(try Unquoter(span: span, module: self.module).expr(x)))
                return .native(QuoteHole(index: holes.count - 1, splat: splat))
            }
            return BuildQuote(template: template, holes: holes, span: span)
        }
        let quoter = Quoter { e, splat in
            holes.append(try self.compile(e))
            return .native(QuoteHole(index: holes.count - 1, splat: splat))
        }
        let template = try quoter.quote(inner)
        if holes.isEmpty, template.exprObject == nil { return Literal(template, span: span) }
        return BuildQuote(template: template, holes: holes, span: span)
    }

    /// The template of a quote given as a value (from `eval` of an expression that
    /// holds a quote): `$x` of this quote become holes, nested quotes keep theirs.
    private func quoteTemplate(_ v: Value, depth: Int, span: Span, hole: (Value, Bool) throws -> Value) throws -> Value {
        guard let e = v.exprObject else { return v }
        if e.headName == "$", e.args.count == 1 {
            if depth == 0 {
                if let s = e.args[0].exprObject, s.headName == "...", s.args.count == 1 { return try hole(s.args[0], true) }
                return try hole(e.args[0], false)
            }
            return .native(ExprObject("$", [try quoteTemplate(e.args[0], depth: depth - 1, span: span, hole: hole)]))
        }
        let inner = e.headName == "quote" ? depth + 1 : depth
        return .native(ExprObject(e.headName, try e.args.map { try quoteTemplate($0, depth: inner, span: span, hole: hole) }))
    }

    /// `macro name(args) ... end`: a method of the function `@name` in this module.
    package func compileMacroDefinition(_ def: FunctionDef, span: Span) throws -> Node {
        guard fn.isTopLevel, scope.kind == .global || inSoftScopeChain else {
            throw syntaxError("syntax: macro definition not allowed inside a local scope", span)
        }
        return try compileFunctionDefinition(def, span: span)
    }

    /// Runs the user macro `f` on the call's arguments (as expressions) and returns the
    /// syntax of its hygienic result, which is compiled in the call's place.
    package func expandUserMacro(_ f: GenericFunction, definedIn macroModule: ModuleValue, _ args: [Expr], span: Span) throws -> Expr {
        if macroExpansionIndex < macroExpansions.count {
            macroExpansionIndex += 1
            return macroExpansions[macroExpansionIndex - 1]
        }
        let argValues = try args.map { try Quoter.plain.quote($0) }
        let result = try interp.callMacro(f, definedIn: macroModule, source: Quoter.lineNode(span), module: module, args: argValues, span: span)
        let expanded = try interp.macroexpand(result, module: module, recursive: true, strict: false, span: span)
        let ast = try Unquoter(span: span, module: module).expr(expanded)
        macroExpansions.append(ast)
        macroExpansionIndex += 1
        return ast
    }

    /// `@eval ex` and `@eval M ex`: `ex` quoted (with its `$` interpolations) and evaluated
    /// at top level of the module when the call runs.
    package func compileEvalMacro(_ args: [Expr], span: Span) throws -> Node {
        guard let code = args.last, args.count <= 2 else { throw syntaxError("@eval takes an expression, optionally after a module", span) }
        let target = try args.count == 2 ? compile(args[0]) : nil
        return EvalNode(code: try compileQuote(code, span: code.span), target: target, module: module, span: span)
    }

    /// `@macroexpand ex`: the expansion of `ex` (quoted as written), computed when it runs.
    package func compileMacroexpandMacro(_ args: [Expr], recursive: Bool, span: Span) throws -> Node {
        guard args.count == 1 else { throw syntaxError("@macroexpand takes one expression", span) }
        return MacroexpandNode(code: try Quoter.plain.quote(args[0]), recursive: recursive, module: module, span: span)
    }
}
