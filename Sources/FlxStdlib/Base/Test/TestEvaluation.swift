import FlxSyntax
import FlxCore

/// Julia's `ExecutionResult`: what evaluating a test's expression gave.
package enum TestOutcome {
    case returned(Value, evaluated: String?)
    case threw(FlxError)
}

extension Node {
    /// Runs `body` the way a test macro's `try ... catch` does: a flx exception becomes
    /// `.threw` (with the interpreter's stacks put back as `catch` puts them), except an
    /// interrupt, which goes on, as do the runner's own signals (`exit`).
    package func guarded(_ interp: Interpreter, _ body: () throws -> (Value, String?)) throws -> TestOutcome {
        let mark = InterpreterMark(interp)
        do {
            let (v, text) = try body()
            return .returned(v, evaluated: text)
        } catch {
            guard let e = interp.flxError(from: error), e.typeName != "InterruptException" else { throw error }
            mark.restore(interp)
            _ = locate(e)
            interp.lastError = e
            return .threw(e)
        }
    }
}

/// The interpreter's stacks at a point, to put back after catching an exception thrown
/// below it, as `try`/`catch` does.
package struct InterpreterMark {
    let sp: Int, callDepth: Int, indexDepth: Int
    package init(_ interp: Interpreter) {
        sp = interp.sp
        callDepth = interp.callDepth
        indexDepth = interp.indexContext.count
    }
    package func restore(_ interp: Interpreter) {
        interp.sp = sp
        interp.callDepth = callDepth
        interp.indexContext.removeLast(interp.indexContext.count - indexDepth)
    }
}

package enum TestReports {
    /// `showerror` and the stack trace of a caught exception, as Julia's
    /// `show_exception_stack` writes them into an `Error` result; frames outside any
    /// function are the test macro's expansion.
    package static func backtrace(_ e: FlxError, _ interp: Interpreter) -> String {
        var s = ErrorDisplay.message(e, interp)
        if !e.frames.isEmpty {
            s += "\n" + ErrorDisplay.stackTrace(e.frames, unnamed: "macro expansion")
            if s.hasSuffix("\n") { s.removeLast() }
        }
        return s
    }

    /// The result of `@test` (or `@test_broken` when `broken`) for an outcome.
    package static func result(_ outcome: TestOutcome, expression: String, source: TestSource, broken: Bool, _ interp: Interpreter) throws -> TestResult {
        switch outcome {
        case .returned(let value, let evaluated):
            guard case .bool(let ok) = value else {
                let shown = try Display.repr(value, interp, size: DisplaySize.stream(interp))
                return TestResult(.error(.init(form: .nonBool, expression: expression, value: shown, source: source)))
            }
            if broken {
                if ok { return TestResult(.error(.init(form: .unbroken, expression: expression, value: "true", source: source))) }
                return TestResult(.broken(skipped: false, expression: expression))
            }
            if ok { return TestResult(.pass(thrown: nil, messageOnly: false)) }
            return TestResult(.fail(.init(form: .test, expression: expression, data: evaluated, value: "false", source: source)))
        case .threw(let e):
            if broken { return TestResult(.broken(skipped: false, expression: expression)) }
            let shown = (try? Display.repr(e.value, interp)) ?? e.typeName
            return TestResult(.error(.init(form: .threw, expression: expression, value: shown, backtrace: backtrace(e, interp), source: source)))
        }
    }

    /// Julia's `string(expr)` for the `Expression:` line (the source text where flx's
    /// printer does not know the form).
    package static func expressionText(_ e: Expr) -> String {
        ExpressionPrinter.print(e) ?? e.span.file.slice(e.span)
    }
}
