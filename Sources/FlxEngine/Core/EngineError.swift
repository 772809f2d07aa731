/// Every bad input reaching the engine's public API ends here instead of in a Swift trap.
/// Errors are data: what kind of failure, and the values involved. The language decides
/// which exception each stands for and how it reads (FlxCore's engine adapter), so the
/// engine holds no exception names and no display text of the language.
public enum EngineError: Error, Equatable {
    /// Sizes that do not fit together.
    case dimensionMismatch(EngineMessage)
    /// A value the operation does not accept.
    case argument(EngineMessage)
    /// A number outside the operation's mathematical domain (`log(-1.0)`): the offending
    /// value in its element type, and why.
    case domain(value: Double, DType, EngineMessage)
    /// An index outside an array of this size and element type.
    case bounds(Shape, DType, index: [IndexSpec])
    /// Integer division by zero.
    case divide
    /// A value that has no exact image in the target element type (`1.5` into Int64).
    case inexact(target: DType, value: Double, source: DType)
    /// A write, by the named function, into an array the live tape still reads (Zygote
    /// refuses these; so does the engine).
    case mutation(function: String, Shape, DType)
    /// The allocator refused a buffer.
    case outOfMemory
    /// A factorization met an exactly singular matrix: the 1-based index of the first zero
    /// pivot (LAPACK's `info`), which Julia reports as `SingularException(info)`.
    case singular(Int)
    /// A LAPACK routine failed for another reason (its `info`): `LAPACKException(info)`.
    case lapack(routine: String, info: Int)
}
