import FlxSyntax
import FlxCore

/// Julia's `DefaultTestSet`: a named group of tests that records every result that is
/// not a pass (passes are only counted), its child sets, and its start and end times.
package final class TestSet: NativeObject, NativeShowable {
    package let description: String
    package let source: TestSource
    package var verbose = false
    package var showTiming = true
    package var failFast = false
    /// Results other than passes, and finished child sets, in order.
    package var results: [Entry] = []
    package var passed = 0
    package var anyNonPass = false
    package var timeStart: Double
    package var timeEnd: Double?

    package enum Entry {
        case result(TestResult)
        case child(TestSet)
    }

    package init(description: String, source: TestSource) {
        self.description = description
        self.source = source
        timeStart = Clock.wallSeconds()
    }

    package static let type = FlxType(name: "Test.DefaultTestSet", supertype: FlxType(name: "Test.AbstractTestSet", kind: .abstract, supertype: BuiltinTypes.any))
    package override var flxType: FlxType { TestSet.type }

    package func display(_ interp: Interpreter) throws -> String? { nil }

    /// The default `show` of the struct, as the REPL echoes an unsuppressed `@testset`.
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        let entries = results.map { e -> String in
            switch e {
            case .result(let r): return r.text
            case .child(let c): return (try? c.show(interp, compact: compact)) ?? "Test.DefaultTestSet(...)"
            }
        }
        let end = timeEnd.map { FloatFormat.show($0) } ?? "nothing"
        return "Test.DefaultTestSet(\(Display.stringRepr(description)), Any[\(entries.joined(separator: ", "))], \(passed), \(anyNonPass), \(verbose), \(showTiming), \(FloatFormat.show(timeStart)), \(end), \(failFast), \(Display.stringRepr(source.file)))"
    }

    /// Julia's `TestCounts`: this set's own results and its children's, summed.
    package struct Counts {
        package var passes = 0, fails = 0, errors = 0, broken = 0
        package var total: Int { passes + fails + errors + broken }
        package static func + (a: Counts, b: Counts) -> Counts {
            Counts(passes: a.passes + b.passes, fails: a.fails + b.fails, errors: a.errors + b.errors, broken: a.broken + b.broken)
        }
    }

    /// All counts, children included; like Julia's `get_test_counts` it also settles
    /// `anyNonPass`, which decides whether the summary shows the children.
    package func counts() -> Counts {
        var own = Counts(passes: passed)
        var children = Counts()
        for e in results {
            switch e {
            case .result(let r):
                if r.isFail { own.fails += 1 } else if r.isError { own.errors += 1 } else if r.isBroken { own.broken += 1 }
            case .child(let c): children = children + c.counts()
            }
        }
        anyNonPass = own.fails + own.errors + children.fails + children.errors > 0
        return own + children
    }

    /// Julia's `format_duration`: tenths of a second, minutes above a minute.
    package var duration: String {
        guard let timeEnd else { return "" }
        let seconds = timeEnd - timeStart
        if seconds < 60 { return FloatFormat.show(roundToTenth(seconds)) + "s" }
        let minutes = (seconds / 60).rounded(.towardZero)
        var rest = FloatFormat.show(roundToTenth(seconds - minutes * 60))
        while rest.count < 4 { rest = "0" + rest }
        return String(Int64(exactly: minutes) ?? 0) + "m" + rest + "s"
    }

    private func roundToTenth(_ x: Double) -> Double { (x * 10).rounded(.toNearestOrEven) / 10 }

    /// The failures and errors anywhere below, in order (`filter_errors`).
    package func failuresAndErrors() -> [TestResult] {
        results.flatMap { e -> [TestResult] in
            switch e {
            case .result(let r): return r.isFail || r.isError ? [r] : []
            case .child(let c): return c.failuresAndErrors()
            }
        }
    }
}

/// The test sets being run, innermost last (Julia keeps them in task-local storage).
package final class TestSetStack {
    package var sets: [TestSet] = []
    /// The `@testset for` loops running, innermost last; an iteration's set is added to
    /// the innermost when it finishes.
    package var finishedIterations: [FinishedSets] = []
    /// The `@testset let` contexts running, innermost last, each with the number of sets
    /// open when it began: it applies to failures recorded while that is still the count.
    package var contexts: [(text: String, depth: Int)] = []

    /// The `Context:` text for a failure recorded now, innermost context first.
    package var contextText: String? {
        let active = contexts.filter { $0.depth == sets.count }.map(\.text)
        return active.isEmpty ? nil : active.reversed().joined(separator: "\n              ")
    }

    package static func of(_ interp: Interpreter) -> TestSetStack {
        if let s = interp.extensions[key] as? TestSetStack { return s }
        let s = TestSetStack()
        interp.extensions[key] = s
        return s
    }

    private static let key = "Test.testsets"
}
