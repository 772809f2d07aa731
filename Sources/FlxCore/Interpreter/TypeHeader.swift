import FlxSyntax

/// The head of a type definition, `Name{T<:B, ...} <: Super{T}`, compiled: the parameters'
/// bounds and the supertype. A supertype that uses the parameters is kept as a template,
/// so that `Point{Float64}` is a `Pointy{Float64}` while `Point` itself is a `Pointy`.
package struct TypeHeader {
    package enum Argument {
        /// The definition's own parameter at this index.
        case parameter(Int)
        /// A type (or value) fixed by the definition.
        case fixed(Node)
    }
    package let parameterNames: [String]
    package let bounds: [Node?]
    /// The supertype, or the family of the supertype when `template` is set.
    package let supertype: Node?
    package let template: [Argument]?

    /// Applies the header to a new type: its parameter names and bounds, its supertype and,
    /// for a template, how each instance finds its own.
    package func apply(to t: FlxType, name: String, _ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws {
        t.parameterNames = parameterNames
        t.parameterBounds = try bounds.map { n -> FlxType? in
            guard let n else { return nil }
            guard case .type(let b) = try n.eval(interp, fp) else { throw Exceptions.error("invalid bound for a parameter of \(name)") }
            return b
        }
        guard let s = supertype else { return }
        guard case .type(let sup) = try s.eval(interp, fp) else { throw Exceptions.error("invalid supertype") }
        guard sup.isAbstract else { throw Exceptions.error("invalid subtyping in definition of \(name): can only subtype abstract types.") }
        t.supertype = sup
        guard let template else { return }
        var fixed: [FlxType.Parameter?] = []
        for a in template {
            switch a {
            case .parameter: fixed.append(nil)
            case .fixed(let n):
                switch try n.eval(interp, fp) {
                case .type(let ft): fixed.append(n is UpperBoundNode ? .bounded(ft) : .type(ft))
                case .int(let k): fixed.append(.int(Int(k)))
                default: throw Exceptions.error("invalid supertype parameter in the definition of \(name)")
                }
            }
        }
        let arguments = template
        t.instanceSupertype = { params in
            var filled: [FlxType.Parameter] = []
            for (a, f) in zip(arguments, fixed) {
                if let f { filled.append(f); continue }
                guard case .parameter(let k) = a, k < params.count else { return nil }
                filled.append(params[k])
            }
            return try? TypeNames.apply(sup, filled)
        }
    }
}
