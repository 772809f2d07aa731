import FlxCore

/// What `rand(collection)` draws from. A range is indexed in place, as Julia's
/// `rand(1:10^12)` is: materialising it would take memory proportional to its length.
enum DrawPool {
    case values([Value])
    case range(RangeValue)

    init(_ collection: Value, _ interp: Interpreter) throws {
        if case .range(let r) = collection { self = .range(r) } else { self = .values(try interp.collect(collection)) }
    }

    var count: Int {
        switch self {
        case .values(let v): return v.count
        case .range(let r): return Int(r.count)
        }
    }

    var isEmpty: Bool { count == 0 }

    func element(_ i: Int) -> Value {
        switch self {
        case .values(let v): return v[i]
        case .range(let r): return r.element(Int64(i))
        }
    }

    func elementType(_ interp: Interpreter) -> FlxType {
        switch self {
        case .values(let v): return interp.joinedType(v)
        case .range(let r):
            if case .int = r.kind { return BuiltinTypes.int64 }
            return BuiltinTypes.float64
        }
    }
}
