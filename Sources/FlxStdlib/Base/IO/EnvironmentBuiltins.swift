import FlxSyntax
import FlxCore

/// `ENV` and `withenv`: the dictionary functions get `EnvDict` methods (base/env.jl's),
/// each added in front of the method the name already has.
package enum EnvironmentBuiltins {
    package static func install(_ interp: Interpreter) {
        let env = Value.native(EnvDictObject.shared)
        interp.base.define("ENV", env)
        interp.base.define("EnvDict", .type(EnvDictObject.type), export: false)
        interp.builtinHelp.add(BuiltinHelp("ENV", "The process environment as a dictionary (`Base.EnvDict`): `ENV[\"HOME\"]`, `get(ENV, \"X\", default)`, `haskey`, `delete!`, iteration. `ENV[\"X\"] = v` stores `string(v)`, and commands started with `run` see it.", "get(ENV, \"HOME\", \"/\")"), for: "ENV")
        interp.builtinHelp.add(BuiltinHelp("Base.EnvDict", "The type of `ENV`: a dictionary of the process environment's variables (String keys and values).", "ENV isa Base.EnvDict  # true"), for: "EnvDict")
        interp.base.register([withenv], helpInto: interp.builtinHelp)

        func isEnv(_ v: Value) -> Bool { if case .native(let n) = v { return n === EnvDictObject.shared }; return false }
        func name(_ v: Value, _ f: String, _ a: Args) throws -> String { try EnvDictObject.key(v, f, a.values) }

        StringBuiltins.extend(interp, "haskey", when: { $0.count == 2 && isEnv($0[0]) }) { _, a in
            .bool(EnvDictObject.value(try name(a[1], "haskey", a)) != nil)
        }
        // get(ENV, k, default), get(ENV, k) (a `Some` or nothing) and get(f, ENV, k).
        StringBuiltins.extend(interp, "get", when: { a in
            (a.count == 2 || a.count == 3) && isEnv(a[0]) || a.count == 3 && isEnv(a[1])
        }) { interp, a in
            if isEnv(a[1]) {
                if let v = EnvDictObject.value(try name(a[2], "get", a)) { return .str(v) }
                return try interp.call(a[0], [])
            }
            let v = EnvDictObject.value(try name(a[1], "get", a))
            if a.count == 2 { return v.map { .native(SomeObject(.str($0))) } ?? .nothing }
            return v.map { .str($0) } ?? a[2]
        }
        StringBuiltins.extend(interp, "get!", when: { a in a.count == 3 && (isEnv(a[0]) || isEnv(a[1])) }) { interp, a in
            let fromFunction = isEnv(a[1])
            let k = try name(fromFunction ? a[2] : a[1], "get!", a)
            if let v = EnvDictObject.value(k) { return .str(v) }
            let v = fromFunction ? try interp.call(a[0], []) : a[2]
            try EnvDictObject.set(k, try Display.printString(v, interp))
            return v
        }
        StringBuiltins.extend(interp, "delete!", when: { $0.count == 2 && isEnv($0[0]) }) { _, a in
            try EnvDictObject.remove(try name(a[1], "delete!", a))
            return a[0]
        }
        StringBuiltins.extend(interp, "pop!", when: { ($0.count == 2 || $0.count == 3) && isEnv($0[0]) }) { _, a in
            let k = try name(a[1], "pop!", a)
            guard let v = EnvDictObject.value(k) else {
                if a.count == 3 { return a[2] }
                throw Exceptions.key(a[1])
            }
            try EnvDictObject.remove(k)
            return .str(v)
        }
        StringBuiltins.extend(interp, "push!", when: { $0.count == 2 && isEnv($0[0]) }) { interp, a in
            guard case .pair(let p) = a[1] else { throw Exceptions.method(.str("push!"), a.values) }
            try EnvDictObject.set(try name(p.first, "push!", a), try Display.printString(p.second, interp))
            return a[0]
        }
        StringBuiltins.extend(interp, "keys", when: { $0.count == 1 && isEnv($0[0]) }) { interp, _ in
            .array(try interp.makeVector(EnvDictObject.entries.map { .str($0.key) }, elementType: BuiltinTypes.string))
        }
        StringBuiltins.extend(interp, "values", when: { $0.count == 1 && isEnv($0[0]) }) { interp, _ in
            .array(try interp.makeVector(EnvDictObject.entries.map { .str($0.value) }, elementType: BuiltinTypes.string))
        }
        // `copy(ENV)` is a `Dict{String, String}` of the variables at that moment.
        StringBuiltins.extend(interp, "copy", when: { $0.count == 1 && isEnv($0[0]) }) { interp, a in
            let d = DictObject(identity: false)
            (d.keyType, d.valueType) = (BuiltinTypes.string, BuiltinTypes.string)
            for e in EnvDictObject.entries { try d.set(.str(e.key), .str(e.value), interp) }
            return .native(d)
        }
    }

    /// `withenv(f, "A" => v, ...)`: runs `f()` with the variables set (`nothing` unsets
    /// one) and puts back what was there before, whether `f` returns or throws.
    static var withenv: Builtin {
        Builtin("withenv", { interp, a in
            guard a.count >= 1, case .function = a[0] else { throw Exceptions.method(.str("withenv"), a.values) }
            var changes: [(String, Value)] = []
            for v in a.values.dropFirst() {
                guard case .pair(let p) = v, case .string(let k) = p.first else { throw Exceptions.method(.str("withenv"), a.values) }
                changes.append((k.value, p.second))
            }
            var saved: [(String, String?)] = []
            func restore() throws {
                for (k, old) in saved.reversed() {
                    if let old { try EnvDictObject.set(k, old) } else { try EnvDictObject.remove(k) }
                }
            }
            do {
                for (k, v) in changes {
                    saved.append((k, EnvDictObject.value(k)))
                    if case .nothing = v { try EnvDictObject.remove(k) } else { try EnvDictObject.set(k, try Display.printString(v, interp)) }
                }
            } catch {
                try restore()
                throw error
            }
            let result: Value
            do { result = try interp.call(a[0], []) } catch {
                try restore()
                throw error
            }
            try restore()
            return result
        }, help: BuiltinHelp("withenv(f, \"VAR\" => value, ...)", "Calls `f()` with the environment variables set as given (`nothing` unsets one), then restores them, also when `f` throws. Usually written as a `do` block.", "withenv(\"TZ\" => \"UTC\") do\n    run(`date`)\nend"))
    }
}
