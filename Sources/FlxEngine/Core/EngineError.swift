/// Every bad input reaching the public API ends here instead of in a Swift trap.
/// Messages follow the text Julia (or Zygote) prints for the same mistake, so the
/// language can show them verbatim after the exception type name.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    /// Julia `DimensionMismatch`.
    case dimensionMismatch(String)
    /// Julia `ArgumentError`.
    case argument(String)
    /// Julia `DomainError`; the message is "<value>:\n<explanation>".
    case domain(String)
    /// Julia `BoundsError`.
    case bounds(String)
    /// Julia `DivideError` (integer division by zero).
    case divide
    /// Julia `InexactError`, e.g. storing 1.5 into an Int64 array.
    case inexact(String)
    /// Zygote's mutation error: writing into an array the live tape tracks.
    case mutation(String)
    /// The allocator refused a buffer.
    case outOfMemory

    /// The Julia exception type this error corresponds to.
    public var juliaTypeName: String {
        switch self {
        case .dimensionMismatch: return "DimensionMismatch"
        case .argument: return "ArgumentError"
        case .domain: return "DomainError"
        case .bounds: return "BoundsError"
        case .divide: return "DivideError"
        case .inexact: return "InexactError"
        case .mutation: return "ErrorException"
        case .outOfMemory: return "OutOfMemoryError"
        }
    }

    public var message: String {
        switch self {
        case .dimensionMismatch(let m), .argument(let m), .domain(let m), .bounds(let m),
             .inexact(let m), .mutation(let m):
            return m
        case .divide: return "integer division error"
        case .outOfMemory: return "out of memory"
        }
    }

    /// What Julia's `showerror` prints, e.g. "DimensionMismatch: …" or
    /// "DomainError with -1.0:\n…" (DomainError messages start with the offending value).
    public var description: String {
        if case .domain = self { return "DomainError with \(message)" }
        if case .divide = self { return "DivideError: integer division error" }
        return "\(juliaTypeName): \(message)"
    }

    /// Zygote's exact wording for in-place writes under differentiation.
    static func mutationMessage(function: String, arrayType: String) -> String {
        """
        Mutating arrays is not supported -- called \(function)(\(arrayType), ...)
        This error occurs when you ask Zygote to differentiate operations that change
        the elements of arrays in place (e.g. setting values with x .= ...)

        Possible fixes:
        - avoid mutating operations (preferred)
        - or read the documentation and solutions for this error
          https://fluxml.ai/Zygote.jl/latest/limitations

        """
    }
}
