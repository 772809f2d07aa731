import FlxSyntax
import FlxCore
import FlxEngine

/// Looking up, removing and merging the entries of a Dict (and of a NamedTuple where
/// Julia allows it).
extension CollectionBuiltins {
    package static var dictFunctions: [Builtin] {
        [
            Builtin("haskey", { interp, a in
                try a.expect("haskey", 2...2)
                switch a[0] {
                case .native(let d as DictObject): return .bool(try d.contains(a[1], interp))
                case .namedTuple(let nt):
                    guard case .symbol(let s) = a[1] else { return .bool(false) }
                    return .bool(nt.index(of: s.name) != nil)
                default: throw Exceptions.method(.str("haskey"), a.values)
                }
            }, help: BuiltinHelp("haskey(d, key)", "Whether a dict (or NamedTuple) has `key`.", "haskey(Dict(:a => 1), :a)  # true")),
            Builtin("get", valueOrDefault,
                help: BuiltinHelp("get(d, key, default)  /  get(f, d, key)", "The value for `key`, or `default` (or `f()`) when the key is missing.", "get(Dict(:a => 1), :b, 0)  # 0")),
            Builtin("get!", { interp, a in
                try a.expect("get!", 3...3)
                if case .function = a[0], case .native(let d as DictObject) = a[1] {
                    return try d.getOrInsert(a[2], interp) { try interp.call(a[0], []) }
                }
                guard case .native(let d as DictObject) = a[0] else { throw Exceptions.method(.str("get!"), a.values) }
                return try d.getOrInsert(a[1], interp) { a[2] }
            }, help: BuiltinHelp("get!(d, key, default)  /  get!(f, d, key)", "Like `get`, but also stores the default under `key` when it was missing.", "counts = Dict{String, Int}()\nget!(counts, \"x\", 0)")),
            Builtin("delete!", { interp, a in
                try a.expect("delete!", 2...2)
                guard case .native(let d as DictObject) = a[0] else { throw Exceptions.method(.str("delete!"), a.values) }
                try d.remove(a[1], interp)
                return a[0]
            }, help: BuiltinHelp("delete!(d, key)", "Removes `key` from a dict, in place; returns the dict.", "d = Dict(:a => 1); delete!(d, :a)")),
            Builtin("merge", mergedCopy,
                help: BuiltinHelp("merge(a, b...)", "A new dict or NamedTuple with the entries of all arguments; later ones win on equal keys.", "merge((a = 1,), (b = 2,))  # (a = 1, b = 2)")),
            mergeWith("mergewith", inPlace: false,
                BuiltinHelp("mergewith(combine, d, others...)", "Like `merge`, but the values of a key present in several dicts are combined with `combine(old, new)`.", "mergewith(+, Dict(1 => 2), Dict(1 => 3))")),
            mergeWith("mergewith!", inPlace: true,
                BuiltinHelp("mergewith!(combine, d, others...)", "Like `merge!`, but the values of a key already in `d` are combined with `combine(old, new)`; returns `d`.", "mergewith!(+, Dict(1 => 2), Dict(1 => 3))")),
            Builtin("keytype", { interp, a in
                guard a.count == 1, case .native(let d as DictObject) = a[0] else { throw Exceptions.method(.str("keytype"), a.values) }
                return .type(d.elementTypes(interp).key)
            }, help: BuiltinHelp("keytype(d)", "The key type `K` of a `Dict{K,V}`.", "keytype(Dict(1 => \"a\"))  # Int64")),
            Builtin("valtype", { interp, a in
                guard a.count == 1, case .native(let d as DictObject) = a[0] else { throw Exceptions.method(.str("valtype"), a.values) }
                return .type(d.elementTypes(interp).value)
            }, help: BuiltinHelp("valtype(d)", "The value type `V` of a `Dict{K,V}`.", "valtype(Dict(1 => \"a\"))  # String")),
            Builtin("merge!", { interp, a in
                let dicts = try a.values.map { v -> DictObject in
                    guard case .native(let d as DictObject) = v else { throw Exceptions.method(.str("merge!"), a.values) }
                    return d
                }
                guard let first = dicts.first else { throw Exceptions.method(.str("merge!"), a.values) }
                try first.mergeIn(Array(dicts.dropFirst()), interp)
                return a[0]
            }, help: BuiltinHelp("merge!(d, others...)", "Adds the pairs of each dict in `others` to `d`, later ones winning on equal keys; returns `d`.", "merge!(Dict(1 => 2), Dict(3 => 4))")),
        ]
    }

    static func mergedCopy(_ interp: Interpreter, _ a: Args) throws -> Value {
        if case .namedTuple = a[0] {
            var names: [String] = [], values: [Value] = []
            for v in a.values {
                guard case .namedTuple(let nt) = v else { throw Exceptions.method(.str("merge"), a.values) }
                for (n, val) in zip(nt.names, nt.values) {
                    if let i = names.firstIndex(of: n) { values[i] = val } else { names.append(n); values.append(val) }
                }
            }
            return .namedTuple(NamedTupleValue(names: names, values: values))
        }
        let dicts = try a.values.map { v -> DictObject in
            guard case .native(let d as DictObject) = v else { throw Exceptions.method(.str("merge"), a.values) }
            return d
        }
        return .native(try DictObject.merge(dicts, interp))
    }

    static func valueOrDefault(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("get", 3...3)
        switch a[0] {
        case .native(let d as DictObject): return try d.get(a[1], interp) ?? a[2]
        case .namedTuple(let nt):
            guard case .symbol(let s) = a[1], let i = nt.index(of: s.name) else { return a[2] }
            return nt.values[i]
        case .array, .tuple:
            guard case .int(let i) = a[1], let n = interp.knownLength(a[0]), i >= 1 && i <= n else { return a[2] }
            return try interp.getIndex(a[0], [a[1]])
        // `get(io, :compact, false)`: an IOContext's property, else the default (any other stream).
        case .native(let io as IOContextObject):
            guard case .symbol(let s) = a[1] else { return a[2] }
            return io.properties.first { $0.key == s.name }?.value ?? a[2]
        case .native(let io as IOBuffer):
            guard case .symbol(let s) = a[1] else { return a[2] }
            return io.properties.first { $0.key == s.name }?.value ?? a[2]
        case .native(let n) where n is IOStream:
            return a[2]
        default:
            if case .function = a[0] {
                // get(f, dict, key)
                guard case .native(let d as DictObject) = a[1] else { throw Exceptions.method(.str("get"), a.values) }
                if let v = try d.get(a[2], interp) { return v }
                return try interp.call(a[0], [])
            }
            throw Exceptions.method(.str("get"), a.values)
        }
    }

    /// `mergewith` and `mergewith!`: the same merge, into a new dict or into the first.
    static func mergeWith(_ name: String, inPlace: Bool, _ help: BuiltinHelp) -> Builtin {
        Builtin(name, { interp, a in
            guard a.count >= 2 else { throw Exceptions.method(.str(name), a.values) }
            let dicts = try a.values.dropFirst().map { v -> DictObject in
                guard case .native(let d as DictObject) = v else { throw Exceptions.method(.str(name), a.values) }
                return d
            }
            if !inPlace { return .native(try DictObject.merge(dicts, interp, combine: a[0])) }
            try dicts[0].mergeIn(Array(dicts.dropFirst()), interp, combine: a[0])
            return a[1]
        }, help: help)
    }
}
