import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL

/// Hostile input at the REPL is reported and the session carries on: earlier
/// variables, models and functions stay defined after each error (issue 12).
@Suite(.serialized)
struct REPLSurvivalTests {
    final class Log: @unchecked Sendable {
        var out = ""
        var err = ""
        /// Failures found on the large-stack thread, checked on the test's own thread.
        var failures: [String] = []
        func check(_ ok: Bool, _ what: @autoclosure () -> String) { if !ok { failures.append(what()) } }
        /// `text` evaluates without error and echoes `shown` ("" for no echo).
        func expect(_ s: Session, _ text: String, _ shown: String) {
            err = ""
            switch s.evalREPL(text) {
            case .value(let v): check((v ?? "") == shown, "\(text) showed \(v ?? "nothing"), expected \(shown)")
            default: failures.append("\(text) failed: \(err)")
            }
        }
    }

    /// Runs `body` on the large stack the `flx` binary uses, so a deep recursion ends in
    /// the interpreter's StackOverflowError as it does at the real prompt.
    func withSession(_ body: @escaping (Session, Log) -> Void) {
        let log = Log()
        runWithLargeStack {
            let s = Session(output: { log.out += $0 }, errorOutput: { log.err += $0 }, interactive: true)
            body(s, log)
        }
        #expect(log.failures.isEmpty, "\(log.failures.joined(separator: "\n"))")
    }

    @Test func errorsLeaveEarlierBindingsIntact() {
        withSession { s, log in
            log.expect(s, "using Flux", "")
            log.expect(s, "x = 41", "41")
            log.expect(s, "m = Dense(Float32[1 2], Float32[0]);", "")
            log.expect(s, "double(v) = 2v", "double (generic function with 1 method)")
            log.expect(s, "f(n) = f(n + 1) + 1", "f (generic function with 1 method)")

            // Each hostile input: the REPL answers with an error naming the problem.
            let hostile: [(String, String)] = [
                ("y + x", "UndefVarError: `y` not defined"),
                ("end", "unexpected `end`"),
                ("x = (1 + ", ""),  // incomplete: the REPL waits for more lines
                ("zeros(10^12)", "OutOfMemoryError()"),
                ("f(1)", "StackOverflowError"),
                ("Chain(Dense(3 => 4), Dense(5 => 1))(rand(Float32, 3, 2))", "DimensionMismatch: layer Dense(5 => 1) expects size(input, 1) == 5"),
                ("div(1, 0)", "DivideError: integer division error"),
                ("\"abc\"(1)", "objects of type String are not callable"),
                ("double(1, 2)", "no method matching double(::Int64, ::Int64)"),
                ("gradient(v -> v .* 2, [1.0, 2.0])", "Output should be scalar"),
                ("error(\"custom\")", "ERROR: custom"),
                ("[1, 2, 3][4]", "BoundsError: attempt to access 3-element Vector{Int64} at index [4]"),
            ]
            for (input, message) in hostile {
                log.err = ""
                let result = s.evalREPL(input)
                if message.isEmpty {
                    if case .incomplete = result {} else { log.check(false, "\(input) should ask for more input") }
                    continue
                }
                if case .error = result {} else { log.check(false, "\(input) should be an error, got \(result)") }
                log.check(log.err.contains(message), "\(input) printed: \(log.err)")
            }

            // Everything defined before the errors still works.
            log.expect(s, "x + 1", "42")
            log.expect(s, "double(x)", "82")
            log.expect(s, "m(Float32[1, 1])", "1-element Vector{Float32}:\n 3.0")
            // The recursion depth is reset after the overflow.
            log.expect(s, "g(n) = n == 0 ? 0 : 1 + g(n - 1); g(500)", "500")
        }
    }
}
