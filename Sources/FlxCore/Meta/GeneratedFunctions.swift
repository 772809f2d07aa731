import FlxSyntax

/// `@generated function f(args...) ... end`: the body is a generator that runs with
/// each argument name bound to the argument's *type* (a vararg to the tuple of its
/// types, each `where` parameter to its value) and returns the code of the method
/// body. That code is compiled once per combination of argument types, as a function of
/// the arguments, and then called with the values.
///
/// The compiler turns the definition into an assignment of the generator to a hidden
/// global and a method whose body calls this object with the generator, the `where`
/// parameters and the arguments.
package final class GeneratedMethod: NativeObject, NativeCallable {
    let parameterNames: [String]
    let varargIndex: Int?
    let staticNames: [String]
    unowned let module: ModuleValue
    let span: Span
    private var bodies: [[ObjectIdentifier]: Value] = [:]

    package init(parameterNames: [String], varargIndex: Int?, staticNames: [String], module: ModuleValue, span: Span) {
        self.parameterNames = parameterNames
        self.varargIndex = varargIndex
        self.staticNames = staticNames
        self.module = module
        self.span = span
    }

    /// Arguments: the generator, a tuple of the `where` parameters, then the method's
    /// own arguments (a vararg as its tuple).
    package func call(_ interp: Interpreter, _ args: Args) throws -> Value {
        let values = args.values
        guard values.count == 2 + parameterNames.count, case .tuple(let statics) = values[1] else {
            throw Exceptions.error("internal: malformed call of a generated function")
        }
        let given = Array(values.dropFirst(2))
        // Each argument as the generator sees it, and the flat argument list of the body.
        var typeArgs: [Value] = []
        var flat: [Value] = []
        for (i, v) in given.enumerated() {
            if i == varargIndex {
                let items = try interp.collect(v)
                typeArgs.append(.tuple(TupleValue(items.map { .type(interp.typeOf($0)) })))
                flat += items
            } else {
                typeArgs.append(.type(interp.typeOf(v)))
                flat.append(v)
            }
        }
        var key = flat.map { ObjectIdentifier(interp.typeOf($0)) }
        for s in statics.items { if case .type(let t) = s { key.append(ObjectIdentifier(t)) } }
        let body: Value
        if let known = bodies[key] {
            body = known
        } else {
            let code = try interp.call(values[0], statics.items + typeArgs)
            // The body as an anonymous function of the `where` parameters and arguments.
            var params: [Value] = staticNames.map { .sym($0) }
            for (i, n) in parameterNames.enumerated() {
                params.append(i == varargIndex ? .native(ExprObject("...", [.sym(n)])) : .sym(n))
            }
            let lambda = ExprObject("->", [.native(ExprObject("tuple", params)), .native(ExprObject("block", [code]))])
            body = try interp.evaluate(.native(lambda), in: module, span: span)
            bodies[key] = body
        }
        return try interp.call(body, statics.items + flat)
    }
}

extension Compiler {
    /// `@generated function ...` and `@generated f(x) = ...` (see `GeneratedMethod`).
    package func compileGenerated(_ args: [Expr], span: Span) throws -> Node {
        guard args.count == 1, case .function(let def) = args[0].kind, case .named(let path, let name) = def.name, def.keywords.isEmpty else {
            throw syntaxError("@generated needs a method definition without keyword arguments", span)
        }
        var names: [String] = []
        var varargIndex: Int? = nil
        for (i, p) in def.params.enumerated() {
            guard let n = p.name, p.defaultValue == nil, p.pattern == nil else {
                throw syntaxError("@generated: each argument needs a name (no defaults or destructuring)", p.span)
            }
            names.append(n)
            if p.isVararg { varargIndex = i }
        }
        let statics = def.whereParams.map(\.name)
        let spec = GeneratedMethod(parameterNames: names, varargIndex: varargIndex, staticNames: statics, module: module, span: span)
        let generatorName = "#generator#\(name)#\(Hygiene.nextNumber(interp))"
        let plain = { (n: String) in Parameter(name: n, type: nil, defaultValue: nil, isVararg: false, span: span) }
        let generator = FunctionDef(name: .anonymous, params: statics.map(plain) + names.map(plain), keywords: [], keywordRest: nil,
                                    whereParams: [], body: def.body, span: def.span)
        let id = { (n: String) in Expr(.identifier(n), span) }
        var method = def
        method.name = .named(path: path, name: name)
        method.body = Expr(.call(callee: Expr(.embedded(EmbeddedValue(Value.native(spec))), span),
                                 args: [id(generatorName), Expr(.tuple(statics.map(id)), span)] + names.map(id),
                                 kwargs: [], broadcast: false), span)
        return try compile(Expr(.block([
            Expr(.assign(target: id(generatorName), value: Expr(.lambda(generator), span)), span),
            Expr(.function(method), span),
        ]), span))
    }
}
