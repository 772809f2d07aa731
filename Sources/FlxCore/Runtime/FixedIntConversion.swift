/// Converting values to and from the bit integer types, as Julia's constructors and
/// `convert` do: the value must survive (InexactError otherwise).
package enum FixedIntConversion {
    /// `T(x)` / `convert(T, x)` for a bit integer type T: integers keep their value or
    /// raise `trunc`/`check_top_bit`; a float must be an integer in range (`Int8(3.14)`
    /// is `InexactError: Int8(3.14)`); a Bool is 0 or 1; a Char is its code point.
    package static func convert(_ v: Value, to k: IntKind) throws -> Value {
        switch v {
        case .int, .sized, .wide: return try FixedIntArithmetic.convert(v.fixedInt!, to: k).value
        case .bool(let b): return FixedInt(k, bits: b ? 1 : 0).value
        case .char(let c): return try FixedIntArithmetic.convert(FixedInt(.uint32, bits: UInt128(c)), to: k).value
        case .float64(let d):
            guard let f = FixedInt.exactly(d, k) else { throw Exceptions.inexact(k.name, k.name, v) }
            return f.value
        case .float32(let x):
            guard let f = FixedInt.exactly(Double(x), k) else { throw Exceptions.inexact(k.name, k.name, v) }
            return f.value
        case .float16(let x):
            guard let f = FixedInt.exactly(Double(x), k) else { throw Exceptions.inexact(k.name, k.name, v) }
            return f.value
        case .tracked(let t): return try convert(t.plain, to: k)
        default: throw Exceptions.method(.type(k.type), [v])
        }
    }

    /// A sized integer stored as `t` (an array element, a typed field or variable), or nil
    /// when `t` is none of the numeric types this decides.
    package static func convertSized(_ f: FixedInt, to t: FlxType) throws -> Value? {
        if let k = IntKind(type: t) { return try FixedIntArithmetic.convert(f, to: k).value }
        if t === BuiltinTypes.float64 { return .float64(f.double) }
        if t === BuiltinTypes.float32 { return .float32(f.float) }
        if t === BuiltinTypes.float16 { return .float16(Float16(f.double)) }
        if t === BuiltinTypes.bool {
            guard f.bits <= 1 else { throw Exceptions.inexact("Bool", "Bool", f.value) }
            return .bool(f.bits == 1)
        }
        if t === BuiltinTypes.abstractFloat { return .float64(f.double) }
        return nil
    }

    /// Whether `t` is one of the nine types `Value.sized` holds (a quick test first: most
    /// types asked about are not integers at all).
    @inline(__always) package static func sizedKind(_ t: FlxType) -> IntKind? {
        guard t.supertype === BuiltinTypes.signed || t.supertype === BuiltinTypes.unsigned, t !== BuiltinTypes.int64 else { return nil }
        return IntKind(type: t)
    }

    /// `x % T`: an integer (or Bool) wrapped into a bit integer type.
    package static func wrap(_ v: Value, to k: IntKind) -> Value? {
        if case .bool(let b) = v { return FixedInt(k, bits: b ? 1 : 0).value }
        guard let f = v.fixedInt else { return nil }
        return FixedIntArithmetic.wrapped(f, to: k).value
    }
}

/// Julia's `promote_type` among Bool, the bit integers, Float32 and Float64.
public enum NumericPromotion {
    /// nil when either is not one of those types.
    public static func promote(_ a: FlxType, _ b: FlxType) -> FlxType? {
        if a === b { return a }
        if a.family === ComplexObject.family || b.family === ComplexObject.family {
            // Complex{S} with T (or Complex{T}) is Complex{promote_type(S, T)}.
            guard let p = promote(ComplexObject.partType(of: a) ?? a, ComplexObject.partType(of: b) ?? b) else { return nil }
            return ComplexObject.type(p)
        }
        if a.family === RationalObject.family || b.family === RationalObject.family { return promoteRational(a, b) }
        if a === BigIntObject.type || b === BigIntObject.type {
            // BigInt absorbs every bit integer and Bool; with a float Julia makes a BigFloat,
            // which flx does not have.
            let other = a === BigIntObject.type ? b : a
            return other === BigIntObject.type || other === BuiltinTypes.bool || IntKind(type: other) != nil ? BigIntObject.type : nil
        }
        let bool = BuiltinTypes.bool, f16 = BuiltinTypes.float16, f32 = BuiltinTypes.float32, f64 = BuiltinTypes.float64
        let ka = IntKind(type: a), kb = IntKind(type: b)
        func numeric(_ t: FlxType, _ k: IntKind?) -> Bool { k != nil || t === bool || t === f16 || t === f32 || t === f64 }
        guard numeric(a, ka), numeric(b, kb) else { return nil }
        if a === bool { return b }
        if b === bool { return a }
        if a === f64 || b === f64 { return f64 }
        if a === f32 || b === f32 { return f32 }
        if a === f16 || b === f16 { return f16 }
        return IntKind.promoted(ka!, kb!).type
    }

    /// Rational with an integer (or Bool) is Rational of the promoted integer type
    /// (`promote(2, 3//4)` gives `2//1`); with a float, the float.
    private static func promoteRational(_ a: FlxType, _ b: FlxType) -> FlxType? {
        func integerKind(_ t: FlxType) -> IntKind? {
            if t.family === RationalObject.family, case .type(let e)? = t.parameters.first { return IntKind(type: e) }
            if t === BuiltinTypes.bool { return .int8 }
            return IntKind(type: t)
        }
        for (x, y) in [(a, b), (b, a)] where x.family === RationalObject.family {
            if y === BuiltinTypes.float64 || y === BuiltinTypes.float32 { return y }
            guard let kx = integerKind(x), let ky = integerKind(y) else { return nil }
            // Bool joins whatever the other side is.
            let k = y === BuiltinTypes.bool ? kx : IntKind.promoted(kx, ky)
            return RationalObject.type(k)
        }
        return nil
    }
}
