/// Non-standard string literals: `r"^\s*$"`, `raw"C:\path"`, `b"DATA\xff"`,
/// `MIME"text/plain"`, `s"\1"` and `name"""..."""`. Julia reads each as the macro call
/// `@name_str("raw text")` (or `@name_str("raw text", "flags")` when an identifier is
/// glued after the closing quote), with the text passed as written: no interpolation
/// and no escapes, except that a quote may be escaped with a backslash and backslashes
/// right before a quote are halved (Julia's `raw_str` rules). Each macro decides what
/// the text means (`b"..."` unescapes it itself).
extension Lexer {
    package mutating func lexStringMacro(name: String, start: Int, spaceBefore: Bool) throws(ParseError) -> Token {
        let quoteStart = pos
        let triple = peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"")
        pos += triple ? 3 : 1
        var raw: [UInt8] = []
        while true {
            guard pos < end else {
                throw ParseError("unterminated string literal", at: span(quoteStart, quoteStart + (triple ? 3 : 1)), incomplete: true)
            }
            let c = bytes[pos]
            if c == UInt8(ascii: "\\") {
                var run = 0
                while pos < end && bytes[pos] == UInt8(ascii: "\\") { run += 1; pos += 1 }
                guard pos < end, bytes[pos] == UInt8(ascii: "\"") else {
                    raw.append(contentsOf: repeatElement(UInt8(ascii: "\\"), count: run))
                    continue
                }
                // Backslashes before a quote are halved; an odd one out escapes the quote.
                raw.append(contentsOf: repeatElement(UInt8(ascii: "\\"), count: run / 2))
                if run % 2 == 1 { raw.append(UInt8(ascii: "\"")); pos += 1 }
                continue
            }
            if c == UInt8(ascii: "\"") {
                if !triple { pos += 1; break }
                if peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"") { pos += 3; break }
            }
            raw.append(c)
            pos += 1
        }
        let suffixStart = pos
        lexIdentifierBody()
        let suffix = pos > suffixStart ? String(decoding: bytes[suffixStart..<pos], as: UTF8.self) : nil
        var parts: [StringPart] = [.text(String(decoding: raw, as: UTF8.self))]
        if triple { parts = Lexer.dedentTripleQuoted(parts) }
        var t = Token(kind: .stringMacro, text: name, span: span(start, pos), spaceBefore: spaceBefore)
        t.stringParts = parts
        t.tripleQuoted = triple
        t.macroSuffix = suffix
        return t
    }

    /// A command literal `` `echo $x` ``: Julia's `@cmd("echo \$x")`, the text raw but for
    /// `` \` `` (an escaped backtick); the `cmd` macro splits it into words and interpolates.
    package mutating func lexCommand(spaceBefore: Bool) throws(ParseError) -> Token {
        let start = pos
        pos += 1
        var raw: [UInt8] = []
        while true {
            guard pos < end else { throw ParseError("unterminated command literal", at: span(start, start + 1), incomplete: true) }
            let c = bytes[pos]
            if c == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "`") {
                raw.append(UInt8(ascii: "`"))
                pos += 2
                continue
            }
            if c == UInt8(ascii: "\\"), pos + 1 < end {
                raw.append(c)
                raw.append(bytes[pos + 1])
                pos += 2
                continue
            }
            pos += 1
            if c == UInt8(ascii: "`") { break }
            raw.append(c)
        }
        var t = Token(kind: .stringMacro, text: "@cmd", span: span(start, pos), spaceBefore: spaceBefore)
        t.stringParts = [.text(String(decoding: raw, as: UTF8.self))]
        return t
    }
}
