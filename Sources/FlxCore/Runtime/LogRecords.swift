import FlxSyntax

/// One log event as Julia's logging frontend hands it to the current logger: the level,
/// the message, the `key = value` pairs and where it was raised.
package struct LogRecord {
    package var level: LogMacro.Level
    package var message: Value
    package var pairs: [(String, Value)]
    package var module: String
    package var file: String
    package var line: Int
}

/// A logger that keeps records instead of printing them (Test's `TestLogger`): only
/// records at `minLevel` or above are kept, as its `min_enabled_level`.
package final class LogCollector {
    package let minLevel: LogMacro.Level
    package private(set) var records: [LogRecord] = []
    package init(minLevel: LogMacro.Level) { self.minLevel = minLevel }
    package func take(_ r: LogRecord) { if r.level >= minLevel { records.append(r) } }
}

extension LogMacro.Level: Comparable {
    /// Julia's `LogLevel` order: Debug < Info < Warn < Error.
    private var rank: Int {
        switch self {
        case .debug: return 0
        case .info: return 1
        case .warn: return 2
        case .error: return 3
        }
    }
    package static func < (a: LogMacro.Level, b: LogMacro.Level) -> Bool { a.rank < b.rank }
}

extension Interpreter {
    /// Sends a log record to the current logger: the innermost collector if one is
    /// active, else stderr in ConsoleLogger's layout (`location` is its `@ Module file:line`
    /// line; Info records have none). Debug records are shown by no default logger.
    package func emitLog(_ record: LogRecord, location: String?) throws {
        if let c = logCollectors.last { c.take(record); return }
        if record.level == .debug { return }
        (loggerOutput ?? errorOutput)(try Logging.format(level: record.level, message: record.message, pairs: record.pairs, location: location, self))
    }
}
