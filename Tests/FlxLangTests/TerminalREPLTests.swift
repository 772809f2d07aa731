import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL

/// The REPL's pieces that do not need a terminal (scripts/repl-test drives the rest in
/// tmux): package mode, the history file format, backslash completion anywhere in a
/// word.
@Suite(.serialized) struct TerminalREPLTests {
    func session() -> Session { Session(output: { _ in }, errorOutput: { _ in }, interactive: true) }

    @Test func pkgStatusListsTheBuiltInPackagesWithTheirUpstreamVersions() {
        let reply = PkgMode.run("st", session: session())
        #expect(!reply.isError)
        let lines = reply.text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Status `flx`") == true)
        #expect(lines.contains("  [587475ba] Flux v0.16"))
        #expect(lines.contains("  [e88e6eb3] Zygote v0.7"))
        #expect(lines.contains("  [9a3f8284] Random"))
        // In name order, as Pkg lists them.
        let names = lines.dropFirst().map { $0.split(separator: " ")[1] }
        #expect(names == names.sorted())
        #expect(PkgMode.run("status", session: session()) == reply)
    }

    @Test func pkgAddNamesTheBuiltInSubstitute() {
        let s = session()
        let plots = PkgMode.run("add Plots", session: s)
        #expect(plots.isError)
        #expect(plots.text.contains("cannot install Plots; UnicodePlots is built in"))
        #expect(PkgMode.run("add BSON", session: s).text.contains("Flux.savemodel(path, model)"))
        #expect(PkgMode.run("add JLD2@0.4", session: s).text.contains("cannot install JLD2; Flux's safetensors saving"))
        #expect(PkgMode.run("add ProgressBars", session: s).text.contains("`@showprogress`"))
        #expect(PkgMode.run("add ProgressMeter", session: s).text.contains("ProgressMeter is built into flx (it mirrors ProgressMeter v1.10)"))
        let flux = PkgMode.run("add Flux", session: s)
        #expect(!flux.isError && flux.text.contains("Flux is built into flx (it mirrors Flux v0.16)"))
        #expect(PkgMode.run("rm Flux", session: s).isError)
        #expect(PkgMode.run("up", session: s).text.contains("updated with flx itself"))
        #expect(PkgMode.run("frobnicate", session: s).text == "ERROR: `frobnicate` is not a recognized command. Type ? for help with available commands\n")
    }

    @Test func usingAPackageFlxLacksGivesTheSameAdvice() {
        var err = ""
        let s = Session(output: { _ in }, errorOutput: { err += $0 }, interactive: false)
        _ = s.runText("using Plots", name: "t")
        #expect(err.contains("Package Plots not found in current path.\n- flx ships its packages built in and cannot install Plots; UnicodePlots is built in"))
        #expect(!err.contains("Pkg.add"))
        err = ""
        _ = s.runText("using Pkg", name: "t")
        #expect(err.contains("cannot install Pkg; flx has no package manager to call"))
    }

    @Test func historyEntriesKeepTheirLinesAndMode() {
        let block = "function f(x)\n    2x\nend"
        let text = ReplHistory.format(block, mode: .julia, time: "2026-12-07 19:30:46 UTC")
            + ReplHistory.format("st", mode: .pkg, time: "2026-12-07 19:30:47 UTC")
        #expect(text == "# time: 2026-12-07 19:30:46 UTC\n# mode: julia\n\tfunction f(x)\n\t    2x\n\tend\n# time: 2026-12-07 19:30:47 UTC\n# mode: pkg\n\tst\n")
        let entries = ReplHistory.parse(text)
        #expect(entries.count == 2)
        #expect(entries[0].0 == .julia && entries[0].1 == block)
        #expect(entries[1].0 == .pkg && entries[1].1 == "st")
        // A readline-style file from before: one entry a line.
        let old = ReplHistory.parse("x = 1\ny = 2\n")
        #expect(old.map { $0.1 } == ["x = 1", "y = 2"])
    }

    @Test func backslashCompletionWorksInsideAWord() {
        #expect(Completion.symbolCompletion(before: "y\\hat")?.candidates == ["\u{0302}"])
        #expect(Completion.symbolCompletion(before: "W\\_1")?.typed == "\\_1")
        #expect(Completion.symbolCompletion(before: "W\\_1")?.candidates == ["₁"])
        // A run of subscripts, as Julia's REPL completes it.
        #expect(Completion.symbolCompletion(before: "x\\_12")?.candidates == ["₁₂"])
        #expect(Completion.symbolCompletion(before: "σ\\^-1")?.candidates == ["⁻¹"])
        #expect(Completion.symbolCompletion(before: "\\:smile:")?.candidates == ["😄"])
        // A prefix lists the names (a unique one completes the name, not the symbol).
        let alph = Completion.symbolCompletion(before: "1 + \\alph")
        #expect(alph?.typed == "\\alph" && alph?.candidates == ["\\alpha"])
        #expect(Completion.symbolCompletion(before: "\\hat")?.candidates == ["\u{0302}"])
        #expect((Completion.symbolCompletion(before: "\\hata")?.candidates ?? []).allSatisfy { $0.hasPrefix("\\hata") })
        // Not after a space, and not an escaped backslash.
        #expect(Completion.symbolCompletion(before: "\\alpha x") == nil)
        #expect(Completion.symbolCompletion(before: "\"a\\\\alpha") == nil)
        #expect(Completion.symbolCompletion(before: "x + 1") == nil)
    }

    @Test func theSymbolTableIsJuliasWholeTable() {
        // Julia's table has some 2500 LaTeX names and 800 emoji.
        #expect(LaTeXSymbols.table.count > 3000)
        #expect(LaTeXSymbols.table["\\alpha"] == "α")
        #expect(LaTeXSymbols.table["\\bfA"] == "𝐀")
        #expect(LaTeXSymbols.table["\\:pizza:"] == "🍕")
        #expect(LaTeXSymbols.table["\\euler"] == "ℯ")
    }
}
