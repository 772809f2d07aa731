import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL

@Suite(.serialized) struct CompletionTests {
    func session(_ code: String = "") -> Session {
        let s = Session(output: { _ in }, errorOutput: { _ in }, interactive: true)
        if !code.isEmpty { _ = s.runText(code, name: "setup") }
        return s
    }

    @Test func latexNamesBecomeSymbols() {
        let s = session()
        #expect(Completion.candidates(line: "\\alpha", start: 0, word: "\\alpha", session: s) == ["α"])
        // A unique prefix completes to the name, as in Julia (a second Tab gives the symbol).
        #expect(Completion.candidates(line: "\\alph", start: 0, word: "\\alph", session: s) == ["\\alpha"])
        #expect(Completion.candidates(line: "\\partial", start: 0, word: "\\partial", session: s) == ["∂"])
        #expect(Completion.candidates(line: "x\\_1", start: 1, word: "\\_1", session: s) == ["₁"])
    }

    @Test func moduleMembersAfterADot() {
        let s = session("using Flux")
        let c = Completion.candidates(line: "Flux.trai", start: 5, word: "trai", session: s)
        #expect(c.contains("train!"))
        #expect(c.contains("trainable"))
    }

    @Test func structFieldsAfterADot() {
        let s = session("using Flux\nd = Dense(2 => 3)")
        #expect(Completion.candidates(line: "d.we", start: 2, word: "we", session: s) == ["weight"])
    }

    @Test func namesInScopeAndKeywords() {
        let s = session("my_variable = 1")
        #expect(Completion.candidates(line: "my_v", start: 0, word: "my_v", session: s) == ["my_variable"])
        #expect(Completion.candidates(line: "func", start: 0, word: "func", session: s).contains("function"))
        #expect(Completion.candidates(line: "prin", start: 0, word: "prin", session: s).contains("println"))
    }

    @Test func insideAStringCompletesFileNames() {
        let s = session()
        let c = Completion.candidates(line: "include(\"/et", start: 10, word: "et", session: s)
        #expect(c.contains("etc/"))
    }

    @Test func incompleteInputAsksForMoreLines() {
        let s = session()
        for text in ["function f(x)", "x = (1 +", "[1,", "map([1]) do x"] {
            if case .incomplete = s.evalREPL(text) {} else { Issue.record("\(text) should be incomplete") }
        }
        if case .value(let v) = s.evalREPL("function g(x)\n 2x\nend\ng(2)") { #expect(v == "4") } else { Issue.record("multi-line input failed") }
    }

    @Test func helpKnowsBuiltinsAndSuggestsCloseNames() {
        let s = session("using Flux")
        #expect(HelpDocs.help("Dense", session: s).contains("Dense(in => out"))
        #expect(HelpDocs.help("Flux.train!", session: s).contains("train!"))
        #expect(HelpDocs.help("Dens", session: s).contains("Perhaps you meant"))
    }
}

/// The seed example of Flux PR #2029, typed into the REPL line by line: multi-line
/// `do` blocks continue, and the bare `opt1` / `opt2` lines show their state kinds.
@Suite(.serialized) struct REPLSeedTests {
    @Test func seedRunsAtTheREPL() throws {
        final class Box: @unchecked Sendable { var shown: [String] = []; var errors = "" }
        let box = Box()
        runWithLargeStack {
            let s = Session(output: { _ in }, errorOutput: { box.errors += $0 }, interactive: true)
            let seed = """
            using Flux, Random
            data = [(rand(3,2).*[i,1,20/i], [i i]) for i in 1:50] |> shuffle!;
            model2 = Chain(Dense(3 => 7, relu), Dense(7 => 1))
            opt2 = Flux.Adam()
            Flux.train!(Flux.params(model2), data, opt2) do x, y
              Flux.mse(model2(x), y)
            end
            opt2  # contains an IdDict
            model1 = Chain(Dense(3 => 7, relu), Dense(7 => 1))
            opt1 = Flux.Adam()
            Flux.train!(model1, data, opt1) do m, x, y
              Flux.mse(m(x), y)
            end |> sum
            opt1  # contains state tree
            """
            var pending = ""
            for line in seed.split(separator: "\n", omittingEmptySubsequences: false) {
                pending += pending.isEmpty ? String(line) : "\n" + line
                switch s.evalREPL(pending) {
                case .incomplete: continue
                case .value(let v): box.shown.append(v ?? "")
                default: box.shown.append("<error>")
                }
                pending = ""
            }
        }
        #expect(box.shown.count == 10)
        #expect(box.shown.contains { $0.hasPrefix("FluxState(Adam(") && $0.contains("<implicit IdDict: 4 arrays>") })
        #expect(box.shown.contains { $0.hasPrefix("FluxState(Adam(") && $0.contains("<explicit tree: 4 leaves>") })
        #expect(!box.shown.contains("<error>"))
        #expect(box.errors.contains("Layer with Float32 parameters got Float64 input."))
    }
}
