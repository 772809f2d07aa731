/// Dispatch on the element types of a tuple argument (`f(x::Tuple{Int, Int})`,
/// `NTuple{2, Float64}`, `Tuple{Vararg{Int}}`, `Tuple{}`).
///
/// A tuple's `typeOf` is the bare `Tuple`, which is what call sites compare cheaply. A
/// function one of whose methods asks more of a tuple than being one
/// (`GenericFunction.dispatchesOnTupleElements`) dispatches on the tuple's full type
/// instead, `Tuple{Int64, Int64}`, so the subtype test sees the elements. Call-site caches
/// key on the bare type's identity, which never equals a full one, so such a call is
/// dispatched afresh each time rather than answered by another tuple's choice.
extension FlxType {
    /// Whether an argument declared `::self` may reject some tuples: a `Tuple{...}` with its
    /// parameters (even none, `Tuple{}`), alone or in a Union.
    package var constrainsTupleElements: Bool {
        if case .union(let members) = kind { return members.contains { $0.constrainsTupleElements } }
        return family === BuiltinTypes.tuple
    }
}

extension Method {
    /// Whether a parameter (or the varargs) is declared with a tuple type that has parameters.
    package var constrainsTupleElements: Bool {
        signature.contains { $0.constrainsTupleElements } || (vararg?.constrainsTupleElements ?? false)
    }
}

extension Interpreter {
    /// The type `g`'s method table sees for the argument `v`: the full `Tuple{...}` of a
    /// tuple when one of g's methods looks at tuple elements, else `typeOf(v)`.
    @inline(__always) package func dispatchType(_ v: Value, for g: GenericFunction) -> FlxType {
        if g.dispatchesOnTupleElements, case .tuple = v { return preciseType(of: v) }
        return typeOf(v)
    }
}

/// `NTuple{N, T}`: Julia's alias for the tuple of N elements of type T.
package enum TupleTypes {
    package static let nTuple: FlxType = {
        let t = FlxType(name: "NTuple", supertype: BuiltinTypes.any)
        t.parameterNames = ["N", "T"]
        return t
    }()

    /// The tuple type `NTuple{ps...}` stands for: `Tuple{T, T}` for `NTuple{2, T}`, and
    /// `Tuple{Vararg{T}}` while N is left open.
    package static func nTuple(_ ps: [FlxType.Parameter]) throws -> FlxType {
        let element = ps.count > 1 ? ps[1] : .free
        if case .int(let n)? = ps.first, n >= 0 {
            try MemoryGuard.reserve(count: n, bytesEach: MemoryLayout<FlxType.Parameter>.stride)
            return BuiltinTypes.tuple.instantiate((0..<n).map { _ in element })
        }
        return BuiltinTypes.tuple.instantiate([.type(BuiltinTypes.vararg.instantiate([element]))])
    }
}

/// The `where` variables of a signature's tuple types (`Tuple{T, T} where T<:Real`): a type
/// standing for "any concrete type under the bound, the same wherever this name appears
/// in the tuple".
package enum DiagonalVariables {
    package static let family: FlxType = {
        let t = FlxType(name: "TypeVar", kind: .abstract, supertype: BuiltinTypes.any)
        t.parameterNames = ["name", "ub"]
        return t
    }()

    package static func variable(_ name: String, bound: FlxType) -> FlxType {
        family.instantiate([.value(.sym(name), name), .type(bound)])
    }

    /// Whether the tuple element type `x` fits the variable `v`, given the types the
    /// variables took at earlier positions (updated).
    static func matches(_ x: FlxType, _ v: FlxType, taken: inout [String: FlxType]) -> Bool {
        guard case .value(_, let name)? = v.parameters.first, v.parameters.count > 1, case .type(let upper) = v.parameters[1],
              !x.isAbstract, x.isSubtype(of: upper) else { return false }
        if let earlier = taken[name] { return earlier === x }
        taken[name] = x
        return true
    }
}
