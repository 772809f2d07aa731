import FlxSyntax
import FlxCore

/// Julia's `Logging.LogLevel`: `Logging.Debug` (-1000), `Info` (0), `Warn` (1000),
/// `Error` (2000), what `@test_logs min_level=...` takes.
package final class LogLevelObject: NativeObject, NativeShowable {
    package let level: LogMacro.Level
    init(_ level: LogMacro.Level) { self.level = level }

    package static let type = FlxType(name: "Base.CoreLogging.LogLevel", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { LogLevelObject.type }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String { LogLevelObject.name(level) }
    package func display(_ interp: Interpreter) throws -> String? { nil }

    static func name(_ level: LogMacro.Level) -> String {
        switch level {
        case .debug: return "Debug"
        case .info: return "Info"
        case .warn: return "Warn"
        case .error: return "Error"
        }
    }

    /// `:debug`, `:info`, `:warn`, `:error` as Test's `parse_level` reads them.
    static func parse(_ name: String) -> LogMacro.Level? {
        switch name {
        case "debug": return .debug
        case "info": return .info
        case "warn": return .warn
        case "error": return .error
        default: return nil
        }
    }

    /// The `Logging` module: the four levels (not exported, as in Julia 1.10) and `LogLevel`.
    static func install(_ interp: Interpreter) {
        let logging = ModuleValue(name: "Logging", parent: interp.base)
        logging.usings = [interp.base]
        for level in [LogMacro.Level.debug, .info, .warn, .error] {
            logging.define(name(level), .native(LogLevelObject(level)), export: false)
        }
        logging.define("LogLevel", .type(type))
        interp.modules["Logging"] = logging
    }
}
