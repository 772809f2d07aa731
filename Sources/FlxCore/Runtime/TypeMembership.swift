/// Julia's `isa`, including what a type is an instance of.
extension Interpreter {
    /// `x isa T`. A type is an instance of `Type`, of `Type{itself}` and of `Type{<:B}` for
    /// each of its supertypes `B` (`isa(Float64, Type{Float64})`, `Int isa Type{<:Real}`),
    /// besides `DataType` (or `Union`), which `typeof` gives.
    package func isa(_ v: Value, _ t: FlxType) -> Bool {
        if typeOf(v).isSubtype(of: t) || preciseType(of: v).isSubtype(of: t) { return true }
        guard case .type(let x) = v else { return false }
        return FlxType.typeValue(x, isInstanceOf: t)
    }
}

extension FlxType {
    package static func typeValue(_ x: FlxType, isInstanceOf t: FlxType) -> Bool {
        if t === BuiltinTypes.typeType { return true }
        if case .union(let members) = t.kind { return members.contains { typeValue(x, isInstanceOf: $0) } }
        guard t.family === BuiltinTypes.typeType, let p = t.parameters.first else { return false }
        switch p {
        case .type(let y): return x === y || (x.isSubtype(of: y) && y.isSubtype(of: x))
        case .bounded(let b): return x.isSubtype(of: b)
        case .free: return true
        case .int, .value: return false
        }
    }
}
