import FlxSyntax
import FlxCore

/// `@test_warn msg expr` / `@test_nowarn expr`: runs `expr` with stderr captured, then
/// records `@test contains_warn(output, msg)` (for `@test_nowarn`, that the output is
/// empty, which it also prints back to stderr) and returns the value of `expr`. Log
/// messages (`@warn`) bypass the capture, as Julia's logger keeps its own stream.
final class TestWarnNode: Node {
    let pattern: Node?
    let patternText: String
    let body: Node

    init(pattern: Node?, patternText: String, body: Node, span: Span) {
        self.pattern = pattern
        self.patternText = patternText
        self.body = body
        super.init(span: span)
    }

    override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var captured = ""
        let savedError = interp.errorOutput, savedLogger = interp.loggerOutput
        interp.loggerOutput = savedLogger ?? savedError
        interp.errorOutput = { captured += $0 }
        let value: Value
        do {
            value = try body.eval(interp, fp)
        } catch {
            interp.errorOutput = savedError
            interp.loggerOutput = savedLogger
            throw error
        }
        interp.errorOutput = savedError
        interp.loggerOutput = savedLogger
        let expression = "contains_warn(read(fname, String), \(patternText))"
        let outcome = try guarded(interp) {
            guard let pattern else {
                interp.errorOutput(captured)
                return (.bool(captured.isEmpty), nil)
            }
            return (.bool(try TestWarnNode.contains(captured, try pattern.eval(interp, fp), interp, self)), nil)
        }
        let result = try TestReports.result(outcome, expression: expression, source: TestSource(span), broken: false, interp)
        do { try TestRecording.record(result, interp) } catch { throw locate(error) }
        return value
    }

    /// Julia's `contains_warn`.
    static func contains(_ output: String, _ pattern: Value, _ interp: Interpreter, _ node: Node) throws -> Bool {
        switch pattern {
        case .string(let s): return s.value.isEmpty || output.contains(s.value)
        case .function: return try truthValue(try interp.call(pattern, [.str(output)]), node)
        case .tuple(let t): return try t.items.allSatisfy { try contains(output, $0, interp, node) }
        case .array(let a): return try a.boxedValues.allSatisfy { try contains(output, $0, interp, node) }
        default: return try truthValue(try interp.call(interp.base.binding("occursin").value, [pattern, .str(output)]), node)
        }
    }
}
