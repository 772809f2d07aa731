import FlxCore

/// A range of values that are not numbers (`'a':2:'z'`, `Date(2020):Day(1):Date(2021)`):
/// what `step(r)` reads from it.
package protocol NativeStepRange: AnyObject {
    var stepValue: Value { get }
}

extension CollectionBuiltins {
    /// T of an `AbstractArray{T, N}` supertype (a native range's), nil when it is not one.
    static func declaredElementType(_ t: FlxType) -> FlxType? {
        guard t.family === BuiltinTypes.abstractArray, case .type(let element)? = t.parameters.first else { return nil }
        return element
    }
}
