import FlxSyntax
import FlxCore

/// What happens to a result: Julia's `record` for the innermost test set (or the
/// fallback set outside any `@testset`, which throws on the first failure), and
/// `finish`, which hands a nested set to its parent and makes the outermost one print
/// its summary and throw `TestSetException` when something did not pass.
package enum TestRecording {
    @discardableResult
    package static func record(_ given: TestResult, _ interp: Interpreter) throws -> TestResult {
        var result = given
        if case .fail(var f) = given.kind, let context = TestSetStack.of(interp).contextText {
            f.context = f.context.map { $0 + "\n              " + context } ?? context
            result = TestResult(.fail(f))
        }
        guard let ts = TestSetStack.of(interp).sets.last else {
            if result.isPass || result.isBroken { return result }
            interp.output(result.text + "\n")
            throw FlxError(.native(TestExceptionObject(.fallback)))
        }
        switch result.kind {
        case .pass: ts.passed += 1
        case .broken: ts.results.append(.result(result))
        case .fail(let f):
            interp.output(ts.description + ": " + result.text + "\n" + failureTrace(f.source, interp) + "\n")
            ts.results.append(.result(result))
        case .error:
            interp.output(ts.description + ": " + result.text + "\n")
            ts.results.append(.result(result))
        }
        // `failfast = true`: the first failure or error ends the set (TestSetNode).
        if ts.failFast && (result.isFail || result.isError) { throw FlxError(.native(TestExceptionObject(.failFast))) }
        return result
    }

    /// The frames Julia's `scrub_backtrace` keeps for a failed test, without the ones
    /// inside Test.jl itself: the test, each enclosing set, the outermost as top level.
    package static func failureTrace(_ source: TestSource, _ interp: Interpreter) -> String {
        var frames: [(String, Span, Bool)] = [("macro expansion", source.span, true)]
        let sets = TestSetStack.of(interp).sets
        for (i, ts) in sets.enumerated().reversed() {
            frames.append(i == 0 ? ("top-level scope", ts.source.span, false) : ("macro expansion", ts.source.span, true))
        }
        var s = "Stacktrace:"
        for (i, (name, span, inlined)) in frames.enumerated() {
            let (line, col) = span.file.location(of: span.start)
            s += "\n [\(i + 1)] \(name)\n   @ \(span.file.name):\(line):\(col)" + (inlined ? " [inlined]" : "")
        }
        return s
    }

    /// Julia's `finish(::DefaultTestSet)`; `ts` has already been popped.
    package static func finish(_ ts: TestSet, _ interp: Interpreter) throws -> Value {
        ts.timeEnd = Clock.wallSeconds()
        if let parent = TestSetStack.of(interp).sets.last {
            parent.results.append(.child(ts))
            return .native(ts)
        }
        let c = ts.counts()
        interp.output(TestSummary.table(ts))
        if c.fails + c.errors > 0 {
            throw FlxError(.native(TestExceptionObject(.testSet(c, ts.failuresAndErrors()))))
        }
        return .native(ts)
    }
}

/// Test's exceptions: `TestSetException` (the outermost set did not pass) and the
/// fallback set's `FallbackTestSetException` (a failed test outside any set).
package final class TestExceptionObject: NativeObject, NativeShowable, NativeErrorShowable {
    package enum Kind {
        case testSet(TestSet.Counts, [TestResult])
        case fallback
        /// Julia's `FailFastError`: a failure in a `failfast = true` set.
        case failFast
    }
    package var isFailFast: Bool { if case .failFast = kind { return true }; return false }
    package let kind: Kind
    package init(_ kind: Kind) { self.kind = kind }

    package static let testSetType = FlxType(name: "TestSetException", supertype: BuiltinTypes.exception)
    package static let fallbackType = FlxType(name: "Test.FallbackTestSetException", supertype: BuiltinTypes.exception)
    package static let failFastType = FlxType(name: "Test.FailFastError", supertype: BuiltinTypes.exception)
    package override var flxType: FlxType {
        switch kind {
        case .testSet: return TestExceptionObject.testSetType
        case .fallback: return TestExceptionObject.fallbackType
        case .failFast: return TestExceptionObject.failFastType
        }
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        switch kind {
        case .testSet(let c, _):
            return "Some tests did not pass: \(c.passes) passed, \(c.fails) failed, \(c.errors) errored, \(c.broken) broken."
        case .fallback:
            return "Test.FallbackTestSetException(\"There was an error during testing\")"
        case .failFast:
            return "Test.FailFastError()"
        }
    }
    package func display(_ interp: Interpreter) throws -> String? { nil }

    package func showError(_ interp: Interpreter) throws -> String {
        switch kind {
        case .fallback: return "There was an error during testing"
        case .failFast: return "Test.FailFastError()"
        case .testSet: return try show(interp, compact: false)
        }
    }
}

/// The `Test Summary:` table of Julia's `print_test_results`: one column for each kind
/// of result that occurred, widths from the largest count, the children of a set shown
/// only when something in it did not pass (or it is `verbose`).
package enum TestSummary {
    package static func table(_ ts: TestSet) -> String {
        let c = ts.counts()
        func width(_ n: Int, _ header: String) -> Int { n > 0 ? max(header.count, String(n).count) : 0 }
        let w = Widths(pass: width(c.passes, "Pass"), fail: width(c.fails, "Fail"), error: width(c.errors, "Error"),
                       broken: width(c.broken, "Broken"), total: max(5, String(c.total).count),
                       duration: max(4, ts.duration.count), align: max(alignment(ts, 0), "Test Summary:".count))
        var s = pad("Test Summary:", w.align) + " | "
        if w.pass > 0 { s += lpad("Pass", w.pass) + "  " }
        if w.fail > 0 { s += lpad("Fail", w.fail) + "  " }
        if w.error > 0 { s += lpad("Error", w.error) + "  " }
        if w.broken > 0 { s += lpad("Broken", w.broken) + "  " }
        s += lpad("Total", w.total) + "  "
        if ts.showTiming { s += lpad("Time", w.duration) }
        s += "\n"
        rows(ts, depth: 0, w, showTiming: ts.showTiming, into: &s)
        return s
    }

    struct Widths {
        var pass, fail, error, broken, total, duration, align: Int
    }

    /// `get_alignment`: the widest indented description among the rows that will show.
    static func alignment(_ ts: TestSet, _ depth: Int) -> Int {
        let own = 2 * depth + ts.description.count
        _ = ts.counts()
        guard ts.verbose || ts.anyNonPass else { return own }
        var widest = own
        for case .child(let c) in ts.results { widest = max(widest, alignment(c, depth + 1)) }
        return widest
    }

    static func rows(_ ts: TestSet, depth: Int, _ w: Widths, showTiming: Bool, into s: inout String) {
        let c = ts.counts()
        s += pad(MatrixPrinter.spaces(2 * depth) + ts.description, w.align) + " | "
        for (n, width) in [(c.passes, w.pass), (c.fails, w.fail), (c.errors, w.error), (c.broken, w.broken)] {
            if n > 0 { s += lpad(String(n), width) + "  " } else if width > 0 { s += lpad(" ", width) + "  " }
        }
        s += lpad(String(c.total), w.total) + "  "
        if showTiming { s += lpad(ts.duration, w.duration) }
        s += "\n"
        guard c.passes + c.broken != c.total || ts.verbose else { return }
        for case .child(let child) in ts.results {
            rows(child, depth: depth + 1, w, showTiming: ts.showTiming, into: &s)
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + MatrixPrinter.spaces(width - text.count)
    }

    static func lpad(_ text: String, _ width: Int) -> String {
        MatrixPrinter.spaces(width - text.count) + text
    }
}
