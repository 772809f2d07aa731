import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL

/// The REPL echo is Julia's limited display: a long vector is cut with `⋮` to the
/// output's display size (LINES/COLUMNS or 24 × 80 here, where stdout is no terminal),
/// while a script's `display` prints everything.
@Suite(.serialized)
struct REPLEchoLimitTests {
    @Test func echoOfALongVectorIsCut() {
        final class Box: @unchecked Sendable { var echo = ""; var scriptOut = "" }
        let box = Box()
        runWithLargeStack {
            let s = Session(output: { _ in }, errorOutput: { _ in }, interactive: true)
            if case .value(let v) = s.evalREPL("collect(1:1000)") { box.echo = v ?? "" }
            let script = Session(output: { box.scriptOut += $0 }, errorOutput: { _ in })
            _ = script.runText("display(collect(1:1000))", name: "none")
        }
        let rows = DisplaySize.environment().rows
        #expect(box.echo.hasPrefix("1000-element Vector{Int64}:\n    1\n"))
        #expect(box.echo.contains("\n    ⋮\n"))
        #expect(box.echo.hasSuffix("\n 1000"))
        // Summary, the ⋮ line, and (rows - 4) - 1 elements.
        #expect(box.echo.split(separator: "\n").count == rows - 3)
        #expect(box.scriptOut.split(separator: "\n").count == 1001)
    }
}
