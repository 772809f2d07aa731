import FlxSyntax
import FlxCore
import FlxEngine

/// StaticArrays' array types: `SArray{S, T, N, L}` (immutable) and `MArray{S, T, N, L}`
/// (mutable, fixed size), with their aliases `SVector{N, T}`, `SMatrix{M, N, T, L}`,
/// `MVector`, `MMatrix`. The size is part of the type, as in Julia.
///
/// flx keeps the elements dense, like any array, so arithmetic, broadcasting and the tape
/// work on them unchanged (and give plain arrays back, where StaticArrays would give
/// static ones). What the types change is what a user can see: the name and summary line
/// Julia prints, and that an `SArray` cannot be written: `setindex!` and `.=` refuse it, and
/// Optimisers' `update!` gives a model with a new array instead of writing into it.
package enum StaticArrayTypes {
    /// `StaticArray{S, T, N}`: the abstract supertype of both kinds.
    package static let staticArray: FlxType = {
        let t = FlxType(name: "StaticArray", kind: .abstract, supertype: BuiltinTypes.abstractArray)
        t.parameterNames = ["S", "T", "N"]
        return t
    }()

    /// One kind (`S` or `M`): its general family and the vector and matrix aliases, which
    /// flx keeps as families of their own (so `x isa SVector` asks for the family) under
    /// the general one (so `x isa SArray` holds as well).
    package struct Kind {
        package let array: FlxType
        package let vector: FlxType
        package let matrix: FlxType
        package let mutable: Bool

        init(prefix: String, mutable: Bool) {
            self.mutable = mutable
            array = FlxType(name: prefix + "Array", supertype: staticArray)
            array.parameterNames = ["S", "T", "N", "L"]
            vector = FlxType(name: prefix + "Vector", supertype: array)
            vector.parameterNames = ["N", "T"]
            matrix = FlxType(name: prefix + "Matrix", supertype: array)
            matrix.parameterNames = ["S1", "S2", "T", "L"]
            for family in [array, vector, matrix] {
                family.arrayMutability = mutable ? .fixedSize : .readOnly
                family.copyKeepsType = true
                family.arrayStyle = ArrayStyle(summary: { type in
                    "\(TypeNames.show(type)) with indices " + StaticArrayTypes.dims(of: type).map { "SOneTo(\($0))" }.joined(separator: "×")
                })
            }
        }
    }

    package static let immutable = Kind(prefix: "S", mutable: false)
    package static let mutable = Kind(prefix: "M", mutable: true)

    /// The type of a static array of these sizes and element type: `SVector{3, Float64}`,
    /// `SMatrix{2, 2, Int64, 4}`, `SArray{Tuple{2, 2, 2}, Float64, 3, 8}`.
    package static func type(_ kind: Kind, dims: [Int], element: FlxType) -> FlxType {
        let count = dims.reduce(1, &*)
        let sizeTuple = BuiltinTypes.tuple.instantiate(dims.map { .int($0) })
        let abstract = staticArray.instantiate([.type(sizeTuple), .type(element), .int(dims.count)],
                                               supertype: BuiltinTypes.abstractArrayOf(element, dims.count))
        let general = kind.array.instantiate([.type(sizeTuple), .type(element), .int(dims.count), .int(count)], supertype: abstract)
        switch dims.count {
        case 1: return kind.vector.instantiate([.int(dims[0]), .type(element)], supertype: general)
        case 2: return kind.matrix.instantiate([.int(dims[0]), .int(dims[1]), .type(element), .int(count)], supertype: general)
        default: return general
        }
    }

    /// The sizes a static array type carries in its parameters.
    package static func dims(of type: FlxType) -> [Int] {
        let ints = type.parameters.compactMap { p -> Int? in if case .int(let n) = p { return n }; return nil }
        switch type.root.name {
        case "SVector", "MVector": return Array(ints.prefix(1))
        case "SMatrix", "MMatrix": return Array(ints.prefix(2))
        default:
            if case .type(let sizeTuple)? = type.parameters.first { return sizes(sizeTuple) }
            return []
        }
    }

    /// The sizes in a size tuple type (`Tuple{2, 2, 2}`).
    package static func sizes(_ sizeTuple: FlxType) -> [Int] {
        sizeTuple.parameters.compactMap { p -> Int? in if case .int(let n) = p { return n }; return nil }
    }

    /// Which kind a family (or an instance of one) belongs to, if it is static.
    package static func kind(of type: FlxType) -> Kind? {
        let root = type.root
        for kind in [immutable, mutable] where root === kind.array || root === kind.vector || root === kind.matrix { return kind }
        return nil
    }

    /// A static array holding a copy of `plain`'s elements (so writing into the array it
    /// came from does not change it).
    package static func make(_ kind: Kind, from plain: ArrayValue, _ interp: Interpreter) throws -> Value {
        let type = type(kind, dims: plain.dims, element: plain.elementType)
        if let t = plain.tensor { return .array(ArrayValue(tensor: try interp.engine { try t.copy() }, type: type)) }
        return .array(plain.retyped(type))
    }
}
