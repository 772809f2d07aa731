import FlxSyntax
import FlxCore
import FlxEngine

/// `using StaticArrays`: the types (`SVector`, `SMatrix`, `SArray`, their mutable `M`
/// kinds), their constructors (`SVector(1, 2)`, `SVector{3}(v)`, `SMatrix{2, 2}(1, 2, 3, 4)`),
/// the literal `SA[1, 2]` / `SA{Float32}[1 2; 3 4]` and the macros `@SVector`, `@SMatrix`,
/// `@SArray`, `@MVector`, `@MMatrix`, `@MArray` applied to an expression that makes an array.
package enum StaticArraysModule {
    /// `SA`, `SA{T}`: a type whose only use is before brackets.
    static let literalType: FlxType = {
        let t = FlxType(name: "SA", supertype: BuiltinTypes.any)
        t.parameterNames = ["T"]
        t.bracketLiteral = { _, plain, interp in try StaticArrayTypes.make(StaticArrayTypes.immutable, from: plain, interp) }
        return t
    }()

    package static func install(_ interp: Interpreter) {
        let m = ModuleValue(name: "StaticArrays", parent: interp.base)
        m.usings = [interp.base]
        interp.modules["StaticArrays"] = m
        for kind in [StaticArrayTypes.immutable, StaticArrayTypes.mutable] {
            for family in [kind.array, kind.vector, kind.matrix] {
                TypeBuiltins.setConstructor(family) { interp, a in try construct(kind, a, interp) }
                m.define(family.name, .type(family))
            }
        }
        m.define("StaticArray", .type(StaticArrayTypes.staticArray))
        m.define("SA", .type(literalType))
        m.define("SA_F64", .type(literalType.instantiate([.type(BuiltinTypes.float64)])))
        m.define("SA_F32", .type(literalType.instantiate([.type(BuiltinTypes.float32)])))
        let help: [(String, BuiltinHelp)] = [
            ("SVector", BuiltinHelp("SVector(x...)  /  SVector{N}(v)  /  SVector{N, T}(x...)", "An immutable vector whose length N is part of its type (StaticArrays). Its elements cannot be written; Optimisers' update! returns a model with a new one.", "SVector(1.0, 2.0)  # 2-element SVector{2, Float64}")),
            ("SMatrix", BuiltinHelp("SMatrix{M, N}(x...)  /  SMatrix{M, N}(A)", "An immutable M×N matrix (StaticArrays); the elements are given in column order.", "SMatrix{2, 2}(1, 2, 3, 4)  # [1 3; 2 4]")),
            ("SArray", BuiltinHelp("SArray{Tuple{S...}}(x...)", "The immutable static array of any rank (StaticArrays); SVector and SMatrix are its one- and two-dimensional kinds.", "@SArray zeros(2, 2, 2)")),
            ("MVector", BuiltinHelp("MVector(x...)  /  MVector{N}(v)", "A static vector that may be written but not resized (StaticArrays).", "v = MVector(1, 2); v[1] = 5")),
            ("MMatrix", BuiltinHelp("MMatrix{M, N}(x...)", "A static matrix that may be written but not resized (StaticArrays).", "MMatrix{2, 2}(1, 2, 3, 4)")),
            ("MArray", BuiltinHelp("MArray{Tuple{S...}}(x...)", "The mutable static array of any rank (StaticArrays).", "@MArray zeros(2, 2, 2)")),
            ("StaticArray", BuiltinHelp("StaticArray{S, T, N}", "The abstract type of StaticArrays' arrays, whose size S is part of the type.", "SA[1, 2] isa StaticArray  # true")),
            ("SA", BuiltinHelp("SA[x...]  /  SA{T}[x...]  /  SA[a b; c d]", "Brackets that make an SVector or SMatrix (StaticArrays), with element type T if given.", "SA[1, 2, 3]  # 3-element SVector{3, Int64}")),
            ("SA_F64", BuiltinHelp("SA_F64[x...]", "`SA{Float64}`: brackets that make a static array of Float64.", "SA_F64[1, 2]")),
            ("SA_F32", BuiltinHelp("SA_F32[x...]", "`SA{Float32}`: brackets that make a static array of Float32.", "SA_F32[1, 2]")),
        ]
        for (name, doc) in help { interp.builtinHelp.add(doc, for: name) }
        let macros: [(String, StaticArrayTypes.Kind, Int?)] = [
            ("SVector", StaticArrayTypes.immutable, 1), ("SMatrix", StaticArrayTypes.immutable, 2), ("SArray", StaticArrayTypes.immutable, nil),
            ("MVector", StaticArrayTypes.mutable, 1), ("MMatrix", StaticArrayTypes.mutable, 2), ("MArray", StaticArrayTypes.mutable, nil),
        ]
        for (name, kind, rank) in macros {
            interp.registerMacro(name) { compiler, args, span in
                guard args.count == 1 else { throw Exceptions.argument("@\(name) takes one expression that makes an array") }
                return StaticArrayMacro(inner: try compiler.compile(args[0]), name: name, kind: kind, rank: rank, span: span)
            }
        }
    }

    /// The size a constructor's type gives (`SVector{3}`: [3]; `SMatrix{2, 2}`: [2, 2];
    /// `SArray{Tuple{2, 2, 2}}`), nil where it gives none, and the element type if given.
    static func requested(_ t: FlxType) -> (dims: [Int]?, element: FlxType?) {
        guard t.family != nil else { return (nil, nil) }
        let p = t.parameters
        func int(_ i: Int) -> Int? { if i < p.count, case .int(let n) = p[i] { return n }; return nil }
        func type(_ i: Int) -> FlxType? { if i < p.count, case .type(let e) = p[i] { return e }; return nil }
        switch t.root.name {
        case "SVector", "MVector": return (int(0).map { [$0] }, type(1))
        case "SMatrix", "MMatrix":
            guard let r = int(0), let c = int(1) else { return (nil, type(2)) }
            return ([r, c], type(2))
        default:
            return (type(0).map(StaticArrayTypes.sizes), type(1))
        }
    }

    /// `SVector(1, 2, 3)`, `SVector((1, 2, 3))`, `SVector{3}(v)`, `SVector{3, Float64}(1, 2, 3)`,
    /// `SMatrix{2, 2}(1, 2, 3, 4)` (elements in column order), `SMatrix{2, 2}(A)`.
    static func construct(_ kind: StaticArrayTypes.Kind, _ a: Args, _ interp: Interpreter) throws -> Value {
        let t = interp.constructing.last ?? kind.array
        let (dims, element) = requested(t)
        var items: [Value]
        var sourceDims: [Int]? = nil
        if a.count == 1, case .array(let src) = a[0] {
            items = src.boxedValues
            sourceDims = src.dims
        } else if a.count == 1, case .tuple(let tuple) = a[0] {
            items = tuple.items
        } else {
            items = a.values
        }
        let shape: [Int]
        if let dims {
            guard dims.reduce(1, &*) == items.count else {
                throw Exceptions.dimensionMismatch("No precise constructor for \(TypeNames.show(t)) found. Length of input was \(items.count).")
            }
            shape = dims
        } else if let sourceDims, t.root === kind.array {
            shape = sourceDims
        } else if t.root === kind.vector || t.root === kind.array {
            shape = [items.count]
        } else {
            throw Exceptions.method(.type(t), a.values)
        }
        if let element { items = try items.map { try interp.convertElement($0, to: element) } }
        let flat = try interp.makeVector(items, elementType: element)
        let plain = shape.count == 1 ? flat : try interp.makeArray(flat.boxedValues, shape: try Shape(shape), elementType: flat.elementType)
        return try StaticArrayTypes.make(kind, from: plain, interp)
    }
}

/// `@SVector expr`: evaluates `expr` (a literal, a comprehension, `randn(3)`, ...) and
/// makes the static array of its elements, refusing an array of the wrong rank.
final class StaticArrayMacro: Node {
    let inner: Node
    let name: String
    let kind: StaticArrayTypes.Kind
    let rank: Int?

    init(inner: Node, name: String, kind: StaticArrayTypes.Kind, rank: Int?, span: Span) {
        self.inner = inner
        self.name = name
        self.kind = kind
        self.rank = rank
        super.init(span: span)
    }

    override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let v = try inner.eval(interp, fp)
        do {
            let plain: ArrayValue
            switch v {
            case .array(let a): plain = a
            case .tuple(let t) where rank != 2: plain = try interp.makeVector(t.items)
            default: throw Exceptions.argument("@\(name): the expression must make an array, got \(TypeNames.show(interp.typeOf(v)))")
            }
            if let rank, plain.rank != rank {
                throw Exceptions.dimensionMismatch("@\(name) needs a \(rank)-dimensional array, got a \(plain.rank)-dimensional one")
            }
            return try StaticArrayTypes.make(kind, from: plain, interp)
        } catch { throw locate(error) }
    }
}
