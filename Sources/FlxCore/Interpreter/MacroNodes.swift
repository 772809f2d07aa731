import FlxSyntax
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
    package enum Mode { case print, elapsed }
    package let body: Node
    package let mode: Mode
    package init(_ body: Node, mode: Mode, span: Span) {
        self.body = body
        self.mode = mode
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let start = Clock.seconds()
        let v = try body.eval(interp, fp)
        let elapsed = Clock.seconds() - start
        if mode == .elapsed { return .float64(elapsed) }
        interp.output(FloatFormat.cFormat("%10.6f", elapsed) + " seconds\n")
        return v
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
