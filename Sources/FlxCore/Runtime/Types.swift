import FlxSyntax
import Synchronization

/// Guards the caches of interned types, which every interpreter in the process shares.
package let typeTableLock = Mutex(())
/// Guards what libraries write into process-wide types as they install (`FlxType.installShared`).
private let sharedInstallLock = Mutex(())

/// A flx type: abstract types, concrete built-in and struct types, parametric
/// instances (`Array{Float32, 1}`) and unions. Types are compared by identity;
/// parametric instances are interned by their family.
public final class FlxType: @unchecked Sendable {
    public enum Kind { case abstract, concrete, union([FlxType]) }

    public enum Parameter: Equatable {
        case type(FlxType)
        case int(Int)
        /// Left open: `AbstractVector` is `AbstractArray{<:Any, 1}`.
        case free
        /// `AbstractVector{<:Real}`
        case bounded(FlxType)
        /// A value other than an Int (`Val{true}`, `Val{:a}`): the value and how Julia
        /// writes it, which is also what identifies it (`1.0` and `1.0f0` differ).
        case value(Value, String)

        public static func == (a: Parameter, b: Parameter) -> Bool {
            switch (a, b) {
            case (.type(let x), .type(let y)): return x === y
            case (.int(let x), .int(let y)): return x == y
            case (.free, .free): return true
            case (.bounded(let x), .bounded(let y)): return x === y
            case (.value(_, let x), .value(_, let y)): return x == y
            default: return false
            }
        }
    }

    public let name: String
    public let kind: Kind
    public var supertype: FlxType?
    /// For `typeof(f)`: the function it is the singleton type of (dispatch on it finds `f`).
    /// Not `weak`: a weak reference gives the function a side table, which sends every
    /// retain and release of it (each call) down Swift's slow path. The function clears
    /// it when it goes away (`GenericFunction.deinit`).
    public unowned(unsafe) var singletonOf: GenericFunction? = nil
    /// For a parametric instance, the generic family (`Array` for `Array{Float32, 1}`).
    public let family: FlxType?
    public let parameters: [Parameter]
    /// For a family: the names of its parameters (`T`, `N`).
    public var parameterNames: [String] = []
    /// For a user family: each parameter's upper bound (`struct Point{T<:Real}`), nil for none;
    /// `Point{String}` is a TypeError.
    public var parameterBounds: [FlxType?] = []
    /// For a user family whose supertype uses its parameters (`struct Point{T} <: Pointy{T}`):
    /// the supertype of the instance with the given parameters.
    public var instanceSupertype: (([Parameter]) -> FlxType?)? = nil
    /// For a struct family without inner constructors: the default constructor of its
    /// instances, which converts to the parameters given (`Point{Float64}(1, 2)`), where the
    /// family's own constructor takes them from the arguments.
    public var instanceConstructor: GenericFunction? = nil
    private var instances: [String: FlxType] = [:]

    // Struct types
    public var fieldNames: [String] = []
    public var fieldTypes: [FlxType?] = []
    public var isMutable = false
    /// Julia's `Base.typeinfo_implicit`: its values' `show` names the type (`Date("2020-01-01")`),
    /// so a non-empty vector of them prints without the element type in front.
    public var showsTypeInValues = false
    public var isStruct = false
    /// Methods that make instances callable: `(m::MyLayer)(x) = ...`.
    public var callMethods: GenericFunction?
    /// Methods that run when the type itself is called (constructors). For a type made once
    /// per process (`Float64`, the optimiser rules) these are the library's, written once
    /// (`installConstructorOnce`); methods a script adds go to its interpreter's own copy
    /// (`Interpreter.constructorFunction(for:)`).
    public var constructor: GenericFunction?
    /// The interpreter whose script defined this type (`struct`, `abstract type`); nil for a
    /// type a library made. Only the defining interpreter writes into the type after it is made.
    public var definingInterpreter: ObjectIdentifier?
    /// Whether `installShared` has run.
    private var sharedInstalled = false
    /// For a struct defined in Swift whose fields flx leaves untyped: how Julia lays them out
    /// (read by `Base.summarysize`). Nil: as declared (untyped fields hold pointers).
    public var fieldLayout: FieldLayout?
    /// For a user struct: the fields typed by one of its parameters (`x::T`), which Julia
    /// stores inline like a field of a concrete type.
    public var parameterTypedFields: Set<Int> = []
    /// Options from `Flux.@layer` / `@functor` (printing, trainable fields).
    public var layerOptions: [String: Value] = [:]
    /// For a family of array types a library lays over dense storage: how its arrays print
    /// (see `ArrayStyle`). Set once, by the library, before the family is used.
    public var arrayStyle: ArrayStyle?
    /// For a family of fixed-size arrays (StaticArrays' `SArray`, `MArray`): whether its
    /// arrays may be written element by element and whether their length may change.
    public var arrayMutability: ArrayMutability = .resizable
    /// For a read-only family with its own answer to a write (FillArrays allows writing the
    /// value an array already holds): the error for writing `value` (nil when the write
    /// changes nothing and may go ahead). Without it the refusal is StaticArrays'.
    public var writeRefusal: ((ArrayValue, Value?, Interpreter) throws -> FlxError?)?
    /// Whether `copy(x)` (and `deepcopy`) of this family's arrays is of the same family, as
    /// for StaticArrays' and FillArrays' types; otherwise a copy is a plain Array, as Julia's
    /// `copymutable` makes for most wrappers. `collect` always makes a plain Array.
    public var copyKeepsType = false
    /// For a type that makes its own arrays from bracket syntax (StaticArrays' `SA[1, 2]`,
    /// `SA{Float32}[1 2; 3 4]`): turns the plain array the brackets build (with the type's
    /// first parameter, if any, as element type) into its own.
    public var bracketLiteral: ((FlxType, ArrayValue, Interpreter) throws -> Value)?
    public let id: Int
    private static let nextID = Atomic<Int>(0)

    public init(name: String, kind: Kind = .concrete, supertype: FlxType?, family: FlxType? = nil, parameters: [Parameter] = []) {
        self.name = name
        self.kind = kind
        self.supertype = supertype
        self.family = family
        self.parameters = parameters
        self.id = FlxType.nextID.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Many interpreters share one process (the test runner starts them in parallel) and with
    /// it the types made once per process: the built-in ones and those a library keeps in a
    /// `static let`. What a library's install writes into such a type is written by the first
    /// install only, under a lock; a later one finds it done and writes nothing that a
    /// running interpreter might be reading at that moment.
    public func installShared(_ configure: (FlxType) -> Void) {
        sharedInstallLock.withLock { _ in
            guard !sharedInstalled else { return }
            sharedInstalled = true
            configure(self)
        }
    }

    /// The library's constructor, set by the first install (see `installShared`).
    public func installConstructorOnce(_ function: @autoclosure () -> GenericFunction) {
        sharedInstallLock.withLock { _ in
            if constructor == nil { constructor = function() }
        }
    }

    public var isAbstract: Bool { if case .abstract = kind { return true }; return false }
    public var isUnion: Bool { if case .union = kind { return true }; return false }

    /// The interned instance of this family with the given parameters.
    public func instantiate(_ params: [Parameter], supertype: FlxType? = nil) -> FlxType {
        let key = params.map { p -> String in
            switch p {
            case .type(let t): return "t\(t.id)"
            case .int(let n): return "i\(n)"
            case .free: return "_"
            case .bounded(let t): return "<\(t.id)"
            case .value(_, let repr): return "v" + repr
            }
        }.joined(separator: ",")
        // Made before the lock is taken: it instantiates another family.
        let supertype = supertype ?? instanceSupertype?(params)
        return typeTableLock.withLock { _ in instantiateLocked(key, params, supertype) }
    }

    private func instantiateLocked(_ key: String, _ params: [Parameter], _ supertype: FlxType?) -> FlxType {
        if let t = instances[key] { return t }
        let t = FlxType(name: name, kind: kind, supertype: supertype ?? self.supertype, family: self, parameters: params)
        t.fieldNames = fieldNames
        t.fieldTypes = fieldTypes
        t.fieldLayout = fieldLayout
        t.parameterTypedFields = parameterTypedFields
        t.isMutable = isMutable
        t.isStruct = isStruct
        t.callMethods = callMethods
        t.constructor = constructor
        instances[key] = t
        return t
    }

    /// The family if this is an instance, else itself.
    public var root: FlxType { family ?? self }

    /// Julia's `<:`.
    public func isSubtype(of other: FlxType) -> Bool {
        if self === other || other === BuiltinTypes.any { return true }
        if case .union(let members) = kind { return members.allSatisfy { $0.isSubtype(of: other) } }
        if case .union(let members) = other.kind { return members.contains { self.isSubtype(of: $0) } }
        if self === BuiltinTypes.union { return false }
        let target = other.root
        var t: FlxType? = self
        while let cur = t {
            if cur.root === target {
                if other.family == nil { return true }
                // `Tuple{}` is the empty tuple's type, not `Tuple`.
                if target === BuiltinTypes.tuple { return cur.family != nil && FlxType.tupleParametersMatch(cur.parameters, other.parameters) }
                if other.parameters.isEmpty { return true }
                return FlxType.parametersMatch(cur.parameters, other.parameters)
            }
            t = cur.supertype
        }
        return false
    }

    package static func parametersMatch(_ actual: [Parameter], _ wanted: [Parameter]) -> Bool {
        for (i, w) in wanted.enumerated() {
            let a: Parameter = i < actual.count ? actual[i] : .free
            switch w {
            case .free: continue
            case .bounded(let bound):
                switch a {
                case .type(let t): if !t.isSubtype(of: bound) { return false }
                case .bounded(let b): if !b.isSubtype(of: bound) { return false }
                default: return false
                }
            case .type, .int, .value:
                if a != w { return false }
            }
        }
        return true
    }

    /// Tuple types are covariant: `Tuple{Int, String} <: Tuple{Real, Any}`.
    package static func tupleParametersMatch(_ actual: [Parameter], _ wanted: [Parameter]) -> Bool {
        var wanted = wanted
        if case .type(let last)? = wanted.last, last.family === BuiltinTypes.vararg {
            // `Vararg{T}` stands for as many more T as there are (exactly N with `Vararg{T, N}`).
            let fixed = wanted.count - 1
            guard actual.count >= fixed else { return false }
            if last.parameters.count > 1, case .int(let n) = last.parameters[1], actual.count != fixed + n { return false }
            let element = last.parameters.first ?? .free
            wanted = Array(wanted.dropLast()) + (fixed..<actual.count).map { _ in element }
        }
        guard actual.count == wanted.count else { return false }
        var taken: [String: FlxType] = [:]
        for (a, w) in zip(actual, wanted) {
            if case .type(let v) = w, v.family === DiagonalVariables.family {
                // `Tuple{T, T} where T`: one concrete type in every position T names.
                guard case .type(let x) = a, DiagonalVariables.matches(x, v, taken: &taken) else { return false }
                continue
            }
            switch (a, w) {
            case (_, .free): continue
            case (.type(let x), .type(let y)), (.type(let x), .bounded(let y)), (.bounded(let x), .bounded(let y)):
                if !x.isSubtype(of: y) { return false }
            default: if a != w { return false }
            }
        }
        return true
    }

    /// Distance up the supertype chain, used to rank method specificity.
    public var depth: Int {
        var d = 0
        var t = supertype
        while let cur = t { d += 1; t = cur.supertype }
        return d + (family != nil ? parameters.filter { $0 != .free }.count : 0)
    }
}

/// The built-in type lattice, created once.
public enum BuiltinTypes {
    public static let any = FlxType(name: "Any", kind: .abstract, supertype: nil)
    public static let union = FlxType(name: "Union", kind: .abstract, supertype: any)
    public static let number = FlxType(name: "Number", kind: .abstract, supertype: any)
    public static let real = FlxType(name: "Real", kind: .abstract, supertype: number)
    public static let abstractFloat = FlxType(name: "AbstractFloat", kind: .abstract, supertype: real)
    public static let integer = FlxType(name: "Integer", kind: .abstract, supertype: real)
    public static let signed = FlxType(name: "Signed", kind: .abstract, supertype: integer)
    public static let int64 = FlxType(name: "Int64", supertype: signed)
    public static let unsigned = FlxType(name: "Unsigned", kind: .abstract, supertype: integer)
    public static let int8 = FlxType(name: "Int8", supertype: signed)
    public static let int16 = FlxType(name: "Int16", supertype: signed)
    public static let int32 = FlxType(name: "Int32", supertype: signed)
    public static let int128 = FlxType(name: "Int128", supertype: signed)
    public static let uint8 = FlxType(name: "UInt8", supertype: unsigned)
    public static let uint16 = FlxType(name: "UInt16", supertype: unsigned)
    public static let uint32 = FlxType(name: "UInt32", supertype: unsigned)
    public static let uint64 = FlxType(name: "UInt64", supertype: unsigned)
    public static let uint128 = FlxType(name: "UInt128", supertype: unsigned)
    /// The bit integer types in `IntKind` order.
    public static let bitIntegers: [FlxType] = [int8, int16, int32, int64, int128, uint8, uint16, uint32, uint64, uint128]
    public static let bool = FlxType(name: "Bool", supertype: integer)
    public static let float64 = FlxType(name: "Float64", supertype: abstractFloat)
    public static let float32 = FlxType(name: "Float32", supertype: abstractFloat)
    /// IEEE half precision: stored in 16 bits, each operation computed in Float32 and rounded back.
    public static let float16 = FlxType(name: "Float16", supertype: abstractFloat)
    public static let abstractChar = FlxType(name: "AbstractChar", kind: .abstract, supertype: any)
    public static let char = FlxType(name: "Char", supertype: abstractChar)
    public static let abstractString = FlxType(name: "AbstractString", kind: .abstract, supertype: any)
    public static let string = FlxType(name: "String", supertype: abstractString)
    public static let subString: FlxType = {
        let t = FlxType(name: "SubString", supertype: abstractString)
        t.parameterNames = ["T"]
        return t
    }()
    /// `Base.CodeUnits{UInt8, String}` (`codeunits(s)`, `b"..."`): a read-only vector of
    /// the bytes; `setindex!` on it is a CanonicalIndexError.
    public static let codeUnits: FlxType = {
        let t = FlxType(name: "Base.CodeUnits", supertype: abstractArrayOf(nil, 1))
        t.parameterNames = ["T", "S"]
        return t
    }()
    public static let codeUnitsOfString = codeUnits.instantiate([.type(uint8), .type(string)], supertype: abstractArrayOf(uint8, 1))
    /// `SubString{String}`, the type of a `StringValue` marked `isSubString`.
    public static let subStringOfString = subString.instantiate([.type(string)])
    public static let symbol = FlxType(name: "Symbol", supertype: any)
    public static let nothing = FlxType(name: "Nothing", supertype: any)
    public static let missing = FlxType(name: "Missing", supertype: any)
    public static let function = FlxType(name: "Function", kind: .abstract, supertype: any)
    public static let dataType = FlxType(name: "DataType", supertype: any)
    public static let module = FlxType(name: "Module", supertype: any)
    public static let tuple = FlxType(name: "Tuple", supertype: any)
    public static let namedTuple = FlxType(name: "NamedTuple", supertype: any)
    public static let pair = FlxType(name: "Pair", supertype: any)
    public static let abstractArray: FlxType = {
        let t = FlxType(name: "AbstractArray", kind: .abstract, supertype: any)
        t.parameterNames = ["T", "N"]
        return t
    }()
    public static let denseArray: FlxType = {
        let t = FlxType(name: "DenseArray", kind: .abstract, supertype: abstractArray)
        t.parameterNames = ["T", "N"]
        return t
    }()
    public static let array: FlxType = {
        let t = FlxType(name: "Array", supertype: denseArray)
        t.parameterNames = ["T", "N"]
        return t
    }()
    public static let abstractRange: FlxType = {
        let t = FlxType(name: "AbstractRange", kind: .abstract, supertype: abstractArray)
        t.parameterNames = ["T"]
        // `AbstractRange{Int64}` and `{Float64}` (the element types of flx's ranges) are
        // vectors; made here, before a script's `AbstractRange{Int}` could intern them
        // with the family's plain supertype.
        for e in [int64, float64] { _ = t.instantiate([.type(e)], supertype: abstractArrayOf(e, 1)) }
        return t
    }()
    public static let unitRange = FlxType(name: "UnitRange", supertype: abstractRange)
    public static let stepRange = FlxType(name: "StepRange", supertype: abstractRange)
    public static let floatRange = FlxType(name: "StepRangeLen", supertype: abstractRange)
    /// The instances flx's ranges are, with Julia's parameters, so they print as Julia's do
    /// (`UnitRange{Int64}[1:2, 4:5]`); the float range keeps its end points in Julia's
    /// double-double `TwicePrecision`, whose name the type shows.
    /// Each sits below `AbstractRange{T}`, itself an `AbstractVector{T}`, so a range is an
    /// `AbstractVector{Int64}` to `isa` and to dispatch, as in Julia.
    public static let unitRangeOfInt = unitRange.instantiate([.type(int64)], supertype: abstractRangeOf(int64))
    public static let stepRangeOfInt = stepRange.instantiate([.type(int64), .type(int64)], supertype: abstractRangeOf(int64))
    public static let floatRangeOfFloat64: FlxType = {
        let twice = FlxType(name: "Base.TwicePrecision{Float64}", supertype: any)
        return floatRange.instantiate([.type(float64), .type(twice), .type(twice), .type(int64)], supertype: abstractRangeOf(float64))
    }()
    /// `0:0.1f0:1`: Float32 elements, its end points and step kept in Float64.
    public static let floatRangeOfFloat32 = floatRange.instantiate([.type(float32), .type(float64), .type(float64), .type(int64)],
                                                                   supertype: abstractRange.instantiate([.type(float32)], supertype: abstractArrayOf(float32, 1)))
    private static func abstractRangeOf(_ element: FlxType) -> FlxType { abstractRange.instantiate([.type(element)]) }
    public static let exception = FlxType(name: "Exception", kind: .abstract, supertype: any)
    public static let io = FlxType(name: "IO", kind: .abstract, supertype: any)
    public static let abstractDict = FlxType(name: "AbstractDict", kind: .abstract, supertype: any)
    public static let dict = FlxType(name: "Dict", supertype: abstractDict)
    public static let idDict = FlxType(name: "IdDict", supertype: abstractDict)
    /// `Ref{T}`: abstract, as Julia's; `Ref(x)` and `Ref{T}(x)` make a `Base.RefValue`.
    public static let ref: FlxType = {
        let t = FlxType(name: "Ref", kind: .abstract, supertype: any)
        t.parameterNames = ["T"]
        return t
    }()
    public static let typeType = FlxType(name: "Type", kind: .abstract, supertype: any)
    /// `NamedTuple{(:a, :b), Tuple{Int64, String}}`, which prints `@NamedTuple{a::Int64, b::String}`.
    public static func namedTupleOf(names: [String], types: [FlxType]) -> FlxType {
        let symbols = names.map { Display.symbolRepr($0) }
        let repr = "(" + symbols.joined(separator: ", ") + (names.count == 1 ? ",)" : ")")
        return namedTuple.instantiate([.value(.tuple(names.map { .sym($0) }), repr), .type(tuple.instantiate(types.map { .type($0) }))])
    }

    /// `Vararg{T, N}`: the last parameter of a tuple type that takes any number (or N) more
    /// elements of type T (`Tuple{AbstractString, Vararg{Int}}`).
    public static let vararg: FlxType = {
        let t = FlxType(name: "Vararg", supertype: any)
        t.parameterNames = ["T", "N"]
        return t
    }()

    nonisolated(unsafe) private static var arrayTypes: [Int: FlxType] = [:]
    /// `Array{T, N}` for the numeric element types and N ≤ 4, built once: creating an
    /// array looks its type up here without taking a lock.
    private static let commonArrayTypes: [[FlxType]] = [float32, float64, int64, bool, any].map { et in
        (0...4).map { n in makeArrayType(et, n) }
    }
    public static let bitArray: FlxType = {
        let t = FlxType(name: "BitArray", supertype: abstractArray)
        t.parameterNames = ["N"]
        return t
    }()

    /// `BitArray{N}` (`BitVector`, `BitMatrix`), a subtype of `AbstractArray{Bool, N}`.
    public static func bitArrayOf(_ ndims: Int) -> FlxType {
        bitArray.instantiate([.int(ndims)], supertype: abstractArray.instantiate([.type(bool), .int(ndims)]))
    }

    /// `Array{T, N}`, interned.
    public static func arrayOf(_ element: FlxType, _ ndims: Int) -> FlxType {
        if ndims <= 4 {
            if element === float32 { return commonArrayTypes[0][ndims] }
            if element === float64 { return commonArrayTypes[1][ndims] }
            if element === int64 { return commonArrayTypes[2][ndims] }
            if element === bool { return commonArrayTypes[3][ndims] }
            if element === any { return commonArrayTypes[4][ndims] }
        }
        let key = element.id &* 64 &+ ndims
        if let t = typeTableLock.withLock({ _ in arrayTypes[key] }) { return t }
        let t = makeArrayType(element, ndims)
        typeTableLock.withLock { _ in arrayTypes[key] = t }
        return t
    }

    private static func makeArrayType(_ element: FlxType, _ ndims: Int) -> FlxType {
        array.instantiate([.type(element), .int(ndims)],
                          supertype: denseArray.instantiate([.type(element), .int(ndims)], supertype: abstractArray.instantiate([.type(element), .int(ndims)])))
    }

    /// `AbstractArray{T, N}` with either part left open.
    public static func abstractArrayOf(_ element: FlxType?, _ ndims: Int?) -> FlxType {
        abstractArray.instantiate([element.map { .type($0) } ?? .free, ndims.map { .int($0) } ?? .free])
    }

    /// Built-in exception types, by name; their fields are set up by the runtime.
    nonisolated(unsafe) public static var exceptions: [String: FlxType] = [:]

    public static func exceptionType(_ name: String) -> FlxType {
        typeTableLock.withLock { _ in
            if let t = exceptions[name] { return t }
            let t = FlxType(name: name, supertype: exception)
            t.isStruct = true
            exceptions[name] = t
            return t
        }
    }
}
