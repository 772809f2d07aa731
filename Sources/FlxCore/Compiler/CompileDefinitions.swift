import FlxSyntax
extension Compiler {
    /// Compiles a function body in a new frame. Runs twice when the first pass finds
    /// that closures capture some of its locals (those then live in cells).
    package func compileFunctionBody(_ def: FunctionDef, name: String, isClosure: Bool) throws -> CompiledFunction {
        var ordinals: Set<Int> = []
        if let p = def.params.dropLast().first(where: { $0.isVararg }) {
            throw syntaxError("invalid \"...\" on non-final argument", p.span, lowering: true)
        }
        let savedFn = fn, savedScope = scope
        defer { fn = savedFn; scope = savedScope }
        while true {
            let ctx = FunctionContext(parent: isClosure ? savedFn : nil, definingScope: isClosure ? savedScope : nil, capturedOrdinals: ordinals, isTopLevel: false)
            fn = ctx
            scope = Scope(kind: .function, parent: isClosure ? savedScope : nil, function: ctx)
            let code = CompiledFunction(name: name, span: def.span)
            var cellParams: [Int] = []
            var patternNodes: [Node] = []
            // Positional parameters take the first slots, in order.
            for (i, p) in def.params.enumerated() {
                let pname = p.name ?? "#arg\(i)"
                let v = declareLocal(pname)
                if v.captured { cellParams.append(v.slot) }
                code.paramNames.append(p.name ?? "_")
                if let pattern = p.pattern {
                    patternNodes.append(Assign(try assigner(for: pattern), LocalGet(slot: v.slot, name: pname, span: p.span), span: p.span))
                }
            }
            code.paramCount = def.params.count
            code.hasVararg = def.params.last?.isVararg ?? false
            let firstOptional = def.params.firstIndex { $0.defaultValue != nil } ?? def.params.count
            code.requiredCount = code.hasVararg ? min(firstOptional, def.params.count - 1) : firstOptional
            for p in def.params[firstOptional...] where !p.isVararg {
                guard let d = p.defaultValue else { throw syntaxError("optional positional arguments must come last", p.span) }
                code.defaults.append(try compile(d))
            }
            for k in def.keywords {
                let v = declareLocal(k.name ?? "")
                if v.captured { cellParams.append(v.slot) }
                code.keywordSlots.append((k.name ?? "", v.slot, try k.defaultValue.map(compile)))
            }
            if let rest = def.keywordRest, rest != "#declaration" {
                let v = declareLocal(rest)
                if v.captured { cellParams.append(v.slot) }
                code.keywordRestSlot = v.slot
            }
            for (tv, _) in def.whereParams {
                let v = declareLocal(tv)
                code.typeVarSlots.append((tv, v.slot))
            }
            ctx.argumentNames = Set(def.params.compactMap { $0.name } + def.keywords.compactMap { $0.name })
            declareAssignedLocals(def.body)
            ctx.returnType = try def.returnType.map(compile)
            var body = try compile(def.body)
            if ctx.returnType != nil {
                let result = fn.newVar("#result")
                let convert = convertToReturnType(LocalGet(slot: result.slot, name: "#result", span: def.body.span), span: def.body.span)
                body = ConvertedResult(body: body, slot: result.slot, convert: convert, span: def.body.span)
            }
            code.body = patternNodes.isEmpty ? body : Block(patternNodes + [body], span: def.body.span)
            code.cellParams = cellParams
            if !ctx.needsRecompile {
                code.captureSlots = ctx.captures.map { $0.innerSlot }
                code.frameSize = ctx.slotCount
                code.captureSources = ctx.captures.map { $0.outerSlot }
                code.settlePlainness()
                return code
            }
            ordinals = Set(ctx.allVars.filter { $0.captured && !$0.isCapture }.map { $0.ordinal })
        }
    }

    package func compileLambda(_ def: FunctionDef, span: Span) throws -> Node {
        let code = try compileFunctionBody(def, name: "#\(interp.nextLambdaNumber())", isClosure: true)
        code.paramTypes = try def.params.map { try $0.type.map(compile) }
        return MakeClosure(code: code, captureSources: code.captureSources, span: span)
    }

    /// Whether `function name(...)` here makes a closure in a local variable, as Julia's
    /// lowering treats a method definition like an assignment to its name: inside a function
    /// or a hard scope always; in a top-level loop (a soft scope) unless a global of that name
    /// already exists, so a function defined in a loop body sees that iteration's variables.
    package func definesLocalFunction(_ name: String) -> Bool {
        // `global f` in this scope (or one around it in the function) makes it the global's method.
        if isDeclaredGlobal(name) { return false }
        if !fn.isTopLevel { return true }
        if scope.kind == .global { return false }
        if inSoftScopeChain, let g = module.ownBinding(name), !isUndef(g.value) { return false }
        return true
    }

    package func compileFunctionDefinition(_ def: FunctionDef, span: Span) throws -> Node {
        // Inside a function or a local scope, `function inner(x) ... end` is a closure in a local variable.
        if case .named(let path, let name) = def.name, path.isEmpty, definesLocalFunction(name) {
            let code = try compileFunctionBody(def, name: name, isClosure: true)
            let closure = MakeClosure(code: code, captureSources: code.captureSources, span: span)
            // A second method of the same local name adds to the first (`g(y::Int) = ...;
            // g(y) = ...`): the parameter types are evaluated where the method is defined.
            let types = try def.params.map { try $0.type.map(compile) }
            // The assigner first: it declares the local the read below must find.
            let assign = try assigner(for: Expr(.identifier(name), span))
            return LocalMethodDefinition(name: name, current: try compile(Expr(.identifier(name), span)),
                                         assign: assign, closure: closure,
                                         paramTypes: types, module: module.name, span: span)
        }
        let target: MethodDefinition.Target
        let displayName: String
        switch def.name {
        case .named(let path, let name):
            displayName = name
            if path.isEmpty {
                target = .binding(module.ownBinding(name).map { $0 } ?? bindingForNewFunction(name))
            } else {
                target = .qualified(path: path, name: name)
            }
        case .callable(let selfName, let typeExpr):
            displayName = "(::\(typeName(typeExpr)))"
            target = .callable(try compile(typeExpr))
            // The object itself arrives as the first argument.
            var withSelf = def
            withSelf.params.insert(Parameter(name: selfName ?? "#self", type: typeExpr, defaultValue: nil, isVararg: false, pattern: nil, span: def.span), at: 0)
            withSelf.name = .named(path: [], name: displayName)
            return try compileMethod(withSelf, target: target, displayName: displayName, span: span)
        case .anonymous:
            return try compileLambda(def, span: span)
        }
        if def.keywordRest == "#declaration" {
            return MethodDefinition(target: target, code: nil, paramTypes: [], typeVars: [], module: module, span: span)
        }
        return try compileMethod(def, target: target, displayName: displayName, span: span)
    }

    /// The parameters' bounds and the supertype of `struct Name{T<:B} <: Super{T}` (or an
    /// abstract type's): a supertype that uses the parameters becomes a template filled in
    /// for each instance.
    package func compileTypeHeader(_ params: [(name: String, bound: Expr?)], supertype: Expr?) throws -> TypeHeader {
        let names = params.map { $0.name }
        let bounds = try params.map { p -> Node? in
            guard let b = p.bound, !mentions(b, Set(names)) else { return nil }
            return try compile(b)
        }
        guard let sup = supertype else { return TypeHeader(parameterNames: names, bounds: bounds, supertype: nil, template: nil) }
        guard mentions(sup, Set(names)) else { return TypeHeader(parameterNames: names, bounds: bounds, supertype: try compile(sup), template: nil) }
        guard case .curly(let base, let args) = sup.kind, !mentions(base, Set(names)) else {
            throw syntaxError("unsupported supertype expression in a parametric type", sup.span)
        }
        let template = try args.map { a -> TypeHeader.Argument in
            if case .identifier(let n) = a.kind, let k = names.firstIndex(of: n) { return .parameter(k) }
            if mentions(a, Set(names)) { throw syntaxError("unsupported supertype parameter in a parametric type", a.span) }
            return .fixed(try compileTypeParameter(a))
        }
        return TypeHeader(parameterNames: names, bounds: bounds, supertype: try compile(base), template: template)
    }

    /// Whether a type expression names any of `names` (a struct's parameters or itself).
    private func mentions(_ e: Expr, _ names: Set<String>) -> Bool {
        switch e.kind {
        case .identifier(let n): return names.contains(n)
        case .curly(let base, let args): return mentions(base, names) || args.contains { mentions($0, names) }
        default: return false
        }
    }

    package func compileMethod(_ def: FunctionDef, target: MethodDefinition.Target, displayName: String, span: Span) throws -> Node {
        let def = def.bindingTupleLengths()
        let code = try compileFunctionBody(def, name: displayName, isClosure: false)
        let (paramTypes, typeVars) = try signatureNodes(def)
        return MethodDefinition(target: target, code: code, paramTypes: paramTypes, typeVars: typeVars, module: module, span: span)
    }

    /// The parameter types of a method's signature and the `where` variables its arguments
    /// bind. `open` names more variables with no value at definition time (a struct's own
    /// parameters in its inner constructors): a type that mentions one is left as Any.
    package func signatureNodes(_ def: FunctionDef, open: Set<String> = []) throws -> ([Node?], [(name: String, position: Int, viaElementType: Bool, bound: Node?)]) {
        let whereNames = Set(def.whereParams.map { $0.name })
        var typeVars: [(name: String, position: Int, viaElementType: Bool, bound: Node?)] = []
        var paramTypes: [Node?] = []
        for (i, p) in def.params.enumerated() {
            guard let t = p.type else { paramTypes.append(nil); continue }
            // `x::T` or `x::AbstractArray{T}` with `where T`: bind T from the argument.
            if case .identifier(let n) = t.kind, whereNames.contains(n) {
                let bound = def.whereParams.first { $0.name == n }?.bound
                typeVars.append((n, i, false, try bound.map(compile)))
                paramTypes.append(try bound.map(compile))
                continue
            }
            if let tuple = try diagonalTupleType(t, def.whereParams) {
                // `x::Tuple{T, T} where T`: the tuple type keeps T (see `DiagonalVariables`).
                if let first = tupleParameters(t).first, case .identifier(let n) = first.kind, whereNames.contains(n) { typeVars.append((n, i, true, nil)) }
                paramTypes.append(tuple)
                continue
            }
            if case .curly(let base, let params) = t.kind, let first = params.first, case .identifier(let n) = first.kind, whereNames.contains(n) {
                typeVars.append((n, i, true, nil))
                paramTypes.append(try compile(base))
                continue
            }
            if !open.isEmpty && mentions(t, open.union(whereNames)) { paramTypes.append(nil); continue }
            paramTypes.append(try compile(t))
        }
        return (paramTypes, typeVars)
    }

    /// A top-level `f(x) = ...` extends the visible function if it is one of this
    /// module's, else creates a new function in this module.
    package func bindingForNewFunction(_ name: String) -> GlobalBinding {
        module.binding(name)
    }

    package func typeName(_ e: Expr) -> String {
        switch e.kind {
        case .identifier(let n): return n
        case .field(_, let n): return n
        case .curly(let b, _): return typeName(b)
        default: return "?"
        }
    }

    package func compileStruct(_ def: StructDef, span: Span) throws -> Node {
        guard fn.isTopLevel else { throw syntaxError("struct definitions are only allowed at top level", span) }
        let box = StructTypeBox()
        let savedBox = structUnderConstruction
        structUnderConstruction = box
        defer { structUnderConstruction = savedBox }
        let typeParamNames = def.typeParams.map { $0.name }
        var constructors: [StructDefinition.Constructor] = []
        for c in def.constructors {
            let code = try compileFunctionBody(c, name: def.name, isClosure: false)
            let (types, typeVars) = try signatureNodes(c, open: Set(typeParamNames + [def.name]))
            constructors.append(.init(code: code, paramTypes: types, typeBindings: typeVars.map { ($0.name, $0.position, $0.viaElementType) }, forInstances: c.isInstanceConstructor))
        }
        // A field typed by a parameter (`x::T`, `v::Vector{T}`) takes the parameter from its
        // argument; a field type that mentions a parameter deeper, or the struct itself, is
        // left unchecked (Any) rather than evaluated before the parameter has a value.
        var fieldTypeParams: [StructDefinition.FieldParameter?] = []
        let fieldTypes = try def.fields.map { f -> Node? in
            fieldTypeParams.append(nil)
            guard let t = f.type else { return nil }
            if case .identifier(let n) = t.kind, let k = typeParamNames.firstIndex(of: n) {
                fieldTypeParams[fieldTypeParams.count - 1] = .init(index: k, viaElementType: false)
                return nil
            }
            if case .curly(_, let args) = t.kind, args.count >= 1, case .identifier(let n) = args[0].kind, let k = typeParamNames.firstIndex(of: n) {
                fieldTypeParams[fieldTypeParams.count - 1] = .init(index: k, viaElementType: true)
                return nil
            }
            if mentions(t, Set(typeParamNames + [def.name])) { return nil }
            return try compile(t)
        }
        return StructDefinition(
            name: def.name, isMutable: def.isMutable, fieldNames: def.fields.map { $0.name }, fieldTypes: fieldTypes,
            fieldTypeParams: fieldTypeParams,
            typeParams: typeParamNames, header: try compileTypeHeader(def.typeParams, supertype: def.supertype),
            constructors: constructors, box: box, binding: module.binding(def.name), module: module, span: span)
    }
}
