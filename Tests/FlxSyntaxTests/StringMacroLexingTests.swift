import Testing
import FlxSyntax

/// Non-standard string literals (`r"..."i`, `raw"..."`) and the escapes of ordinary ones.
@Suite struct StringMacroLexingTests {
    func token(_ text: String) throws -> Token {
        try Lexer.tokenize(SourceFile(name: "t", text: text))[0]
    }

    func raw(_ text: String) throws -> String? {
        guard case .text(let s)? = try token(text).stringParts.first else { return nil }
        return s
    }

    @Test func nameGluedToAQuoteIsAStringMacro() throws {
        let t = try token(#"r"a+\d"im"#)
        #expect(t.kind == .stringMacro)
        #expect(t.text == "r")
        #expect(t.macroSuffix == "im")
        #expect(try raw(#"r"a+\d"im"#) == #"a+\d"#)
        // A space makes it a name and then a string; a keyword is never a macro name.
        #expect(try Lexer.tokenize(SourceFile(name: "t", text: #"r "a""#)).map { $0.kind } == [.identifier, .string, .eof])
        #expect(try token(#"end"a""#).kind == .keyword)
    }

    @Test func rawTextKeepsBackslashesExceptBeforeAQuote() throws {
        #expect(try raw(#"raw"\\ \\\"""#) == #"\\ \""#)     // raw"\\ \\\"" is \\ \"
        #expect(try raw(#"raw"C:\path\$x""#) == #"C:\path\$x"#)
        #expect(try raw(#"raw"a\\""#) == #"a\"#)           // two backslashes before the closing quote are one
        #expect(try raw("raw\"\"\"\n  a\"b\n  \"\"\"") == "a\"b\n")  // triple-quoted: dedented, a lone quote kept
    }

    @Test func parsedAsTheStrMacroCall() throws {
        let items = try Parser.parseProgram(SourceFile(name: "t", text: #"r"a"i"#))
        guard case .macroCall(let name, _, let args)? = items.first?.kind else {
            Issue.record("not a macro call")
            return
        }
        #expect(name == "r_str")
        #expect(args.count == 2)
    }

    @Test func octalEscapesAndContinuationLines() throws {
        #expect(try token(#"'\177'"#).text == "\u{7F}")
        #expect(try token(#""\101\102""#).stringParts.count == 1)
        guard case .text(let s)? = try token("\"a \\\n    b\"").stringParts.first else { Issue.record("no text"); return }
        #expect(s == "a b")
        #expect(throws: ParseError.self) { try token(#""\xff""#) }
        #expect(throws: ParseError.self) { try token(#"'\400'"#) }
    }
}
