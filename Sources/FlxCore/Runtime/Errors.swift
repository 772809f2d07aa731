import FlxSyntax
/// A flx exception in flight: the thrown value and the frames it passed through.
public final class FlxError: Error, @unchecked Sendable {
    public let value: Value
    /// Innermost first: the function it happened in (nil at top level) and where.
    public var frames: [(function: String?, span: Span)] = []
    /// Set once the innermost location is recorded, so outer nodes only add call frames.
    public var located = false

    public init(_ value: Value) {
        self.value = value
    }

    public var typeName: String {
        if case .object(let o) = value { return o.type.name }
        return "ErrorException"
    }
}

/// Constructors for the exceptions the runtime raises itself.
public enum Exceptions {
    package static func make(_ type: String, _ fields: [Value]) -> FlxError {
        FlxError(.object(StructInstance(type: BuiltinTypes.exceptionType(type), fields: fields)))
    }

    public static func error(_ msg: String) -> FlxError { make("ErrorException", [.str(msg)]) }
    public static func argument(_ msg: String) -> FlxError { make("ArgumentError", [.str(msg)]) }
    public static func dimensionMismatch(_ msg: String) -> FlxError { make("DimensionMismatch", [.str(msg)]) }
    public static func domain(_ val: Value, _ msg: String) -> FlxError { make("DomainError", [val, .str(msg)]) }
    public static func divide() -> FlxError { make("DivideError", []) }
    public static func key(_ k: Value) -> FlxError { make("KeyError", [k]) }
    public static func bounds(_ a: Value, _ i: Value) -> FlxError { make("BoundsError", [a, i]) }
    public static func undefVar(_ name: String, scope: String = "") -> FlxError { make("UndefVarError", [.sym(name), .str(scope)]) }
    public static func method(_ f: Value, _ args: [Value], keywords: [(String, Value)] = []) -> FlxError { make("MethodError", [f, .tuple(args), .str(keywords.map { $0.0 }.joined(separator: ","))]) }
    /// A MethodError for calling a value that is no function; marked so that a
    /// string callee is not shown as the name of a builtin.
    public static func notCallable(_ f: Value, _ args: [Value]) -> FlxError { make("MethodError", [f, .tuple(args), .sym("#notcallable")]) }
    /// Julia's `InexactError(f, T, x)`: T is the type itself where flx has it, so the error
    /// shows as `InexactError(:Int64, Int64, 2.5)`.
    public static func inexact(_ f: String, _ type: String, _ v: Value) -> FlxError {
        let known = ([BuiltinTypes.bool, BuiltinTypes.float32, BuiltinTypes.float64] + BuiltinTypes.bitIntegers).first { $0.name == type }
        return make("InexactError", [.sym(f), known.map { .type($0) } ?? .str(type), v])
    }
    public static func stackOverflow() -> FlxError { make("StackOverflowError", []) }
    public static func outOfMemory() -> FlxError { make("OutOfMemoryError", []) }
    public static func interrupt() -> FlxError { make("InterruptException", []) }
    public static func assertion(_ msg: String) -> FlxError { make("AssertionError", [.str(msg)]) }
    public static func overflow(_ msg: String) -> FlxError { make("OverflowError", [.str(msg)]) }
    public static func typeError(_ f: String, expected: String, got: Value) -> FlxError { make("TypeError", [.sym(f), .str(""), .str(expected), got]) }
    public static func undefKeyword(_ name: String) -> FlxError { make("UndefKeywordError", [.sym(name)]) }
    public static func parse(_ e: ParseError) -> FlxError { make("ParseError", [.str(e.render()), .str(e.message)]) }
}

/// `exit(code)`: unwinds to the runner, which exits with the code.
public struct ExitRequest: Error {
    public let code: Int32
    public init(code: Int32) { self.code = code }
}
