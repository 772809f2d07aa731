import FlxSyntax

/// `g(y::Int) = ...` inside a function or `let`: the first method of a local name is a
/// plain closure in the local variable; a further method of the same name turns the
/// variable into a generic function holding every method defined so far, so calls
/// dispatch among them as Julia's do (a second definition used to replace the first).
/// Each method calls its closure, which carries the captured variables.
package final class LocalMethodDefinition: Node {
    let name: String
    /// Reads the local as it is now (unassigned before the first method).
    let current: Node
    let assign: Assigner
    let closure: MakeClosure
    /// The declared parameter types, evaluated where the method is defined (nil: Any).
    let paramTypes: [Node?]
    let module: String

    package init(name: String, current: Node, assign: Assigner, closure: MakeClosure, paramTypes: [Node?], module: String, span: Span) {
        self.name = name
        self.current = current
        self.assign = assign
        self.closure = closure
        self.paramTypes = paramTypes
        self.module = module
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let made = try closure.eval(interp, fp)
        if case .function(let c as Closure) = made, paramTypes.contains(where: { $0 != nil }) {
            c.localSignature = evaluatedTypes(interp, fp)
        }
        var previous: Value? = nil
        do { previous = try current.eval(interp, fp) } catch { previous = nil }
        guard case .function(let new as Closure) = made, case .function(let old)? = previous,
              old.name == name, old is Closure || (old as? GenericFunction)?.localClosures.isEmpty == false else {
            try assign.assign(interp, fp, made)
            return made
        }
        let newTypes = new.localSignature ?? anyTypes(new)
        // The same signature again (a loop running the definition anew) replaces it.
        if let first = old as? Closure, (first.localSignature ?? anyTypes(first)).elementsEqual(newTypes, by: ===),
           first.code.hasVararg == new.code.hasVararg {
            try assign.assign(interp, fp, made)
            return made
        }
        // A new generic function each time, so one captured earlier keeps its methods.
        let g = GenericFunction(name: name, module: module)
        if let existing = old as? GenericFunction {
            g.localClosures = existing.localClosures
        } else if let first = old as? Closure {
            g.localClosures = [(first, first.localSignature ?? anyTypes(first))]
        }
        g.localClosures.append((new, newTypes))
        for (c, types) in g.localClosures { g.add(method(calling: c, types: types)) }
        let value = Value.function(g)
        try assign.assign(interp, fp, value)
        return value
    }

    /// The types of this definition's parameters, as the method's signature.
    private func evaluatedTypes(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) -> [FlxType] {
        paramTypes.map { node -> FlxType in
            guard let node else { return BuiltinTypes.any }
            // A `where` variable is not a value here: such a parameter takes any type.
            guard case .type(let t) = (try? node.eval(interp, fp)) ?? .nothing else { return BuiltinTypes.any }
            return t
        }
    }

    /// A method without declared types takes any argument in each place.
    private func anyTypes(_ c: Closure) -> [FlxType] {
        (0..<c.code.paramCount).map { _ in BuiltinTypes.any }
    }

    private func method(calling c: Closure, types: [FlxType]) -> Method {
        let vararg = c.code.hasVararg
        let fixed = vararg ? Array(types.dropLast()) : types
        let body: NativeFunction = { interp, args in
            try interp.call(.function(c), args.values, keywords: args.keywords)
        }
        return Method(signature: fixed, vararg: vararg ? (types.last ?? BuiltinTypes.any) : nil, body: .native(body))
    }
}
