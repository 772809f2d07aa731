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
    /// For a summary that names the dimensions (`reshape(::UnitRange{Int64}, 4, 4) with
    /// eltype Int64`): given the type and the dimensions; wins over `summary`.
    public let sizedSummary: ((FlxType, [Int]) -> String)?
    /// For arrays that cannot be written (`LinearIndices`, a reshaped range): the type that
    /// `setindex!`'s CanonicalIndexError names, given the array's type.
    public let readOnly: ((FlxType) -> FlxType)?

    public init(summary: ((FlxType) -> String)? = nil, typeName: ((FlxType) -> String)? = nil,
                structuralZero: ((Int, Int) -> Bool)? = nil, zerosHidden: Bool = false,
                sizedSummary: ((FlxType, [Int]) -> String)? = nil, readOnly: ((FlxType) -> FlxType)? = nil) {
        self.summary = summary
        self.typeName = typeName
        self.structuralZero = structuralZero
        self.zerosHidden = zerosHidden
        self.sizedSummary = sizedSummary
        self.readOnly = readOnly
    }
}

extension FlxType {
    /// The presentation of this type's arrays: the family's style (instances inherit it).
    package var arrayPresentation: ArrayStyle? { (family ?? self).arrayStyle }
}
