import Testing
import FlxSyntax

@Suite struct LexerTests {
    func kinds(_ text: String) throws -> [TokenKind] {
        try Lexer.tokenize(SourceFile(name: "t", text: text)).map { $0.kind }
    }

    func texts(_ text: String) throws -> [String] {
        try Lexer.tokenize(SourceFile(name: "t", text: text)).filter { $0.kind != .eof }.map { $0.text }
    }

    @Test func numbersOfEachKindAreRecognised() throws {
        let toks = try Lexer.tokenize(SourceFile(name: "t", text: "1_000 0x1f 1.5 1e-3 1f0 1.5f-3 .5"))
        #expect(toks.map { $0.kind } == [.integer, .integer, .float64, .float64, .float32, .float32, .float64, .eof])
        #expect(toks[0].text == "1000")
    }

    @Test func juxtapositionSplitsNumberAndName() throws {
        #expect(try texts("2x") == ["2", "x"])
        #expect(try kinds("2x") == [.integer, .identifier, .eof])
    }

    @Test func quoteAfterValueIsAdjointElsewhereAChar() throws {
        #expect(try kinds("x'") == [.identifier, .op, .eof])
        #expect(try kinds("f('a')") == [.identifier, .lparen, .char, .rparen, .eof])
    }

    @Test func symbolsAndRangesAreDistinguished() throws {
        #expect(try kinds(":relu") == [.symbol, .eof])
        #expect(try kinds("1:n") == [.integer, .op, .identifier, .eof])
        #expect(try kinds("x[:, 1]") == [.identifier, .lbracket, .op, .comma, .integer, .rbracket, .eof])
    }

    @Test func dottedOperatorsAreSingleTokens() throws {
        #expect(try texts("a .+= b .* c") == ["a", ".+=", "b", ".*", "c"])
        #expect(try texts("f.(x)") == ["f", ".", "(", "x", ")"])
    }

    @Test func unicodeIdentifiersAndOperators() throws {
        #expect(try texts("σ ŷ ∂⃖¹ x₁ a ≤ b ÷ c") == ["σ", "ŷ", "∂⃖¹", "x₁", "a", "≤", "b", "÷", "c"])
    }

    @Test func bangEndsNamesUnlessFollowedByEquals() throws {
        #expect(try texts("push!(a) a!=b") == ["push!", "(", "a", ")", "a", "!=", "b"])
    }

    @Test func stringInterpolationRecordsParts() throws {
        let toks = try Lexer.tokenize(SourceFile(name: "t", text: #""a $x b $(y + 1)""#))
        #expect(toks[0].kind == .string)
        #expect(toks[0].stringParts.count == 4)
    }

    @Test func commentsAreSkippedIncludingNestedBlocks() throws {
        #expect(try kinds("a # c\nb #= x #= y =# z =# c") == [.identifier, .newline, .identifier, .identifier, .eof])
    }

    @Test func unterminatedStringIsAnIncompleteParseError() {
        #expect(throws: ParseError.self) { try Lexer.tokenize(SourceFile(name: "t", text: "\"abc")) }
        do {
            _ = try Lexer.tokenize(SourceFile(name: "t", text: "\"abc"))
        } catch {
            #expect(error.incomplete)
        }
    }

    @Test func nulByteIsRejected() {
        #expect(throws: ParseError.self) { try Lexer.tokenize(SourceFile(name: "t", text: "a\u{0}b")) }
    }

    @Test func tripleQuotedStringsAreDedented() throws {
        let toks = try Lexer.tokenize(SourceFile(name: "t", text: "\"\"\"\n    a\n      b\n    \"\"\""))
        guard case .text(let s) = toks[0].stringParts[0] else { Issue.record("no text"); return }
        #expect(s == "a\n  b\n")
    }
}
