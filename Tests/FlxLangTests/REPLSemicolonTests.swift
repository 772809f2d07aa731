import Testing
import FlxCore
import FlxREPL

/// A trailing `;` silences the REPL's echo even when a comment follows it (Julia's
/// `REPL.ends_with_semicolon` looks at the last token, not the last character).
@Suite struct REPLSemicolonTests {
    func echo(_ line: String) -> String? {
        let s = Session(output: { _ in }, errorOutput: { _ in }, interactive: true)
        if case .value(let text) = s.evalREPL(line) { return text }
        return "not a value"
    }

    @Test func semicolonBeforeACommentSilences() {
        #expect(echo("h = zeros(2); # comment") == nil)
        #expect(echo("x = 1;") == nil)
        #expect(echo("x = 1;  \n\n") == nil)
        #expect(echo("h = zeros(2) # comment") == "2-element Vector{Float64}:\n 0.0\n 0.0")
        #expect(echo("\"a;\"") == "\"a;\"")
        #expect(echo("1 # ;") == "1")
    }
}
