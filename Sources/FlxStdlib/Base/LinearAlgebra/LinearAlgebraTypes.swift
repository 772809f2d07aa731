import FlxSyntax
import FlxCore
import FlxEngine

/// LinearAlgebra's wrapper array types: `Adjoint` and `Transpose` (what `x'` and
/// `transpose(x)` return) and `Diagonal` (what `Diagonal(v)` and `I(n)` return).
///
/// Julia's are lazy views of their parent; flx keeps their elements dense (a transposed
/// copy, a full n×n matrix with zeros off the diagonal), so every array operation and the
/// tape work on them unchanged. What the type adds is Julia's meaning where it differs from
/// a plain `Matrix`: the row vector `x'` times a vector is a number, `D * D` stays
/// `Diagonal`, and each prints as Julia prints it (`1×3 adjoint(::Vector{Int64}) with
/// eltype Int64:`, `⋅` off the diagonal). A result computed from them is a plain `Array`,
/// as Julia's broadcasts and most products are.
package enum LinearAlgebraTypes {
    /// `Adjoint{T, S}`: S is the parent's type (`Vector{Int64}`, `Matrix{Float64}`).
    package static let adjoint: FlxType = wrapperFamily("Adjoint", showName: "adjoint")
    /// `Transpose{T, S}`.
    package static let transpose: FlxType = wrapperFamily("Transpose", showName: "transpose")
    /// `Diagonal{T, Vector{T}}`: zeros off the diagonal print as `⋅`.
    package static let diagonal: FlxType = {
        let t = FlxType(name: "Diagonal", supertype: BuiltinTypes.abstractArrayOf(nil, 2))
        t.parameterNames = ["T", "V"]
        t.arrayStyle = ArrayStyle(structuralZero: { r, c in r != c })
        return t
    }()

    private static func wrapperFamily(_ name: String, showName: String) -> FlxType {
        let t = FlxType(name: name, supertype: BuiltinTypes.abstractArrayOf(nil, 2))
        t.parameterNames = ["T", "S"]
        // Julia's `showarg` of a wrapper at the top level: `adjoint(::Vector{Int64}) with eltype Int64`.
        t.arrayStyle = ArrayStyle(summary: { type in
            guard type.parameters.count == 2, case .type(let elem) = type.parameters[0], case .type(let parent) = type.parameters[1] else {
                return TypeNames.show(type)
            }
            return "\(showName)(::\(TypeNames.show(parent))) with eltype \(TypeNames.show(elem))"
        })
        return t
    }

    /// `Adjoint{T, P}` (or `Transpose`) of an array whose type is `parent`.
    package static func wrapper(_ family: FlxType, element: FlxType, parent: FlxType) -> FlxType {
        family.instantiate([.type(element), .type(parent)], supertype: BuiltinTypes.abstractArrayOf(element, 2))
    }

    /// `Diagonal{T, Vector{T}}`.
    package static func diagonalType(_ element: FlxType) -> FlxType {
        diagonal.instantiate([.type(element), .type(BuiltinTypes.arrayOf(element, 1))], supertype: BuiltinTypes.abstractArrayOf(element, 2))
    }

    /// The wrapper a value has: adjoint or transpose, and the parent's type.
    package static func wrapped(_ a: ArrayValue) -> (family: FlxType, parent: FlxType)? {
        // A plain Array (every product and sum asks) has no presentation of its own: answered
        // without reading the wrapper families (lazy globals, each a `swift_once` and a retain).
        guard a.type.arrayPresentation != nil, let family = a.type.family, family === adjoint || family === transpose,
              a.type.parameters.count == 2, case .type(let parent) = a.type.parameters[1] else { return nil }
        return (family, parent)
    }

    /// Whether `a` is `x'` or `transpose(x)` of a vector: a 1×n row that multiplies a vector
    /// into a number.
    package static func isRowOfVector(_ a: ArrayValue) -> Bool {
        guard let w = wrapped(a), isVectorType(w.parent) else { return false }
        return a.rank == 2 && a.dims[0] == 1
    }

    /// Whether arrays of type `t` have one dimension (see `dimensionCount`).
    package static func isVectorType(_ t: FlxType) -> Bool { dimensionCount(t) == 1 }

    /// The N of an array type: the last parameter of `Array{T, N}`, the second of a view's
    /// `SubArray{T, N, P, I, L}`.
    package static func dimensionCount(_ t: FlxType) -> Int? {
        let p = t.family === SubArrays.family ? (t.parameters.count > 1 ? t.parameters[1] : nil) : t.parameters.last
        if case .int(let n)? = p { return n }
        return nil
    }

    /// `result` (a plain array computed from `operands`) as Julia's adjtrans.jl types it:
    /// numbers and rows `x'` (all of one wrapper) combined elementwise (`2 * x'`, `x' / 2`,
    /// `x' + y'`) give a row again; with `anyShape`, one wrapped operand keeps its wrapper
    /// whatever its shape (`-A'` is an Adjoint). Otherwise `result` unchanged.
    package static func keepWrapper(_ result: Value, _ operands: [Value], anyShape: Bool = false) -> Value {
        guard case .array(let r) = result, let t = r.tensor else { return result }
        var family: FlxType? = nil, parentRank = 1
        for v in operands {
            guard case .array(let a) = v else { continue }
            guard let w = wrapped(a), anyShape || isRowOfVector(a), family == nil || family === w.family else { return result }
            family = w.family
            if let n = dimensionCount(w.parent) { parentRank = n }
        }
        guard let family else { return result }
        let element = ArrayValue.flxType(of: t.dtype)
        return .array(ArrayValue(tensor: t, type: wrapper(family, element: element, parent: BuiltinTypes.arrayOf(element, parentRank))))
    }

    package static func isDiagonal(_ v: Value) -> Bool {
        if case .array(let a) = v { return a.type.arrayPresentation != nil && a.type.family === diagonal }
        return false
    }

    /// A numeric result under `Diagonal{T, Vector{T}}` for its element type. Off the diagonal
    /// a `-0.0` (left by negating or scaling) becomes `0.0`: a Diagonal's off-diagonal entry
    /// is `zero(T)` in Julia. Only the sign of a zero changes, which no backward rule reads.
    package static func asDiagonal(_ t: Tensor) -> Value {
        if t.dtype.isFloat, t.rank == 2 {
            let n = t.shape[0]
            for j in 0..<t.shape[1] {
                for i in 0..<n where i != j && t.numericValue(j * n + i) == 0 { t.setNumeric(0, j * n + i) }
            }
        }
        return .array(ArrayValue(tensor: t, type: diagonalType(ArrayValue.flxType(of: t.dtype))))
    }

    /// Makes `v` (an engine result) a `Diagonal` when `keep` holds; other values pass through.
    package static func diagonal(_ v: Value, if keep: Bool) -> Value {
        guard keep, case .array(let a) = v, let t = a.tensor, a.rank == 2 else { return v }
        return asDiagonal(t)
    }
}
