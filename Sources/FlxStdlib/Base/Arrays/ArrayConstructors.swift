import FlxSyntax
import FlxCore
import FlxEngine

/// Calling an array type, as Julia does: `Vector{Float32}(undef, n)`,
/// `Matrix{Float64}(undef, m, n)`, `Array{Int}(undef, (2, 3))`, `Vector{Any}()`, and
/// `Array(x)` / `Vector{Float64}(x)` / `Matrix{Float32}(x)` for a converted copy of an array.
/// The type called is the one being constructed (`interp.constructing`); its `T` and `N`
/// parameters, where given, fix the element type and the number of dimensions.
package enum ArrayConstructors {
    /// Julia's `undef`: the argument that asks for an array of uninitialised elements.
    package final class UndefInitializer: NativeObject, NativeShowable {
        package static let type = FlxType(name: "UndefInitializer", supertype: BuiltinTypes.any)
        package override var flxType: FlxType { UndefInitializer.type }
        package func show(_ interp: Interpreter, compact: Bool) throws -> String { "UndefInitializer()" }
        package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
    }

    package static func install(_ interp: Interpreter) {
        interp.base.define("undef", .native(UndefInitializer()))
        interp.base.define("UndefInitializer", .type(UndefInitializer.type))
        interp.builtinHelp.add(BuiltinHelp("undef", "The argument that asks an array type for an array of uninitialised elements (numbers start at zero in flx; other elements are unassigned, shown `#undef`).", "v = Vector{Float32}(undef, 3)"), for: "undef")
        interp.builtinHelp.add(BuiltinHelp("UndefInitializer", "The type of `undef`.", "undef isa UndefInitializer  # true"), for: "UndefInitializer")
        TypeBuiltins.setConstructor(BuiltinTypes.array, construct)
    }

    static func construct(_ interp: Interpreter, _ a: Args) throws -> Value {
        let target = interp.constructing.last ?? BuiltinTypes.array
        var elementType: FlxType? = nil
        var ndims: Int? = nil
        if let p = target.parameters.first, case .type(let t) = p { elementType = t }
        if target.parameters.count > 1, case .int(let n) = target.parameters[1] { ndims = n }
        let values = a.values
        // `T()`: an empty vector (or array of the given rank).
        if values.isEmpty {
            guard let et = elementType else { throw Exceptions.method(.type(target), []) }
            return .array(try empty(et, ndims ?? 1, interp))
        }
        if case .native(let n) = values[0], n is UndefInitializer {
            guard let et = elementType else { throw Exceptions.method(.type(target), values) }
            var dims: [Value] = Array(values.dropFirst())
            if dims.count == 1, case .tuple(let t) = dims[0] { dims = t.items }
            let sizes = try dims.map { d -> Int in
                guard case .int(let n) = d else { throw Exceptions.method(.type(target), values) }
                guard n >= 0 else { throw Exceptions.argument("invalid Array dimensions") }
                return Int(n)
            }
            if let ndims, ndims != sizes.count { throw Exceptions.method(.type(target), values) }
            return .array(try uninitialised(et, sizes, interp))
        }
        // `Matrix(I, m, n)` / `Matrix{T}(I, (m, n))`: λ on the diagonal, zeros elsewhere.
        if case .native(let u as UniformScalingObject) = values[0] {
            var dims: [Value] = Array(values.dropFirst())
            if dims.count == 1, case .tuple(let t) = dims[0] { dims = t.items }
            guard dims.count == 2, ndims ?? 2 == 2, case .int(let m) = dims[0], case .int(let n) = dims[1] else {
                throw Exceptions.method(.type(target), values)
            }
            let et = elementType ?? interp.typeOf(OperatorBuiltins.plain(u.lambda))
            return .array(try u.matrix(rows: Int(m), cols: Int(n), elementType: et, interp))
        }
        // `Matrix(F.Q)`: the Q of a `qr`, formed (thin, as Julia 1.10's `Matrix(Q)`).
        if values.count == 1, ndims ?? 2 == 2, case .native(let q as QRQObject) = values[0] {
            let m = Value.array(ArrayValue(tensor: try interp.engine { try q.matrix() }))
            guard let et = elementType, case .array(let formed) = m, et !== formed.elementType else { return m }
            return .array(try interp.convertArray(formed, to: et))
        }
        // A converted copy of an array.
        guard values.count == 1, case .array(let source) = values[0] else { throw Exceptions.method(.type(target), values) }
        if let ndims, ndims != source.rank { throw Exceptions.method(.type(target), values) }
        if let et = elementType, et !== source.elementType { return .array(try interp.convertArray(source, to: et)) }
        return .array(try CollectionBuiltins.copyArray(source, interp))
    }

    /// Numeric elements start at zero (Julia leaves them as whatever memory held); others
    /// are unassigned references, shown `#undef`.
    static func uninitialised(_ et: FlxType, _ sizes: [Int], _ interp: Interpreter) throws -> ArrayValue {
        let shape = try Shape(sizes)
        if let dtype = ArrayValue.dtype(of: et) { return ArrayValue(tensor: try interp.engine { try Tensor.zeros(dtype, shape) }) }
        return ArrayValue(boxed: try MemoryGuard.values(repeating: .undef, count: shape.count), shape: shape, elementType: et)
    }

    static func empty(_ et: FlxType, _ ndims: Int, _ interp: Interpreter) throws -> ArrayValue {
        // N comes from the type a script wrote (`Array{Int, 3}()`); Julia's own bound is far below memory.
        guard ndims >= 0, ndims <= 64 else { throw Exceptions.argument("invalid Array dimensions") }
        return try uninitialised(et, [Int](repeating: 0, count: ndims), interp)
    }
}
