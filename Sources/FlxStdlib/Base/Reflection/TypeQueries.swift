import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// Questions about a value's type and identity (`typeof`, `supertype`, `ismutable`,
/// `objectid`, `sizeof`) and about the methods a call would reach (`applicable`, `methods`).
extension ReflectionBuiltins {
    package static var typeQueries: [Builtin] {
        [
            Builtin("typeof", { interp, a in
                try a.expect("typeof", 1...1)
                return .type(interp.preciseType(of: a[0]))
            }, help: BuiltinHelp("typeof(x)", "The concrete type of a value.", "typeof(1.0f0)  # Float32")),
            Builtin("nameof", { _, a in
                try a.expect("nameof", 1...1)
                switch a[0] {
                case .type(let t): return .sym(t.root.name)
                case .function(let c): return .sym(c.name)
                case .module(let m): return .sym(m.name)
                default: throw Exceptions.method(.str("nameof"), a.values)
                }
            }, help: BuiltinHelp("nameof(x)", "The name of a function, type or module, as a Symbol.", "nameof(sum)  # :sum")),
            Builtin("supertype", { _, a in
                // A Union has no supertype in Julia: `supertype(Union{Float64, Int64})` is a MethodError.
                guard a.count == 1, case .type(let t) = a[0], !t.isUnion else { throw Exceptions.method(.str("supertype"), a.values) }
                return .type(t.supertype ?? BuiltinTypes.any)
            }, help: BuiltinHelp("supertype(T)", "The parent type of `T`.", "supertype(Float32)  # AbstractFloat")),
            Builtin("isabstracttype", { _, a in
                guard a.count == 1, case .type(let t) = a[0] else { throw Exceptions.method(.str("isabstracttype"), a.values) }
                return .bool(t.isAbstract)
            }, help: BuiltinHelp("isabstracttype(T)", "Whether `T` is an abstract type.", "isabstracttype(Real)  # true")),
            Builtin("isconcretetype", { _, a in
                guard a.count == 1, case .type(let t) = a[0] else { throw Exceptions.method(.str("isconcretetype"), a.values) }
                return .bool(!t.isAbstract && !t.parameters.contains(.free))
            }, help: BuiltinHelp("isconcretetype(T)", "Whether values can have exactly type `T`.", "isconcretetype(Float64)  # true")),
            Builtin("issingletontype", export: false, { _, a in
                // A type with exactly one instance: an immutable struct without fields whose
                // parameters are all given (`NoFieldsParam{Int}`, not `NoFieldsParam`), or the
                // type of a function (`typeof(sin)`).
                guard a.count == 1, case .type(let t) = a[0] else { throw Exceptions.method(.str("issingletontype"), a.values) }
                if t.singletonOf != nil { return .bool(true) }
                let parametersGiven = t.root.parameterNames.isEmpty || (t.family != nil && !t.parameters.contains(.free))
                return .bool(t.isStruct && !t.isMutable && t.fieldNames.isEmpty && parametersGiven)
            }, help: BuiltinHelp("Base.issingletontype(T)", "Whether `T` has exactly one instance (a struct without fields, fully parameterized).", "Base.issingletontype(Nothing)  # true")),
            Builtin("ismutable", { _, a in
                try a.expect("ismutable", 1...1)
                switch a[0] {
                case .object(let o): return .bool(o.type.isMutable)
                case .array, .native: return .bool(true)
                default: return .bool(false)
                }
            }, help: BuiltinHelp("ismutable(x)", "Whether the value `x` can be changed in place (arrays, dicts, mutable structs).", "ismutable([1])  # true")),
            Builtin("applicable", { interp, a in
                guard a.count >= 1, case .function(let c) = a[0] else { return .bool(false) }
                guard let g = c as? GenericFunction else { return .bool(true) }
                let types = a.values.dropFirst().map { interp.dispatchType($0, for: g) }
                return .bool(types.withUnsafeBufferPointer { g.select($0, world: interp.runningWorld) } != nil)
            }, help: BuiltinHelp("applicable(f, args...)", "Whether some method of `f` accepts these arguments.", "applicable(+, 1, 2)  # true")),
            Builtin("invokelatest", { interp, a in
                guard a.count >= 1 else { throw Exceptions.method(.str("invokelatest"), a.values) }
                return try interp.callInLatestWorld(a[0], Array(a.values.dropFirst()), keywords: a.keywords)
            }, help: BuiltinHelp("invokelatest(f, args...)", "Calls `f(args...)` with the newest definitions, even those made (by `eval`) since the running top-level statement began.", "invokelatest(println, \"hi\")")),
            Builtin("methods", { _, a in
                guard a.count == 1, case .function(let c) = a[0], let g = c as? GenericFunction else { throw Exceptions.method(.str("methods"), a.values) }
                return .native(MethodListObject(g))
            }, help: BuiltinHelp("methods(f)", "The methods of the generic function `f`, shown one per line with the file and line that defined it; `length(methods(f))` counts them.", "f(x) = 1; f(x, y) = 2\nlength(methods(f))  # 2")),
            Builtin("objectid", { _, a in
                try a.expect("objectid", 1...1)
                switch a[0] {
                case .array(let arr): return .int(Int64(bitPattern: UInt64(UInt(bitPattern: ObjectIdentifier(arr).hashValue))))
                case .object(let o): return .int(Int64(bitPattern: UInt64(UInt(bitPattern: ObjectIdentifier(o).hashValue))))
                default: return .int(0)
                }
            }, help: BuiltinHelp("objectid(x)", "A hash-like number identifying the object `x`.", "objectid([1]) == objectid([1])  # false")),
            Builtin("hash", differentiation: .constant, { _, a in
                try a.expect("hash", 1...2)
                var seed: UInt64 = 0
                if a.count == 2 {
                    guard let h = a[1].fixedInt, !h.isNegative else { throw Exceptions.method(.str("hash"), a.values) }
                    seed = UInt64(truncatingIfNeeded: h.bits)
                }
                let v = a.count == 1 ? JuliaHash.key(a[0]) : JuliaHash.hash(a[0], seed)
                return FixedInt(.uint64, bits: UInt128(v)).value
            }, help: BuiltinHelp("hash(x[, h])", "A UInt64 such that `isequal(x, y)` implies `hash(x) == hash(y)`: Julia's own values for numbers, strings and tuples; expressions, Dates values and immutable structs by content.", "hash(:(a + b)) == hash(:(a + b))  # true")),
            Builtin("sizeof", byteSize,
                help: BuiltinHelp("sizeof(x)", "The size in bytes of a value's data (e.g. 4 per Float32 element).", "sizeof(zeros(Float32, 10))  # 40")),
        ]
    }

    static func byteSize(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("sizeof", 1...1)
        switch a[0] {
        case .array(let arr):
            if let t = arr.tensor { return .int(Int64(t.count * t.dtype.byteWidth)) }
            if let k = IntKind(type: arr.elementType) { return .int(Int64(arr.count * k.bitWidth / 8)) }
            if arr.elementType === BuiltinTypes.float16 { return .int(Int64(arr.count * 2)) }
            return .int(Int64(arr.count * 8))
        case .string(let s): return .int(Int64(s.value.utf8.count))
        case .float32: return .int(4)
        case .float16: return .int(2)
        case .bool: return .int(1)
        case .sized, .wide: return .int(Int64(a[0].fixedInt!.kind.bitWidth / 8))
        case .type(let t):
            if let k = IntKind(type: t) { return .int(Int64(k.bitWidth / 8)) }
            if t === BuiltinTypes.float32 { return .int(4) }
            if t === BuiltinTypes.float16 { return .int(2) }
            if t === BuiltinTypes.bool { return .int(1) }
            return .int(8)
        default: return .int(8)
        }
    }
}
