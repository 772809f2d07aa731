import FlxSyntax
import FlxCore
/// Julia's `Dict` and `IdDict`.
///
/// A `Dict` is a `JuliaDictTable` keyed by `JuliaHash` and `isequal`, so it iterates and
/// prints in the order Julia 1.10 does. An `IdDict` (keys by `===`) keeps its pairs in
/// insertion order with linear lookup: Julia's `IdDict` orders by object addresses, which
/// no script can predict, so flx does not try to reproduce it.
package final class DictObject: NativeObject, NativeIndexable, NativeIterable, NativeShowable {
    package override var indexable: NativeIndexable? { self }
    package let identity: Bool
    private var table = JuliaDictTable()
    /// Set while the table is being searched: comparing keys may run a user's `==`, and
    /// if that touched this Dict, Swift's exclusive-access check would stop the process.
    /// Such a nested use throws a flx error instead; `count` answers from `storedCount`.
    private var busy = false
    private var storedCount = 0
    private var idKeys: [Value] = []
    private var idValues: [Value] = []
    /// The `Dict{K,V}` parameters fixed at construction (`Dict()` is `Dict{Any, Any}`);
    /// nil means "the join of what it holds".
    package var keyType: FlxType?
    package var valueType: FlxType?

    package init(identity: Bool) { self.identity = identity }
    package override var flxType: FlxType { identity ? BuiltinTypes.idDict : BuiltinTypes.dict }

    // MARK: contents, in iteration order

    package var count: Int { identity ? idKeys.count : storedCount }

    package var pairs: [(key: Value, value: Value)] {
        if identity { return Array(zip(idKeys, idValues)).map { ($0, $1) } }
        if busy { return [] }
        var out: [(key: Value, value: Value)] = []
        out.reserveCapacity(table.count)
        var i = table.nextFilled(from: 0)
        while let j = i {
            out.append((table.keys[j], table.vals[j]))
            i = table.nextFilled(from: j + 1)
        }
        return out
    }

    package var keys: [Value] { identity ? idKeys : pairs.map(\.key) }
    package var values: [Value] { identity ? idValues : pairs.map(\.value) }

    // MARK: operations

    /// `isequal` as Julia's `Dict` compares keys: NaN equals NaN, -0.0 differs from 0.0.
    package static func keysEqual(_ a: Value, _ b: Value, _ interp: Interpreter) throws -> Bool {
        switch (a, b) {
        case (.int(let p), .int(let q)): return p == q
        case (.string(let p), .string(let q)): return sameCodeUnits(p.value, q.value)
        case (.symbol(let p), .symbol(let q)): return p === q
        case (.char(let p), .char(let q)): return p == q
        default:
            if scalarRank(a) != nil && scalarRank(b) != nil {
                let p = asDouble(a), q = asDouble(b)
                if p.isNaN || q.isNaN { return p.isNaN && q.isNaN }
                if p == 0 && q == 0 { return p.sign == q.sign }
            }
            return try OperatorBuiltins.isEqual(a, b, interp, nanEqual: true)
        }
    }

    private func idIndex(_ k: Value) -> Int? { idKeys.firstIndex { OperatorBuiltins.egal($0, k) } }

    /// Runs a table operation, refusing one nested inside another (see `busy`).
    private func guarded<T>(_ body: () throws -> T) throws -> T {
        if busy { throw Exceptions.error("a Dict was used while comparing its own keys") }
        busy = true
        defer {
            busy = false
            storedCount = table.count
        }
        return try body()
    }

    package func get(_ k: Value, _ interp: Interpreter) throws -> Value? {
        if identity { return idIndex(k).map { idValues[$0] } }
        return try guarded { try table.find(k, hash: JuliaHash.key(k)) { try Self.keysEqual($0, $1, interp) }.map { table.vals[$0] } }
    }

    package func contains(_ k: Value, _ interp: Interpreter) throws -> Bool { try get(k, interp) != nil }

    /// `setindex!`, converting to the declared key/value types as Julia does.
    package func set(_ k0: Value, _ v0: Value, _ interp: Interpreter) throws {
        let k = try coerce(k0, keyType, interp), v = try coerce(v0, valueType, interp)
        if identity {
            if let i = idIndex(k) { idValues[i] = v } else { idKeys.append(k); idValues.append(v) }
            return
        }
        try guarded { try table.set(k, v, hash: JuliaHash.key(k)) { try Self.keysEqual($0, $1, interp) } }
    }

    /// `get!(f, d, k)`: the value at `k`, or `f()` stored there.
    package func getOrInsert(_ k0: Value, _ interp: Interpreter, _ make: () throws -> Value) throws -> Value {
        if identity {
            if let v = try get(k0, interp) { return v }
            let v = try make()
            try set(k0, v, interp)
            return try get(k0, interp) ?? v
        }
        let k = try coerce(k0, keyType, interp), h = JuliaHash.key(k)
        let eq: JuliaDictTable.Equal = { try Self.keysEqual($0, $1, interp) }
        let (first, age) = try guarded { (try table.probe(k, hash: h, eq), table.age) }
        if case .found(let i) = first { return try guarded { table.vals[i] } }
        let v = try coerce(try make(), valueType, interp)
        try guarded {
            let probe = table.age == age ? first : try table.probe(k, hash: h, eq)
            switch probe {
            case .found(let i): table.replace(at: i, k, v)
            case .free(let i): table.insert(at: i, k, v, hash: h)
            }
        }
        return v
    }

    /// `pop!`/`delete!`: removes `k` and returns its value, or nil when absent.
    @discardableResult
    package func remove(_ k: Value, _ interp: Interpreter) throws -> Value? {
        if identity {
            guard let i = idIndex(k) else { return nil }
            idKeys.remove(at: i)
            return idValues.remove(at: i)
        }
        return try guarded {
            guard let i = try table.find(k, hash: JuliaHash.key(k), { try Self.keysEqual($0, $1, interp) }) else { return nil }
            let v = table.vals[i]
            table.delete(at: i)
            return v
        }
    }

    /// `empty!`.
    package func removeAll() {
        idKeys = []
        idValues = []
        if !busy {
            table.removeAll()
            storedCount = 0
        }
    }

    /// `sizehint!`.
    package func sizehint(_ n: Int) { if !identity && !busy { table.sizehint(n) } }

    /// `copy`: the same table, slot for slot (Julia copies the arrays).
    package func copy() -> DictObject {
        let c = DictObject(identity: identity)
        c.table = busy ? JuliaDictTable() : table
        c.storedCount = c.table.count
        c.idKeys = idKeys
        c.idValues = idValues
        c.keyType = keyType
        c.valueType = valueType
        return c
    }

    /// An empty dictionary of the same kind and declared types (`empty(d)`).
    package func emptyCopy() -> DictObject {
        let c = DictObject(identity: identity)
        c.keyType = keyType
        c.valueType = valueType
        return c
    }

    /// Julia converts a key or value to the dictionary's concrete number type on the way
    /// in (`d = Dict("a" => 1.0); d["b"] = 2` stores `2.0`).
    private func coerce(_ v: Value, _ t: FlxType?, _ interp: Interpreter) throws -> Value {
        guard let t, scalarRank(v) != nil else { return v }
        switch t.id {
        case BuiltinTypes.float64.id, BuiltinTypes.float32.id, BuiltinTypes.int64.id: return try interp.convertElement(v, to: t)
        default: return v
        }
    }

    // MARK: construction

    package static func make(_ a: Args, _ interp: Interpreter, identity: Bool = false) throws -> Value {
        let d = DictObject(identity: identity)
        var items = a.values
        if a.count == 1, !(a[0].isPair) { items = try interp.collect(a[0]) }
        var ks: [Value] = [], vs: [Value] = []
        for item in items {
            switch item {
            case .pair(let p): ks.append(p.first); vs.append(p.second)
            case .tuple(let t) where t.items.count == 2: ks.append(t.items[0]); vs.append(t.items[1])
            default: throw Exceptions.argument("Dict(kv): kv needs to be an iterator of 2-tuples or pairs")
            }
        }
        if let t = interp.constructing.last, t.family === d.flxType, t.parameters.count == 2,
           case .type(let k) = t.parameters[0], case .type(let v) = t.parameters[1] {
            (d.keyType, d.valueType) = (k, v)
        } else {
            d.keyType = ks.isEmpty ? BuiltinTypes.any : interp.joinedType(ks)
            d.valueType = vs.isEmpty ? BuiltinTypes.any : interp.joinedType(vs)
        }
        // `Dict{K,V}(kv)` and `Dict(ps::Pair...)` call `sizehint!(h, length(kv))` first.
        d.sizehint(ks.count)
        for (k, v) in zip(ks, vs) { try d.set(k, v, interp) }
        return .native(d)
    }

    // MARK: protocols

    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.count == 1 else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
        guard let v = try get(indices[0], interp) else { throw Exceptions.key(indices[0]) }
        return v
    }

    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        guard indices.count == 1 else { throw Exceptions.method(.str("setindex!"), [.native(self)] + indices) }
        try set(indices[0], value, interp)
    }

    package var iterationLength: Int? { count }

    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator {
        ListIterator(pairs.map { .pair(PairValue($0.key, $0.value)) })
    }

    package func typeText(_ interp: Interpreter) -> String {
        let (kt, vt) = elementTypes(interp)
        return (identity ? "IdDict{" : "Dict{") + TypeNames.show(kt) + ", " + TypeNames.show(vt) + "}"
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        // base/dict.jl `show`: the bare name only when both parameters are concrete.
        let ps = pairs
        let (kt, vt) = elementTypes(interp)
        let name = ps.isEmpty || kt.isAbstract || vt.isAbstract ? typeText(interp) : (identity ? "IdDict" : "Dict")
        // Under `:limit` Julia stops after the 10th pair with `…` (base/show.jl), even at exactly 10.
        let shown = interp.displayLimit != nil ? min(ps.count, 10) : ps.count
        // A Dict met again inside itself is marked, as Julia's `show_circular` does.
        if !ps.isEmpty, let marker = Display.circularReference(self, interp) { return name + "(" + marker + ")" }
        let items = try Display.showingInside(self, interp) {
            try ps.prefix(shown).map { try Display.repr($0.key, interp) + " => " + Display.repr($0.value, interp) }
        }
        let more = interp.displayLimit != nil && ps.count >= 10 ? "…" : ""
        return name + "(" + items.joined(separator: ", ") + more + ")"
    }

    package func display(_ interp: Interpreter) throws -> String? {
        let ps = pairs
        let summary = typeText(interp) + " with \(ps.count) entr\(ps.count == 1 ? "y" : "ies")"
        if ps.isEmpty { return typeText(interp) + "()" }
        let (kt, vt) = elementTypes(interp)
        // Entries are shown with the Dict in `:SHOWN_SET`, as Julia's 3-arg show does.
        return try Display.showingInside(self, interp) {
            try DictDisplay.display(summary: summary, keys: ps.map { $0.key }, values: ps.map { $0.value }, keyType: kt, valueType: vt, interp)
        }
    }
}

extension Value {
    package var isPair: Bool { if case .pair = self { return true }; return false }
}
