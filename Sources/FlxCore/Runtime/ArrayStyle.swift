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

    public init(summary: ((FlxType) -> String)? = nil, typeName: ((FlxType) -> String)? = nil,
                structuralZero: ((Int, Int) -> Bool)? = nil, zerosHidden: Bool = false) {
        self.summary = summary
        self.typeName = typeName
        self.structuralZero = structuralZero
        self.zerosHidden = zerosHidden
    }
}

extension FlxType {
    /// The presentation of this type's arrays: the family's style (instances inherit it).
    package var arrayPresentation: ArrayStyle? { (family ?? self).arrayStyle }
}
