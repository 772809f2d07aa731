import FlxSyntax
import FlxCore
import FlxEngine

/// An array's dimensions and element type, and the same elements in another shape:
/// `size`, `axes`, `reshape`, `vec`, `permutedims`.
extension ArrayBuiltins {
    package static var arrayShape: [Builtin] {
        [
            Builtin("size", differentiation: .constant, dimensionSizes,
                help: BuiltinHelp("size(A)  /  size(A, d)", "The dimensions of `A` as a tuple, or the length along dimension `d`.", "size(zeros(2, 3))  # (2, 3)")),
            Builtin("axes", differentiation: .constant, { interp, a in
                try a.expect("axes", 1...2)
                guard case .tuple(let dims) = try interp.call(interp.base.binding("size").value, [a[0]]) else { return .nothing }
                let ranges = dims.items.map { Value.range(RangeValue(.int(start: 1, step: 1, stop: asInt($0), unit: true))) }
                if a.count == 2 {
                    // Julia indexes the tuple of axes, so a dimension below 1 is its BoundsError.
                    let d = try a.int(1, "axes")
                    if d < 1 { throw Exceptions.bounds(.tuple(ranges), a[1]) }
                    return d <= ranges.count ? ranges[d - 1] : .range(RangeValue(.int(start: 1, step: 1, stop: 1, unit: true)))
                }
                return .tuple(ranges)
            }, help: BuiltinHelp("axes(A)  /  axes(A, d)", "The valid index ranges of `A`, one per dimension.", "axes(zeros(2, 3))  # (1:2, 1:3)")),
            Builtin("ndims", differentiation: .constant, { _, a in
                try a.expect("ndims", 1...1)
                switch a[0] {
                case .array(let arr): return .int(Int64(arr.rank))
                case .range: return .int(1)
                case .int, .float64, .float32, .bool: return .int(0)
                default: throw Exceptions.method(.str("ndims"), a.values)
                }
            }, help: BuiltinHelp("ndims(A)", "The number of dimensions of an array.", "ndims(zeros(2, 3))  # 2")),
            Builtin("eltype", differentiation: .constant, { interp, a in
                try a.expect("eltype", 1...1)
                switch a[0] {
                case .array(let arr): return .type(arr.elementType)
                case .type(let t):
                    if case .type(let e)? = t.parameters.first, t.root === BuiltinTypes.array || t.root === BuiltinTypes.abstractArray { return .type(e) }
                    return .type(BuiltinTypes.any)
                case .range(let r):
                    if case .int = r.kind { return .type(BuiltinTypes.int64) }
                    return .type(BuiltinTypes.float64)
                case .string: return .type(BuiltinTypes.char)
                case .tuple(let t): return .type(t.items.isEmpty ? BuiltinTypes.any : interp.joinedType(t.items))
                default: return .type(interp.typeOf(a[0]))
                }
            }, help: BuiltinHelp("eltype(x)", "The element type of a collection or array type.", "eltype(Float32[1, 2])  # Float32")),
            Builtin("reshape", reshapedArray,
                help: BuiltinHelp("reshape(A, dims...)", "The same elements, in column-major order, with new dimensions; one dimension may be `:` to be inferred. Shares memory with `A`.", "reshape(1:6, 2, 3)")),
            Builtin("vec", { interp, a in
                try a.expect("vec", 1...1)
                guard case .array(let arr) = try materializeIfRange(a[0], interp) else { throw Exceptions.method(.str("vec"), a.values) }
                if let t = arr.tensor { return .array(ArrayValue(tensor: try interp.engine { tape in try Shaping.vec(t, tape: tape) })) }
                return .array(ArrayValue(boxed: arr.boxedValues, shape: try Shape([arr.count]), elementType: arr.elementType))
            }, help: BuiltinHelp("vec(A)", "The elements of `A` as a vector, in column-major order.", "vec([1 2; 3 4])  # [1, 3, 2, 4]")),
            Builtin("permutedims", { interp, a in
                try a.expect("permutedims", 1...2)
                guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("permutedims"), a.values) }
                var perm = [2, 1]
                if a.count == 2 { perm = try interp.collect(a[1]).map { Int(asInt($0)) } }
                guard let t = arr.tensor else { return try permutedBoxed(arr, perm, vectorRow: arr.rank == 1 && a.count == 1) }
                if arr.rank == 1 && a.count == 1 {
                    return .array(ArrayValue(tensor: try interp.engine { tape in try Shaping.reshape(t, [1, t.count], tape: tape) }))
                }
                return .array(ArrayValue(tensor: try interp.engine { tape in try Shaping.permutedims(t, perm, tape: tape) }))
            }, help: BuiltinHelp("permutedims(A, [perm])", "Reorders the dimensions of `A` (for a matrix, a non-recursive transpose).", "permutedims([1 2; 3 4])  # [1 3; 2 4]")),
        ]
    }

    /// permutedims of an array of values (strings, symbols, ...): a vector becomes a
    /// 1×n row; otherwise element I of the result is element I[invperm] of the array.
    static func permutedBoxed(_ arr: ArrayValue, _ perm: [Int], vectorRow: Bool) throws -> Value {
        let values = arr.boxedValues
        if vectorRow { return .array(ArrayValue(boxed: values, shape: try Shape([1, values.count]), elementType: arr.elementType)) }
        let r = arr.rank
        guard perm.count == r, Set(perm) == Set(1...max(r, 1)) || r == 0 else { throw Exceptions.argument("no valid permutation of dimensions") }
        let dims = arr.dims, newDims = perm.map { dims[$0 - 1] }
        var strides = [Int](), acc = 1
        for d in dims { strides.append(acc); acc *= d }
        var out: [Value] = []
        for i in 0..<values.count {
            // The result position of linear index i, read back through the permutation.
            var rest = i, source = 0
            for k in 0..<r {
                let coordinate = rest % newDims[k]
                rest /= newDims[k]
                source += coordinate * strides[perm[k] - 1]
            }
            out.append(values[source])
        }
        return .array(ArrayValue(boxed: out, shape: try Shape(newDims), elementType: arr.elementType))
    }

    static func reshapedArray(_ interp: Interpreter, _ a: Args) throws -> Value {
        guard a.count >= 2, case .array(let arr) = try materializeIfRange(a[0], interp) else { throw Exceptions.method(.str("reshape"), a.values) }
        var dims: [Int] = []
        let rest = a.count == 2 ? (a[1].isTuple ? try interp.collect(a[1]) : [a[1]]) : Array(a.values.dropFirst())
        for d in rest {
            switch d {
            case .int(let n): dims.append(Int(truncatingIfNeeded: n))
            case .native(let c) where c is ColonObject: dims.append(-1)
            default: throw Exceptions.method(.str("reshape"), a.values)
            }
        }
        if let t = arr.tensor {
            let reshaped = ArrayValue(tensor: try interp.engine { tape in try Shaping.reshape(t, dims, tape: tape) })
            if case .range = a[0] { return .array(CartesianIndexing.reshapedRange(a[0], reshaped, interp)) }
            return .array(reshaped)
        }
        let known = dims.filter { $0 >= 0 }.reduce(1, *)
        if let i = dims.firstIndex(of: -1) { dims[i] = known == 0 ? 0 : arr.count / known }
        guard dims.reduce(1, *) == arr.count else {
            throw Exceptions.dimensionMismatch("new dimensions (\(dims.map(String.init).joined(separator: ", "))) must be consistent with array size \(arr.count)")
        }
        return .array(ArrayValue(boxed: arr.boxedValues, shape: try Shape(dims), elementType: arr.elementType))
    }

    static func dimensionSizes(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("size", 1...2)
        let dims: [Int]
        switch a[0] {
        case .array(let arr): dims = arr.dims
        case .range(let r): dims = [Int(r.count)]
        case .tuple(let t): dims = [t.items.count]
        case .string(let s): dims = [s.value.unicodeScalars.count]
        case .int, .float64, .float32, .bool, .tracked: dims = []  // a number is 0-dimensional
        case .native(let f as FactorizationObject): dims = [f.size.0, f.size.1]
        case .native(let q as QRQObject): dims = [q.order, q.order]
        default:
            if let n = interp.knownLength(a[0]) { dims = [n] } else { throw Exceptions.method(.str("size"), a.values) }
        }
        if a.count == 2 {
            let d = try a.int(1, "size")
            guard d >= 1 else { throw Exceptions.argument("dimension out of range") }
            return .int(Int64(d <= dims.count ? dims[d - 1] : 1))
        }
        return .tuple(dims.map { .int(Int64($0)) })
    }
}
