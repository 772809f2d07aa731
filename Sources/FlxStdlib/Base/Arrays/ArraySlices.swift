import FlxSyntax
import FlxCore
import FlxEngine

/// Base's `eachcol`, `eachrow` and `eachslice(A; dims)`: arrays whose elements are the
/// slices of `A` (Julia's `Slices`, printed with Julia's full type, `ColumnSlices{...}`).
///
/// Julia's slices are views; flx has no views, so each slice is a copy taken when the
/// Slices array is made (writing into one does not change `A`). Taken with indexing, each
/// slice of an array being differentiated is on the tape.
package enum ArraySlices {
    /// `Slices{P, SM, AX, S, N}`. An instance records the parent's type, its element type,
    /// whether the other dimensions were dropped, and the iterated dimensions
    /// (`[.type(P), .type(T), .int(drop ? 1 : 0), .int(d₁), .int(d₂), ...]`); its printed
    /// name spells out Julia's parameters from them.
    static let family: FlxType = {
        let t = FlxType(name: "Slices", supertype: BuiltinTypes.abstractArray)
        t.parameterNames = ["P", "SM", "AX", "S", "N"]
        t.arrayStyle = ArrayStyle(typeName: { juliaName($0) })
        return t
    }()

    static func sliceType(parent: FlxType, dims: [Int], drop: Bool, element: FlxType, rank: Int) -> FlxType {
        let inner = BuiltinTypes.arrayOf(element, rank - dims.count)
        return family.instantiate([.type(parent), .type(element), .int(drop ? 1 : 0)] + dims.map { .int($0) },
                                  supertype: BuiltinTypes.abstractArrayOf(inner, drop ? dims.count : rank))
    }

    /// Julia's name for the type, e.g. `ColumnSlices{Matrix{Int64}, Tuple{Base.OneTo{Int64}},
    /// SubArray{Int64, 1, Matrix{Int64}, Tuple{Base.Slice{Base.OneTo{Int64}}, Int64}, true}}`.
    static func juliaName(_ t: FlxType) -> String {
        guard t.parameters.count >= 3, case .type(let parent) = t.parameters[0], case .type(let element) = t.parameters[1],
              case .int(let dropped) = t.parameters[2] else { return t.name }
        let drop = dropped == 1
        let dims = t.parameters.dropFirst(3).compactMap { p -> Int? in if case .int(let d) = p { return d }; return nil }
        var parentRank = 0
        if case .int(let n)? = parent.parameters.last { parentRank = n }
        let rank = max(parentRank, dims.max() ?? 0)
        let p = TypeNames.show(parent)
        let all = (0..<rank).map { $0 + 1 }
        let indexTypes = all.map { dims.contains($0) ? "Int64" : "Base.Slice{Base.OneTo{Int64}}" }
        let sliceMap = "Tuple{" + all.map { dims.contains($0) ? "Int64" : "Colon" }.joined(separator: ", ") + "}"
        let axes = "Tuple{" + (drop ? dims : all).map { _ in "Base.OneTo{Int64}" }.joined(separator: ", ") + "}"
        let sub = "SubArray{\(TypeNames.show(element)), \(rank - dims.count), \(p), Tuple{\(indexTypes.joined(separator: ", "))}, \(fastLinear(indexTypes.map { $0 == "Int64" }))}"
        if drop && parentRank == 2 && dims == [2] { return "ColumnSlices{\(p), \(axes), \(sub)}" }
        if drop && parentRank == 2 && dims == [1] { return "RowSlices{\(p), \(axes), \(sub)}" }
        return "Slices{\(p), \(sliceMap), \(axes), \(sub), \(drop ? dims.count : rank)}"
    }

    /// Base's `viewindexing`: a view is fast-linear after any leading scalars when what
    /// follows is whole dimensions up to at most one, then only scalars.
    static func fastLinear(_ isScalar: [Bool]) -> Bool {
        var rest = isScalar[...]
        while let first = rest.first, first { rest = rest.dropFirst() }
        while rest.count >= 2, rest.first == false, rest.dropFirst().first == false { rest = rest.dropFirst() }
        if rest.isEmpty { return true }
        return rest.first == false && rest.dropFirst().allSatisfy { $0 }
    }

    /// The slices of `v` over `dims` (1-based, in the order given), as a Slices array: of
    /// those dimensions' sizes, or (`drop = false`) of the parent's rank with the other
    /// dimensions of size 1.
    static func slices(_ v: Value, dims: [Int], drop: Bool = true, _ interp: Interpreter) throws -> Value {
        let arrayValue: ArrayValue
        switch v {
        case .array(let a): arrayValue = a
        case .range: arrayValue = try interp.materialize(v)
        default: throw Exceptions.method(.str("eachslice"), [v])
        }
        for (k, d) in dims.enumerated() {
            if d < 1 { throw Exceptions.dimensionMismatch("Invalid dimension \(d)") }
            let rest = dims[(k + 1)...]
            if rest.contains(d) {
                throw Exceptions.dimensionMismatch("Dimensions " + (rest.count == 1 ? "(\(d),)" : "(" + rest.map(String.init).joined(separator: ", ") + ")") + " are not unique")
            }
        }
        let source = Value.array(arrayValue)
        let rank = max(arrayValue.rank, dims.max() ?? 0)
        let size = { (d: Int) -> Int in d <= arrayValue.rank ? arrayValue.dims[d - 1] : 1 }
        // Without drop the result's axes follow the parent's dimension order.
        let iterated = drop ? dims : dims.sorted()
        let outer = iterated.map(size)
        let shape = try interp.engine { try Shape(drop ? outer : (0..<rank).map { dims.contains($0 + 1) ? size($0 + 1) : 1 }) }
        try MemoryGuard.reserve(count: shape.count, bytesEach: MemoryLayout<Value>.stride)
        var items: [Value] = []
        var position = outer.map { _ in 1 }
        for _ in 0..<shape.count {
            var indices: [Value] = []
            for d in (0..<rank).map({ $0 + 1 }) {
                if let k = iterated.firstIndex(of: d) { indices.append(.int(Int64(position[k]))) } else { indices.append(.native(ColonObject.shared)) }
            }
            var slice = try interp.getIndexTracked(source, indices)
            if scalarRank(slice) != nil || { if case .tracked = slice { return true }; return false }() {
                // Every dimension iterated: a 0-dimensional slice, as Julia's view is.
                slice = .array(try zeroDimensional(slice, interp))
            }
            items.append(slice)
            for k in outer.indices {
                position[k] += 1
                if position[k] <= outer[k] { break }
                position[k] = 1
            }
        }
        let element = BuiltinTypes.arrayOf(arrayValue.elementType, rank - dims.count)
        let type = sliceType(parent: arrayValue.type, dims: dims, drop: drop, element: arrayValue.elementType, rank: rank)
        return .array(ArrayValue(boxed: items, shape: shape, elementType: element, type: type))
    }

    static func zeroDimensional(_ x: Value, _ interp: Interpreter) throws -> ArrayValue {
        let t = try interp.requireTensor(x, "eachslice")
        return ArrayValue(tensor: try interp.engine { tape in try Shaping.reshape(t, [], tape: tape) })
    }

    package static var functions: [Builtin] {
        [
            Builtin("eachcol", { interp, a in
                try a.expect("eachcol", 1...1)
                return try slices(try asMatrix(a[0], "eachcol", interp), dims: [2], interp)
            }, help: BuiltinHelp("eachcol(A)", "The columns of a matrix (a vector counts as one column), as a vector of slices.", "sum.(eachcol([1 2; 3 4]))  # [4, 6]")),
            Builtin("eachrow", { interp, a in
                try a.expect("eachrow", 1...1)
                return try slices(try asMatrix(a[0], "eachrow", interp), dims: [1], interp)
            }, help: BuiltinHelp("eachrow(A)", "The rows of a matrix (a vector counts as one column), as a vector of slices.", "sum.(eachrow([1 2; 3 4]))  # [3, 7]")),
            Builtin("eachslice", { interp, a in
                try a.expect("eachslice", 1...1)
                guard let d = a.keyword("dims") else { throw Exceptions.undefKeyword("dims") }
                var dims: [Int] = []
                switch d {
                case .int(let n): dims = [Int(n)]
                case .tuple(let t):
                    for item in t.items {
                        guard case .int(let n) = item else { throw Exceptions.typeError("eachslice", expected: "Integer", got: item) }
                        dims.append(Int(n))
                    }
                default: throw Exceptions.typeError("eachslice", expected: "Integer", got: d)
                }
                for kw in a.keywords where kw.name != "dims" && kw.name != "drop" {
                    throw Exceptions.method(.str("eachslice"), a.values, keywords: a.keywords.map { ($0.name, $0.value) })
                }
                return try slices(a[0], dims: dims, drop: try a.keywordBool("drop") ?? true, interp)
            }, help: BuiltinHelp("eachslice(A; dims, drop = true)", "The slices of `A` over the dimension(s) `dims`: each element fixes those indices and keeps every other dimension whole. With `drop = false` the result keeps A's rank, size 1 in the other dimensions.", "eachslice([1 2; 3 4]; dims = 1)  # the rows")),
        ]
    }

    /// Julia's `eachcol(v)` of a vector is `eachcol(reshape(v, length(v), 1))`.
    static func asMatrix(_ v: Value, _ name: String, _ interp: Interpreter) throws -> Value {
        guard case .array(let a) = try ArrayBuiltins.materializeIfRange(v, interp), a.rank == 1 || a.rank == 2 else {
            throw Exceptions.method(.str(name), [v])
        }
        guard a.rank == 1 else { return .array(a) }
        return try interp.call(interp.base.binding("reshape").value, [.array(a), .int(Int64(a.count)), .int(1)])
    }
}
