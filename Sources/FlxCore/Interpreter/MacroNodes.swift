import FlxSyntax
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// `@show a b`: prints `a = <repr>` for each, returns the last value.
package final class ShowMacro: Node {
    package let values: [Node]
    package let texts: [String]
    package init(_ values: [Node], texts: [String], span: Span) {
        self.values = values
        self.texts = texts
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var last: Value = .nothing
        for (n, text) in zip(values, texts) {
            last = try n.eval(interp, fp)
            do { interp.output(text + " = " + (try Display.repr(last, interp)) + "\n") } catch { throw locate(error) }
        }
        return last
    }
}

/// `@info`, `@warn`, `@error`, `@debug` in the layout of Julia's ConsoleLogger, on stderr.
package final class LogMacro: Node {
    package enum Level { case debug, info, warn, error }
    package let level: Level
    package let message: Node
    package let keys: [(String, Node)]
    package let maxlog: Node?
    private var count = 0

    package init(level: Level, message: Node, keys: [(String, Node)], maxlog: Node?, span: Span) {
        self.level = level
        self.message = message
        self.keys = keys
        self.maxlog = maxlog
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        if level == .debug && interp.logCollectors.isEmpty { return .nothing }
        if let m = maxlog {
            let limit = asInt(try m.eval(interp, fp))
            if count >= limit { return .nothing }
        }
        count += 1
        do {
            let msg = try message.eval(interp, fp)
            var pairs: [(String, Value)] = []
            for (k, n) in keys { pairs.append((k, try n.eval(interp, fp))) }
            let location = level == .info ? nil : "@ Main \(span.file.name):\(span.line)"
            let record = LogRecord(level: level, message: msg, pairs: pairs, module: "Main", file: span.file.name, line: span.line)
            try interp.emitLog(record, location: location)
        } catch {
            throw locate(error)
        }
        return .nothing
    }
}

package enum Logging {
    package static func format(level: LogMacro.Level, message: Value, pairs: [(String, Value)], location: String?, _ interp: Interpreter) throws -> String {
        let name: String
        switch level {
        case .debug: name = "Debug"
        case .info: name = "Info"
        case .warn: name = "Warning"
        case .error: name = "Error"
        }
        var lines = (try Display.printString(message, interp)).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = name + ": " + lines[0]
        // ConsoleLogger shows each value limited to a share of stderr's rows and 5 fewer columns.
        let screen = DisplaySize.stream(interp, error: true)
        let size = (rows: max(1, screen.rows / (pairs.count + 1)), cols: screen.cols - 5)
        for (k, v) in pairs {
            let shown = try Display.displayString(v, interp, size: size)
            if shown.contains("\n") {
                lines.append("  \(k) =")
                for l in shown.split(separator: "\n", omittingEmptySubsequences: false) { lines.append("   " + l) }
            } else {
                lines.append("  \(k) = \(shown)")
            }
        }
        if let location { lines.append(location) }
        if lines.count == 1 { return "[ " + lines[0] + "\n" }
        var out = ""
        for (i, l) in lines.enumerated() {
            let prefix = i == 0 ? "┌ " : i == lines.count - 1 ? "└ " : "│ "
            out += prefix + l + "\n"
        }
        return out
    }
}

package final class AssertMacro: Node {
    package let condition: Node
    package let message: Node?
    package let text: String
    package init(_ condition: Node, message: Node?, text: String, span: Span) {
        self.condition = condition
        self.message = message
        self.text = text
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        if try truthValue(try condition.eval(interp, fp), condition) { return .nothing }
        var msg = text
        if let m = message { msg = try Display.printString(try m.eval(interp, fp), interp) }
        throw locate(Exceptions.assertion(msg))
    }
}

package final class TimeMacro: Node {
    /// `@time [msg] ex` prints the report and returns the value; `@elapsed` the seconds,
    /// `@timed` a NamedTuple, `@allocated` the bytes, `@allocations` the count.
    package enum Mode { case print, elapsed, timed, allocated, allocations }
    package let body: Node
    package let mode: Mode
    package let message: Node?
    package init(_ body: Node, mode: Mode, message: Node? = nil, span: Span) {
        self.body = body
        self.mode = mode
        self.message = message
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let before = AllocationCounter.snapshot
        let start = Clock.seconds()
        let v = try body.eval(interp, fp)
        let elapsed = Clock.seconds() - start
        let after = AllocationCounter.snapshot
        let count = after.count &- before.count, bytes = after.bytes &- before.bytes
        switch mode {
        case .elapsed: return .float64(elapsed)
        case .allocated: return .int(Int64(bytes))
        case .allocations: return .int(Int64(count))
        case .timed:
            // Julia's GC_Diff counters, as far as flx keeps them: every counted allocation
            // is a pool allocation and there is no garbage collector to pause.
            let gcstats = Value.namedTuple(NamedTupleValue(
                names: ["allocd", "malloc", "realloc", "poolalloc", "bigalloc", "freecall", "total_time", "pause", "full_sweep"],
                values: [.int(Int64(bytes)), .int(0), .int(0), .int(Int64(count)), .int(0), .int(0), .int(0), .int(0), .int(0)]))
            return .namedTuple(NamedTupleValue(names: ["value", "time", "bytes", "gctime", "gcstats"],
                                               values: [v, .float64(elapsed), .int(Int64(bytes)), .float64(0), gcstats]))
        case .print:
            var prefix = ""
            if let message {
                let m = try message.eval(interp, fp)
                if case .nothing = m {} else { prefix = try Display.printString(m, interp) + ": " }
            }
            interp.output(prefix + TimeReport.line(seconds: elapsed, bytes: bytes, allocations: count, padded: prefix.isEmpty) + "\n")
            return v
        }
    }
}

/// Julia's `time_print` (base/timing.jl): `  0.000009 seconds (1 allocation: 896 bytes)`.
package enum TimeReport {
    package static func line(seconds: Double, bytes: Int, allocations: Int, padded: Bool) -> String {
        let time = FloatFormat.cFormat("%.6f", seconds)
        var s = (padded && time.count < 10 ? String(repeating: " ", count: 10 - time.count) : "") + time + " seconds"
        if bytes != 0 || allocations != 0 {
            let (n, unit) = units(Double(allocations), 6, 1000)
            s += " ("
            if unit == 1 {
                s += "\(allocations)" + (allocations == 1 ? " allocation: " : " allocations: ")
            } else {
                s += FloatFormat.cFormat("%.2f", n) + countUnits[unit - 1] + " allocations: "
            }
            s += formatBytes(bytes) + ")"
        }
        return s
    }

    static let countUnits = ["", " k", " M", " G", " T", " P"]
    static let memoryUnits = ["byte", "KiB", "MiB", "GiB", "TiB", "PiB"]

    /// `prettyprint_getunits`: the value in the largest unit below it, and that unit (1-based).
    static func units(_ value: Double, _ count: Int, _ factor: Double) -> (Double, Int) {
        if value == 0 || value == 1 { return (value, 1) }
        let unit = min(count, max(1, Int(exactly: (log(value) / log(factor)).rounded(.up)) ?? 1))
        return (value / pow(factor, Double(unit - 1)), unit)
    }

    /// `format_bytes`: `896 bytes`, `1 byte`, `7.629 MiB`.
    package static func formatBytes(_ bytes: Int) -> String {
        let (n, unit) = units(Double(bytes), memoryUnits.count, 1024)
        if unit == 1 { return "\(bytes) " + memoryUnits[0] + (bytes == 1 ? "" : "s") }
        return FloatFormat.cFormat("%.3f", n) + " " + memoryUnits[unit - 1]
    }
}

package enum Clock {
    package static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    package static func wallSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// `@isdefined x`: whether reading `x` here would find a value (a local assigned so far,
/// or a global bound now), without raising.
package final class IsDefinedMacro: Node {
    package let read: Node
    package init(_ read: Node, span: Span) {
        self.read = read
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        do {
            _ = try read.eval(interp, fp)
            return .bool(true)
        } catch let e as FlxError where e.typeName == "UndefVarError" {
            return .bool(false)
        }
    }
}
