import FlxEngine

/// The elements of a SubArray that are not consecutive in its parent (`view(A, 1, :)`, a
/// stepped range, an index vector, any view of a non-numeric array): the parent and, for
/// each of the view's elements in column-major order, its 0-based linear position there.
/// Reads and writes go to the parent element by element (`ArrayValue.element`,
/// `setElement`), so the view and the parent see each other's writes; a numeric kernel
/// that wants contiguous data gets a gathered copy (`gathered`), for reading only.
public final class PickedElements {
    public let parent: ArrayValue
    public let positions: [Int]
    public let shape: Shape

    init(parent: ArrayValue, positions: [Int], shape: Shape) {
        self.parent = parent
        self.positions = positions
        self.shape = shape
    }

    /// A new tensor holding the view's current elements, or nil when the parent does not
    /// keep its elements in a tensor (boxed values).
    func gathered() -> Tensor? {
        guard let source = parent.tensor, let t = try? Tensor.zeros(source.dtype, shape) else { return nil }
        switch source.dtype {
        case .float32: for (k, p) in positions.enumerated() { t.setFloat(source.floatValue(p), k) }
        case .float64: for (k, p) in positions.enumerated() { t.setDouble(source.doubleValue(p), k) }
        case .int64: for (k, p) in positions.enumerated() { t.setInt(source.intValue(p), k) }
        case .bool: for (k, p) in positions.enumerated() { t.setBool(source.boolValue(p), k) }
        }
        return t
    }
}

/// What a SubArray knows of where it came from: its display summary after the size
/// (`view(::Matrix{Float64}, 1, :) with eltype Float64`), its parent and the indices given.
public final class SubArrayOrigin {
    public let summary: String
    public let parent: ArrayValue
    public let indices: [Value]
    /// Set on a view taken while differentiating an array on the tape: it holds a recorded
    /// copy (so reading it is differentiated), and writing into it is refused by name
    /// instead of being lost.
    public let refusesWrites: Bool

    init(summary: String, parent: ArrayValue, indices: [Value], refusesWrites: Bool = false) {
        self.summary = summary
        self.parent = parent
        self.indices = indices
        self.refusesWrites = refusesWrites
    }
}

extension SubArrays {
    /// One index of a view: the 0-based positions it picks along its dimension, the
    /// dimensions it gives the view (none for an integer), how the summary prints it,
    /// its type in `I` and its kind for Julia's IndexStyle rule (`linearIndexing`).
    struct Pick {
        enum Kind { case scalar, slice, unitRange, range, array }
        let positions: [Int]
        let dims: [Int]
        let text: String
        let typeName: String
        let kind: Kind
    }

    /// The positions `index` picks along a dimension of `size`, or nil for an index flx
    /// does not view (it is then indexed as `A[...]` is, which raises its error).
    static func pick(_ index: Value, size: Int, _ interp: Interpreter, original: Value, all: [Value]) throws -> Pick? {
        func inBounds(_ p: Int) throws -> Int {
            guard p >= 1 && p <= size else { throw Exceptions.bounds(original, .tuple(all)) }
            return p - 1
        }
        switch index {
        case .int(let i):
            return Pick(positions: [try inBounds(Int(truncatingIfNeeded: i))], dims: [], text: "\(i)", typeName: "Int64", kind: .scalar)
        case .native(let n) where n is ColonObject:
            return Pick(positions: Array(0..<size), dims: [size], text: ":", typeName: "Base.Slice{Base.OneTo{Int64}}", kind: .slice)
        case .range(let r):
            guard case .int(_, _, _, let unit) = r.kind else { return nil }
            try MemoryGuard.reserve(count: Int(clamping: r.count), bytesEach: 8)
            var ps: [Int] = []
            for k in 0..<r.count {
                guard case .int(let v) = r.element(k) else { return nil }
                ps.append(try inBounds(Int(truncatingIfNeeded: v)))
            }
            return Pick(positions: ps, dims: [ps.count], text: try Display.repr(index, interp),
                        typeName: unit ? "UnitRange{Int64}" : "StepRange{Int64, Int64}", kind: unit ? .unitRange : .range)
        case .array(let ix):
            if ix.elementType === BuiltinTypes.bool {
                // A logical mask: the positions where it is true; it must cover the dimension.
                guard ix.count == size else { throw Exceptions.bounds(original, .tuple(all)) }
                let ps = (0..<ix.count).filter { if case .bool(true) = ix.element($0) { return true }; return false }
                return Pick(positions: ps, dims: [ps.count], text: try Display.repr(index, interp),
                            typeName: "Base.LogicalIndex{Int64, \(TypeNames.show(ix.type))}", kind: .array)
            }
            guard IntKind(type: ix.elementType) != nil || ix.elementType === BuiltinTypes.int64 else { return nil }
            let ps = try (0..<ix.count).map { try inBounds(Int(truncatingIfNeeded: asInt(ix.element($0)))) }
            return Pick(positions: ps, dims: ix.dims, text: try Display.repr(index, interp), typeName: TypeNames.show(ix.type), kind: .array)
        default:
            return nil
        }
    }

    /// Julia's `viewindexing`: whether the view can be indexed linearly (the `L` of
    /// `SubArray{T, N, P, I, L}`). Leading integers are skipped; then slices followed by one
    /// unit range, or a single range, followed only by integers.
    static func linearIndexing(_ kinds: ArraySlice<Pick.Kind>) -> Bool {
        guard let first = kinds.first else { return true }
        let rest = kinds.dropFirst()
        if first == .scalar { return linearIndexing(rest) }
        if first == .slice, let second = rest.first {
            if second == .slice && linearIndexing(rest) { return true }
            if second == .unitRange || second == .slice, rest.dropFirst().allSatisfy({ $0 == .scalar }) { return true }
        }
        return first != .array && rest.allSatisfy { $0 == .scalar }
    }

    /// Each index's pick and the parent's sizes they index (nil for an index kind flx does
    /// not view). One index into a multi-dimensional array picks from its column-major
    /// vector; indices past the last dimension must be 1; fewer indices than dimensions
    /// fold the trailing ones into the last.
    static func picks(_ a: ArrayValue, _ indices: [Value], _ interp: Interpreter, original: Value) throws -> (picks: [Pick], sizes: [Int])? {
        guard !indices.isEmpty else { return nil }
        var sizes: [Int]
        if indices.count == 1 {
            sizes = [a.count]
        } else if indices.count >= a.rank {
            sizes = a.dims + (a.rank..<indices.count).map { _ in 1 }
        } else {
            sizes = Array(a.dims.prefix(indices.count - 1)) + [a.dims.dropFirst(indices.count - 1).reduce(1, *)]
        }
        var picks: [Pick] = []
        for (index, size) in zip(indices, sizes) {
            guard let p = try pick(index, size: size, interp, original: original, all: indices) else { return nil }
            picks.append(p)
        }
        return (picks, sizes)
    }

    /// The SubArray type and origin of a view of `a` with these picks; `storage` holds its elements.
    static func subArray(_ a: ArrayValue, _ indices: [Value], _ picks: [Pick], storage: ArrayValue.Storage, refusesWrites: Bool = false) -> ArrayValue {
        let linear = indices.count == 1 && a.rank != 1
        let dims = picks.reduce(0) { $0 + $1.dims.count }
        let t = type(of: a, linear: linear, dims: dims, indexTypes: picks.map { $0.typeName }, linearIndexing: linearIndexing(picks.map { $0.kind }[...]))
        let view = ArrayValue(storage: storage, elementType: a.elementType, type: t)
        view.subArray = SubArrayOrigin(summary: summary(of: a, linear: linear, texts: picks.map { $0.text }), parent: a, indices: indices,
                                       refusesWrites: refusesWrites)
        return view
    }

    /// A SubArray of `a[indices...]` that reads and writes `a` through the positions the
    /// indices pick, or nil for an index kind flx does not view.
    static func picked(_ a: ArrayValue, _ indices: [Value], _ interp: Interpreter, original: Value) throws -> ArrayValue? {
        guard let (picks, sizes) = try picks(a, indices, interp, original: original) else { return nil }
        let shape = try Shape(picks.flatMap { $0.dims })
        try MemoryGuard.reserve(count: shape.count, bytesEach: 8)
        // Column-major: the first index varies fastest.
        var positions = [0]
        var stride = 1
        for (p, size) in zip(picks, sizes) {
            var next: [Int] = []
            for q in p.positions { for base in positions { next.append(base + q * stride) } }
            positions = next
            stride *= size
        }
        return subArray(a, indices, picks, storage: .picked(PickedElements(parent: a, positions: positions, shape: shape)))
    }
}

