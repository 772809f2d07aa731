import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// Fields and properties by name: listing, reading, writing and testing them.
extension ReflectionBuiltins {
    package static var fieldAccess: [Builtin] {
        [
            Builtin("fieldnames", { interp, a in
                try a.expect("fieldnames", 1...1)
                guard case .type(let t) = a[0] else { throw Exceptions.method(.str("fieldnames"), a.values) }
                return .tuple(t.fieldNames.map { .sym($0) })
            }, help: BuiltinHelp("fieldnames(T)", "The field names of a struct type, as a tuple of Symbols.", "fieldnames(typeof(Dense(1 => 1)))  # (:weight, :bias, :σ)")),
            Builtin("fieldcount", { _, a in
                guard a.count == 1, case .type(let t) = a[0] else { throw Exceptions.method(.str("fieldcount"), a.values) }
                return .int(Int64(t.fieldNames.count))
            }, help: BuiltinHelp("fieldcount(T)", "The number of fields of a struct type.", "struct P; a; b; end\nfieldcount(P)  # 2")),
            Builtin("propertynames", { interp, a in
                try a.expect("propertynames", 1...1)
                switch a[0] {
                case .object(let o): return .tuple(o.type.fieldNames.map { .sym($0) })
                case .namedTuple(let nt): return .tuple(nt.names.map { .sym($0) })
                default: return .tuple([])
                }
            }, help: BuiltinHelp("propertynames(x)", "The names usable in `x.name`, as a tuple of Symbols.", "propertynames((a = 1, b = 2))  # (:a, :b)")),
            Builtin("getfield", { interp, a in
                try a.expect("getfield", 2...2)
                switch a[1] {
                case .symbol(let s): return try interp.getField(a[0], s.name)
                case .int(let i):
                    if case .object(let o) = a[0], i >= 1 && Int(i) <= o.fields.count { return o.fields[Int(i) - 1] }
                    return try interp.getIndex(a[0], [a[1]])
                default: throw Exceptions.method(.str("getfield"), a.values)
                }
            }, help: BuiltinHelp("getfield(x, name)", "The field `name` (a Symbol, or an index) of `x`; what `x.name` uses.", "getfield(1 => 2, :second)  # 2")),
            Builtin("getproperty", { interp, a in
                try a.expect("getproperty", 2...2)
                guard case .symbol(let s) = a[1] else { throw Exceptions.method(.str("getproperty"), a.values) }
                return try interp.getField(a[0], s.name)
            }, help: BuiltinHelp("getproperty(x, name)", "What `x.name` calls; fields of structs and NamedTuples, members of modules.", "getproperty((a = 1,), :a)  # 1")),
            fieldSetter("setfield!",
                BuiltinHelp("setfield!(x, name, v)", "Sets a field of a mutable struct.", "mutable struct C; n; end\nc = C(1); setfield!(c, :n, 0)")),
            fieldSetter("setproperty!",
                BuiltinHelp("setproperty!(x, name, v)", "What `x.name = v` calls on a mutable struct.", "mutable struct C; n; end\nc = C(1); setproperty!(c, :n, 0)")),
            Builtin("hasfield", { _, a in
                guard a.count == 2, case .type(let t) = a[0], case .symbol(let s) = a[1] else { throw Exceptions.method(.str("hasfield"), a.values) }
                return .bool(t.fieldNames.contains(s.name))
            }, help: BuiltinHelp("hasfield(T, name)", "Whether struct type `T` has a field called `name`.", "struct P; a; b; end\nhasfield(P, :a)  # true")),
            Builtin("hasproperty", { _, a in
                guard a.count == 2, case .symbol(let s) = a[1] else { throw Exceptions.method(.str("hasproperty"), a.values) }
                switch a[0] {
                case .object(let o): return .bool(o.type.fieldNames.contains(s.name))
                case .namedTuple(let nt): return .bool(nt.names.contains(s.name))
                default: return .bool(false)
                }
            }, help: BuiltinHelp("hasproperty(x, name)", "Whether `x.name` exists.", "hasproperty((a = 1,), :a)  # true")),
            Builtin("isdefined", { interp, a in
                try a.expect("isdefined", 2...2)
                guard case .symbol(let s) = a[1] else { throw Exceptions.method(.str("isdefined"), a.values) }
                switch a[0] {
                case .module(let m): return .bool(m.member(s.name) != nil)
                case .object(let o):
                    guard let i = o.type.fieldNames.firstIndex(of: s.name) else { return .bool(false) }
                    return .bool(!isUndef(o.fields[i]))
                default: return .bool(false)
                }
            }, help: BuiltinHelp("isdefined(m, name)", "Whether module `m` (or object) has a binding or field `name` with a value.", "isdefined(Main, :model)")),
        ]
    }

    /// `setfield!` and `setproperty!`: both store through the interpreter's field access.
    static func fieldSetter(_ name: String, _ help: BuiltinHelp) -> Builtin {
        Builtin(name, { interp, a in
            try a.expect(name, 3...3)
            guard case .symbol(let s) = a[1] else { throw Exceptions.method(.str(name), a.values) }
            try interp.setField(a[0], s.name, a[2])
            return a[2]
        }, help: help)
    }
}
