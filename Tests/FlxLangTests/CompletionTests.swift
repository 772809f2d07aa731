import Testing
@testable import FlxLang

@Suite(.serialized) struct CompletionTests {
    func session(_ code: String = "") -> Session {
        let s = Session(output: { _ in }, errorOutput: { _ in }, interactive: true)
        if !code.isEmpty { _ = s.runText(code, name: "setup") }
        return s
    }

    @Test func latexNamesBecomeSymbols() {
        let s = session()
        #expect(Completion.candidates(line: "\\alpha", start: 0, word: "\\alpha", session: s) == ["α"])
        #expect(Completion.candidates(line: "\\alph", start: 0, word: "\\alph", session: s) == ["α"])
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
