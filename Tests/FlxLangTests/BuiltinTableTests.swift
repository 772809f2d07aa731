import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxREPL

/// The library tables (`Builtin` entries registered with `ModuleValue.register`) define
/// what they list, and their help reaches `?name` unchanged.
@Suite(.serialized) struct BuiltinTableTests {
    func session() -> Session {
        Session(output: { _ in }, errorOutput: { _ in }, interactive: true)
    }

    var tables: [[Builtin]] { MathBuiltins.tables + StringBuiltins.tables }

    @Test func everyEntryIsDefinedAndExportedAsItSays() {
        let base = session().interp.base
        for entry in tables.joined() {
            guard case .function(let f)? = base.ownBinding(entry.name)?.value, let g = f as? GenericFunction else {
                Issue.record("\(entry.name) is not a function of Base")
                continue
            }
            #expect(g.methods.contains { if case .native = $0.body { true } else { false } }, "\(entry.name) has no native method")
            #expect(base.exports.contains(entry.name) == entry.isExported, "\(entry.name) export differs from its entry")
            #expect((g.elementwise != nil) == (entry.fusedKernel != nil), "\(entry.name) broadcast kernel differs from its entry")
        }
    }

    @Test func namesAreUniqueAcrossTheTables() {
        var seen: Set<String> = []
        for entry in tables.joined() { #expect(seen.insert(entry.name).inserted, "\(entry.name) is listed twice") }
    }

    @Test func registeredHelpIsTheEntrysAndNotAlsoWrittenInTheREPL() {
        let s = session()
        for entry in tables.joined() {
            #expect(s.interp.builtinHelp[entry.name] == entry.help, "\(entry.name): registered help differs from its entry")
        }
        let both = Set(s.interp.builtinHelp.names).intersection(HelpDocs.docs.keys)
        #expect(both.isEmpty, "help written twice, the REPL's copy is never shown: \(both.sorted())")
    }

    /// `?name` output for converted functions, as HelpDocsMath/HelpDocsStrings printed it.
    @Test func helpTextIsUnchangedForConvertedFunctions() {
        let s = session()
        let expected: [String: String] = [
            "hypot": "  hypot(x, y)\n\n  `sqrt(x² + y²)` without overflow.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  hypot(3, 4)  # 5.0\n",
            "round": "  round([T], x; digits, sigdigits)\n\n  Rounds to the nearest integer (ties to even), or to `digits` decimals; with `T`, converts (`round(Int, x)`).\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  round(2.5)  # 2.0\n  round(Int, 2.7)  # 3\n",
            "mod": "  mod(a, b)\n\n  The remainder after floored division; its sign follows `b`.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  mod(-7, 3)  # 2\n",
            "Base.sqrt": "  sqrt(x)  /  √x\n\n  The square root; a DomainError for negative real `x`.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  sqrt(2f0)  # 1.4142135f0\n",
            "identity": "  identity(x)\n\n  Returns its argument; the default activation of Dense.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  identity(3)  # 3\n",
            "split": "  split(s, [delim]; keepempty = true)\n\n  Splits a string at `delim` (whitespace by default) into a vector of substrings.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  split(\"a,b,c\", \",\")  # [\"a\", \"b\", \"c\"]\n",
            "lpad": "  lpad(s, n, [p = ' '])\n\n  Pads the `string` form of `s` on the left to n characters.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  lpad(7, 3, '0')  # \"007\"\n",
            "repr": "  repr(x)\n\n  The String that `show` writes for `x`, i.e. how it would be typed back in.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  repr(\"a\")  # \"\\\"a\\\"\"\n",
        ]
        for (query, text) in expected {
            #expect(HelpDocs.help(query, session: s) == text, "?\(query) changed")
        }
    }
}
