import Testing
import FlxSyntax
import FlxCore
import FlxStdlib

/// The Time column and the widths of Test's summary table, with times fixed (the golden
/// scripts switch timing off so that their output does not depend on the machine).
@Suite struct TestSummaryTests {
    func testSet(_ name: String, seconds: Double, passes: Int = 0) -> TestSet {
        let file = SourceFile(name: "t.jl", text: "x")
        let ts = TestSet(description: name, source: TestSource(Span(file: file, start: 0, end: 1)))
        ts.timeStart = 1000
        ts.timeEnd = 1000 + seconds
        ts.passed = passes
        return ts
    }

    @Test func durationsAsJuliaFormatsThem() {
        // Julia's format_duration: round(seconds, digits = 1) and "s"; minutes above 60.
        #expect(testSet("a", seconds: 0.04).duration == "0.0s")
        #expect(testSet("a", seconds: 0.05001).duration == "0.1s")
        #expect(testSet("a", seconds: 1.26).duration == "1.3s")
        #expect(testSet("a", seconds: 12.0).duration == "12.0s")
        #expect(testSet("a", seconds: 75.34).duration == "1m15.3s")
        #expect(testSet("a", seconds: 121.0).duration == "2m01.0s")
    }

    @Test func tableWithTimeColumn() {
        let ts = testSet("trigonometric identities", seconds: 0.2, passes: 4)
        #expect(TestSummary.table(ts) == """
            Test Summary:            | Pass  Total  Time
            trigonometric identities |    4      4  0.2s

            """)
    }

    @Test func widthsFollowTheLargestCount() {
        let ts = testSet("big", seconds: 75.34, passes: 123456)
        let child = testSet("child", seconds: 1, passes: 1)
        child.results.append(.result(TestResult(.broken(skipped: true, expression: "x"))))
        ts.results.append(.child(child))
        ts.verbose = true
        #expect(TestSummary.table(ts) == """
            Test Summary: |   Pass  Broken   Total     Time
            big           | 123457       1  123458  1m15.3s
              child       |      1       1       2     1.0s

            """)
    }
}
