import FlxSyntax
import FlxCore

/// `@test_logs [patterns...] [min_level=L] [match_mode=:all|:any] expr`: collects the
/// log records `expr` makes (at `min_level`, default Info, and above) instead of printing
/// them, records whether they match the patterns and returns the value of `expr`. A
/// pattern is a tuple `(level, message, module, ...)`: a level as a Symbol (`:warn`) or
/// a LogLevel, a message compared with `==` (or anything `occursin` takes, such as a Regex).
enum TestLogsMacro {
    static func compile(_ c: Compiler, _ args: [Expr], _ span: Span) throws -> Node {
        guard let ex = args.last else {
            throw c.syntaxError("`@test_logs` needs at least one arguments.\nUsage: `@test_logs [msgs...] expr_to_run`", span)
        }
        var patterns: [Node] = []
        var texts: [String] = []
        var minLevel: Node? = nil, matchMode: Node? = nil
        for a in args.dropLast() {
            if case .assign(let target, let value) = a.kind, case .identifier(let key) = target.kind {
                switch key {
                case "min_level": minLevel = try c.compile(value)
                case "match_mode": matchMode = try c.compile(value)
                default: throw c.syntaxError("@test_logs does not take the keyword `\(key)`", a.span)
                }
                continue
            }
            patterns.append(try c.compile(a))
            texts.append(TestReports.expressionText(a))
        }
        return TestLogsNode(patterns: patterns, patternTexts: texts, minLevel: minLevel, matchMode: matchMode,
                            body: try c.compile(ex), expression: TestReports.expressionText(ex), span: span)
    }
}

final class TestLogsNode: Node {
    let patterns: [Node]
    let patternTexts: [String]
    let minLevel: Node?
    let matchMode: Node?
    let body: Node
    let expression: String

    init(patterns: [Node], patternTexts: [String], minLevel: Node?, matchMode: Node?, body: Node, expression: String, span: Span) {
        self.patterns = patterns
        self.patternTexts = patternTexts
        self.minLevel = minLevel
        self.matchMode = matchMode
        self.body = body
        self.expression = expression
        super.init(span: span)
    }

    override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let source = TestSource(span)
        var value: Value = .nothing
        var collector: LogCollector? = nil
        var patternValues: [Value] = []
        let outcome = try guarded(interp) {
            patternValues = try patterns.map { try $0.eval(interp, fp) }
            var level = LogMacro.Level.info
            if let minLevel {
                let v = try minLevel.eval(interp, fp)
                guard case .native(let l as LogLevelObject) = v else { throw Exceptions.typeError("TestLogger", expected: "LogLevel", got: v) }
                level = l.level
            }
            var any = false
            if let matchMode {
                let v = try matchMode.eval(interp, fp)
                guard case .symbol(let s) = v, s.name == "all" || s.name == "any" else { throw Exceptions.argument("match_mode must be :all or :any") }
                any = s.name == "any"
            }
            let c = LogCollector(minLevel: level)
            collector = c
            interp.logCollectors.append(c)
            defer { interp.logCollectors.removeLast() }
            value = try body.eval(interp, fp)
            let logs = c.records
            let ok: Bool
            if any {
                ok = try patternValues.allSatisfy { p in try logs.contains { try matches(p, $0, interp) } }
            } else {
                ok = try logs.count == patternValues.count && zip(patternValues, logs).allSatisfy { try matches($0, $1, interp) }
            }
            return (.bool(ok), nil)
        }
        let result: TestResult
        switch outcome {
        case .returned(.bool(true), _): result = TestResult(.pass(thrown: nil, messageOnly: false))
        case .returned:
            let captured = (collector?.records ?? []).map { r in describe(r, interp) }
            result = TestResult(.fail(.init(form: .logs(patterns: patternTexts.joined(separator: " "), captured: captured),
                                            expression: expression, value: "", source: source)))
        case .threw:
            result = try TestReports.result(outcome, expression: expression, source: source, broken: false, interp)
        }
        do { try TestRecording.record(result, interp) } catch { throw locate(error) }
        return value
    }

    /// Test's `occursin(pattern::Tuple, r::LogRecord)`: each element of the pattern
    /// against the record's level, message, module, group, id, file, line in turn.
    private func matches(_ pattern: Value, _ r: LogRecord, _ interp: Interpreter) throws -> Bool {
        guard case .tuple(let t) = pattern else { throw Exceptions.method(.str("occursin"), [pattern, .str("LogRecord")]) }
        let group = String((r.file.split(separator: "/").last ?? "").split(separator: ".").first ?? "")
        let fields: [Value] = [.nothing, r.message, .str(r.module), .sym(group), .nothing, .str(r.file), .int(Int64(r.line))]
        for (i, p) in t.items.enumerated() where i < fields.count {
            if i == 0 {
                switch p {
                case .symbol(let s):
                    guard let level = LogLevelObject.parse(s.name) else { throw Exceptions.argument("Unknown log level \(s.name)") }
                    if level != r.level { return false }
                case .native(let l as LogLevelObject): if l.level != r.level { return false }
                default: return false
                }
                continue
            }
            if case .string(let expected) = p {
                if case .string(let actual) = fields[i] { if expected.value != actual.value { return false } } else { return false }
                continue
            }
            if case .native = p {
                // A Regex (or another matcher): `occursin(pattern, field)`.
                let ok = try interp.call(interp.base.binding("occursin").value, [p, .str(try Display.printString(fields[i], interp))])
                if case .bool(false) = ok { return false }
                continue
            }
            let same = try interp.call(interp.base.binding("==").value, [fields[i], p])
            if case .bool(true) = same { continue }
            return false
        }
        return true
    }

    /// A captured record as `Captured Logs:` lists it.
    private func describe(_ r: LogRecord, _ interp: Interpreter) -> String {
        let message = (try? Display.repr(r.message, interp)) ?? "?"
        return "Test.LogRecord(\(LogLevelObject.name(r.level)), \(message), \(r.module), \(Display.stringRepr(r.file)), \(r.line))"
    }
}
