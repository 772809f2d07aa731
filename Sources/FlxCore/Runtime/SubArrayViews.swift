import FlxEngine

/// Julia's `SubArray`: `view(A, inds...)`, `@view A[...]` and slices inside `@views`.
///
/// A view that covers consecutive elements of its parent in column-major order (`A[:, j]`,
/// `A[:, 2:3]`, `v[2:5]`, `A[2:3, j]`) is an `ArrayValue` whose tensor shares the parent's
/// memory from the first selected element on (`Tensor.contiguousSlice`): every array
/// operation reads and writes the parent's elements through it, and it sees the parent's
/// later writes. Other selections (a row `A[i, :]`, stepped ranges, index vectors) and
/// views of non-numeric arrays pick their elements from the parent by position
/// (`PickedElements`). A view of an array being differentiated holds a recorded copy and
/// refuses writes (`SubArrayOrigin.refusesWrites`).
package enum SubArrays {
    /// `SubArray{T, N, P, I, L}`: I is the tuple of index types, L whether it indexes linearly
    /// (always true for the contiguous views flx aliases).
    package static let family: FlxType = {
        let t = FlxType(name: "SubArray", supertype: BuiltinTypes.abstractArrayOf(nil, nil))
        t.parameterNames = ["T", "N", "P", "I", "L"]
        // Julia's SubArray can be written but never resized.
        t.arrayMutability = .fixedSize
        return t
    }()

    /// One index of a view: its first parent index, length, whether it keeps its dimension,
    /// how Julia prints it in the summary and the type it has in `I`.
    private struct Selection {
        let first: Int
        let count: Int
        let keepsDimension: Bool
        let text: String
        let typeName: String
    }

    private static func selection(_ index: Value, size: Int) -> Selection? {
        switch index {
        case .int(let i):
            return Selection(first: Int(i), count: 1, keepsDimension: false, text: "\(i)", typeName: "Int64")
        case .native(let n) where n is ColonObject:
            return Selection(first: 1, count: size, keepsDimension: true, text: ":", typeName: "Base.Slice{Base.OneTo{Int64}}")
        case .range(let r):
            guard case .int(let start, _, _, true) = r.kind, r.count <= Int64(Int.max) else { return nil }
            let stop = r.last.map { v -> Int64 in if case .int(let s) = v { return s }; return start - 1 } ?? start - 1
            return Selection(first: Int(start), count: Int(r.count), keepsDimension: true, text: "\(start):\(stop)", typeName: "UnitRange{Int64}")
        default:
            return nil
        }
    }

    /// The aliasing view of `a[indices...]`, or nil when flx makes a copy instead. Throws
    /// Julia's BoundsError for an index outside the parent.
    static func alias(_ a: ArrayValue, _ indices: [Value], original: Value) throws -> ArrayValue? {
        guard let tensor = a.writableTensor, !indices.isEmpty,
              a.type.family === BuiltinTypes.array || a.type.family === family else { return nil }
        // One index into a multi-dimensional array selects from its column-major vector,
        // which Julia shows as a `Vector` parent.
        let linear = indices.count == 1 && a.rank != 1
        guard linear || indices.count == a.rank else { return nil }
        let sizes = linear ? [a.count] : a.dims
        var picks: [Selection] = []
        for (index, size) in zip(indices, sizes) {
            guard let s = selection(index, size: size) else { return nil }
            if s.count > 0 && (s.first < 1 || s.first + s.count - 1 > size) { throw Exceptions.bounds(original, .tuple(indices)) }
            picks.append(s)
        }
        // Consecutive in column-major order: whole dimensions, then one partial one, then
        // single positions.
        if let partial = picks.indices.first(where: { picks[$0].count != sizes[$0] }) {
            guard picks[(partial + 1)...].allSatisfy({ $0.count == 1 }) else { return nil }
        }
        let dims = picks.filter { $0.keepsDimension }.map { $0.count }
        let shape = try Shape(dims)
        var offset = 0, stride = 1
        for (s, size) in zip(picks, sizes) {
            offset += (s.first - 1) * stride
            stride *= size
        }
        let slice = try tensor.contiguousSlice(offset: shape.count == 0 ? 0 : offset, shape: shape)
        let view = ArrayValue(tensor: slice, type: type(of: a, linear: linear, dims: dims.count, indexTypes: picks.map { $0.typeName }, linearIndexing: true))
        view.subArray = SubArrayOrigin(summary: summary(of: a, linear: linear, texts: picks.map { $0.text }), parent: a, indices: indices)
        return view
    }

    /// `SubArray{T, N, P, I, L}` of a view of `a` (a `Vector` parent when one index reads a
    /// multi-dimensional array linearly).
    static func type(of a: ArrayValue, linear: Bool, dims: Int, indexTypes: [String], linearIndexing: Bool) -> FlxType {
        let parentType = linear ? BuiltinTypes.arrayOf(a.elementType, 1) : a.type
        let indexTuple = "Tuple{" + indexTypes.joined(separator: ", ") + "}"
        return family.instantiate([.type(a.elementType), .int(dims), .type(parentType),
                                   .value(.str(indexTuple), indexTuple), .value(.bool(linearIndexing), linearIndexing ? "true" : "false")],
                                  supertype: BuiltinTypes.abstractArrayOf(a.elementType, dims))
    }

    /// What Julia's summary of the view says after its size: `view(::Matrix{Float64}, 1, :) with eltype Float64`.
    static func summary(of a: ArrayValue, linear: Bool, texts: [String]) -> String {
        let parentType = linear ? BuiltinTypes.arrayOf(a.elementType, 1) : a.type
        return "view(::\(TypeNames.show(parentType)), " + texts.joined(separator: ", ") + ") with eltype \(TypeNames.show(a.elementType))"
    }
}

extension Interpreter {
    /// `view(A, inds...)`: a SubArray sharing A's elements where flx can (see `SubArrays`),
    /// else what `A[inds...]` gives.
    package func makeView(_ parent: Value, _ indices: [Value]) throws -> Value {
        guard case .array(let a) = parent else { return try getIndexTracked(parent, indices) }
        if isTracked(parent) {
            // An array being differentiated: the view holds a recorded gather of its
            // elements, so reading it is differentiated, and refuses writes by name.
            let copy = try getIndexTracked(parent, indices)
            guard case .array(let c) = copy, let t = c.tensor,
                  let (picks, _) = try SubArrays.picks(a, indices, self, original: parent) else { return copy }
            return .array(SubArrays.subArray(a, indices, picks, storage: .numeric(t), refusesWrites: true))
        }
        if let view = try SubArrays.alias(a, indices, original: parent) { return .array(view) }
        // Other array types (ranges made dense, read-only wrappers) keep their own rules for
        // writing, so only plain arrays and their views are picked from.
        if a.type.family === BuiltinTypes.array || a.type.family === SubArrays.family || a.type.family === BuiltinTypes.bitArray,
           let view = try SubArrays.picked(a, indices, self, original: parent) {
            return .array(view)
        }
        return try getIndexTracked(parent, indices)
    }
}

/// `Base.OneTo(n)` and `Base.Slice(Base.OneTo(n))`: what `parentindices` gives for a whole
/// dimension (a `:` of a view, every dimension of an array that is not one). As an index it
/// selects `1:n`.
public final class WholeDimension: NativeObject, NativeShowable {
    public let length: Int
    /// A `:` that a view was taken with (`Base.Slice`), rather than an array's own axis.
    public let isSlice: Bool
    public init(length: Int, isSlice: Bool = true) {
        self.length = length
        self.isSlice = isSlice
    }
    static let oneTo: FlxType = {
        let t = FlxType(name: "Base.OneTo", supertype: BuiltinTypes.abstractRange)
        t.parameterNames = ["T"]
        return t
    }()
    static let slice: FlxType = {
        let t = FlxType(name: "Base.Slice", supertype: BuiltinTypes.abstractRange)
        t.parameterNames = ["T"]
        return t
    }()
    public override var flxType: FlxType {
        let axis = WholeDimension.oneTo.instantiate([.type(BuiltinTypes.int64)])
        return isSlice ? WholeDimension.slice.instantiate([.type(axis)]) : axis
    }
    public func show(_ interp: Interpreter, compact: Bool) throws -> String {
        isSlice ? "Base.Slice(Base.OneTo(\(length)))" : "Base.OneTo(\(length))"
    }
    public func display(_ interp: Interpreter) throws -> String? { nil }
}
