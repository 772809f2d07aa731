import FlxSyntax
/// Adds a method to a generic function when the definition runs.
package final class MethodDefinition: Node {
    package enum Target {
        case binding(GlobalBinding)
        case qualified(path: [String], name: String)
        case callable(Node)
    }
    package let target: Target
    package let code: CompiledFunction?
    package let paramTypes: [Node?]
    package let typeVars: [(name: String, position: Int, viaElementType: Bool, bound: Node?)]
    package unowned let module: ModuleValue

    package init(target: Target, code: CompiledFunction?, paramTypes: [Node?], typeVars: [(name: String, position: Int, viaElementType: Bool, bound: Node?)], module: ModuleValue, span: Span) {
        self.target = target
        self.code = code
        self.paramTypes = paramTypes
        self.typeVars = typeVars
        self.module = module
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        do {
            let g: GenericFunction
            // A method added to a type's constructor evaluates to the type, as in Julia
            // (`Point(x) = Point(x, x)` shows `Point`, not a generic function).
            var constructed: FlxType? = nil
            // Julia's lowering gives `nothing` for a method of a function named by a path
            // (`Base.show(io::IO, p::P) = ...`) or of a callable type (`(p::P)(x) = ...`):
            // the REPL shows nothing for them.
            var echoesNothing = false
            switch target {
            case .binding(let b):
                if case .type(let t) = b.value { constructed = t }
                g = try genericFunction(in: b, interp)
            case .qualified(let path, let name):
                var m: ModuleValue = module
                for (i, p) in path.enumerated() {
                    let v = i == 0 ? module.resolve(p).value : m.member(p)?.value ?? .undef
                    guard case .module(let next) = v else { throw Exceptions.undefVar(p, scope: m.name) }
                    m = next
                }
                let b = m.member(name) ?? m.binding(name)
                if case .type(let t) = b.value { constructed = t }
                echoesNothing = true
                g = try genericFunction(in: b, interp)
            case .callable(let typeNode):
                guard case .type(let t) = try typeNode.eval(interp, fp) else { throw Exceptions.error("expected a type in a callable-object method") }
                let owner = t.root
                if owner.callMethods == nil { owner.callMethods = GenericFunction(name: "(::\(owner.name))", module: module.name) }
                g = owner.callMethods!
                if t !== owner { t.callMethods = g }
                echoesNothing = true
            }
            let result: Value = echoesNothing ? .nothing : constructed.map { .type($0) } ?? .function(g)
            guard let code else { return result }
            var signature: [FlxType] = []
            for n in paramTypes {
                guard let n else { signature.append(BuiltinTypes.any); continue }
                guard case .type(let t) = try n.eval(interp, fp) else { throw Exceptions.error("expected a type in a method signature") }
                signature.append(t)
            }
            // Methods with optional positional parameters exist once per arity, as in Julia.
            let vararg: FlxType? = code.hasVararg ? signature.popLast() : nil
            let fullCount = signature.count
            let world = WorldAge.next()
            for n in stride(from: fullCount, through: min(fullCount, code.requiredCount), by: -1) {
                let m = Method(signature: Array(signature[0..<n]), vararg: n == fullCount ? vararg : nil, body: .compiled(code))
                m.typeBindings = typeVars.map { tv in (tv.name, tv.position, tv.viaElementType) }
                m.world = world
                g.add(m)
            }
            // Top-level code sees its own definitions from the next statement on; a function
            // that is running keeps its world (`WorldAge`).
            if interp.callDepth == interp.topLevelDepth { interp.runningWorld = max(interp.runningWorld, world) }
            return result
        } catch {
            throw locate(error)
        }
    }

    package func genericFunction(in b: GlobalBinding, _ interp: Interpreter) throws -> GenericFunction {
        switch b.value {
        case .function(let c):
            if let g = c as? GenericFunction { return g }
        case .type(let t):
            return interp.constructorFunction(for: t, module: b.module.name)
        case .undef:
            let g = GenericFunction(name: b.name, module: b.module.name)
            b.value = .function(g)
            return g
        default: break
        }
        throw Exceptions.error("cannot define function \(b.name); it already has a value")
    }
}

package final class StructDefinition: Node {
    package let name: String
    package let isMutable: Bool
    package let fieldNames: [String]
    package let fieldTypes: [Node?]
    /// For each field typed by a parameter: which parameter, and whether it is the field's
    /// element type (`v::Vector{T}`).
    package struct FieldParameter {
        let index: Int
        let viaElementType: Bool
    }
    package let fieldTypeParams: [FieldParameter?]
    package let typeParams: [String]
    package let header: TypeHeader
    /// An inner constructor: its code, parameter types and the `where` variables it binds.
    package struct Constructor {
        let code: CompiledFunction
        let paramTypes: [Node?]
        let typeBindings: [(name: String, position: Int, viaElementType: Bool)]
        /// `Point{T}(x, y) where T`: called as `Point{Float64}(...)`, not as `Point(...)`.
        let forInstances: Bool
    }
    package let constructors: [Constructor]
    package let box: StructTypeBox
    package let binding: GlobalBinding
    package unowned let module: ModuleValue

    package init(name: String, isMutable: Bool, fieldNames: [String], fieldTypes: [Node?], fieldTypeParams: [FieldParameter?], typeParams: [String], header: TypeHeader, constructors: [Constructor], box: StructTypeBox, binding: GlobalBinding, module: ModuleValue, span: Span) {
        self.name = name
        self.isMutable = isMutable
        self.fieldNames = fieldNames
        self.fieldTypes = fieldTypes
        self.fieldTypeParams = fieldTypeParams
        self.typeParams = typeParams
        self.header = header
        self.constructors = constructors
        self.box = box
        self.binding = binding
        self.module = module
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        do {
            let t = FlxType(name: name, supertype: BuiltinTypes.any)
            t.definingInterpreter = ObjectIdentifier(interp)
            try header.apply(to: t, name: name, interp, fp)
            t.isStruct = true
            t.isMutable = isMutable
            t.fieldNames = fieldNames
            t.fieldTypes = try fieldTypes.map { n -> FlxType? in
                guard let n else { return nil }
                guard case .type(let ft) = try n.eval(interp, fp) else { throw Exceptions.error("invalid field type") }
                return ft
            }
            box.type = t
            box.fieldTypeParams = fieldTypeParams
            t.parameterTypedFields = Set(fieldTypeParams.indices.filter { fieldTypeParams[$0].map { !$0.viaElementType } ?? false })
            let ctor = GenericFunction(name: name, module: module.name)
            t.constructor = ctor
            if constructors.isEmpty {
                // The default constructor: one positional argument per field.
                let fieldTypes = t.fieldTypes, fieldTypeParams = self.fieldTypeParams, typeParamCount = typeParams.count
                let body: Method.Body = .native { interp, args in
                    var fields: [Value] = []
                    for i in 0..<args.count {
                        fields.append(try fieldTypes[i].map { try interp.convertElement(args[i], to: $0) } ?? args[i])
                    }
                    let type = try StructDefinition.instanceType(t, typeParamCount: typeParamCount, fieldTypeParams, &fields, interp)
                    return .object(StructInstance(type: type, fields: fields))
                }
                // Julia's default outer constructor `Point(x::T, y::T) where {T<:Real}`: a field
                // typed by a parameter takes the parameter's bound, and fields sharing a
                // parameter must agree (so it is more specific than `Point(x::Real, y::Real)`);
                // a field of a fixed type takes anything `convert` makes into it.
                let signature = (0..<fieldNames.count).map { i -> FlxType in
                    if let use = fieldTypeParams[i] {
                        return use.viaElementType ? BuiltinTypes.any : (t.parameterBounds.indices.contains(use.index) ? t.parameterBounds[use.index] : nil) ?? BuiltinTypes.any
                    }
                    // Other fields convert what they are given (`Foo((), 23.5, 1)` is an InexactError).
                    return BuiltinTypes.any
                }
                let outer = Method(signature: signature, acceptsKeywords: false, body: body)
                outer.typeBindings = fieldTypeParams.enumerated().compactMap { i, use in use.map { (typeParams[$0.index], i, $0.viaElementType) } }
                ctor.add(outer)
                // Julia defines the exact `R(a::Int, b::Float64)` too when a field has a fixed
                // type: an untyped outer `R(a, b) = R(Int(a), Float64(b))` replaces only the
                // converting method, and its own call lands on this one instead of itself.
                let exact = (0..<fieldNames.count).map { i in fieldTypeParams[i] == nil ? fieldTypes[i] ?? BuiltinTypes.any : signature[i] }
                if zip(exact, signature).contains(where: { $0 !== $1 }) {
                    let typed = Method(signature: exact, acceptsKeywords: false, body: body)
                    typed.typeBindings = outer.typeBindings
                    ctor.add(typed)
                }
                if typeParamCount > 0 {
                    // `Point{Float64}(1, 2)`: the inner constructor, which converts.
                    let inner = GenericFunction(name: name, module: module.name)
                    inner.add(Method(signature: signature.map { _ in BuiltinTypes.any }, acceptsKeywords: false, body: body))
                    t.instanceConstructor = inner
                }
            } else {
                let instanceCtor = constructors.contains { $0.forInstances } ? GenericFunction(name: name, module: module.name) : nil
                t.instanceConstructor = instanceCtor
                for c in constructors {
                    var sig: [FlxType] = []
                    for n in c.paramTypes {
                        if let n, case .type(let pt) = try n.eval(interp, fp) { sig.append(pt) } else { sig.append(BuiltinTypes.any) }
                    }
                    let vararg: FlxType? = c.code.hasVararg ? sig.popLast() : nil
                    for n in stride(from: sig.count, through: c.code.requiredCount, by: -1) {
                        let m = Method(signature: Array(sig[0..<n]), vararg: n == sig.count ? vararg : nil, body: .compiled(c.code))
                        m.typeBindings = c.typeBindings
                        (c.forInstances ? instanceCtor ?? ctor : ctor).add(m)
                    }
                }
            }
            if binding.isConst || !isUndef(binding.value) {
                // Julia allows redefining an identical struct, but a different layout under the
                // same name would leave old instances and methods silently inconsistent.
                if case .type(let old) = binding.value, old.isStruct,
                   old.fieldNames != fieldNames || old.isMutable != isMutable || old.parameterNames != typeParams {
                    throw Exceptions.error("invalid redefinition of constant \(name)")
                }
            }
            binding.value = .type(t)
            binding.isConst = true
            return .nothing
        } catch {
            throw locate(error)
        }
    }
}

extension StructDefinition {
    /// The type a default constructor makes for a parametric struct: `Point{Float64}(1, 2)`
    /// converts the fields to the parameters given; `Point(1, 2)` takes them from the
    /// arguments (`Point{Int64}`), and arguments that disagree (`Point(1, 2.0)`) are a
    /// MethodError, as in Julia. The family itself when a parameter is left undetermined.
    static func instanceType(_ family: FlxType, typeParamCount: Int, _ fieldTypeParams: [FieldParameter?],
                             _ fields: inout [Value], _ interp: Interpreter) throws -> FlxType {
        guard typeParamCount > 0 else { return family }
        var params = [FlxType?](repeating: nil, count: typeParamCount)
        var given = [Bool](repeating: false, count: typeParamCount)
        if let target = interp.constructing.last, target.root === family, target.family != nil {
            for (k, p) in target.parameters.enumerated() where k < typeParamCount {
                if case .type(let pt) = p { params[k] = pt; given[k] = true }
            }
        }
        for (i, use) in fieldTypeParams.enumerated() where i < fields.count {
            guard let use else { continue }
            if given[use.index], let pt = params[use.index] {
                if use.viaElementType {
                    if case .array(let a) = fields[i], a.elementType !== pt { fields[i] = .array(try interp.convertArray(a, to: pt)) }
                } else {
                    fields[i] = try interp.convertElement(fields[i], to: pt)
                }
                continue
            }
            let argType: FlxType?
            if use.viaElementType {
                if case .array(let a) = fields[i] { argType = a.elementType } else { argType = nil }
            } else {
                argType = interp.typeOf(fields[i])
            }
            guard let found = argType else { continue }
            if let seen = params[use.index], seen !== found {
                throw Exceptions.method(.type(family), fields)
            }
            params[use.index] = found
        }
        // `MyVal{true}()`, `Point{Float64}(1, 2)`: a call that names every parameter (values
        // included) makes exactly that type, its fields converted above.
        if let target = interp.constructing.last, target.family === family, target.parameters.count == typeParamCount,
           !target.parameters.contains(.free) {
            return target
        }
        guard params.allSatisfy({ $0 != nil }) else { return family }
        return family.instantiate(params.map { .type($0!) })
    }
}

/// `new(a, b)` inside an inner constructor.
package final class NewInstance: Node {
    package let box: StructTypeBox
    package let args: [Node]
    package init(box: StructTypeBox, args: [Node], span: Span) {
        self.box = box
        self.args = args
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        guard let t = box.type else { throw locate(Exceptions.error("`new` used outside a constructor")) }
        var fields: [Value] = []
        for (i, a) in args.enumerated() {
            let v = try a.eval(interp, fp)
            if i < t.fieldTypes.count, let ft = t.fieldTypes[i] {
                do { fields.append(try interp.convertElement(v, to: ft)) } catch { throw locate(error) }
            } else {
                fields.append(v)
            }
        }
        // Fields not given stay undefined, as Julia allows for mutable structs.
        while fields.count < t.fieldNames.count { fields.append(.undef) }
        if args.count > t.fieldNames.count { throw locate(Exceptions.error("new: too many arguments (expected \(t.fieldNames.count))")) }
        // A parametric struct's instance: the parameters the call gave (`OurRational{Int}(...)`)
        // or those its fields determine.
        var type = t
        if !t.parameterNames.isEmpty {
            do { type = try StructDefinition.instanceType(t, typeParamCount: t.parameterNames.count, box.fieldTypeParams, &fields, interp) } catch { throw locate(error) }
        }
        return .object(StructInstance(type: type, fields: fields))
    }
}

/// `global x::T`: from now on assignments to the global convert to `T`. Julia refuses a
/// global that already has a value or another declared type.
package final class DeclareGlobalType: Node {
    package let binding: GlobalBinding
    package let type: Node
    package init(_ binding: GlobalBinding, type: Node, span: Span) {
        self.binding = binding
        self.type = type
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        guard case .type(let t) = try type.eval(interp, fp) else { throw locate(Exceptions.error("expected a type after `::`")) }
        if let old = binding.declaredType, old === t { return .nothing }
        guard binding.declaredType == nil, isUndef(binding.value) else {
            throw locate(Exceptions.error("cannot set type for global \(binding.name). It already has a value or is already set to a different type."))
        }
        binding.declaredType = t
        return .nothing
    }
}

package final class AbstractTypeDefinition: Node {
    package let name: String
    package let header: TypeHeader
    package let binding: GlobalBinding
    package init(name: String, header: TypeHeader, binding: GlobalBinding, span: Span) {
        self.name = name
        self.header = header
        self.binding = binding
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let t = FlxType(name: name, kind: .abstract, supertype: BuiltinTypes.any)
        t.definingInterpreter = ObjectIdentifier(interp)
        do { try header.apply(to: t, name: name, interp, fp) } catch { throw locate(error) }
        binding.value = .type(t)
        binding.isConst = true
        return .nothing
    }
}

/// `using A, B`, `using A: x, y`, `import A`, `import A: x`.
package final class UsingNode: Node {
    package let paths: [[String]]
    package let names: [String]?
    package let isImport: Bool
    package unowned let module: ModuleValue
    package init(paths: [[String]], names: [String]?, isImport: Bool, module: ModuleValue, span: Span) {
        self.paths = paths
        self.names = names
        self.isImport = isImport
        self.module = module
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        for path in paths {
            guard let m = interp.findModule(path, from: module) else {
                throw locate(Exceptions.argument("Package \(path.joined(separator: ".")) not found in current path.\n" + BundledPackages.advice(forMissing: path[0])))
            }
            if let names {
                for n in names {
                    // `using Flux: Flux, Dense`: a module's own name is one of its names.
                    if n == m.name, m.member(n) == nil {
                        module.binding(n).value = .module(m)
                        continue
                    }
                    // Macros are the session's, not a module's: one that exists is in scope.
                    if n.hasPrefix("@"), interp.macros[String(n.dropFirst())] != nil { continue }
                    guard let b = m.member(n) else {
                        // Julia 1.10 warns and goes on with the other names.
                        interp.errorOutput("WARNING: could not import \(path.joined(separator: ".")).\(n) into \(module.name)\n")
                        continue
                    }
                    module.binding(n).value = b.value
                }
                continue
            }
            module.binding(path.last!).value = .module(m)
            if !isImport && !module.usings.contains(where: { $0 === m }) { module.usings.append(m) }
        }
        return .nothing
    }
}

package final class ModuleDefinition: Node {
    package let name: String
    package let body: Expr
    package unowned let parent: ModuleValue
    package init(name: String, body: Expr, parent: ModuleValue, span: Span) {
        self.name = name
        self.body = body
        self.parent = parent
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let m = ModuleValue(name: name, parent: parent)
        m.usings = [interp.base]
        parent.binding(name).value = .module(m)
        guard case .block(let items) = body.kind else { return .nothing }
        for item in items {
            if case .macroCall = item.kind {}
            try interp.runTopLevel(item, in: m)
        }
        return .module(m)
    }
}
