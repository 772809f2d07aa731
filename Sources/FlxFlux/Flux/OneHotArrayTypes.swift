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
    package static let matrix: FlxType = {
        let t = FlxType(name: "OneHotMatrix", supertype: BuiltinTypes.abstractArrayOf(BuiltinTypes.bool, 2))
        t.parameterNames = ["T", "I"]
        t.arrayStyle = ArrayStyle(summary: { type in
            "OneHotMatrix(::\(TypeNames.show(BuiltinTypes.arrayOf(BuiltinTypes.uint32, 1)))) with eltype Bool"
        }, zerosHidden: true)
        return t
    }()

    private static func indexName(_ type: FlxType) -> String {
        if case .type(let index)? = type.parameters.first { return TypeNames.show(index) }
        return "UInt32"
    }

    /// A one-hot vector of length `n` with its one at `hot` (0-based).
    package static func vector(length n: Int, hot: Int, _ interp: Interpreter) throws -> Value {
        let t = try interp.engine { try Tensor.zeros(.bool, try Shape([n])) }
        t.setBool(true, hot)
        let type = vector.instantiate([.type(BuiltinTypes.uint32)], supertype: BuiltinTypes.abstractArrayOf(BuiltinTypes.bool, 1))
        return .array(ArrayValue(tensor: t, type: type))
    }

    /// A `rows × hots.count` one-hot matrix: column j has its one at row `hots[j]` (0-based).
    package static func matrix(rows: Int, hots: [Int], _ interp: Interpreter) throws -> Value {
        let t = try interp.engine { try Tensor.zeros(.bool, try Shape([rows, hots.count])) }
        for (j, row) in hots.enumerated() { t.setBool(true, j &* rows &+ row) }
        let type = matrix.instantiate([.type(BuiltinTypes.uint32), .type(BuiltinTypes.arrayOf(BuiltinTypes.uint32, 1))],
                                      supertype: BuiltinTypes.abstractArrayOf(BuiltinTypes.bool, 2))
        return .array(ArrayValue(tensor: t, type: type))
    }
}
