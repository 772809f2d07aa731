import FlxSyntax
import FlxEngine

/// Building arrays from values, with Julia's element-type rules.
extension Interpreter {
    /// The numeric type `[a, b, c]` promotes to, or nil if not all are numbers.
    package func promotedNumericType(_ values: [Value]) -> FlxType? {
        var rank = -1
        for v in values {
            guard let r = scalarRank(v) else {
                if case .tracked(let t) = v { rank = max(rank, (t.isFloat32 ? ScalarRank.float32 : .float64).rawValue); continue }
                if v.isSized || v.rational != nil || v.bigInt != nil || v.complex != nil { return promotedSizedType(values) }
                return nil
            }
            rank = max(rank, r.rawValue)
        }
        switch ScalarRank(rawValue: rank) {
        case .bool: return BuiltinTypes.bool
        case .int: return BuiltinTypes.int64
        case .float16: return BuiltinTypes.float16
        case .float32: return BuiltinTypes.float32
        case .float64: return BuiltinTypes.float64
        case nil: return nil
        }
    }

    /// The promoted type of numbers among which is a sized integer or a Rational (`[0x01, 2]`
    /// is a `Vector{Int64}`, `[Int8(1), 0x02]` a `Vector{UInt8}`, `[1, 2.3, 4//5]` a
    /// `Vector{Float64}`); nil if one is no number.
    private func promotedSizedType(_ values: [Value]) -> FlxType? {
        var t: FlxType? = nil
        for v in values {
            guard scalarRank(v) != nil || v.isSized || v.rational != nil || v.bigInt != nil || v.complex != nil else { return nil }
            let u = typeOf(v)
            t = t.map { NumericPromotion.promote($0, u) } ?? u
            if t == nil { return nil }
        }
        return t
    }

    /// Julia's `typejoin` over the values' types: the closest common supertype.
    package func joinedType(_ values: [Value]) -> FlxType {
        guard let first = values.first else { return BuiltinTypes.any }
        var t = preciseType(of: first)
        for v in values.dropFirst() {
            let u = preciseType(of: v)
            if u === t { continue }
            t = typeJoin(t, u)
        }
        return t
    }

    package func typeJoin(_ a: FlxType, _ b: FlxType) -> FlxType {
        if a.isSubtype(of: b) { return b }
        if b.isSubtype(of: a) { return a }
        if a.root === b.root, let fam = a.family { return fam.family ?? fam }
        var t: FlxType? = a.family == nil ? a.supertype : a.root
        while let cur = t {
            if b.isSubtype(of: cur) { return cur }
            t = cur.supertype
        }
        return BuiltinTypes.any
    }

    /// Like `typeOf`, but tuples get their full `Tuple{...}` type (for element types).
    public func preciseType(of v: Value) -> FlxType {
        switch v {
        case .tuple(let t): return BuiltinTypes.tuple.instantiate(t.items.map { .type(preciseType(of: $0)) })
        case .namedTuple(let nt): return BuiltinTypes.namedTupleOf(names: nt.names, types: nt.values.map { preciseType(of: $0) })
        case .pair(let p): return BuiltinTypes.pair.instantiate([.type(preciseType(of: p.first)), .type(preciseType(of: p.second))])
        default: return typeOf(v)
        }
    }

    /// A vector literal `[a, b, c]`: numbers promote to a common type, other values
    /// keep the narrowest type that covers them all.
    public func makeVector(_ values: [Value], elementType: FlxType? = nil) throws -> ArrayValue {
        let et = elementType ?? promotedNumericType(values) ?? (values.isEmpty ? BuiltinTypes.any : joinedType(values))
        return try makeArray(values, shape: try Shape([values.count]), elementType: et)
    }

    /// Stores values (column-major) into a new array of the given element type.
    public func makeArray(_ values: [Value], shape: Shape, elementType: FlxType) throws -> ArrayValue {
        if let dt = ArrayValue.dtype(of: elementType) {
            if let tape = activeTape, dt.isFloat, values.contains(where: { if case .tracked = $0 { return true }; return false }) {
                return try trackedArray(values, shape: shape, dtype: dt, elementType: elementType, tape: tape)
            }
            let t = try Tensor.zeros(dt, shape)
            let a = ArrayValue(tensor: t)
            for (i, v) in values.enumerated() {
                try a.setElement(i, try convertElement(v, to: elementType))
            }
            return a
        }
        var converted = values
        if elementType !== BuiltinTypes.any {
            for i in converted.indices { converted[i] = try convertElement(converted[i], to: elementType) }
        }
        return ArrayValue(boxed: converted, shape: shape, elementType: elementType)
    }

    /// An array literal (`[x, 2x]`, a comprehension, `Float64[...]`) holding numbers that
    /// are being differentiated: built on the tape from its elements, so the forward value
    /// is right and each element's gradient flows back.
    private func trackedArray(_ values: [Value], shape: Shape, dtype: DType, elementType: FlxType, tape: Tape) throws -> ArrayValue {
        let pieces = try values.map { v -> Tensor in
            let scalar: Tensor
            if case .tracked(let s) = v {
                let t = try engine { try s.tensor }
                scalar = t.dtype == dtype ? t : try engine { try Conversion.convert(t, to: dtype, tape: tape) }
            } else {
                scalar = try Tensor.scalar(asDouble(try convertElement(v, to: elementType)), dtype: dtype)
            }
            return try engine { try Shaping.reshape(scalar, [1], tape: tape) }
        }
        let flat = try engine { try Shaping.cat(pieces, dim: 1, tape: tape) }
        return ArrayValue(tensor: try engine { try Shaping.reshape(flat, shape, tape: tape) })
    }

    /// Julia's `convert(T, v)` for storing into a container or a typed field.
    public func convertElement(_ v: Value, to t: FlxType) throws -> Value {
        if t === BuiltinTypes.any { return v }
        // A number already of the target type (`push!` onto an Int vector, a Float64 field):
        // answered before the conversions below, each of which inspects value and type.
        switch v {
        case .int: if t === BuiltinTypes.int64 { return v }
        case .float64: if t === BuiltinTypes.float64 { return v }
        case .float32: if t === BuiltinTypes.float32 { return v }
        case .float16: if t === BuiltinTypes.float16 { return v }
        case .bool: if t === BuiltinTypes.bool { return v }
        default: break
        }
        if let converted = try convertRational(v, to: t) { return converted }
        if let converted = try convertBigInt(v, to: t) { return converted }
        if let converted = try convertComplex(v, to: t) { return converted }
        if v.isSized, let f = v.fixedInt {
            if let converted = try FixedIntConversion.convertSized(f, to: t) { return converted }
        } else if let k = FixedIntConversion.sizedKind(t) {
            return try FixedIntConversion.convert(v, to: k)
        }
        switch (t.id, v) {
        case (BuiltinTypes.float32.id, .float32): return v
        case (BuiltinTypes.float64.id, .float64): return v
        case (BuiltinTypes.int64.id, .int): return v
        case (BuiltinTypes.float32.id, _):
            if case .tracked = v { return v }
            guard scalarRank(v) != nil else { break }
            return .float32(Float(asDouble(v)))
        case (BuiltinTypes.float64.id, _):
            if case .tracked = v { return v }
            guard scalarRank(v) != nil else { break }
            if case .float32(let f) = v { return .float64(Double(f)) }
            return .float64(asDouble(v))
        case (BuiltinTypes.float16.id, _):
            guard scalarRank(v) != nil else { break }
            return .float16(Float16(asDouble(v)))
        case (BuiltinTypes.int64.id, _):
            guard scalarRank(v) != nil else { break }
            if case .bool(let b) = v { return .int(b ? 1 : 0) }
            let d = asDouble(v)
            guard d == d.rounded(), d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else {
                throw Exceptions.inexact("Int64", "Int64", v)
            }
            return .int(Int64(d))
        case (BuiltinTypes.bool.id, _):
            if case .bool = v { return v }
            if case .int(let n) = v, n == 0 || n == 1 { return .bool(n == 1) }
            let d = asDouble(v)
            if d == 0 || d == 1 { return .bool(d == 1) }
            throw Exceptions.inexact("Bool", "Bool", v)
        default: break
        }
        if typeOf(v).isSubtype(of: t) || preciseType(of: v).isSubtype(of: t) { return v }
        // `convert(String, ::SubString)` copies the text into a String.
        if t === BuiltinTypes.string, case .string(let s) = v { return .str(s.value) }
        if t === BuiltinTypes.subStringOfString, case .string(let s) = v { return .substr(s.value) }
        // An abstract numeric target takes the nearest concrete type: `convert(AbstractFloat, 1)`
        // is 1.0, `convert(Integer, 2.0)` is 2.
        if t === BuiltinTypes.abstractFloat, scalarRank(v) != nil { return try convertElement(v, to: BuiltinTypes.float64) }
        if t === BuiltinTypes.integer || t === BuiltinTypes.signed, scalarRank(v) != nil { return try convertElement(v, to: BuiltinTypes.int64) }
        if case .tracked = v, t.isSubtype(of: BuiltinTypes.number) || BuiltinTypes.float64.isSubtype(of: t) { return v }
        if case .array(let a) = v, t.root === BuiltinTypes.array || t.root === BuiltinTypes.abstractArray || t.root === BuiltinTypes.denseArray {
            // `convert(Matrix{Float32}, x)`: a copy with the new element type.
            if case .type(let et) = t.parameters.first ?? .free, et !== a.elementType {
                return .array(try convertArray(a, to: et))
            }
            // A library's wrapper (`A'`, `Diagonal`) converted to `Array` is a plain array of its elements.
            if t.root === BuiltinTypes.array, a.type.arrayPresentation != nil, let tensor = a.tensor {
                if let tape = activeTape, tape.isTracked(tensor) { return .array(ArrayValue(tensor: try engine { try Shaping.reshape(tensor, tensor.shape, tape: tape) })) }
                return .array(ArrayValue(tensor: try engine { try tensor.copy() }))
            }
            return v
        }
        throw Exceptions.method(.str("convert"), [.type(t), v])
    }

    /// Conversions to and from `Rational`: an integer is `n//1`, a Rational becomes a float
    /// by division or an integer when its denominator is 1 (else InexactError). Nil when
    /// neither side is Rational.
    private func convertRational(_ v: Value, to t: FlxType) throws -> Value? {
        if let r = v.rational {
            if t.family === RationalObject.family, case .type(let e)? = t.parameters.first, let k = IntKind(type: e) {
                return k == r.kind ? v : .native(try RationalObject.make(r.numerator, r.denominator, kind: k))
            }
            if t === BuiltinTypes.float64 || t === BuiltinTypes.abstractFloat { return .float64(r.double) }
            if t === BuiltinTypes.float32 { return .float32(Float(r.double)) }
            if let k = IntKind(type: t) ?? (t === BuiltinTypes.integer || t === BuiltinTypes.signed ? .int64 : nil) {
                guard r.denominator == 1, let f = FixedInt(.int128, truncating: r.numerator).exactly(k) else {
                    throw Exceptions.inexact(k.name, k.name, v)
                }
                return f.value
            }
            if t === BuiltinTypes.bool, r.denominator == 1, r.numerator == 0 || r.numerator == 1 { return .bool(r.numerator == 1) }
            return nil
        }
        guard t.family === RationalObject.family else { return nil }
        let kind: IntKind
        if case .type(let e)? = t.parameters.first, let k = IntKind(type: e) { kind = k } else { kind = .int64 }
        if case .bool(let b) = v { return .native(try RationalObject.make(b ? 1 : 0, 1, kind: kind)) }
        if let f = v.fixedInt { return .native(try RationalObject.make(f.signedValue, 1, kind: kind)) }
        return nil
    }

    /// Conversions to and from `BigInt`: any integer becomes one; one becomes a bit integer
    /// when it fits (else InexactError) or the nearest float. Nil when neither side is BigInt.
    private func convertBigInt(_ v: Value, to t: FlxType) throws -> Value? {
        if let b = v.bigInt {
            if t === BigIntObject.type || t === BuiltinTypes.integer || t === BuiltinTypes.signed { return v }
            if let k = IntKind(type: t) {
                guard let f = b.exactly(k) else { throw Exceptions.inexact(k.name, k.name, v) }
                return f.value
            }
            if t === BuiltinTypes.float64 || t === BuiltinTypes.abstractFloat { return .float64(b.double) }
            if t === BuiltinTypes.float32 { return .float32(Float(b.double)) }
            if t === BuiltinTypes.bool, let n = b.int128, n == 0 || n == 1 { return .bool(n == 1) }
            return nil
        }
        guard t === BigIntObject.type else { return nil }
        if case .bool(let x) = v { return .native(BigIntObject(x ? 1 : 0)) }
        if let f = v.fixedInt { return .native(BigIntObject(f)) }
        if case .float64(let d) = v { return try bigInt(ofFloat: d, v) }
        if case .float32(let d) = v { return try bigInt(ofFloat: Double(d), v) }
        return nil
    }

    /// Conversions to and from `Complex{T}`: a real number is `x + 0im` with its parts
    /// converted to T; a complex number becomes a real one only when its imaginary part is
    /// zero (else InexactError). Nil when neither side is Complex.
    private func convertComplex(_ v: Value, to t: FlxType) throws -> Value? {
        if let target = ComplexObject.partType(of: t) {
            if let c = v.complex {
                if c.partType === target { return v }
                return .native(ComplexObject(try convertElement(c.re, to: target), try convertElement(c.im, to: target), partType: target))
            }
            guard typeOf(v).isSubtype(of: BuiltinTypes.real) else { return nil }
            return .native(ComplexObject(try convertElement(v, to: target), try convertElement(.int(0), to: target), partType: target))
        }
        guard let c = v.complex, t !== BuiltinTypes.any, !(t === ComplexObject.family || t === BuiltinTypes.number) else { return nil }
        guard t.isSubtype(of: BuiltinTypes.real) else { return nil }
        let imaginaryZero = (scalarRank(c.im) != nil || c.im.rational != nil || c.im.isSized) && asDouble(c.im) == 0
        guard imaginaryZero else { throw Exceptions.inexact(t.name, t.name, v) }
        return try convertElement(c.re, to: t)
    }

    private func bigInt(ofFloat d: Double, _ v: Value) throws -> Value {
        guard d.isFinite, d == d.rounded(.towardZero) else { throw Exceptions.inexact("BigInt", "BigInt", v) }
        // An integral double is its significand shifted left.
        var m = d.magnitude
        var limbs: [UInt32] = []
        while m >= 1 {
            let r = m.truncatingRemainder(dividingBy: 4294967296.0)
            limbs.append(UInt32(exactly: r) ?? 0)
            m = (m - r) / 4294967296.0
        }
        return .native(BigIntObject(negative: d < 0, limbs: limbs))
    }

    public func convertArray(_ a: ArrayValue, to et: FlxType) throws -> ArrayValue {
        if let t = a.tensor, let dt = ArrayValue.dtype(of: et) {
            if dt == .int64 && t.dtype.isFloat {
                return try makeArray(a.boxedValues, shape: a.shape, elementType: et)
            }
            // Float to float on the tape: the gradient converts back.
            if dt.isFloat, let tape = activeTape, tape.isTracked(t) { return ArrayValue(tensor: try Conversion.convert(t, to: dt, tape: tape)) }
            return ArrayValue(tensor: try t.converted(to: dt))
        }
        return try makeArray(a.boxedValues, shape: a.shape, elementType: et)
    }
}
