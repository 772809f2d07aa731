import FlxSyntax
/// Resolves names and turns AST into executable nodes, one top-level statement at a
/// time (as Julia lowers each top-level expression just before running it).
///
/// Scope rules follow Julia: assignment in a function creates a local unless an
/// enclosing local scope already has the name; at top level, loops are soft scopes
/// (in a file an existing global is shadowed with a warning, at the REPL it is
/// assigned); closures capture variables by reference through cells.
public final class Compiler {
    package let interp: Interpreter
    package var module: ModuleValue
    package var fn: FunctionContext
    package var scope: Scope
    /// Inside an inner constructor: the struct under construction, for `new(...)`.
    package var structUnderConstruction: StructTypeBox?
    /// The expansions of user macro calls met so far, in the order the compiler meets
    /// them: a statement compiled twice (see `compileTopLevel`) reuses them instead of
    /// running the macros again, so their side effects happen once, as in Julia.
    package var macroExpansions: [Expr] = []
    package var macroExpansionIndex = 0
    /// Inside `@views`: slices are views (for strings, `s[i:j]` is a SubString).
    package var inViews = 0

    public init(interp: Interpreter, module: ModuleValue) {
        self.interp = interp
        self.module = module
        fn = FunctionContext(parent: nil, definingScope: nil, capturedOrdinals: [], isTopLevel: true)
        scope = Scope(kind: .global, parent: nil, function: fn)
    }

    /// One top-level statement: its node and the frame size it runs in.
    public func compileTopLevel(_ e: Expr) throws -> (node: Node, frameSize: Int) {
        var ordinals: Set<Int> = []
        while true {
            fn = FunctionContext(parent: nil, definingScope: nil, capturedOrdinals: ordinals, isTopLevel: true)
            scope = Scope(kind: .global, parent: nil, function: fn)
            macroExpansionIndex = 0
            let node = try compile(e)
            if !fn.needsRecompile { return (node, fn.slotCount) }
            ordinals = Set(fn.allVars.filter { $0.captured }.map { $0.ordinal })
        }
    }

    package func syntaxError(_ message: String, _ span: Span, lowering: Bool = false) -> ParseError {
        var e = ParseError(message, at: span)
        e.isLowering = lowering
        return e
    }

    // MARK: variables

    package enum VarRef {
        case local(VarInfo)
        case global(GlobalBinding)
    }

    /// Where a name being read refers to.
    package func lookup(_ name: String) -> VarRef {
        if let v = findLocal(name, in: fn, from: scope) { return .local(v) }
        if isDeclaredGlobal(name) { return .global(module.resolve(name)) }
        return .global(module.resolve(name))
    }

    package func isDeclaredGlobal(_ name: String) -> Bool {
        var s: Scope? = scope
        while let cur = s, cur.function === fn {
            if cur.declaredGlobals.contains(name) { return true }
            if cur.vars[name] != nil { return false }
            s = cur.parent
        }
        return false
    }

    /// A local of `f` visible from scope `s`, capturing it from enclosing functions if needed.
    package func findLocal(_ name: String, in f: FunctionContext, from s: Scope?) -> VarInfo? {
        var cur = s
        while let sc = cur, sc.function === f {
            if let v = sc.vars[name] { return v }
            if sc.declaredGlobals.contains(name) { return nil }
            cur = sc.parent
        }
        if let v = f.captureVars[name] { return v }
        guard let parent = f.parent, let outer = findLocal(name, in: parent, from: f.definingScope) else { return nil }
        outer.captured = true
        let inner = f.newVar(name)
        inner.captured = true
        inner.isCapture = true
        f.captures.append((outer.slot, inner.slot, name))
        f.captureVars[name] = inner
        return inner
    }

    /// Declares `name` as a new local of the current scope.
    @discardableResult
    package func declareLocal(_ name: String) -> VarInfo {
        let v = fn.newVar(name)
        scope.vars[name] = v
        if v.captured { scope.declaredCells.append(v) }
        return v
    }

    /// Is every scope between here and the global scope a soft one (top-level loops)?
    package var inSoftScopeChain: Bool {
        guard fn.isTopLevel else { return false }
        var s: Scope? = scope
        while let cur = s {
            switch cur.kind {
            case .global: return true
            case .soft: s = cur.parent
            case .hard, .function: return false
            }
        }
        return false
    }

    /// Where an assignment to `name` goes, declaring a new local when Julia would.
    package func assignmentTarget(_ name: String, span: Span) -> VarRef {
        if let v = findLocal(name, in: fn, from: scope) { return .local(v) }
        if isDeclaredGlobal(name) || scope.kind == .global { return .global(module.binding(name)) }
        if inSoftScopeChain, let g = module.ownBinding(name), !isUndef(g.value) {
            if interp.interactive { return .global(g) }
            let loc = span.file.location(of: span.start)
            interp.warnOnce(key: "softscope:\(span.file.name):\(span.start)", """
                ┌ Warning: Assignment to `\(name)` in soft scope is ambiguous because a global variable by the same name exists: `\(name)` will be treated as a new local. Disambiguate by using `local \(name)` to suppress this warning or `global \(name)` to assign to the existing global variable.
                └ @ \(span.file.name):\(loc.line)

                """)
        }
        return .local(declareLocal(name))
    }

    /// Julia decides a scope's locals from all assignments in it, wherever they are;
    /// declare them on entry so that a read before the assignment finds the local.
    package func declareAssignedLocals(_ body: Expr) {
        // `global x` anywhere in the block applies to the whole block, before and after it.
        var globals: [String] = []
        collectGlobalDeclarations(body, into: &globals)
        for name in globals {
            scope.declaredGlobals.insert(name)
            scope.vars[name] = nil
        }
        var names: [(String, Span)] = []
        collectAssignments(body, into: &names)
        for (name, span) in names where scope.vars[name] == nil {
            if findLocal(name, in: fn, from: scope) != nil || isDeclaredGlobal(name) { continue }
            _ = assignmentTarget(name, span: span)
        }
    }

    /// The names a `global` statement of this scope declares (not those of nested scopes).
    package func collectGlobalDeclarations(_ e: Expr, into names: inout [String]) {
        switch e.kind {
        case .global(let items): for item in items { names += declaredNames(item) }
        case .block(let items): items.forEach { collectGlobalDeclarations($0, into: &names) }
        case .ifElse(let c, let t, let o):
            collectGlobalDeclarations(c, into: &names)
            collectGlobalDeclarations(t, into: &names)
            if let o { collectGlobalDeclarations(o, into: &names) }
        case .and(let a, let b), .or(let a, let b):
            collectGlobalDeclarations(a, into: &names)
            collectGlobalDeclarations(b, into: &names)
        default: break
        }
    }

    package func collectAssignments(_ e: Expr, into names: inout [(String, Span)]) {
        func targets(_ t: Expr) {
            switch t.kind {
            case .identifier(let n): names.append((n, t.span))
            case .tuple(let items): items.forEach(targets)
            case .typeAssert(let inner, _): targets(inner)
            case .splat(let inner): targets(inner)
            case .namedTuple(let fields): for f in fields where !f.isSplat { names.append((f.name, f.value.span)) }
            default: break
            }
        }
        switch e.kind {
        case .assign(let target, let value):
            targets(target)
            collectAssignments(value, into: &names)
        case .updateAssign(_, let target, _, _):
            if case .identifier(let n) = target.kind { names.append((n, target.span)) }
        case .block(let items): items.forEach { collectAssignments($0, into: &names) }
        case .ifElse(let c, let t, let o):
            collectAssignments(c, into: &names)
            collectAssignments(t, into: &names)
            if let o { collectAssignments(o, into: &names) }
        case .and(let a, let b), .or(let a, let b):
            collectAssignments(a, into: &names)
            collectAssignments(b, into: &names)
        case .ternary(let c, let a, let b):
            collectAssignments(c, into: &names)
            collectAssignments(a, into: &names)
            collectAssignments(b, into: &names)
        case .function(let def):
            // An inner named function is a local variable of the enclosing function.
            if case .named(let path, let n) = def.name, path.isEmpty, definesLocalFunction(n) { names.append((n, def.span)) }
        // `@eval f(x) = ...` assigns in the module when it runs, not in this scope (its
        // argument is quoted code); other macros' arguments are code of this scope.
        case .macroCall(let name, _, let args) where name != "eval": args.forEach { collectAssignments($0, into: &names) }
        case .returnValue(let v?): collectAssignments(v, into: &names)
        default: break
        }
    }

    // MARK: scopes

    package func withScope<T>(_ kind: Scope.Kind, _ body: () throws -> T) rethrows -> T {
        let saved = scope
        scope = Scope(kind: kind, parent: saved, function: fn)
        defer { scope = saved }
        return try body()
    }

    /// Scopes inside top-level code are soft (for loops, while, try); elsewhere hard.
    package var loopScopeKind: Scope.Kind { inSoftScopeChain ? .soft : .hard }

    // MARK: expressions

    package func compile(_ e: Expr) throws -> Node {
        let span = e.span
        switch e.kind {
        case .int(let v): return Literal(.int(v), span: span)
        case .sizedInt(let lit):
            guard let kind = IntKind(literal: lit) else {
                throw syntaxError("invalid integer literal", span)
            }
            return Literal(FixedInt(kind, bits: lit.bits).value, span: span)
        case .float64(let v): return Literal(.float64(v), span: span)
        case .float32(let v): return Literal(.float32(v), span: span)
        case .bool(let v): return Literal(.bool(v), span: span)
        case .string(let s): return Literal(.str(s), span: span)
        case .char(let c): return Literal(.char(c.unicodeScalars.first!.value), span: span)
        case .symbol(let s): return Literal(.sym(s), span: span)
        case .nothingLiteral: return Literal(.nothing, span: span)
        case .identifier(let name): return compileRead(name, span: span)
        case .colon: return Literal(.native(ColonObject.shared), span: span)
        case .endIndex: return EndIndex(span: span)
        case .beginIndex: return Literal(.int(1), span: span)
        case .interpolated(let parts): return try compileInterpolation(parts, span: span)
        case .block(let items):
            if items.isEmpty { return Literal(.nothing, span: span) }
            if items.count == 1 { return try compile(items[0]) }
            return Block(try items.map(compile), span: span)
        case .ifElse(let c, let t, let o):
            return IfElse(try compile(c), try compile(t), try o.map(compile), span: span)
        case .ternary(let c, let t, let o):
            return IfElse(try compile(c), try compile(t), try compile(o), span: span)
        case .and(let a, let b): return And(try compile(a), try compile(b), span: span)
        case .or(let a, let b): return Or(try compile(a), try compile(b), span: span)
        case .whileLoop(let cond, let body): return try compileWhile(cond, body, span: span)
        case .forLoop(let specs, let body): return try compileFor(specs, body, span: span)
        case .letBlock(let bindings, let body): return try compileLet(bindings, body, span: span)
        case .tryCatch(let body, let variable, let handler, let fin, let otherwise):
            return try compileTry(body, variable, handler, fin, otherwise, span: span)
        case .returnValue(let v):
            guard fn.returnType != nil else { return Return(try v.map(compile), span: span) }
            return Return(convertToReturnType(try v.map(compile) ?? Literal(.nothing, span: span), span: span), span: span)
        case .breakLoop, .continueLoop:
            guard fn.loopDepth > 0 else { throw syntaxError("break or continue outside loop", span) }
            if case .breakLoop = e.kind { return Jump(.breakLoop, span: span) }
            return Jump(.continueLoop, span: span)
        case .global(let items): return try compileDeclarations(items, global: true, span: span)
        case .local(let items): return try compileDeclarations(items, global: false, span: span)
        case .constant(let inner):
            // `const a, b = 1, 2`: each name a constant global.
            if case .assign(let target, let value) = inner.kind, case .tuple(let items) = target.kind, fn.isTopLevel {
                let parts = try items.map { item -> Assigner in
                    guard case .identifier(let name) = item.kind else { throw syntaxError("expected `const name = value`", span) }
                    return GlobalAssigner(module.binding(name), isConstDeclaration: true)
                }
                return Assign(TupleAssigner(parts: parts), try compile(value), span: span)
            }
            guard case .assign(let target, let value) = inner.kind, case .identifier(let name) = target.kind else {
                throw syntaxError("expected `const name = value`", span)
            }
            // Julia 1.10 has no constant locals: inside a function `const x = ...` is refused
            // (unless `x` is declared global there), not silently made a variable.
            if !fn.isTopLevel, !isDeclaredGlobal(name) {
                throw syntaxError("unsupported `const` declaration on local variable", span, lowering: true)
            }
            let v = try compile(value)
            if case .local = lookup(name), !fn.isTopLevel { return Assign(try assigner(for: target), v, span: span) }
            return Assign(GlobalAssigner(module.binding(name), isConstDeclaration: true), v, span: span)
        case .assign(let target, let value): return try compileAssign(target, value, span: span)
        case .updateAssign(let op, let target, let value, let broadcast):
            if broadcast {
                let rhs = Expr(.binary(op: "." + op, target, value), span)
                return try compileDotAssign(target, rhs, span: span)
            }
            if case .identifier(let name) = target.kind, let arith = BinaryOperator(symbol: op),
               case .local(let v) = lookup(name), !v.captured, findLocal(name, in: fn, from: scope) != nil {
                return LocalUpdate(slot: v.slot, name: name, op: arith, rhs: try compile(value), function: operatorBinding(arith.rawValue), span: span)
            }
            let rhs = Expr(.binary(op: op, target, value), span)
            return try compileAssign(target, rhs, span: span)
        case .dotAssign(let target, let value): return try compileDotAssign(target, value, span: span)
        case .call(let callee, let args, let kwargs, let broadcast):
            return try compileCall(callee, args, kwargs, broadcast: broadcast, span: span)
        case .binary(let op, let l, let r): return try compileBinary(op, l, r, span: span)
        case .unary(let op, let operand): return try compileUnary(op, operand, span: span)
        case .comparison(let operands, let ops) where ops.contains(where: { $0.hasPrefix(".") }):
            // `0 .<= x .< 1` is `(0 .<= x) .& (x .< 1)`, one fused broadcast.
            var result = Expr(.binary(op: ops[0], operands[0], operands[1]), span)
            for i in 1..<ops.count {
                let op = ops[i].hasPrefix(".") ? ops[i] : "." + ops[i]
                result = Expr(.binary(op: ".&", result, Expr(.binary(op: op, operands[i], operands[i + 1]), span)), span)
            }
            return try compileBroadcast(result)
        case .comparison(let operands, let ops):
            return ComparisonChain(operands: try operands.map(compile), functions: ops.map { operatorBinding($0) }, span: span)
        case .pair(let a, let b):
            return Call(callee: Literal(interp.base.binding("=>").value), args: [try compile(a), try compile(b)], span: span)
        case .range(let start, let step, let stop):
            var args = [try compile(start)]
            if let step { args.append(try compile(step)) }
            args.append(try compile(stop))
            return Call(callee: GlobalGet(interp.base.binding(":"), span: span), args: args, span: span)
        case .adjoint(let inner):
            return Call(callee: GlobalGet(interp.base.binding("adjoint"), span: span), args: [try compile(inner)], span: span)
        case .typeAssert(let inner, let type):
            return TypeAssert(try compile(inner), try compile(type), span: span)
        case .curly(let base, let params):
            return ApplyTypeParameters(try compile(base), try params.map(compileTypeParameter), span: span)
        case .splat:
            throw syntaxError("`...` is only allowed in a call, a tuple or an array literal", span)
        case .index(let base, let indices): return try compileIndex(base, indices, span: span)
        case .field(let base, let name): return FieldGet(try compile(base), name, span: span)
        case .tuple(let items): return try compileTuple(items, span: span)
        case .namedTuple(let fields):
            if fields.contains(where: { $0.isSplat }) {
                return SplattedNamedTupleNode(parts: try fields.map { (name: $0.name, node: try compile($0.value), splat: $0.isSplat) }, span: span)
            }
            return NamedTupleNode(names: fields.map { $0.name }, values: try fields.map { try compile($0.value) }, span: span)
        case .vect(let items): return try compileVect(items, type: nil, span: span)
        case .typedVect(let type, let items): return try compileVect(items, type: type, span: span)
        case .matrix(let rows): return try compileMatrix(rows, type: nil, span: span)
        case .typedMatrix(let type, let rows): return try compileMatrix(rows, type: type, span: span)
        case .ncat(let type, let items, let seps, let trailing):
            return NCatNode(items: try items.map(compile), separators: seps, trailing: trailing, elementType: try type.map(compile), span: span)
        case .comprehension(let body, let loops, let cond, let typed):
            return try compileComprehension(body, loops, cond, typed: typed, span: span)
        case .generator(let body, let loops, let cond):
            return try compileComprehension(body, loops, cond, typed: nil, span: span)
        case .function(let def): return try compileFunctionDefinition(def, span: span)
        case .lambda(let def): return try compileLambda(def, span: span)
        case .structDef(let def): return try compileStruct(def, span: span)
        case .abstractType(let name, let typeParams, let supertype):
            return AbstractTypeDefinition(name: name, header: try compileTypeHeader(typeParams, supertype: supertype), binding: module.binding(name), span: span)
        case .using(let paths, let names, let isImport):
            return UsingNode(paths: paths, names: names, isImport: isImport, module: module, span: span)
        case .macroCall(let name, let path, let args): return try compileMacro(name, path: path, args, span: span)
        case .module(let name, let body): return try compileModule(name, body, span: span)
        case .quote(let inner, _): return try compileQuote(inner, span: span)
        case .interpolate:
            // Julia reports this when lowering, as an ErrorException `syntax: ...`.
            let err = Exceptions.error("syntax: \"$\" expression outside quote")
            err.frames.append((nil, span))
            err.located = true
            throw err
        case .macroDef(let def): return try compileMacroDefinition(def, span: span)
        case .embedded(let box): return Literal((box.payload as? Value) ?? .nothing, span: span)
        }
    }

    package func compileRead(_ name: String, span: Span) -> Node {
        switch lookup(name) {
        case .local(let v):
            return v.captured ? CellGet(slot: v.slot, name: name, span: span) : LocalGet(slot: v.slot, name: name, span: span)
        case .global(let b):
            // Julia compiles a function with the value a constant global of a plain type has
            // then: after `const x = 1; f() = x`, redefining `x` (with its warning) leaves
            // `f()` answering 1.
            if !fn.isTopLevel, b.isConst, b.module === module, isInlinedConstant(b.value) { return Literal(b.value, span: span) }
            return GlobalGet(b, span: span)
        }
    }

    private func isInlinedConstant(_ v: Value) -> Bool {
        switch v {
        case .int, .float64, .float32, .bool, .char, .sized, .symbol: return true
        default: return false
        }
    }

    /// The generic function an operator name refers to (user methods on `Base.:+` included).
    package func operatorBinding(_ op: String) -> GlobalBinding {
        let name: String
        switch op {
        case "≤": name = "<="
        case "≥": name = ">="
        case "≠": name = "!="
        case "∈": name = "in"
        default: name = op
        }
        if let b = module.ownBinding(name), !isUndef(b.value) { return b }
        let base = interp.base.binding(name)
        // An operator Base lacks comes from a module in use, as any name does (NNlib's ⊠).
        if isUndef(base.value) { return module.resolve(name) }
        return base
    }

    package func assigner(for target: Expr) throws -> Assigner {
        switch target.kind {
        case .identifier(let name):
            switch assignmentTarget(name, span: target.span) {
            case .local(let v): return v.captured ? CellAssigner(slot: v.slot) : LocalAssigner(slot: v.slot)
            case .global(let b): return GlobalAssigner(b)
            }
        case .typeAssert(let inner, _): return try assigner(for: inner)
        case .field(let base, let name): return FieldAssigner(object: try compile(base), name: name)
        case .index(let base, let indices): return IndexAssigner(object: try compile(base), indices: try indices.map(compile))
        case .tuple(let items):
            var parts: [Assigner] = []
            var slurp: Int? = nil
            for (i, item) in items.enumerated() {
                if case .splat(let inner) = item.kind {
                    guard slurp == nil else { throw syntaxError("multiple \"...\" on left hand side of assignment", item.span, lowering: true) }
                    parts.append(try assigner(for: inner))
                    slurp = i
                } else {
                    parts.append(try assigner(for: item))
                }
            }
            return TupleAssigner(parts: parts, slurpIndex: slurp)
        case .namedTuple(let fields):
            if let f = fields.first(where: { $0.isSplat }) { throw syntaxError("invalid assignment location", f.value.span) }
            return PropertyDestructure(parts: try fields.map { f in (f.name, try assigner(for: Expr(.identifier(f.name), f.value.span))) })
        case .block(let items) where items.count == 1:
            return try assigner(for: items[0])
        default:
            throw syntaxError("invalid assignment location", target.span)
        }
    }

    /// `convert(T, value)` for the declared return type of the function being compiled.
    package func convertToReturnType(_ value: Node, span: Span) -> Node {
        guard let t = fn.returnType else { return value }
        return Call(callee: GlobalGet(interp.base.binding("convert"), span: span), args: [t, value], span: span)
    }

    package func compileAssign(_ target: Expr, _ value: Expr, span: Span) throws -> Node {
        var v = try compile(value)
        // `x::Int8 = 100`: the value is converted to the declared type, as Julia does (only
        // at this assignment: flx does not yet keep the declaration for later ones).
        if case .typeAssert(_, let type) = target.kind {
            v = Call(callee: GlobalGet(interp.base.binding("convert"), span: span), args: [try compile(type), v], span: span)
        }
        if case .identifier = target.kind {
            let a = try assigner(for: target)
            if let l = a as? LocalAssigner { return LocalSet(slot: l.slot, value: v, span: span) }
            return Assign(a, v, span: span)
        }
        return Assign(try assigner(for: target), v, span: span)
    }

    /// The names one item of `global`/`local` declares: `x`, `x = 1`, `x += 1`, `x::T`, `(a, b)`.
    package func declaredNames(_ item: Expr) -> [String] {
        var target = item
        if case .assign(let t, _) = item.kind { target = t }
        if case .updateAssign(_, let t, _, _) = item.kind { target = t }
        if case .typeAssert(let inner, _) = target.kind { target = inner }
        if case .identifier(let n) = target.kind { return [n] }
        guard case .tuple(let parts) = target.kind else { return [] }
        return parts.compactMap { if case .identifier(let n) = $0.kind { return n }; return nil }
    }

    package func compileDeclarations(_ items: [Expr], global: Bool, span: Span) throws -> Node {
        var nodes: [Node] = []
        for item in items {
            for n in declaredNames(item) {
                // Julia's lowering refuses a name that is both (`local x` and `global x` in one
                // scope; an argument made local again or global).
                if scope.kind == .function, fn.argumentNames.contains(n) {
                    throw syntaxError("\(global ? "global" : "local") variable name \"\(n)\" conflicts with an argument", item.span, lowering: true)
                }
                if !global, scope.kind != .global, scope.declaredGlobals.contains(n) {
                    throw syntaxError("variable \"\(n)\" declared both local and global", item.span, lowering: true)
                }
                if global {
                    scope.declaredGlobals.insert(n)
                    scope.vars[n] = nil
                } else {
                    // At top level too: `begin local x = 0 ... end` has its own `x` for the rest
                    // of the statement, the global `x` untouched.
                    declareLocal(n)
                }
            }
            // `global x::Int` (with or without `= value`): the global's type, declared once.
            if global {
                var target = item
                if case .assign(let t, _) = item.kind { target = t }
                if case .typeAssert(let inner, let type) = target.kind, case .identifier(let n) = inner.kind {
                    nodes.append(DeclareGlobalType(module.binding(n), type: try compile(type), span: item.span))
                }
            }
            switch item.kind {
            case .assign(let t, let v): nodes.append(try compileAssign(t, v, span: item.span))
            case .updateAssign: nodes.append(try compile(item))
            default: break
            }
        }
        if nodes.isEmpty { return Literal(.nothing, span: span) }
        return nodes.count == 1 ? nodes[0] : Block(nodes, span: span)
    }

    package func compileWhile(_ cond: Expr, _ body: Expr, span: Span) throws -> Node {
        let c = try compile(cond)
        return try withScope(loopScopeKind) {
            declareAssignedLocals(body)
            fn.loopDepth += 1
            defer { fn.loopDepth -= 1 }
            let b = try compile(body)
            return While(c, b, freshCells: scope.declaredCells.map { $0.slot }, span: span)
        }
    }

    package func compileFor(_ specs: [ForSpec], _ body: Expr, span: Span) throws -> Node {
        // `for a in x, b in y` nests the loops; all variables live in one scope.
        let iterable = try compile(specs[0].iterable)
        // `for outer i`: the enclosing scope's variable, which must exist.
        let outerTargets = try specs.map { spec -> Assigner? in
            guard spec.isOuter else { return nil }
            guard case .identifier(let name) = spec.target.kind, case .local = lookup(name) else {
                throw syntaxError("no outer local variable declaration exists for \"for outer\"", spec.target.span, lowering: true)
            }
            return try assigner(for: spec.target)
        }
        return try withScope(loopScopeKind) {
            var targets: [(Assigner, Int?)] = []
            var iterables: [Node] = [iterable]
            for (i, spec) in specs.enumerated() {
                if i > 0 { iterables.append(try compile(spec.iterable)) }
                if let outer = outerTargets[i] { targets.append((outer, nil)) } else { targets.append(try loopTarget(spec.target)) }
            }
            // Every iteration of the body has fresh copies of all the loop variables (an
            // assignment to `i` in `for i = 1:2, j = 3:4` does not reach the next `j`): the
            // outer loops bind hidden slots, copied into the variables before each body run.
            var hidden: [Int] = []
            var copies: [Node] = []
            for i in 0..<(specs.count - 1) {
                let slot = fn.newVar("#for\(i)").slot
                hidden.append(slot)
                copies.append(Assign(targets[i].0, LocalGet(slot: slot, name: "#for\(i)", span: specs[i].target.span), span: specs[i].target.span))
            }
            declareAssignedLocals(body)
            fn.loopDepth += 1
            defer { fn.loopDepth -= 1 }
            var node: Node = try compile(body)
            if !copies.isEmpty { node = Block(copies + [node], span: body.span) }
            let cells = scope.declaredCells.map { $0.slot }
            for i in stride(from: specs.count - 1, through: 0, by: -1) {
                let innermost = i == specs.count - 1
                let target: Assigner = innermost ? targets[i].0 : LocalAssigner(slot: hidden[i])
                node = ForLoop(iterable: iterables[i], target: target, targetSlot: innermost ? targets[i].1 : hidden[i], body: node, freshCells: innermost ? cells : [], span: span)
            }
            return node
        }
    }

    /// Loop variables are always new locals of the loop's scope.
    package func loopTarget(_ target: Expr) throws -> (Assigner, Int?) {
        switch target.kind {
        case .identifier(let name):
            let v = declareLocal(name)
            return v.captured ? (CellAssigner(slot: v.slot), nil) : (LocalAssigner(slot: v.slot), v.slot)
        case .tuple(let items):
            return (TupleAssigner(parts: try items.map { try loopTarget($0).0 }), nil)
        case .block(let items) where items.count == 1:
            return try loopTarget(items[0])
        default:
            return (try assigner(for: target), nil)
        }
    }

    package func compileLet(_ bindings: [Expr], _ body: Expr, span: Span) throws -> Node {
        var nodes: [Node] = []
        try withScope(.hard) {
            for b in bindings {
                switch b.kind {
                case .assign(let target, let value):
                    let v = try compile(value)   // evaluated before the new name exists
                    guard case .identifier(let name) = target.kind else {
                        nodes.append(Assign(try assigner(for: target), v, span: b.span))
                        continue
                    }
                    let local = declareLocal(name)
                    nodes.append(Assign(local.captured ? CellAssigner(slot: local.slot) : LocalAssigner(slot: local.slot), v, span: b.span))
                case .identifier(let name):
                    declareLocal(name)
                default:
                    throw syntaxError("invalid `let` binding", b.span)
                }
            }
            declareAssignedLocals(body)
            nodes.append(try compile(body))
            // Each run of the `let` has its own variables: a closure made inside keeps the
            // binding of that run (`let j = i; push!(fs, () -> j); end` in a loop).
            let cells = scope.declaredCells.map { $0.slot }
            if !cells.isEmpty { nodes.insert(FreshCells(cells, span: span), at: 0) }
        }
        return Block(nodes, span: span)
    }

    package func compileTry(_ body: Expr, _ variable: String?, _ handler: Expr?, _ fin: Expr?, _ otherwise: Expr?, span: Span) throws -> Node {
        let b = try withScope(loopScopeKind) { () throws -> Node in
            declareAssignedLocals(body)
            return try compile(body)
        }
        var varAssigner: Assigner? = nil
        var h: Node? = nil
        if let handler {
            h = try withScope(loopScopeKind) { () throws -> Node in
                if let variable {
                    let v = declareLocal(variable)
                    varAssigner = v.captured ? CellAssigner(slot: v.slot) : LocalAssigner(slot: v.slot)
                }
                declareAssignedLocals(handler)
                return try compile(handler)
            }
        }
        let f = try fin.map { f in try withScope(loopScopeKind) { () throws -> Node in
            declareAssignedLocals(f)
            return try compile(f)
        } }
        // The else block is a scope of its own: the body's locals are not visible there.
        let e = try otherwise.map { o in try withScope(loopScopeKind) { () throws -> Node in
            declareAssignedLocals(o)
            return try compile(o)
        } }
        return TryCatch(body: b, variable: varAssigner, handler: h, finally: f, otherwise: e, span: span)
    }

    package func compileModule(_ name: String, _ body: Expr, span: Span) throws -> Node {
        guard fn.isTopLevel, scope.kind == .global else { throw syntaxError("`module` is only allowed at top level", span) }
        return ModuleDefinition(name: name, body: body, parent: module, span: span)
    }
}

/// Shared between a struct definition and the `new(...)` calls in its constructors:
/// the type exists only once the definition runs.
package final class StructTypeBox {
    package var type: FlxType?
    /// Which fields are typed by the struct's parameters, for `new` to find the instance type.
    package var fieldTypeParams: [StructDefinition.FieldParameter?] = []
}
