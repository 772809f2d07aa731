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
                g = try genericFunction(in: b, interp)
            case .callable(let typeNode):
                guard case .type(let t) = try typeNode.eval(interp, fp) else { throw Exceptions.error("expected a type in a callable-object method") }
                let owner = t.root
                if owner.callMethods == nil { owner.callMethods = GenericFunction(name: "(::\(owner.name))", module: module.name) }
                g = owner.callMethods!
                if t !== owner { t.callMethods = g }
            }
            let result: Value = constructed.map { .type($0) } ?? .function(g)
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
            for n in stride(from: fullCount, through: min(fullCount, code.requiredCount), by: -1) {
                let m = Method(signature: Array(signature[0..<n]), vararg: n == fullCount ? vararg : nil, body: .compiled(code))
                m.typeBindings = typeVars.map { tv in (tv.name, tv.position, tv.viaElementType) }
                g.add(m)
            }
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
            if t.constructor == nil { t.constructor = GenericFunction(name: t.name, module: b.module.name) }
            return t.constructor!
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
    package let supertype: Node?
    package let constructors: [(CompiledFunction, [Node?])]
    package let box: StructTypeBox
    package let binding: GlobalBinding
    package unowned let module: ModuleValue

    package init(name: String, isMutable: Bool, fieldNames: [String], fieldTypes: [Node?], fieldTypeParams: [FieldParameter?], typeParams: [String], supertype: Node?, constructors: [(CompiledFunction, [Node?])], box: StructTypeBox, binding: GlobalBinding, module: ModuleValue, span: Span) {
        self.name = name
        self.isMutable = isMutable
        self.fieldNames = fieldNames
        self.fieldTypes = fieldTypes
        self.fieldTypeParams = fieldTypeParams
        self.typeParams = typeParams
        self.supertype = supertype
        self.constructors = constructors
        self.box = box
        self.binding = binding
        self.module = module
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        do {
            var sup = BuiltinTypes.any
            if let s = supertype {
                guard case .type(let t) = try s.eval(interp, fp) else { throw Exceptions.error("invalid supertype") }
                guard t.isAbstract else { throw Exceptions.error("invalid subtyping in definition of \(name): can only subtype abstract types.") }
                sup = t
            }
            let t = FlxType(name: name, supertype: sup)
            t.isStruct = true
            t.isMutable = isMutable
            t.fieldNames = fieldNames
            t.parameterNames = typeParams
            t.fieldTypes = try fieldTypes.map { n -> FlxType? in
                guard let n else { return nil }
                guard case .type(let ft) = try n.eval(interp, fp) else { throw Exceptions.error("invalid field type") }
                return ft
            }
            box.type = t
            let ctor = GenericFunction(name: name, module: module.name)
            t.constructor = ctor
            if constructors.isEmpty {
                // The default constructor: one positional argument per field.
                let fieldTypes = t.fieldTypes, fieldTypeParams = self.fieldTypeParams, typeParamCount = typeParams.count
                ctor.add(Method(signature: Array(repeating: BuiltinTypes.any, count: fieldNames.count), acceptsKeywords: false, body: .native { interp, args in
                    var fields: [Value] = []
                    for i in 0..<args.count {
                        fields.append(try fieldTypes[i].map { try interp.convertElement(args[i], to: $0) } ?? args[i])
                    }
                    let type = try StructDefinition.instanceType(t, typeParamCount: typeParamCount, fieldTypeParams, &fields, interp)
                    return .object(StructInstance(type: type, fields: fields))
                }))
            } else {
                for (code, typeNodes) in constructors {
                    var sig: [FlxType] = []
                    for n in typeNodes {
                        if let n, case .type(let pt) = try n.eval(interp, fp) { sig.append(pt) } else { sig.append(BuiltinTypes.any) }
                    }
                    let vararg: FlxType? = code.hasVararg ? sig.popLast() : nil
                    for n in stride(from: sig.count, through: code.requiredCount, by: -1) {
                        ctor.add(Method(signature: Array(sig[0..<n]), vararg: n == sig.count ? vararg : nil, body: .compiled(code)))
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
        return .object(StructInstance(type: t, fields: fields))
    }
}

package final class AbstractTypeDefinition: Node {
    package let name: String
    package let supertype: Node?
    package let binding: GlobalBinding
    package init(name: String, supertype: Node?, binding: GlobalBinding, span: Span) {
        self.name = name
        self.supertype = supertype
        self.binding = binding
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var sup = BuiltinTypes.any
        if let s = supertype, case .type(let t) = try s.eval(interp, fp) { sup = t }
        binding.value = .type(FlxType(name: name, kind: .abstract, supertype: sup))
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
                throw locate(Exceptions.argument("Package \(path.joined(separator: ".")) not found in current path.\n- Run `import Pkg; Pkg.add(\"\(path[0])\")` to install the \(path[0]) package."))
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
