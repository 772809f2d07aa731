import FlxSyntax
import FlxCore

/// Where a test macro was written (Julia's `__source__`): the file as flx names it and
/// the line, and the span for stack frames.
package struct TestSource {
    package let span: Span
    package var file: String { span.file.name }
    package var line: Int { span.line }
    package init(_ span: Span) { self.span = span }
}

/// One test's outcome, Julia's `Test.Result` subtypes (`Pass`, `Fail`, `Error`,
/// `Broken`), with the texts Julia's `show` prints already made: like Julia, a failure
/// keeps strings, not the values, so a later mutation cannot change its report.
package final class TestResult: NativeObject, NativeShowable {
    package enum Kind {
        /// `Test Passed`; for `@test_throws` the `Thrown:` type or the `Message:` text.
        case pass(thrown: String?, messageOnly: Bool)
        case fail(Failure)
        case error(Failure)
        /// `Test Broken`: a broken test that failed, or one skipped (`Skipped:`).
        case broken(skipped: Bool, expression: String?)
    }

    /// The parts of Julia's `Fail` and `Error` results.
    package struct Failure {
        package enum Form {
            /// `@test` false (`Evaluated:` when the operands were shown).
            case test
            /// `@test_throws` saw another exception, or none.
            case throwsWrong, throwsNothing
            /// `@test` of something not a Bool, or that threw; `@test_broken` that passed;
            /// an exception in a test set outside any `@test`.
            case nonBool, threw, unbroken, outsideTest
            /// `@test_logs` saw other log records (recorded as a `Fail`).
            case logs(patterns: String, captured: [String])
        }
        package var form: Form
        package var expression: String
        package var data: String?
        package var value: String
        package var context: String?
        package var messageOnly = false
        /// For an error: `showerror` and the stack trace, one line each.
        package var backtrace = ""
        package var source: TestSource
    }

    package let kind: Kind
    package init(_ kind: Kind) { self.kind = kind }

    package var isPass: Bool { if case .pass = kind { return true }; return false }
    package var isBroken: Bool { if case .broken = kind { return true }; return false }
    package var isFail: Bool { if case .fail = kind { return true }; return false }
    package var isError: Bool { if case .error = kind { return true }; return false }

    package static let resultType = FlxType(name: "Test.Result", kind: .abstract, supertype: BuiltinTypes.any)
    package static let passType = FlxType(name: "Test.Pass", supertype: resultType)
    package static let failType = FlxType(name: "Test.Fail", supertype: resultType)
    package static let errorType = FlxType(name: "Test.Error", supertype: resultType)
    package static let brokenType = FlxType(name: "Test.Broken", supertype: resultType)
    package static let logFailureType = FlxType(name: "Test.LogTestFailure", supertype: resultType)

    package override var flxType: FlxType {
        switch kind {
        case .pass: return TestResult.passType
        case .fail(let f): if case .logs = f.form { return TestResult.logFailureType }; return TestResult.failType
        case .error: return TestResult.errorType
        case .broken: return TestResult.brokenType
        }
    }

    package func display(_ interp: Interpreter) throws -> String? { nil }

    /// Julia's `show(io, ::Result)`; a `Fail` ends in a newline ("visual space").
    package func show(_ interp: Interpreter, compact: Bool) throws -> String { text }

    package var text: String {
        switch kind {
        case .pass(let thrown, let messageOnly):
            guard let thrown else { return "Test Passed" }
            return messageOnly ? "Test Passed\n     Message: " + thrown : "Test Passed\n      Thrown: " + thrown
        case .broken(let skipped, let expression):
            guard let expression else { return "Test Broken\n" }
            return skipped ? "Test Broken\n  Skipped: " + expression : "Test Broken\n  Expression: " + expression
        case .fail(let f): return TestResult.failText(f)
        case .error(let f): return TestResult.errorText(f)
        }
    }

    private static func failText(_ f: Failure) -> String {
        if case .logs(let patterns, let captured) = f.form {
            var s = "Log Test Failed at \(f.source.file):\(f.source.line)\n"
            s += "  Expression: \(f.expression)\n  Log Pattern: \(patterns)\n  Captured Logs: \n"
            for l in captured { s += "    " + l + "\n" }
            return s
        }
        var s = "Test Failed at \(f.source.file):\(f.source.line)\n  Expression: " + f.expression
        switch f.form {
        case .throwsWrong:
            s += "\n    Expected: " + (f.data ?? "")
            s += (f.messageOnly ? "\n     Message: " : "\n      Thrown: ") + f.value
        case .throwsNothing:
            s += "\n    Expected: " + (f.data ?? "") + "\n  No exception thrown"
        case .test:
            if let data = f.data { s += "\n   Evaluated: " + data }
            if let context = f.context { s += "\n     Context: " + context }
        default: break
        }
        return s + "\n"
    }

    private static func errorText(_ f: Failure) -> String {
        var s = "Error During Test at \(f.source.file):\(f.source.line)\n"
        let indented = f.backtrace.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        switch f.form {
        case .nonBool:
            s += "  Expression evaluated to non-Boolean\n  Expression: \(f.expression)\n       Value: \(f.value)"
        case .threw:
            s += "  Test threw exception\n  Expression: \(f.expression)\n" + indented
        case .unbroken:
            s += " Unexpected Pass\n Expression: \(f.expression)\n Got correct result, please change to @test if no longer broken.\n"
        case .outsideTest:
            s += "  Got exception outside of a @test\n" + indented
        default: break
        }
        return s
    }
}
