import FlxSyntax
import FlxCore
import FlxEngine

/// LinearAlgebra's `UniformScaling{T}`: λ times the identity of whatever size the other
/// operand has. `I` is `UniformScaling(true)`; `2I` is `UniformScaling{Int64}(2)`;
/// `I(n)` is the n×n `Diagonal`. λ may be a number being differentiated (`A + s*I`).
package final class UniformScalingObject: NativeObject, NativeShowable, NativeCallable, NativeFields, NativeIndexable {
    package let lambda: Value

    package init(_ lambda: Value) { self.lambda = lambda }

    /// `UniformScaling{T}`, interned per element type.
    package static let family: FlxType = {
        let t = FlxType(name: "UniformScaling", supertype: BuiltinTypes.any)
        t.parameterNames = ["T"]
        return t
    }()

    package static func type(of lambda: Value) -> FlxType {
        let element: FlxType
        switch lambda {
        case .bool: element = BuiltinTypes.bool
        case .int: element = BuiltinTypes.int64
        case .float32: element = BuiltinTypes.float32
        case .tracked(let t): element = t.isFloat32 ? BuiltinTypes.float32 : BuiltinTypes.float64
        default: element = BuiltinTypes.float64
        }
        return family.instantiate([.type(element)])
    }

    package override var flxType: FlxType { UniformScalingObject.type(of: lambda) }

    /// The 2-argument `show`: Julia's default for the struct, `UniformScaling{Bool}(true)`.
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        TypeNames.show(flxType) + "(" + (try Display.repr(lambda, interp)) + ")"
    }

    /// The REPL's form: the type, then `λ*I` on a second line.
    package func display(_ interp: Interpreter) throws -> String? {
        TypeNames.show(flxType) + "\n" + (try Display.printString(lambda, interp)) + "*I"
    }

    /// `I(n)`: `Diagonal(fill(λ, n))`.
    package func call(_ interp: Interpreter, _ args: Args) throws -> Value {
        guard args.count == 1, args.keywords.isEmpty, case .int(let n) = args[0] else {
            throw Exceptions.method(.native(self), args.values)
        }
        let filled = try UniformScalingObject.fill(lambda, count: Int(n), interp)
        return try DiagonalMatrices.diagonal(of: filled, interp)
    }

    /// A vector of n copies of λ (on the tape when λ is).
    static func fill(_ lambda: Value, count n: Int, _ interp: Interpreter) throws -> Tensor {
        try MemoryGuard.reserveArray(count: n, juliaBytes: 8, bytesEach: 8)
        if case .bool(let b) = lambda { return try interp.engine { try Tensor.filled(value: b, shape: Shape([n])) } }
        let scalar = try interp.requireTensor(lambda, "UniformScaling")
        // `ones .* λ` puts every copy on the tape when λ is differentiated.
        let ones = try interp.engine { try Tensor.filled(value: 1.0, dtype: scalar.dtype, shape: Shape([n])) }
        return try interp.engine { tape in try Arithmetic.binary(.mul, ones, scalar, tape: tape) }
    }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? { name == "λ" ? lambda : nil }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }

    /// `I[i, j]`: λ on the diagonal, zero of λ's type elsewhere; with vectors or ranges of
    /// indices, the matrix (or vector) of those entries.
    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.count == 2 else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
        if case .int(let i) = indices[0], case .int(let j) = indices[1] {
            return i == j ? lambda : UniformScalingObject.zero(like: lambda)
        }
        func positions(_ v: Value) throws -> [Int64]? {
            if case .int = v { return nil }
            return try interp.collect(v).map { item in
                guard case .int(let k) = item else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
                return k
            }
        }
        let rows = try positions(indices[0]), cols = try positions(indices[1])
        let r = rows ?? [asInt(indices[0])], c = cols ?? [asInt(indices[1])]
        let element = interp.typeOf(OperatorBuiltins.plain(lambda))
        var values: [Value] = []
        for j in c { for i in r { values.append(i == j ? OperatorBuiltins.plain(lambda) : UniformScalingObject.zero(like: lambda)) } }
        let shape = try interp.engine { try Shape(rows != nil && cols != nil ? [r.count, c.count] : [rows == nil ? c.count : r.count]) }
        return .array(try interp.makeArray(values, shape: shape, elementType: element))
    }

    /// `Matrix{T}(λI, m, n)`: λ on the diagonal of an m×n matrix of zeros.
    package func matrix(rows m: Int, cols n: Int, elementType: FlxType, _ interp: Interpreter) throws -> ArrayValue {
        guard m >= 0, n >= 0 else { throw Exceptions.argument("invalid Array dimensions") }
        try MemoryGuard.reserve(count: m.multipliedReportingOverflow(by: n).overflow ? Int.max : m * n, bytesEach: 8)
        let zero = try interp.convertElement(UniformScalingObject.zero(like: lambda), to: elementType)
        let diagonal = try interp.convertElement(OperatorBuiltins.plain(lambda), to: elementType)
        let out = try interp.makeArray(try MemoryGuard.values(repeating: zero, count: m * n), shape: try interp.engine { try Shape([m, n]) }, elementType: elementType)
        for i in 0..<min(m, n) { try out.setElement(i * m + i, diagonal) }
        return out
    }

    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        throw Exceptions.method(.str("setindex!"), [.native(self), value] + indices)
    }

    static func zero(like v: Value) -> Value {
        switch v {
        case .bool: return .bool(false)
        case .int: return .int(0)
        case .float32: return .float32(0)
        case .tracked(let t): return t.isFloat32 ? .float32(0) : .float64(0)
        default: return .float64(0)
        }
    }
}
