/// The types the specialising tier keeps in one 8-byte register each: numbers and Bool
/// unboxed; a `Vector{Float64}`/`Vector{Int64}` or a struct whose fields are all such
/// numbers as an unretained reference (the caller's frame keeps the object alive, and a
/// specialised body never stores one anywhere). `bottom` is "no value yet" (a recursive
/// call's result before the fixpoint, or code after a `return`); `mixed` is a value of
/// no single supported type, usable only where nothing reads it (a statement's value).
package enum TierType: Equatable, CustomStringConvertible {
    case int, float64, float32, bool, nothing
    case vectorFloat64, vectorInt
    case record(TierRecord)
    case bottom, mixed

    /// The tier type of a value's exact type, or nil for a type the tier does not keep.
    package init?(_ t: FlxType) {
        if t === BuiltinTypes.int64 { self = .int } else if t === BuiltinTypes.float64 { self = .float64 } else if t === BuiltinTypes.float32 { self = .float32 } else if t === BuiltinTypes.bool { self = .bool } else if t === BuiltinTypes.nothing { self = .nothing } else if t === TierType.vectorFloat64Type { self = .vectorFloat64 } else if t === TierType.vectorIntType { self = .vectorInt } else if let r = TierRecord(t) { self = .record(r) } else { return nil }
    }

    static let vectorFloat64Type = BuiltinTypes.arrayOf(BuiltinTypes.float64, 1)
    static let vectorIntType = BuiltinTypes.arrayOf(BuiltinTypes.int64, 1)

    /// The tier type of a scalar value (a tracked number is not a plain Float64: nil).
    package init?(of v: Value) {
        switch v {
        case .int: self = .int
        case .float64: self = .float64
        case .float32: self = .float32
        case .bool: self = .bool
        case .nothing: self = .nothing
        default: return nil
        }
    }

    /// A value of both branches' types, as Julia's type join would need a Union for two.
    package func join(_ other: TierType) -> TierType {
        if self == .bottom { return other }
        if other == .bottom || other == self { return self }
        return .mixed
    }

    /// Whether a register of this type holds a value (not bottom or mixed).
    package var isConcrete: Bool { self != .bottom && self != .mixed }

    package var description: String {
        switch self {
        case .bottom: return "⊥"
        case .mixed: return "mixed"
        default: return TypeNames.show(flxType)
        }
    }

    /// Numbers and Bool: what arithmetic, fields and elements hold.
    package var isScalar: Bool {
        switch self {
        case .int, .float64, .float32, .bool: return true
        default: return false
        }
    }

    /// The type object for a concrete tier type.
    package var flxType: FlxType {
        switch self {
        case .int: return BuiltinTypes.int64
        case .float64: return BuiltinTypes.float64
        case .float32: return BuiltinTypes.float32
        case .bool: return BuiltinTypes.bool
        case .vectorFloat64: return TierType.vectorFloat64Type
        case .vectorInt: return TierType.vectorIntType
        case .record(let r): return r.type
        default: return BuiltinTypes.nothing
        }
    }
}

/// A struct type whose every field is declared as a scalar the tier keeps unboxed.
package struct TierRecord: Equatable {
    package let type: FlxType
    package let fieldTypes: [TierType]

    init?(_ t: FlxType) {
        guard !t.fieldNames.isEmpty, t.fieldTypes.count == t.fieldNames.count else { return nil }
        var types: [TierType] = []
        for ft in t.fieldTypes {
            guard let ft, let tt = TierType(ft), tt.isScalar else { return nil }
            types.append(tt)
        }
        type = t
        fieldTypes = types
    }

    package static func == (a: TierRecord, b: TierRecord) -> Bool { a.type === b.type }
}

/// Moving values between the generic path's `Value` and a register's 8 bytes.
package enum TierBox {
    @inline(__always) package static func unbox(_ v: Value, as t: TierType) -> UInt64? {
        switch (t, v) {
        case (.int, .int(let i)): return UInt64(bitPattern: i)
        case (.float64, .float64(let d)): return d.bitPattern
        case (.float32, .float32(let f)): return UInt64(f.bitPattern)
        case (.bool, .bool(let b)): return b ? 1 : 0
        case (.nothing, .nothing): return 0
        case (.vectorFloat64, .array(let a)) where a.type === TierType.vectorFloat64Type: return reference(a)
        case (.vectorInt, .array(let a)) where a.type === TierType.vectorIntType: return reference(a)
        case (.record(let r), .object(let o)) where o.type === r.type:
            // Every field must hold its declared type (not unassigned), so that reading
            // one inside the tier cannot fail; the tier only ever writes that type back.
            for (i, ft) in r.fieldTypes.enumerated() where unbox(o.fields[i], as: ft) == nil { return nil }
            return reference(o)
        default: return nil
        }
    }

    @inline(__always) package static func box(_ r: UInt64, as t: TierType) -> Value {
        switch t {
        case .int: return .int(Int64(bitPattern: r))
        case .float64: return .float64(Double(bitPattern: r))
        case .float32: return .float32(Float(bitPattern: UInt32(truncatingIfNeeded: r)))
        case .bool: return .bool(r != 0)
        case .vectorFloat64, .vectorInt: return .array(array(r))
        case .record: return .object(object(r))
        case .nothing, .bottom, .mixed: return .nothing
        }
    }

    @inline(__always) static func reference(_ o: AnyObject) -> UInt64 {
        UInt64(UInt(bitPattern: Unmanaged.passUnretained(o).toOpaque()))
    }
    @inline(__always) static func array(_ r: UInt64) -> ArrayValue {
        Unmanaged<ArrayValue>.fromOpaque(UnsafeRawPointer(bitPattern: UInt(r))!).takeUnretainedValue()
    }
    @inline(__always) static func object(_ r: UInt64) -> StructInstance {
        Unmanaged<StructInstance>.fromOpaque(UnsafeRawPointer(bitPattern: UInt(r))!).takeUnretainedValue()
    }
}
