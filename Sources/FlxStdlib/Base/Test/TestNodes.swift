import FlxSyntax
import FlxCore

/// `@test ex [kw=val...] [broken=c] [skip=c]`, `@test_broken` and `@test_skip`: evaluates
/// the test (unless skipped), records its result in the current test set and returns it.
package final class TestNode: Node {
    package enum Mode { case test, broken, skip }
    let plan: TestPlan
    let expression: String
    let mode: Mode
    let skipCondition: Node?
    let brokenCondition: Node?

    init(plan: TestPlan, expression: String, mode: Mode, skip: Node?, broken: Node?, span: Span) {
        self.plan = plan
        self.expression = expression
        self.mode = mode
        skipCondition = skip
        brokenCondition = broken
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let source = TestSource(span)
        var skip = mode == .skip
        if let c = skipCondition { skip = try truthValue(try c.eval(interp, fp), c) }
        if skip { return .native(try record(TestResult(.broken(skipped: true, expression: expression)), interp)) }
        var broken = mode == .broken
        if let c = brokenCondition { broken = try truthValue(try c.eval(interp, fp), c) }
        let outcome = try guarded(interp) { try plan.run(interp, fp) }
        let result = try TestReports.result(outcome, expression: expression, source: source, broken: broken, interp)
        return .native(try record(result, interp))
    }

    private func record(_ r: TestResult, _ interp: Interpreter) throws -> TestResult {
        do { return try TestRecording.record(r, interp) } catch { throw locate(error) }
    }
}

/// `@test_throws T ex`: passes when `ex` throws an exception of type `T`, equal to the
/// exception value `T`, or whose message matches `T` (a string, a list of strings, a
/// predicate, or anything `occursin` takes, such as a Regex).
package final class TestThrowsNode: Node {
    let expected: Node
    let body: Node
    let expression: String

    init(expected: Node, body: Node, expression: String, span: Span) {
        self.expected = expected
        self.body = body
        self.expression = expression
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let source = TestSource(span)
        let outcome = try guarded(interp) { (try body.eval(interp, fp), nil) }
        let extype = try expected.eval(interp, fp)
        let result: TestResult
        switch outcome {
        case .returned:
            result = TestResult(.fail(.init(form: .throwsNothing, expression: expression, data: try Display.printString(extype, interp), value: "nothing", source: source)))
        case .threw(let e):
            result = try judge(e, extype, source, interp)
        }
        do { return .native(try TestRecording.record(result, interp)) } catch { throw locate(error) }
    }

    private func judge(_ e: FlxError, _ extype: Value, _ source: TestSource, _ interp: Interpreter) throws -> TestResult {
        let exc = e.value
        let excType = interp.typeOf(exc)
        if case .type(let t) = extype {
            let ok = excType.isSubtype(of: t) || interp.preciseType(of: exc).isSubtype(of: t)
            if ok { return TestResult(.pass(thrown: TypeNames.show(excType), messageOnly: false)) }
            return TestResult(.fail(.init(form: .throwsWrong, expression: expression, data: TypeNames.show(t), value: TypeNames.show(excType), source: source)))
        }
        let expectedIsException = interp.typeOf(extype).isSubtype(of: BuiltinTypes.exception)
        let thrownIsException = excType.isSubtype(of: BuiltinTypes.exception)
        if expectedIsException || !thrownIsException {
            let ok = try sameException(exc, extype, interp)
            let data = try Display.printString(extype, interp)
            if ok { return TestResult(.pass(thrown: TypeNames.show(excType), messageOnly: false)) }
            return TestResult(.fail(.init(form: .throwsWrong, expression: expression, data: data, value: try Display.printString(exc, interp), source: source)))
        }
        // Match the message `showerror` prints.
        let message = ErrorDisplay.message(e, interp)
        let ok = try TestWarnNode.contains(message, extype, interp, self)
        let shownMessage = Display.stringRepr(message)
        var data: String
        switch extype {
        case .string(let s): data = Display.stringRepr(s.value)
        case .function: data = "< match function >"
        default: data = try Display.printString(extype, interp)
        }
        if ok { return TestResult(.pass(thrown: shownMessage, messageOnly: true)) }
        var f = TestResult.Failure(form: .throwsWrong, expression: expression, data: data, value: shownMessage, source: source)
        f.messageOnly = true
        return TestResult(.fail(f))
    }

    /// The thrown exception is of the expected value's type and every field is `isequal`
    /// (for `UndefVarError`, the name alone: Julia 1.10's has no scope).
    private func sameException(_ exc: Value, _ expected: Value, _ interp: Interpreter) throws -> Bool {
        guard case .object(let a) = exc, case .object(let b) = expected else {
            return try truthValue(try interp.call(interp.base.binding("isequal").value, [exc, expected]), self)
        }
        guard a.type === b.type else { return false }
        let count = a.type.name == "UndefVarError" ? 1 : min(a.fields.count, b.fields.count)
        let isequal = interp.base.binding("isequal").value
        for i in 0..<count where !(try truthValue(try interp.call(isequal, [a.fields[i], b.fields[i]]), self)) { return false }
        return true
    }
}
