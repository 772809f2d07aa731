import FlxSyntax
/// How types print (`Vector{Float32}`, `Matrix{Float64}`, `Array{Float32, 3}`,
/// `AbstractVector{<:Real}`) and how `T{...}` builds a type from parameters.
public enum TypeNames {
    public static func show(_ t: FlxType) -> String {
        if case .union(let members) = t.kind {
            return "Union{" + members.map(show).joined(separator: ", ") + "}"
        }
        guard let family = t.family else { return t.name }
        if let name = family.arrayStyle?.typeName { return name(t) }
        if let alias = ComplexObject.alias(t) { return alias }
        let ps = t.parameters
        func param(_ p: FlxType.Parameter) -> String {
            switch p {
            case .type(let x): return show(x)
            case .int(let n): return String(n)
            case .free: return "<:Any"
            case .bounded(let b): return "<:" + show(b)
            case .value(_, let repr): return repr
            }
        }
        if family === BuiltinTypes.namedTuple, ps.count == 2, case .value(.tuple(let names), _) = ps[0], case .type(let tt) = ps[1],
           tt.family === BuiltinTypes.tuple, tt.parameters.count == names.items.count {
            // Julia 1.10 prints NamedTuple types in their macro form.
            let fields = zip(names.items, tt.parameters).map { n, p -> String in
                let name: String
                if case .symbol(let s) = n { name = s.name } else { name = "?" }
                return name + "::" + param(p)
            }
            return "@NamedTuple{" + fields.joined(separator: ", ") + "}"
        }
        if family === BuiltinTypes.bitArray, case .int(let n)? = ps.first {
            return n == 1 ? "BitVector" : n == 2 ? "BitMatrix" : "BitArray{\(n)}"
        }
        if family === BuiltinTypes.array || family === BuiltinTypes.abstractArray || family === BuiltinTypes.denseArray {
            let base = family === BuiltinTypes.array ? ("Vector", "Matrix") : family === BuiltinTypes.abstractArray ? ("AbstractVector", "AbstractMatrix") : ("DenseVector", "DenseMatrix")
            let elem = ps.first ?? .free
            let n = ps.count > 1 ? ps[1] : .free
            if case .int(let k) = n, k == 1 || k == 2 {
                let name = k == 1 ? base.0 : base.1
                if elem == .free { return name }
                return "\(name){\(param(elem))}"
            }
            if elem == .free && n == .free { return family.name }
            if n == .free { return "\(family.name){\(param(elem))}" }
            return "\(family.name){\(param(elem)), \(param(n))}"
        }
        if family === BuiltinTypes.tuple {
            // Julia names a long tuple of one element type by its alias.
            if ps.count > 3, ps.allSatisfy({ $0 == ps[0] }) { return "NTuple{\(ps.count), \(param(ps[0]))}" }
            return "Tuple{" + ps.map(param).joined(separator: ", ") + "}"
        }
        if ps.isEmpty { return family.name }
        return family.name + "{" + ps.map(param).joined(separator: ", ") + "}"
    }

    /// `T{P...}` for the built-in parametric types and their aliases.
    public static func apply(_ t: FlxType, _ ps: [FlxType.Parameter]) throws -> FlxType {
        if t === BuiltinTypes.union {
            let members = ps.compactMap { p -> FlxType? in if case .type(let m) = p { return m }; return nil }
            if members.count == 1 { return members[0] }
            return FlxType(name: "Union", kind: .union(members), supertype: BuiltinTypes.any)
        }
        if let fam = t.family, fam === BuiltinTypes.array || fam === BuiltinTypes.abstractArray || fam === BuiltinTypes.denseArray {
            // `Vector{T}` = `Array{T, 1}`: fill the alias's open slots in order.
            var filled = t.parameters
            var k = 0
            for i in filled.indices where filled[i] == .free && k < ps.count {
                filled[i] = ps[k]
                k += 1
            }
            return instantiateArrayFamily(fam, filled)
        }
        if t === BuiltinTypes.array || t === BuiltinTypes.abstractArray || t === BuiltinTypes.denseArray {
            var filled = ps
            while filled.count < 2 { filled.append(.free) }
            return instantiateArrayFamily(t, filled)
        }
        if t === TupleTypes.nTuple { return try TupleTypes.nTuple(ps) }
        if t === BuiltinTypes.typeType, case .type(let inner)? = ps.first {
            return FlxType.typeOfType(inner)
        }
        try checkBounds(t, ps)
        return t.instantiate(ps)
    }

    /// `Pointy{AbstractString}` for `abstract type Pointy{T<:Real}`: Julia's TypeError naming
    /// the family, the parameter and its bound.
    private static func checkBounds(_ t: FlxType, _ ps: [FlxType.Parameter]) throws {
        for (i, p) in ps.enumerated() where i < t.parameterBounds.count {
            guard let bound = t.parameterBounds[i] else { continue }
            let name = i < t.parameterNames.count ? t.parameterNames[i] : "T"
            let got: Value
            switch p {
            case .type(let x):
                if x.isSubtype(of: bound) { continue }
                got = .type(x)
            case .bounded(let x):
                if x.isSubtype(of: bound) { continue }
                got = .type(x)
            case .int(let n): got = .int(Int64(n))
            case .value(let v, _): got = v
            case .free: continue
            }
            throw Exceptions.make("TypeError", [.sym(t.name), .str(name), .str("\(name)<:\(show(bound))"), got])
        }
    }

    package static func instantiateArrayFamily(_ fam: FlxType, _ ps: [FlxType.Parameter]) -> FlxType {
        if fam === BuiltinTypes.array, case .type(let et) = ps[0], case .int(let n) = ps[1] {
            return BuiltinTypes.arrayOf(et, n)
        }
        return fam.instantiate(ps)
    }
}

extension FlxType {
    /// `Type{T}`: matched only by the type `T` itself (for methods like `zero(::Type{T})`).
    package static func typeOfType(_ t: FlxType) -> FlxType {
        BuiltinTypes.typeType.instantiate([.type(t)])
    }
}
