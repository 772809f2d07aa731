import FlxSyntax
import FlxCore
/// Whole-dictionary operations that follow base/abstractdict.jl and base/dict.jl step by
/// step, since the steps (copies, size hints, insertion order) decide Julia's slot order.
extension DictObject {
    /// `keytype(d)`, `valtype(d)`: the declared parameters, widened by what it holds.
    package func elementTypes(_ interp: Interpreter) -> (key: FlxType, value: FlxType) {
        let ps = pairs
        var kt = ps.isEmpty ? BuiltinTypes.any : interp.joinedType(ps.map(\.key))
        var vt = ps.isEmpty ? BuiltinTypes.any : interp.joinedType(ps.map(\.value))
        if let k = keyType { kt = ps.isEmpty ? k : interp.typeJoin(k, kt) }
        if let v = valueType { vt = ps.isEmpty ? v : interp.typeJoin(v, vt) }
        return (kt, vt)
    }

    /// `promote_type` for the parameters of merged dictionaries: numbers promote
    /// (`Int64` and `Float64` give `Float64`), anything else joins.
    package static func promote(_ a: FlxType, _ b: FlxType, _ interp: Interpreter) -> FlxType {
        if a === b { return a }
        let ladder = [BuiltinTypes.bool, BuiltinTypes.int64, BuiltinTypes.float32, BuiltinTypes.float64]
        if let i = ladder.firstIndex(where: { $0 === a }), let j = ladder.firstIndex(where: { $0 === b }) { return ladder[max(i, j)] }
        return interp.typeJoin(a, b)
    }

    /// `merge(d, others...) = merge!(_typeddict(d, others...), others...)`: a slot-for-slot
    /// copy of `d` when the promoted types are `d`'s own, else `Dict{K,V}(d)` rebuilt.
    package static func merge(_ dicts: [DictObject], _ interp: Interpreter, combine: Value? = nil) throws -> DictObject {
        guard let first = dicts.first else { return DictObject(identity: false) }
        let (k0, v0) = first.elementTypes(interp)
        var k = k0, v = v0
        for d in dicts.dropFirst() {
            let (kd, vd) = d.elementTypes(interp)
            k = promote(k, kd, interp)
            v = promote(v, vd, interp)
        }
        let out: DictObject
        if k === k0 && v === v0 && !first.identity {
            out = first.copy()
            out.keyType = k
            out.valueType = v
        } else {
            out = DictObject(identity: false)
            out.keyType = k
            out.valueType = v
            out.sizehint(first.count)
            for p in first.pairs { try out.set(p.key, p.value, interp) }
        }
        try out.mergeIn(Array(dicts.dropFirst()), interp, combine: combine)
        return out
    }

    /// `merge!(d, others...)`: a size hint for each, then its pairs in its order;
    /// `mergewith!(combine, d, others...)` combines the values of keys already present.
    package func mergeIn(_ others: [DictObject], _ interp: Interpreter, combine: Value? = nil) throws {
        for other in others {
            sizehint(count + other.count)
            for p in other.pairs {
                if let f = combine, let old = try get(p.key, interp) {
                    try set(p.key, try interp.call(f, [old, p.value]), interp)
                } else {
                    try set(p.key, p.value, interp)
                }
            }
        }
    }

    /// `==(l::AbstractDict, r::AbstractDict)` (and `isequal`): same kind, same length,
    /// and every pair of `l` found in `r` with an equal value; the order does not matter.
    package static func equal(_ l: DictObject, _ r: DictObject, _ interp: Interpreter, nanEqual: Bool) throws -> Bool {
        if l === r { return true }
        guard l.identity == r.identity, l.count == r.count else { return false }
        for p in l.pairs {
            guard let v = try r.get(p.key, interp), try OperatorBuiltins.isEqual(p.value, v, interp, nanEqual: nanEqual) else { return false }
        }
        return true
    }

    /// `filter(f, d)`: an empty copy filled with the kept pairs in `d`'s order.
    package func filtered(_ keep: (Value) throws -> Bool, _ interp: Interpreter) throws -> DictObject {
        let out = emptyCopy()
        for p in pairs where try keep(.pair(PairValue(p.key, p.value))) { try out.set(p.key, p.value, interp) }
        return out
    }

    /// `filter!(f, d)`: deletes the rejected pairs in place (the others keep their slots).
    package func filterInPlace(_ keep: (Value) throws -> Bool, _ interp: Interpreter) throws {
        for p in pairs where !(try keep(.pair(PairValue(p.key, p.value)))) { try remove(p.key, interp) }
    }
}
