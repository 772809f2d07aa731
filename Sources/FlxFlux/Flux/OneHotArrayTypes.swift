import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// OneHotArrays' `OneHotVector{T}` and `OneHotMatrix{T, I}`: what `onehot` and `onehotbatch`
/// return. OneHotArrays keeps only the index of each column's one (a `UInt32`, or a
/// `Vector{UInt32}` of them); flx keeps the Bool elements dense, so every array operation
/// and the tape work on them unchanged. The types give Julia's names and printing
/// (`3×2 OneHotMatrix(::Vector{UInt32}) with eltype Bool:`, zeros as `⋅`); a result computed
/// from a one-hot array is a plain array, as Julia's broadcasts are.
package enum OneHotArrayTypes {
    /// `OneHotVector{T}` (Julia's alias of `OneHotArray{T, 0, 1, T}`).
    package static let vector: FlxType = {
        let t = FlxType(name: "OneHotVector", supertype: BuiltinTypes.abstractArrayOf(BuiltinTypes.bool, 1))
        t.parameterNames = ["T"]
        t.arrayStyle = ArrayStyle(summary: { type in "OneHotVector(::\(indexName(type))) with eltype Bool" }, zerosHidden: true)
        return t
    }()

    /// `OneHotMatrix{T, I}` (Julia's alias of `OneHotArray{T, 1, 2, I}`); I is `Vector{T}`.
    package static let matrix = indexedType("OneHotMatrix", rank: 2, parameters: ["T", "I"], unknownIndices: "Vector{UInt32}")

    /// `OneHotArray{T, N, N+1, I}`: `onehotbatch` of an N-dimensional array (N ≥ 2) of
    /// labels, one one-hot column per label, with size `(length(labels), size(data)...)`.
    package static let array = indexedType("OneHotArray", rank: 3, parameters: ["T", "N", "var\"N+1\"", "I"], unknownIndices: "Array{UInt32}")

    /// A one-hot type whose last parameter is the array of indices OneHotArrays keeps; its
    /// summary names that array (`3×2 OneHotMatrix(::Vector{UInt32}) with eltype Bool`).
    private static func indexedType(_ name: String, rank: Int, parameters: [String], unknownIndices: String) -> FlxType {
        let t = FlxType(name: name, supertype: BuiltinTypes.abstractArrayOf(BuiltinTypes.bool, rank))
        t.parameterNames = parameters
        t.arrayStyle = ArrayStyle(summary: { type in
            var indices = unknownIndices
            if type.parameters.count == parameters.count, case .type(let p)? = type.parameters.last { indices = TypeNames.show(p) }
            return "\(name)(::\(indices)) with eltype Bool"
        }, zerosHidden: true)
        return t
    }

    /// A one-hot array of size `(rows, dims...)`: column j (in column-major order over dims)
    /// has its one at row `hots[j]` (0-based).
    package static func array(rows: Int, dims: [Int], hots: [Int], _ interp: Interpreter) throws -> Value {
        let t = try interp.engine { try Tensor.zeros(.bool, try Shape([rows] + dims)) }
        for (j, row) in hots.enumerated() { t.setBool(true, j &* rows &+ row) }
        let n = dims.count, index = BuiltinTypes.uint32
        let type = array.instantiate([.type(index), .int(n), .int(n + 1), .type(BuiltinTypes.arrayOf(index, n))],
                                     supertype: BuiltinTypes.abstractArrayOf(BuiltinTypes.bool, n + 1))
        return .array(ArrayValue(tensor: t, type: type))
    }

    private static func indexName(_ type: FlxType) -> String {
        if case .type(let index)? = type.parameters.first { return TypeNames.show(index) }
        return "UInt32"
    }

    /// A one-hot vector of length `n` with its one at `hot` (0-based); `index` is the type
    /// OneHotArrays stores the index in (UInt32 from `onehot`, the argument's from the constructor).
    package static func vector(length n: Int, hot: Int, index: FlxType = BuiltinTypes.uint32, _ interp: Interpreter) throws -> Value {
        let t = try interp.engine { try Tensor.zeros(.bool, try Shape([n])) }
        t.setBool(true, hot)
        let type = vector.instantiate([.type(index)], supertype: BuiltinTypes.abstractArrayOf(BuiltinTypes.bool, 1))
        return .array(ArrayValue(tensor: t, type: type))
    }

    /// A `rows × hots.count` one-hot matrix: column j has its one at row `hots[j]` (0-based).
    package static func matrix(rows: Int, hots: [Int], index: FlxType = BuiltinTypes.uint32, _ interp: Interpreter) throws -> Value {
        let t = try interp.engine { try Tensor.zeros(.bool, try Shape([rows, hots.count])) }
        for (j, row) in hots.enumerated() { t.setBool(true, j &* rows &+ row) }
        let type = matrix.instantiate([.type(index), .type(BuiltinTypes.arrayOf(index, 1))],
                                      supertype: BuiltinTypes.abstractArrayOf(BuiltinTypes.bool, 2))
        return .array(ArrayValue(tensor: t, type: type))
    }

    /// OneHotArrays' constructors `OneHotVector(i, L)` and `OneHotMatrix(indices, L)`: the one
    /// of each column at index i (1-based) of L; an index outside 1:L is an ArgumentError
    /// (a dense Bool column cannot hold it).
    package static func installConstructors() {
        func checked(_ i: Int64, _ length: Int64) throws -> Int {
            guard i >= 1, i <= length else { throw Exceptions.argument("one-hot index \(i) is not in 1:\(length)") }
            return Int(i - 1)
        }
        TypeBuiltins.setConstructor(vector) { interp, a in
            guard a.count == 2, a.keywords.isEmpty, case .int(let i) = a[0], case .int(let n) = a[1] else {
                throw Exceptions.method(.type(vector), a.values)
            }
            return try vector(length: Int(max(n, 0)), hot: try checked(i, n), index: BuiltinTypes.int64, interp)
        }
        TypeBuiltins.setConstructor(matrix) { interp, a in
            guard a.count == 2, a.keywords.isEmpty, case .int(let n) = a[1], case .array(let idx) = a[0], idx.rank == 1,
                  idx.elementType === BuiltinTypes.int64 else {
                throw Exceptions.method(.type(matrix), a.values)
            }
            let hots = try (0..<idx.count).map { k -> Int in
                guard case .int(let i) = idx.element(k) else { throw Exceptions.method(.type(matrix), a.values) }
                return try checked(i, n)
            }
            return try matrix(rows: Int(n), hots: hots, index: BuiltinTypes.int64, interp)
        }
    }
}
