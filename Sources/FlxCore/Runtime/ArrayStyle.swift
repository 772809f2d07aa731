import FlxSyntax

/// How an array type that a library lays over dense storage presents itself: Julia's
/// `showarg` (the summary line of `display`), the type's printed name when it is not the
/// plain `Name{Params}`, and `replace_in_print_matrix` (structural zeros shown as `⋅`).
///
/// LinearAlgebra's wrappers (`Adjoint`, `Transpose`, `Diagonal`) and Base's `Slices` are
/// arrays whose elements flx keeps dense; the style on their type family is all that
/// tells them apart in print. The core reads it; the library that owns the type sets it,
/// once, when it creates the family.
public struct ArrayStyle: @unchecked Sendable {
    /// The summary after the size (`adjoint(::Vector{Int64}) with eltype Int64`), given
    /// the array's type; nil: the type's name.
    public let summary: ((FlxType) -> String)?
    /// The type's name for `typeof` and errors, given the type; nil: `Name{Params}`.
    public let typeName: ((FlxType) -> String)?
    /// Whether element (row, column) (0-based) is a structural zero, printed as a centred `⋅`.
    public let structuralZero: ((Int, Int) -> Bool)?
    /// Whether every zero (false) element prints as `⋅`, in vectors too: arrays whose nonzeros
    /// are their structure, as OneHotArrays' `replace_in_print_matrix` shows them.
    public let zerosHidden: Bool
    /// For arrays that print a description instead of their elements (FillArrays'
    /// `2×2 Fill{Float64}, with entries equal to 2.0`): the 3-arg display, and the 2-arg
    /// show (`Fill(2.0, 2, 2)`), given the array.
    public let display: ((ArrayValue, Interpreter) throws -> String)?
    public let show: ((ArrayValue, Interpreter) throws -> String)?

    /// For a summary that names the dimensions (`reshape(::UnitRange{Int64}, 4, 4) with
    /// eltype Int64`): given the type and the dimensions; wins over `summary`.
    public let sizedSummary: ((FlxType, [Int]) -> String)?
    /// For arrays that cannot be written (`LinearIndices`, a reshaped range): the type that
    /// `setindex!`'s CanonicalIndexError names, given the array's type.
    public let readOnly: ((FlxType) -> FlxType)?

    public init(summary: ((FlxType) -> String)? = nil, typeName: ((FlxType) -> String)? = nil,
                structuralZero: ((Int, Int) -> Bool)? = nil, zerosHidden: Bool = false,
                sizedSummary: ((FlxType, [Int]) -> String)? = nil, readOnly: ((FlxType) -> FlxType)? = nil,
                display: ((ArrayValue, Interpreter) throws -> String)? = nil,
                show: ((ArrayValue, Interpreter) throws -> String)? = nil) {
        self.summary = summary
        self.typeName = typeName
        self.structuralZero = structuralZero
        self.zerosHidden = zerosHidden
        self.display = display
        self.show = show
        self.sizedSummary = sizedSummary
        self.readOnly = readOnly
    }
}

extension FlxType {
    /// The presentation of this type's arrays: the family's style (instances inherit it).
    package var arrayPresentation: ArrayStyle? { (family ?? self).arrayStyle }
}

/// What may be done in place to the arrays of a type family. Julia's `Array` may be
/// written and resized; StaticArrays' `MArray` only written; its `SArray` neither, so
/// `update!` and `@..` give back a new array instead of writing into it.
public enum ArrayMutability: Sendable {
    case resizable
    case fixedSize
    case readOnly
}

extension ArrayValue {
    /// Whether the array's elements may be written in place (`setindex!`, `.=`, `fill!`).
    public var isWritable: Bool { type.root.arrayMutability != .readOnly }
    /// Whether the array's length may change (`push!`, `resize!`, `deleteat!`).
    public var isResizable: Bool { type.root.arrayMutability == .resizable }
}

extension Interpreter {
    /// Refuses an in-place write into an array whose type forbids it, as StaticArrays does
    /// (`setindex!(::SVector{3, Float64}, value, ::Int) is not defined.`).
    /// Julia reaches `setindex!` from `.=`, `copyto!` and `fill!` too, so it names that.
    /// `value` is what would be written, when it is one value.
    package func requireWritable(_ a: ArrayValue, value: Value? = nil) throws {
        guard !a.isWritable else { return }
        if let readOnly = a.type.arrayPresentation?.readOnly {
            throw Exceptions.make("CanonicalIndexError", [.str("setindex!"), .type(readOnly(a.type))])
        }
        if let refusal = a.type.root.writeRefusal {
            if let error = try refusal(a, value, self) { throw error }
            return
        }
        throw Exceptions.error("setindex!(::\(TypeNames.show(a.type)), value, ::Int) is not defined.\n Hint: Use `MArray` or `SizedArray` to create a mutable static array")
    }
}

extension FlxType {
    /// The element type a bracket-literal maker asks for: its first parameter
    /// (`SA{Float32}[1, 2]`), or nil to take it from the elements (`SA[1, 2]`).
    package var bracketElementType: FlxType? {
        if case .type(let t)? = parameters.first { return t }
        return nil
    }
}

/// How Julia lays out the fields of a struct that flx defines in Swift with untyped fields
/// (Flux's layers, which Julia declares fully parametric: `struct Dense{F, M, B}`).
public struct FieldLayout: Sendable {
    /// Every field is concretely typed: its value is stored inline, as in a parametric struct.
    public var allConcrete: Bool
    /// Fields declared `Union{Bool, Nothing}` and the like: stored inline with a selector byte.
    public var isbitsUnions: Set<String>
    /// Fields Julia keeps in a type parameter or holds as a singleton (`Recurrence`'s
    /// `return_state`, `Dropout`'s default `rng`): no bytes of their own.
    public var zeroSize: Set<String>

    public init(allConcrete: Bool, isbitsUnions: Set<String> = [], zeroSize: Set<String> = []) {
        self.allConcrete = allConcrete
        self.isbitsUnions = isbitsUnions
        self.zeroSize = zeroSize
    }
}
