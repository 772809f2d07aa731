import FlxSyntax
import FlxCore
import FlxStdlib

/// Functors' `KeyPath`: the keys that lead from a model to one of its parts (a field name
/// as a Symbol, a tuple or vector position as an Int, a Dict key as itself). It prints as
/// `KeyPath` followed by its keys' tuple (`KeyPath(:b, 1, "c")`, `KeyPath(:a,)`).
package final class KeyPathObject: NativeObject, NativeShowable, NativeEquality, NativeImmutableValue, NativeIndexable, NativeFields {
    package let keys: [Value]
    package init(_ keys: [Value]) { self.keys = keys }

    package static let type = FlxType(name: "KeyPath", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { KeyPathObject.type }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        "KeyPath" + (try Display.repr(.tuple(keys), interp))
    }
    package func display(_ interp: Interpreter) throws -> String? { nil }

    package func isEqual(to other: NativeObject, _ interp: Interpreter) throws -> Bool {
        guard let o = other as? KeyPathObject else { return false }
        return try OperatorBuiltins.isEqual(.tuple(keys), .tuple(o.keys), interp)
    }
    package func isIdentical(to other: NativeObject) -> Bool {
        guard let o = other as? KeyPathObject, o.keys.count == keys.count else { return false }
        return zip(keys, o.keys).allSatisfy { Value.egal($0, $1) }
    }

    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.count == 1, case .int(let i) = indices[0] else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
        guard i >= 1, i <= keys.count else { throw Exceptions.bounds(.tuple(keys), indices[0]) }
        return keys[Int(i) - 1]
    }
    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        throw Exceptions.method(.str("setindex!"), [.native(self), value] + indices)
    }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? { name == "keys" ? .tuple(keys) : nil }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}

/// `KeyPath`, `getkeypath`, `haskeypath` (Functors, re-exported by Optimisers), and the
/// walk behind `trainables(x; path = true)`.
package enum FunctorsKeyPath {
    package static func install(_ interp: Interpreter, functors: ModuleValue, optimisers: ModuleValue) {
        // `KeyPath(keys...)`; a KeyPath among the arguments contributes its keys.
        TypeBuiltins.setConstructor(KeyPathObject.type) { _, a in
            var keys: [Value] = []
            for v in a.values {
                if case .native(let kp as KeyPathObject) = v { keys += kp.keys } else { keys.append(v) }
            }
            return .native(KeyPathObject(keys))
        }
        functors.define("KeyPath", .type(KeyPathObject.type))
        let getkeypath = functors.native("getkeypath") { interp, a in
            try a.expect("getkeypath", 2...2)
            guard case .native(let kp as KeyPathObject) = a[1] else { throw Exceptions.method(.str("getkeypath"), a.values) }
            var x = a[0]
            for k in kp.keys { x = try child(x, k, interp) }
            return x
        }
        let haskeypath = functors.native("haskeypath") { interp, a in
            try a.expect("haskeypath", 2...2)
            guard case .native(let kp as KeyPathObject) = a[1] else { throw Exceptions.method(.str("haskeypath"), a.values) }
            var x = a[0]
            for k in kp.keys {
                guard try hasChild(x, k, interp) else { return .bool(false) }
                x = try child(x, k, interp)
            }
            return .bool(true)
        }
        optimisers.define("KeyPath", .type(KeyPathObject.type))
        optimisers.define("getkeypath", .function(getkeypath))
        optimisers.define("haskeypath", .function(haskeypath))
    }

    /// One step of a key path: a Symbol is a field (of a struct or NamedTuple), anything
    /// else an index or a Dict key, as Functors' `getkeypath` does.
    static func child(_ x: Value, _ key: Value, _ interp: Interpreter) throws -> Value {
        if case .symbol = key, case .native(let d as DictObject) = x { return try interp.getIndex(.native(d), [key]) }
        if case .symbol(let s) = key { return try interp.call(interp.base.binding("getproperty").value, [x, .symbol(s)]) }
        return try interp.getIndex(x, [key])
    }

    static func hasChild(_ x: Value, _ key: Value, _ interp: Interpreter) throws -> Bool {
        switch (x, key) {
        case (.native(let d as DictObject), _): return try d.get(key, interp) != nil
        case (.namedTuple(let nt), .symbol(let s)): return nt.index(of: s.name) != nil
        case (.object(let o), .symbol(let s)): return o.type.fieldNames.contains(s.name)
        case (_, .int(let i)): return interp.knownLength(x).map { i >= 1 && i <= $0 } ?? false
        default: return false
        }
    }

    /// Optimisers' `isnumeric`: an array of numbers that are not integers (nor Bool).
    static func isNumeric(_ a: ArrayValue) -> Bool {
        if let t = a.tensor { return t.dtype.isFloat }
        let e = a.elementType
        return e.isSubtype(of: BuiltinTypes.number) && !e.isSubtype(of: BuiltinTypes.integer) && e !== BuiltinTypes.number
    }

    /// Every trainable numeric array of `model` with the keys that reach it, in Optimisers'
    /// order (each container's `trainable` children in turn); an array reached twice (tied
    /// weights) is listed at its first path only, as `fmap`'s cache does.
    package static func trainableArrays(_ model: Value, _ interp: Interpreter) throws -> [(path: [Value], array: ArrayValue)] {
        var out: [(path: [Value], array: ArrayValue)] = []
        var seen = Set<ObjectIdentifier>()
        func walk(_ v: Value, _ path: [Value]) throws {
            try NativeStack.check()  // a model that holds itself
            switch v {
            case .array(let a):
                guard seen.insert(ObjectIdentifier(a)).inserted else { return }
                if isNumeric(a) { out.append((path, a)); return }
                guard a.tensor == nil else { return }
                for (i, x) in a.boxedValues.enumerated() { try walk(x, path + [.int(Int64(i + 1))]) }
            case .tuple(let t):
                for (i, x) in t.items.enumerated() { try walk(x, path + [.int(Int64(i + 1))]) }
            case .namedTuple(let nt):
                for (name, x) in zip(nt.names, nt.values) { try walk(x, path + [.symbol(Symbol.intern(name))]) }
            case .object(let o):
                if o.type.isMutable && !seen.insert(ObjectIdentifier(o)).inserted { return }
                for i in ParameterWalk.trainableFieldIndices(o, interp) {
                    try walk(o.fields[i], path + [.symbol(Symbol.intern(o.type.fieldNames[i]))])
                }
            case .native(let d as DictObject):
                for p in d.pairs { try walk(p.value, path + [p.key]) }
            default:
                break
            }
        }
        try walk(model, [])
        return out
    }
}
