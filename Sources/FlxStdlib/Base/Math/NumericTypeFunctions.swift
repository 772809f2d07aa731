import FlxSyntax
import FlxCore

/// Numbers defined by a type: zero and one, the limits and precision of a type, and
/// conversion and promotion between the numeric types.
extension MathBuiltins {
    package static var numericTypeFunctions: [Builtin] {
        [
            Builtin("float", toFloat,
                help: BuiltinHelp("float(x)", "`x` as a floating-point number (Float64 for integers; floats unchanged).", "float(3)  # 3.0")),
            Builtin("zero", differentiation: .constant, { interp, a in try a.expect("zero", 1...1); return try unitLike(a[0], 0, interp) },
                help: BuiltinHelp("zero(x)  /  zero(T)", "The additive identity of the type of `x` (or of `T`); for arrays, an array of zeros.", "zero(Float32)  # 0.0f0")),
            Builtin("one", differentiation: .constant, { interp, a in try a.expect("one", 1...1); return try unitLike(a[0], 1, interp) },
                help: BuiltinHelp("one(x)  /  one(T)", "The multiplicative identity of the type of `x` (or of `T`).", "one(2.5)  # 1.0")),
            Builtin("oneunit", differentiation: .constant, { interp, a in try a.expect("oneunit", 1...1); return try unitLike(a[0], 1, interp) },
                help: BuiltinHelp("oneunit(x)", "The value one in the type of `x`.", "oneunit(3)  # 1")),
            Builtin("typemax", largestOfType,
                help: BuiltinHelp("typemax(T)", "The largest value of a numeric type (Inf for floats).", "typemax(Int64)  # 9223372036854775807")),
            Builtin("typemin", smallestOfType,
                help: BuiltinHelp("typemin(T)", "The smallest value of a numeric type (-Inf for floats).", "typemin(Int64)")),
            Builtin("floatmax", differentiation: .constant, { _, a in
                if a.count == 1, case .type(let t) = a[0], t === BuiltinTypes.float32 { return .float32(.greatestFiniteMagnitude) }
                if a.count == 1, case .type(let t) = a[0], t === BuiltinTypes.float16 { return .float16(.greatestFiniteMagnitude) }
                return .float64(.greatestFiniteMagnitude)
            }, help: BuiltinHelp("floatmax(T)", "The largest finite value of a float type.", "floatmax(Float32)  # 3.4028235f38")),
            Builtin("floatmin", differentiation: .constant, { _, a in
                if a.count == 1, case .type(let t) = a[0], t === BuiltinTypes.float32 { return .float32(.leastNormalMagnitude) }
                if a.count == 1, case .type(let t) = a[0], t === BuiltinTypes.float16 { return .float16(.leastNormalMagnitude) }
                return .float64(.leastNormalMagnitude)
            }, help: BuiltinHelp("floatmin(T)", "The smallest positive normal value of a float type.", "floatmin(Float32)  # 1.1754944f-38")),
            Builtin("eps", differentiation: .constant, spacingOfFloats,
                help: BuiltinHelp("eps(T = Float64)  /  eps(x)", "The gap between 1 and the next float of type `T` (or between `x` and the next float).", "eps(Float32)  # 1.1920929f-7")),
            Builtin("convert", { interp, a in
                try a.expect("convert", 2...2)
                guard case .type(let t) = a[0] else { throw Exceptions.method(.str("convert"), a.values) }
                return try interp.convertElement(a[1], to: t)
            }, help: BuiltinHelp("convert(T, x)", "Converts `x` to type `T`, keeping its value (an InexactError if that is impossible).", "convert(Float32, 1)  # 1.0f0")),
            Builtin("promote_type", promotedType,
                help: BuiltinHelp("promote_type(S, T)", "The type two values of types S and T are converted to in arithmetic.", "promote_type(Int, Float32)  # Float32")),
        ]
    }

    static func toFloat(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("float", 1...1)
        switch a[0] {
        case .int, .bool, .sized, .wide: return .float64(asDouble(a[0]))
        case .native(let q as RationalObject): return .float64(q.double)
        case .array(let arr):
            if arr.elementType === BuiltinTypes.float32 || arr.elementType === BuiltinTypes.float64 || arr.elementType === BuiltinTypes.float16 { return a[0] }
            return .array(try interp.convertArray(arr, to: BuiltinTypes.float64))
        default: return a[0]
        }
    }

    static func largestOfType(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("typemax", 1...1)
        guard case .type(let t) = a[0] else { throw Exceptions.method(.str("typemax"), a.values) }
        if let k = IntKind(type: t) { return k.maximum.value }
        if t === BuiltinTypes.float64 { return .float64(.infinity) }
        if t === BuiltinTypes.float32 { return .float32(.infinity) }
        if t === BuiltinTypes.float16 { return .float16(.infinity) }
        if t === BuiltinTypes.bool { return .bool(true) }
        throw Exceptions.method(.str("typemax"), a.values)
    }

    static func smallestOfType(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("typemin", 1...1)
        guard case .type(let t) = a[0] else { throw Exceptions.method(.str("typemin"), a.values) }
        if let k = IntKind(type: t) { return k.minimum.value }
        if t === BuiltinTypes.float64 { return .float64(-.infinity) }
        if t === BuiltinTypes.float32 { return .float32(-.infinity) }
        if t === BuiltinTypes.float16 { return .float16(-.infinity) }
        if t === BuiltinTypes.bool { return .bool(false) }
        throw Exceptions.method(.str("typemin"), a.values)
    }

    static func spacingOfFloats(_ interp: Interpreter, _ a: Args) throws -> Value {
        if a.count == 0 { return .float64(Double.ulpOfOne) }
        switch a[0] {
        case .type(let t) where t === BuiltinTypes.float32: return .float32(Float.ulpOfOne)
        case .type(let t) where t === BuiltinTypes.float16: return .float16(Float16.ulpOfOne)
        case .float16(let h): return .float16(h.ulp)
        case .type: return .float64(Double.ulpOfOne)
        case .float32(let f): return .float32(f.ulp)
        case .float64(let d): return .float64(d.ulp)
        default: throw Exceptions.method(.str("eps"), a.values)
        }
    }

    static func promotedType(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("promote_type", 2...2)
        guard case .type(let p) = a[0], case .type(let q) = a[1] else { throw Exceptions.method(.str("promote_type"), a.values) }
        return .type(NumericPromotion.promote(p, q) ?? BuiltinTypes.any)
    }

    package static func unitLike(_ v: Value, _ n: Int, _ interp: Interpreter) throws -> Value {
        switch v {
        case .int: return .int(Int64(n))
        case .sized, .wide: return FixedInt(v.fixedInt!.kind, bits: UInt128(n)).value
        case .float64: return .float64(Double(n))
        case .float32: return .float32(Float(n))
        case .float16: return .float16(Float16(n))
        case .bool: return .bool(n == 1)
        case .tracked(let t): return t.isFloat32 ? .float32(Float(n)) : .float64(Double(n))
        case .native(let q as RationalObject): return .native(try RationalObject.make(Int128(n), 1, kind: q.kind))
        case .type(let t) where t.family === RationalObject.family:
            return try interp.convertElement(.int(Int64(n)), to: t)
        case .type(let t):
            if let k = IntKind(type: t) { return FixedInt(k, bits: UInt128(n)).value }
            if t === BuiltinTypes.float64 { return .float64(Double(n)) }
            if t === BuiltinTypes.float32 { return .float32(Float(n)) }
            if t === BuiltinTypes.float16 { return .float16(Float16(n)) }
            if t === BuiltinTypes.bool { return .bool(n == 1) }
        case .array(let a):
            if n == 0 { return .array(try interp.makeArray(try MemoryGuard.values(repeating: try unitLike(.type(a.elementType), 0, interp), count: a.count), shape: a.shape, elementType: a.elementType)) }
        default: break
        }
        throw Exceptions.method(.str(n == 0 ? "zero" : "one"), [v])
    }
}
