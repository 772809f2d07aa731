import FlxSyntax
import FlxCore
import FlxEngine

/// `CartesianIndex`, `CartesianIndices` and `LinearIndices` (Base's multidimensional.jl and
/// indices.jl), and `reshape` of a range (Base's `ReshapedArray`).
///
/// `CartesianIndices(A)` and `LinearIndices(A)` are lazy in Julia; flx fills them in (one
/// element per position of A) under their own types, which print as Julia prints them and
/// refuse `setindex!` as Julia's do. A reshaped range is likewise dense under
/// `Base.ReshapedArray`'s type.
package enum CartesianIndexing {
    static let cartesianIndices = indexFamily("CartesianIndices")
    static let linearIndices = indexFamily("LinearIndices")

    /// `CartesianIndices{N, Tuple{Base.OneTo{Int64}, ...}}` and the like: flx's are always
    /// over `Base.OneTo` axes, so N is all the type keeps.
    private static func indexFamily(_ name: String) -> FlxType {
        let t = FlxType(name: name, supertype: BuiltinTypes.abstractArrayOf(nil, nil))
        t.parameterNames = ["N", "R"]
        t.arrayMutability = .readOnly
        t.arrayStyle = ArrayStyle(typeName: { type in
            guard case .int(let n)? = type.parameters.first else { return name }
            let axes = (0..<n).map { _ in "Base.OneTo{Int64}" }.joined(separator: ", ")
            return "\(name){\(n), Tuple{\(axes)}}"
        }, readOnly: { $0 })
        return t
    }

    /// `Base.ReshapedArray{T, N, P, Tuple{}}`: P is the parent range's type.
    static let reshapedArray: FlxType = {
        let t = FlxType(name: "ReshapedArray", supertype: BuiltinTypes.abstractArrayOf(nil, nil))
        t.parameterNames = ["T", "N", "P", "MI"]
        t.arrayMutability = .readOnly
        func parts(_ type: FlxType) -> (FlxType, Int, FlxType)? {
            guard type.parameters.count == 3, case .type(let e) = type.parameters[0], case .int(let n) = type.parameters[1],
                  case .type(let p) = type.parameters[2] else { return nil }
            return (e, n, p)
        }
        t.arrayStyle = ArrayStyle(typeName: { type in
            guard let (e, n, p) = parts(type) else { return "Base.ReshapedArray" }
            return "Base.ReshapedArray{\(TypeNames.show(e)), \(n), \(TypeNames.show(p)), Tuple{}}"
        }, sizedSummary: { type, dims in
            guard let (e, _, p) = parts(type) else { return TypeNames.show(type) }
            return "reshape(::\(TypeNames.show(p)), \(dims.map(String.init).joined(separator: ", "))) with eltype \(TypeNames.show(e))"
        }, readOnly: { type in parts(type)?.2 ?? type })
        return t
    }()

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        let ci = CartesianIndexObject.family
        TypeBuiltins.setConstructor(ci) { interp, a in try cartesianIndex(a, interp) }
        b.define("CartesianIndex", .type(ci))
        TypeBuiltins.setConstructor(cartesianIndices) { interp, a in
            let dims = try axesSizes(a, "CartesianIndices", interp)
            let values = try MemoryGuard.values(repeating: Value.nothing, count: dims.reduce(1, *))
            let filled = values.indices.map { Value.native(CartesianIndexObject.of(linear: $0, dims: dims)) }
            let element = CartesianIndexObject.type(rank: dims.count)
            let type = cartesianIndices.instantiate([.int(dims.count)], supertype: BuiltinTypes.abstractArrayOf(element, dims.count))
            return .array(ArrayValue(boxed: filled, shape: try interp.engine { try Shape(dims) }, elementType: element, type: type))
        }
        b.define("CartesianIndices", .type(cartesianIndices))
        TypeBuiltins.setConstructor(linearIndices) { interp, a in
            let dims = try axesSizes(a, "LinearIndices", interp)
            let shape = try interp.engine { try Shape(dims) }
            try MemoryGuard.reserve(count: shape.count, bytesEach: 8)
            let t = try Tensor.from((0..<shape.count).map { Double($0 + 1) }, shape: shape, dtype: .int64)
            let type = linearIndices.instantiate([.int(dims.count)], supertype: BuiltinTypes.abstractArrayOf(BuiltinTypes.int64, dims.count))
            return .array(ArrayValue(tensor: t, type: type))
        }
        b.define("LinearIndices", .type(linearIndices))
    }

    /// `CartesianIndex(i, j, ...)` or `CartesianIndex((i, j, ...))`.
    static func cartesianIndex(_ a: Args, _ interp: Interpreter) throws -> Value {
        let parts = a.count == 1 && a[0].isTuple ? try interp.collect(a[0]) : a.values
        var out: [Int64] = []
        for p in parts {
            switch p {
            case .int, .sized, .wide: out.append(asInt(p))
            default: throw Exceptions.method(.str("CartesianIndex"), a.values)
            }
        }
        return .native(CartesianIndexObject(out))
    }

    /// The sizes of `A`'s axes, or of a tuple of lengths: flx's index collections start at 1.
    static func axesSizes(_ a: Args, _ name: String, _ interp: Interpreter) throws -> [Int] {
        try a.expect(name, 1...1)
        switch a[0] {
        case .array(let arr): return arr.dims
        case .range(let r): return [Int(r.count)]
        case .tuple(let t):
            return try t.items.map { item in
                switch item {
                case .int(let n) where n >= 0: return Int(n)
                case .range(let r) where r.count == 0 || { if case .int(1) = r.element(0) { return true }; return false }():
                    return Int(r.count)
                default: throw Exceptions.argument("\(name) over axes that do not start at 1 is not supported by flx: \(try Display.repr(a[0], interp))")
                }
            }
        default: throw Exceptions.method(.str(name), a.values)
        }
    }

    /// A range reshaped to `dims` (other than its own length): its elements under
    /// `Base.ReshapedArray{T, N, typeof(range), Tuple{}}`, as Julia's `reshape` of a range gives.
    static func reshapedRange(_ range: Value, _ result: ArrayValue, _ interp: Interpreter) -> ArrayValue {
        guard let t = result.tensor, !(result.rank == 1) else { return result }
        let type = reshapedArray.instantiate([.type(result.elementType), .int(result.rank), .type(interp.typeOf(range))],
                                             supertype: BuiltinTypes.abstractArrayOf(result.elementType, result.rank))
        return ArrayValue(tensor: t, type: type)
    }

    /// Linear positions (1-based, of an array of `dims`) as Julia's Cartesian indices.
    static func cartesian(_ linear: Tensor, dims: [Int], _ interp: Interpreter) throws -> Value {
        let values = (0..<linear.count).map { Value.native(CartesianIndexObject.of(linear: Int(linear.intValue($0)) - 1, dims: dims)) }
        return .array(ArrayValue(boxed: values, shape: linear.shape, elementType: CartesianIndexObject.type(rank: dims.count)))
    }

    /// The index `find*`/`arg*` report for linear position `linear` (1-based) of `v`: the
    /// position itself for a vector, a CartesianIndex for an array of more dimensions.
    static func key(_ linear: Int64, of v: Value) -> Value {
        guard case .array(let a) = v, a.rank >= 2 else { return .int(linear) }
        return .native(CartesianIndexObject.of(linear: Int(linear) - 1, dims: a.dims))
    }
}
