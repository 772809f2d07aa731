import FlxSyntax
import FlxCore
import FlxEngine

/// Type names as values, constants, conversions (`Float32(x)`, `Int(x)`), and the
/// built-in exception types with their fields.
package enum TypeBuiltins {
    package static func install(_ interp: Interpreter) {
        let b = interp.base
        let named: [FlxType] = [
            BuiltinTypes.any, BuiltinTypes.number, BuiltinTypes.real, BuiltinTypes.abstractFloat, BuiltinTypes.integer,
            BuiltinTypes.signed, BuiltinTypes.int64, BuiltinTypes.bool, BuiltinTypes.float64, BuiltinTypes.float32,
            BuiltinTypes.float16, BuiltinTypes.char, BuiltinTypes.abstractChar, BuiltinTypes.string, BuiltinTypes.subString, BuiltinTypes.abstractString, BuiltinTypes.symbol,
            BuiltinTypes.nothing, BuiltinTypes.missing, BuiltinTypes.function, BuiltinTypes.dataType, BuiltinTypes.module,
            BuiltinTypes.tuple, BuiltinTypes.namedTuple, BuiltinTypes.pair, BuiltinTypes.abstractArray, BuiltinTypes.denseArray,
            BuiltinTypes.array, BuiltinTypes.abstractRange, BuiltinTypes.unitRange, BuiltinTypes.stepRange, BuiltinTypes.exception,
            BuiltinTypes.io, BuiltinTypes.abstractDict, BuiltinTypes.dict, BuiltinTypes.idDict, BuiltinTypes.ref, BuiltinTypes.union, BuiltinTypes.typeType,
        ]
        for t in named { b.define(t.name, .type(t)) }
        for t in BuiltinTypes.bitIntegers + [BuiltinTypes.unsigned] { b.define(t.name, .type(t)) }
        b.define("Int", .type(BuiltinTypes.int64))
        b.define("UInt", .type(BuiltinTypes.uint64))
        b.define("Vector", .type(BuiltinTypes.array.instantiate([.free, .int(1)], supertype: BuiltinTypes.abstractArrayOf(nil, 1))))
        b.define("Matrix", .type(BuiltinTypes.array.instantiate([.free, .int(2)], supertype: BuiltinTypes.abstractArrayOf(nil, 2))))
        b.define("AbstractVector", .type(BuiltinTypes.abstractArrayOf(nil, 1)))
        b.define("AbstractMatrix", .type(BuiltinTypes.abstractArrayOf(nil, 2)))
        b.define("DenseVector", .type(BuiltinTypes.denseArray.instantiate([.free, .int(1)])))
        b.define("DenseMatrix", .type(BuiltinTypes.denseArray.instantiate([.free, .int(2)])))
        b.define("VecOrMat", .type(BuiltinTypes.abstractArray))
        b.define("AbstractVecOrMat", .type(BuiltinTypes.abstractArray))
        b.define("Colon", .type(ColonObject.type))
        b.define("Vararg", .type(BuiltinTypes.vararg))
        b.define("NTuple", .type(TupleTypes.nTuple))
        // `Ptr{T}`: only as a type (flx has no raw pointers), for type queries like `Ptr{Int64} <: Ptr`.
        let ptr = FlxType(name: "Ptr", supertype: BuiltinTypes.ref)
        ptr.parameterNames = ["T"]
        b.define("Ptr", .type(ptr))
        b.define("SubArray", .type(SubArrays.family))
        // `Ref(x)` boxes x; `Ref{T}(x)` boxes x converted to T and converts what is stored later.
        setConstructor(BuiltinTypes.ref) { interp, a in
            // flx has no undefined references, so `Ref()` (Julia's `#undef` box) is refused.
            guard a.count == 1 else { throw Exceptions.method(.type(interp.constructing.last ?? BuiltinTypes.ref), a.values) }
            var declared: FlxType? = nil
            if let t = interp.constructing.last, t.family === BuiltinTypes.ref, case .type(let e)? = t.parameters.first { declared = e }
            guard let declared else { return .native(RefObject(a[0], elementType: interp.preciseType(of: a[0]))) }
            return .native(RefObject(try interp.convertElement(a[0], to: declared), elementType: declared))
        }

        b.define("nothing", .nothing)
        b.define("missing", .missing)
        b.define("Inf", .float64(.infinity))
        b.define("Inf64", .float64(.infinity))
        b.define("Inf32", .float32(.infinity))
        b.define("NaN", .float64(.nan))
        b.define("NaN64", .float64(.nan))
        b.define("NaN32", .float32(.nan))
        b.define("Inf16", .float16(.infinity))
        b.define("NaN16", .float16(.nan))
        b.define("π", .float64(Double.pi))
        b.define("pi", .float64(Double.pi))
        b.define("ℯ", .float64(2.718281828459045))
        b.define("ARGS", .array(ArrayValue(boxed: [], shape: (try? Shape([0])) ?? .scalar, elementType: BuiltinTypes.string)))
        b.define("PROGRAM_FILE", .str(""))

        installExceptions(interp)
        installConversions(interp)
    }

    package static let exceptionFields: [(String, [String])] = [
        ("ErrorException", ["msg"]), ("ArgumentError", ["msg"]), ("DimensionMismatch", ["msg"]), ("AssertionError", ["msg"]),
        ("OverflowError", ["msg"]), ("DomainError", ["val", "msg"]), ("BoundsError", ["a", "i"]), ("KeyError", ["key"]),
        ("UndefVarError", ["var", "scope"]), ("MethodError", ["f", "args", "kwargs"]), ("InexactError", ["func", "T", "val"]),
        ("TypeError", ["func", "context", "expected", "got"]), ("UndefKeywordError", ["var"]), ("StackOverflowError", []),
        ("OutOfMemoryError", []), ("InterruptException", []), ("DivideError", []), ("ParseError", ["msg", "detail"]),
        ("SystemError", ["prefix", "errnum"]), ("LoadError", ["file", "line", "error"]), ("EOFError", []), ("InitError", ["msg"]),
        ("StringIndexError", ["string", "index"]), ("CodePointError", ["code"]), ("CanonicalIndexError", ["func", "type"]), ("UndefRefError", []),
        // LinearAlgebra's, raised by its factorizations (the engine's `singular` and `lapack` errors).
        ("SingularException", ["info"]), ("LAPACKException", ["info"]), ("PosDefException", ["info"]), ("ZeroPivotException", ["info"]),
        // External commands' (`run`).
        ("IOError", ["msg", "code"]), ("ProcessFailedException", ["procs"]),
    ]

    package static func installExceptions(_ interp: Interpreter) {
        for (name, fields) in exceptionFields {
            let t = BuiltinTypes.exceptionType(name)
            t.installShared { t in
                t.fieldNames = fields
                t.fieldTypes = fields.map { _ in nil }
            }
            setConstructor(t) { _, args in
                var values = args.values
                if name == "DomainError" && values.count == 1 { values.append(.str("")) }
                guard values.count <= fields.count else { throw Exceptions.method(.type(t), args.values) }
                while values.count < fields.count { values.append(name == "BoundsError" ? .nothing : .str("")) }
                return .object(StructInstance(type: t, fields: values))
            }
            interp.base.define(name, .type(t))
        }
    }

    /// Gives `t` its library constructor. A type shared by the process keeps the first one
    /// (see `FlxType.installShared`); `fn` must therefore take what it needs from its arguments
    /// and the interpreter it is called with, not from the install that made it.
    package static func setConstructor(_ t: FlxType, _ fn: @escaping NativeFunction) {
        t.installConstructorOnce({
            let g = GenericFunction(name: t.name, module: "Base")
            g.add(Method(signature: [], vararg: BuiltinTypes.any, body: .native(fn)))
            return g
        }())
    }

    /// `NamedTuple{(:a, :b)}((1, ""))`, `NamedTuple{(:a, :b), Tuple{Float32, String}}((1, ""))`:
    /// names from the type, values from the tuple (converted when the type gives their types).
    static func namedTupleOfType(_ t: FlxType, _ a: Args, _ interp: Interpreter) throws -> Value {
        guard case .value(.tuple(let names), _)? = t.parameters.first, a.count == 1 else {
            throw Exceptions.method(.type(t), a.values)
        }
        let values = try interp.collect(a[0])
        guard values.count == names.items.count else {
            throw Exceptions.argument("Wrong number of arguments to named tuple constructor.")
        }
        var converted = values
        if t.parameters.count > 1, case .type(let tt) = t.parameters[1], tt.family === BuiltinTypes.tuple {
            for (i, p) in tt.parameters.enumerated() where i < converted.count {
                if case .type(let et) = p { converted[i] = try interp.convertElement(converted[i], to: et) }
            }
        }
        let fieldNames = names.items.map { n -> String in if case .symbol(let s) = n { return s.name }; return "" }
        return .namedTuple(NamedTupleValue(names: fieldNames, values: converted))
    }

    package static func installConversions(_ interp: Interpreter) {
        setConstructor(BuiltinTypes.float64) { interp, a in
            try a.expect("Float64", 1...1)
            if a[0].rational != nil || a[0].bigInt != nil || a[0].complex != nil { return try interp.convertElement(a[0], to: BuiltinTypes.float64) }
            return try toFloat(a[0], float32: false, interp)
        }
        setConstructor(BuiltinTypes.float32) { interp, a in
            try a.expect("Float32", 1...1)
            if a[0].rational != nil || a[0].bigInt != nil || a[0].complex != nil { return try interp.convertElement(a[0], to: BuiltinTypes.float32) }
            return try toFloat(a[0], float32: true, interp)
        }
        setConstructor(BuiltinTypes.float16) { interp, a in
            try a.expect("Float16", 1...1)
            if a[0].rational != nil || a[0].bigInt != nil || a[0].complex != nil { return try interp.convertElement(a[0], to: BuiltinTypes.float16) }
            return try toHalf(a[0], interp)
        }
        setConstructor(BuiltinTypes.int64) { interp, a in
            try a.expect("Int64", 1...1)
            if a[0].rational != nil || a[0].bigInt != nil || a[0].complex != nil { return try interp.convertElement(a[0], to: BuiltinTypes.int64) }
            return try toInt(a[0], "Int64")
        }
        for kind in IntKind.allCases where kind != .int64 {
            setConstructor(kind.type) { interp, a in
                try a.expect(kind.name, 1...1)
                if a[0].rational != nil || a[0].bigInt != nil || a[0].complex != nil { return try interp.convertElement(a[0], to: kind.type) }
                return try FixedIntConversion.convert(a[0], to: kind)
            }
        }
        setConstructor(BuiltinTypes.bool) { interp, a in
            try a.expect("Bool", 1...1)
            return try interp.convertElement(a[0], to: BuiltinTypes.bool)
        }
        setConstructor(BuiltinTypes.char) { _, a in
            try a.expect("Char", 1...1)
            if case .char = a[0] { return a[0] }
            switch a[0] {
            case .int, .sized, .wide, .bool, .float64, .float32: break
            default: throw Exceptions.method(.type(BuiltinTypes.char), a.values)
            }
            // Through UInt32, as Julia's `Char(x::Number) = Char(UInt32(x))`; a Char holds
            // any code point below 0x200000, valid Unicode or not.
            let u = try FixedIntConversion.convert(a[0], to: .uint32)
            let code = UInt32(truncatingIfNeeded: asInt(u))
            guard code < 0x200000 else { throw Exceptions.make("CodePointError", [u]) }
            return .char(code)
        }
        setConstructor(BuiltinTypes.string) { interp, a in
            if a.count == 1, case .array(let arr) = a[0], arr.elementType === BuiltinTypes.int64 || arr.elementType === BuiltinTypes.uint8 {
                return .str(String(decoding: arr.boxedValues.map { UInt8(truncatingIfNeeded: asInt($0)) }, as: UTF8.self))
            }
            if a.count == 1, case .array(let arr) = a[0] {
                return .str(String(arr.boxedValues.compactMap { v -> Character? in if case .char(let c) = v, let s = Unicode.Scalar(c) { return Character(s) }; return nil }))
            }
            return .str(try a.values.map { try Display.printString($0, interp) }.joined())
        }
        setConstructor(BuiltinTypes.symbol) { interp, a in
            .sym(try a.values.map { try Display.printString($0, interp) }.joined())
        }
        setConstructor(BuiltinTypes.pair) { _, a in
            try a.expect("Pair", 2...2)
            return .pair(PairValue(a[0], a[1]))
        }
        setConstructor(BuiltinTypes.tuple) { interp, a in
            try a.expect("Tuple", 1...1)
            return .tuple(try interp.collect(a[0]))
        }
        setConstructor(BuiltinTypes.namedTuple) { interp, a in
            if let t = interp.constructing.last, t.family === BuiltinTypes.namedTuple { return try namedTupleOfType(t, a, interp) }
            guard a.count == 1 else { return .namedTuple(NamedTupleValue(names: a.keywords.map { $0.name }, values: a.keywords.map { $0.value })) }
            var names: [String] = [], values: [Value] = []
            for item in try interp.collect(a[0]) {
                guard case .pair(let p) = item, case .symbol(let s) = p.first else { throw Exceptions.argument("NamedTuple needs Symbol => value pairs") }
                names.append(s.name)
                values.append(p.second)
            }
            return .namedTuple(NamedTupleValue(names: names, values: values))
        }
        ArrayConstructors.install(interp)
    }

    /// `Float64(x)` / `Float32(x)`.
    package static func toFloat(_ v: Value, float32: Bool, _ interp: Interpreter) throws -> Value {
        switch v {
        case .sized, .wide: return float32 ? .float32(v.fixedInt!.float) : .float64(v.fixedInt!.double)
        case .int, .float64, .float32, .float16, .bool:
            let d = asDouble(v)
            if case .float32(let f) = v, !float32 { return .float64(Double(f)) }
            return float32 ? .float32(Float(d)) : .float64(d)
        case .tracked(let t):
            if t.isFloat32 == float32 { return v }
            // Converted on the tape: the gradient converts back (was a plain Float64, gradient lost).
            return interp.wrap(try interp.engine { tape in try Conversion.convert(t.tensor, to: float32 ? .float32 : .float64, tape: tape) })
        case .string(let s):
            throw Exceptions.method(.type(float32 ? BuiltinTypes.float32 : BuiltinTypes.float64), [.string(s)])
        default:
            throw Exceptions.method(.type(float32 ? BuiltinTypes.float32 : BuiltinTypes.float64), [v])
        }
    }

    /// `Float16(x)`: the nearest half (a number beyond ±65504 is ±Inf16, as in Julia).
    package static func toHalf(_ v: Value, _ interp: Interpreter) throws -> Value {
        switch v {
        case .float16: return v
        case .sized, .wide: return .float16(Float16(v.fixedInt!.double))
        case .int, .float64, .float32, .bool: return .float16(Float16(asDouble(v)))
        case .tracked:
            // The engine has no half-precision tensors to record the conversion on.
            throw Exceptions.error("Can't differentiate Float16(x): Float16 numbers are not supported inside a gradient; use Float32")
        default:
            throw Exceptions.method(.type(BuiltinTypes.float16), [v])
        }
    }

    package static func toInt(_ v: Value, _ name: String) throws -> Value {
        switch v {
        case .int: return v
        case .sized, .wide: return try FixedIntConversion.convert(v, to: .int64)
        case .bool(let b): return .int(b ? 1 : 0)
        case .char(let c): return .int(Int64(c))
        case .float64, .float32, .float16:
            let d = asDouble(v)
            guard d == d.rounded(), d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else {
                throw Exceptions.inexact(name, name, v)
            }
            return .int(Int64(d))
        case .tracked(let t): return try toInt(t.plain, name)
        default: throw Exceptions.method(.type(BuiltinTypes.int64), [v])
        }
    }
}
