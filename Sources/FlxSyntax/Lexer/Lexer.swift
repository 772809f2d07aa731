/// Turns source bytes into tokens. Julia's syntax is whitespace-sensitive in a few
/// places (`[1 -2]`, `x'`, macro arguments), so every token records whether
/// whitespace came before it; newlines are tokens of their own.
public struct Lexer {
    package let file: SourceFile
    package let bytes: [UInt8]
    package var pos: Int
    package let end: Int
    package var tokens: [Token] = []
    /// Strings inside `$( )` inside strings...: each level is lexed again by the
    /// parser, so thousands of levels take minutes; capped like bracket nesting.
    package var interpolationDepth = 0
    package static let maxInterpolationDepth = 100

    public init(file: SourceFile, start: Int = 0, end: Int? = nil) {
        self.file = file
        self.bytes = file.bytes
        self.pos = start
        self.end = end ?? file.bytes.count
    }

    public static func tokenize(_ file: SourceFile, start: Int = 0, end: Int? = nil) throws(ParseError) -> [Token] {
        var lexer = Lexer(file: file, start: start, end: end)
        while true {
            let t = try lexer.next()
            lexer.tokens.append(t)
            if t.kind == .eof { return lexer.tokens }
        }
    }

    package func span(_ s: Int, _ e: Int) -> Span { Span(file: file, start: s, end: e) }

    package func peek(_ k: Int = 0) -> UInt8 { pos + k < end ? bytes[pos + k] : 0 }

    /// The Unicode scalar at `pos` and its UTF-8 length (0 at end of input).
    package func scalar(at p: Int) -> (Unicode.Scalar, Int) {
        guard p < end else { return ("\0", 0) }
        let b0 = bytes[p]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        var len = 1
        if b0 & 0xE0 == 0xC0 { len = 2 } else if b0 & 0xF0 == 0xE0 { len = 3 } else if b0 & 0xF8 == 0xF0 { len = 4 }
        guard p + len <= end else { return ("\u{FFFD}", 1) }
        var value: UInt32 = len == 2 ? UInt32(b0 & 0x1F) : len == 3 ? UInt32(b0 & 0x0F) : UInt32(b0 & 0x07)
        for i in 1..<len { value = (value << 6) | UInt32(bytes[p + i] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", len)
    }

    /// Whether a `'` here is the adjoint operator rather than the start of a Char.
    package func quoteIsAdjoint(spaceBefore: Bool) -> Bool {
        guard !spaceBefore, let last = tokens.last else { return false }
        switch last.kind {
        case .identifier, .integer, .float32, .float64, .rparen, .rbracket, .rbrace, .stringMacro: return true
        case .keyword: return last.text == "end" || last.text == "true" || last.text == "false"
        case .op: return last.text == "'"
        default: return false
        }
    }

    package mutating func next() throws(ParseError) -> Token {
        var spaceBefore = false
        // Skip spaces and comments; newlines become tokens.
        while pos < end {
            let c = bytes[pos]
            if c == 0x20 || c == 0x09 || c == 0x0D { pos += 1; spaceBefore = true; continue }
            if c == UInt8(ascii: "\\"), peek(1) == 0x0A { pos += 2; spaceBefore = true; continue }
            if c == UInt8(ascii: "#") {
                if peek(1) == UInt8(ascii: "=") { try skipBlockComment(); spaceBefore = true; continue }
                while pos < end && bytes[pos] != 0x0A { pos += 1 }
                continue
            }
            break
        }
        let start = pos
        guard pos < end else { return Token(kind: .eof, text: "", span: span(end, end), spaceBefore: spaceBefore) }
        let c = bytes[pos]
        func tok(_ k: TokenKind, _ len: Int) -> Token {
            pos += len
            return Token(kind: k, text: String(decoding: bytes[start..<pos], as: UTF8.self), span: span(start, pos), spaceBefore: spaceBefore)
        }
        switch c {
        case 0x0A: return tok(.newline, 1)
        case 0x00: throw ParseError("NUL byte in source text", at: span(pos, pos + 1))
        case UInt8(ascii: "("): return tok(.lparen, 1)
        case UInt8(ascii: ")"): return tok(.rparen, 1)
        case UInt8(ascii: "["): return tok(.lbracket, 1)
        case UInt8(ascii: "]"): return tok(.rbracket, 1)
        case UInt8(ascii: "{"): return tok(.lbrace, 1)
        case UInt8(ascii: "}"): return tok(.rbrace, 1)
        case UInt8(ascii: ","): return tok(.comma, 1)
        case UInt8(ascii: ";"): return tok(.semicolon, 1)
        case UInt8(ascii: "\""): return try lexString(spaceBefore: spaceBefore)
        case UInt8(ascii: "`"): return try lexCommand(spaceBefore: spaceBefore)
        case UInt8(ascii: "'"):
            if quoteIsAdjoint(spaceBefore: spaceBefore) { return tok(.op, 1) }
            return try lexChar(spaceBefore: spaceBefore)
        case UInt8(ascii: "@"):
            pos += 1
            // `@..` (Optimisers' sometimes-in-place broadcast) is a macro name of its own.
            if peek() == UInt8(ascii: "."), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "."),
               !isIdentifierContinue(scalar(at: pos + 2).0) {
                pos += 2
                return Token(kind: .macroName, text: "..", span: span(start, pos), spaceBefore: spaceBefore)
            }
            if peek() == UInt8(ascii: ".") && !isIdentifierContinue(scalar(at: pos + 1).0) {
                pos += 1
                return Token(kind: .macroName, text: ".", span: span(start, pos), spaceBefore: spaceBefore)
            }
            let nameStart = pos
            lexIdentifierBody()
            if pos == nameStart { throw ParseError("expected a macro name after `@`", at: span(start, pos)) }
            return Token(kind: .macroName, text: Lexer.normalizedName(bytes[nameStart..<pos]), span: span(start, pos), spaceBefore: spaceBefore)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try lexNumber(spaceBefore: spaceBefore)
        case UInt8(ascii: "."):
            if peek(1) >= UInt8(ascii: "0") && peek(1) <= UInt8(ascii: "9") && !precededByValue(spaceBefore) {
                return try lexNumber(spaceBefore: spaceBefore)
            }
        case UInt8(ascii: ":"):
            // `:name` is a Symbol where an operand is expected; `a:b` and `x[:, 1]` are not.
            let (s, _) = scalar(at: pos + 1)
            if isIdentifierStart(s) && !precededByValue(spaceBefore) {
                pos += 1
                let nameStart = pos
                lexIdentifierBody()
                return Token(kind: .symbol, text: Lexer.normalizedName(bytes[nameStart..<pos]), span: span(start, pos), spaceBefore: spaceBefore)
            }
        default: break
        }
        let (s, len) = scalar(at: pos)
        if isIdentifierStart(s) {
            lexIdentifierBody()
            let text = Lexer.normalizedName(bytes[start..<pos])
            if peek() == UInt8(ascii: "\""), !flxKeywords.contains(text) {
                return try lexStringMacro(name: text, start: start, spaceBefore: spaceBefore)
            }
            let kind: TokenKind = flxKeywords.contains(text) ? .keyword : .identifier
            return Token(kind: kind, text: text, span: span(start, pos), spaceBefore: spaceBefore)
        }
        if let op = matchOperator() {
            pos += op.utf8.count
            return Token(kind: .op, text: op, span: span(start, pos), spaceBefore: spaceBefore)
        }
        if s == "\u{FFFD}" && len <= 1 {
            throw ParseError("invalid UTF-8 byte 0x\(String(bytes[pos], radix: 16)) at byte offset \(pos)", at: span(pos, pos + 1))
        }
        throw ParseError("unexpected character `\(s)`", at: span(pos, pos + max(1, len)))
    }

    /// A name as Julia's parser reads it: the micro sign `µ` (U+00B5) is the Greek `μ`
    /// (U+03BC) and the Latin `ɛ` (U+025B) the Greek `ε`, so both spellings are one name.
    package static func normalizedName(_ slice: ArraySlice<UInt8>) -> String {
        let text = String(decoding: slice, as: UTF8.self)
        guard slice.contains(where: { $0 == 0xC2 || $0 == 0xC9 }) else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            switch u.value {
            case 0xB5: out.append("\u{03BC}")
            case 0x25B: out.append("\u{03B5}")
            default: out.append(u)
            }
        }
        return String(out)
    }

    /// True when the previous token ends an operand, so `:` or `.5` here is binary.
    package func precededByValue(_ spaceBefore: Bool) -> Bool {
        guard let last = tokens.last else { return false }
        switch last.kind {
        case .identifier, .integer, .float32, .float64, .string, .stringMacro, .char, .symbol, .rparen, .rbracket, .rbrace:
            return !spaceBefore
        case .keyword: return (last.text == "end" || last.text == "true" || last.text == "false") && !spaceBefore
        default: return false
        }
    }

    package mutating func skipBlockComment() throws(ParseError) {
        let start = pos
        var depth = 0
        while pos < end {
            if bytes[pos] == UInt8(ascii: "#") && peek(1) == UInt8(ascii: "=") { depth += 1; pos += 2; continue }
            if bytes[pos] == UInt8(ascii: "=") && peek(1) == UInt8(ascii: "#") {
                depth -= 1; pos += 2
                if depth == 0 { return }
                continue
            }
            pos += 1
        }
        throw ParseError("unterminated block comment `#= ... =#`", at: span(start, start + 2), incomplete: true)
    }

    package func isIdentifierStart(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 95
        }
        switch s {
        // Julia lets a few mathematical symbols start a name (`∑(x, y) = x + y`).
        case "∂", "∇", "ℓ", "ϵ", "∞", "∑", "∏", "∐": return true
        case "√", "∘", "≈", "≤", "≥", "≠", "∈", "∉", "÷", "×", "⋅", "⊻", "⊼", "⊽", "⊘", "≡", "≢", "⊆", "⊗", "⊠", "→": return false
        default: break
        }
        let p = s.properties
        return p.isAlphabetic || p.generalCategory == .otherSymbol || p.generalCategory == .letterNumber
    }

    package func isIdentifierContinue(_ s: Unicode.Scalar) -> Bool {
        if isIdentifierStart(s) { return true }
        if s.isASCII { return s.value >= 48 && s.value <= 57 }
        if s == "′" || s == "″" || s == "‴" { return true }
        switch s.properties.generalCategory {
        case .decimalNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark, .modifierLetter, .connectorPunctuation: return true
        case .modifierSymbol: return s != "^" && s != "`"
        default: return false
        }
    }

    package mutating func lexIdentifierBody() {
        var first = true
        while pos < end {
            let (s, len) = scalar(at: pos)
            if first ? isIdentifierStart(s) : isIdentifierContinue(s) { pos += len; first = false; continue }
            // `push!` is a name but `a!=b` is `a != b`.
            if !first && s == "!" && peek(1) != UInt8(ascii: "=") { pos += 1; continue }
            break
        }
    }

    package static let operators: [String] = [
        // Longest first so that the greedy match below is right.
        ".>>>=", ">>>=", ".//=", ".<<=", ".>>=", ".===", ".!==",
        "...", ">>>", "===", "!==", ".+=", ".-=", ".*=", "./=", ".^=", ".÷=", ".%=", ".==", ".!=", ".<=", ".>=",
        ".&&", ".||", ".//", ".<<", ".>>", ".|>", "<<=", ">>=", "//=", ".≈", ".≤", ".≥", ".≠", ".∈", ".÷", ".⊻",
        "->", "=>", "==", "!=", "<=", ">=", "<:", ">:", "&&", "||", "|>", "<|", "+=", "-=", "*=", "/=", "^=",
        "÷=", "%=", "|=", "&=", "::", "//", "<<", ">>", ".+", ".-", ".*", "./", ".^", ".<", ".>", ".%", ".=",
        ".!", ".&", ".|", ".~", ".\\", "\\=", "⊻=", ":=",
        "+", "-", "*", "/", "\\", "^", "%", "÷", "=", "<", ">", "!", "~", "&", "|", "?", ":", "$", ".",
        "∘", "≈", "≤", "≥", "≠", "∈", "∉", "√", "⋅", "×", "⊻", "⊼", "⊽", "⊘", "≡", "≢", "⊆", "⊗", "⊠", "→", "'",
    ]

    package func matchOperator() -> String? {
        for op in Lexer.operators {
            let u = Array(op.utf8)
            if pos + u.count <= end && bytes[pos..<(pos + u.count)].elementsEqual(u) { return op }
        }
        return nil
    }

    // MARK: numbers

    package mutating func lexNumber(spaceBefore: Bool) throws(ParseError) -> Token {
        let start = pos
        func make(_ kind: TokenKind) -> Token {
            Token(kind: kind, text: String(String(decoding: bytes[start..<pos], as: UTF8.self).filter { $0 != "_" }), span: span(start, pos), spaceBefore: spaceBefore)
        }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b >= 97 && b <= 102) || (b >= 65 && b <= 70) }
        if peek() == UInt8(ascii: "0"), peek(1) == UInt8(ascii: "x") || peek(1) == UInt8(ascii: "b") || peek(1) == UInt8(ascii: "o") {
            let radixChar = peek(1)
            pos += 2
            let digitsStart = pos
            while pos < end, isHex(bytes[pos]) || bytes[pos] == UInt8(ascii: "_") { pos += 1 }
            // A hexadecimal float: `0x1p-2`, `0x1.8p3`, `0x.4p-1` (the `p` exponent is required).
            if radixChar == UInt8(ascii: "x"), let floatEnd = hexFloatEnd(from: pos, isHex: isHex) {
                pos = floatEnd
                return make(.float64)
            }
            if pos == digitsStart { throw ParseError("invalid numeric literal", at: span(start, pos)) }
            return make(.integer)
        }
        var isFloat = false
        while pos < end, isDigit(bytes[pos]) || (bytes[pos] == UInt8(ascii: "_") && isDigit(peek(1))) { pos += 1 }
        if peek() == UInt8(ascii: "."), peek(1) != UInt8(ascii: ".") {
            let after = peek(1)
            if isDigit(after) {
                isFloat = true
                pos += 1
                while pos < end, isDigit(bytes[pos]) || (bytes[pos] == UInt8(ascii: "_") && isDigit(peek(1))) { pos += 1 }
            } else if !isOperatorByte(after) && !isIdentifierStart(scalar(at: pos + 1).0) && after != UInt8(ascii: "(") && after != UInt8(ascii: "'") {
                isFloat = true
                pos += 1
            } else if after == UInt8(ascii: "e") || after == UInt8(ascii: "E") || after == UInt8(ascii: "f") {
                // `1.f0` and `1.e5` are Julia's `1.0f0` and `1.0e5` (Flux's tests write
                // `0.f0`); `1.` then a letter without exponent digits is a field access.
                var k = 2
                if peek(k) == UInt8(ascii: "+") || peek(k) == UInt8(ascii: "-") { k += 1 }
                if isDigit(peek(k)) {
                    isFloat = true
                    pos += 1
                }
            }
        }
        // Exponent: e/E for Float64, f for Float32; only when digits follow.
        let e = peek()
        if e == UInt8(ascii: "e") || e == UInt8(ascii: "E") || e == UInt8(ascii: "f") {
            var k = 1
            if peek(k) == UInt8(ascii: "+") || peek(k) == UInt8(ascii: "-") { k += 1 }
            if isDigit(peek(k)) {
                pos += k
                while pos < end, isDigit(bytes[pos]) { pos += 1 }
                return make(e == UInt8(ascii: "f") ? .float32 : .float64)
            }
        }
        return make(isFloat ? .float64 : .integer)
    }

    /// Where a hexadecimal float literal that continues at `p` (after the integer digits)
    /// ends: an optional `.` and fraction digits, then `p`, a sign and decimal digits;
    /// nil when what follows is not one (`0x1.` then a name is a field access).
    private func hexFloatEnd(from p: Int, isHex: (UInt8) -> Bool) -> Int? {
        var q = p
        if q < end, bytes[q] == UInt8(ascii: ".") {
            q += 1
            while q < end, isHex(bytes[q]) || bytes[q] == UInt8(ascii: "_") { q += 1 }
        }
        guard q < end, bytes[q] == UInt8(ascii: "p") else { return nil }
        q += 1
        if q < end, bytes[q] == UInt8(ascii: "+") || bytes[q] == UInt8(ascii: "-") { q += 1 }
        let digits = q
        while q < end, bytes[q] >= 48 && bytes[q] <= 57 { q += 1 }
        return q > digits ? q : nil
    }

    package func isOperatorByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "^"),
             UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "|"), UInt8(ascii: "!"), UInt8(ascii: "\\"):
            return true
        default: return b >= 0x80
        }
    }

    // MARK: strings and chars

    /// Reads one escape sequence after a backslash and returns the characters it means.
    package mutating func lexEscape() throws(ParseError) -> String {
        let start = pos - 1
        guard pos < end else { throw ParseError("unterminated string literal", at: span(start, pos), incomplete: true) }
        let c = bytes[pos]
        pos += 1
        switch c {
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            // Up to three octal digits: `\0`, `'\177'`.
            var value = UInt32(c - 48), n = 1
            while n < 3, pos < end, bytes[pos] >= 48 && bytes[pos] <= 55 { value = value * 8 + UInt32(bytes[pos] - 48); pos += 1; n += 1 }
            guard value <= 0xFF, let s = Unicode.Scalar(value) else { throw ParseError("octal escape sequence out of range", at: span(start, pos)) }
            return String(Character(s))
        case UInt8(ascii: "e"): return "\u{1B}"
        case UInt8(ascii: "a"): return "\u{07}"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "v"): return "\u{0B}"
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "'"): return "'"
        case UInt8(ascii: "$"): return "$"
        case 0x0A:
            // Backslash-newline joins the lines, dropping the next line's indentation.
            while pos < end && (bytes[pos] == 0x20 || bytes[pos] == 0x09) { pos += 1 }
            return ""
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let maxDigits = c == UInt8(ascii: "x") ? 2 : c == UInt8(ascii: "u") ? 4 : 8
            var braced = false
            if peek() == UInt8(ascii: "{") { braced = true; pos += 1 }
            var value: UInt32 = 0, n = 0
            while pos < end, n < (braced ? 8 : maxDigits), let d = hexValue(bytes[pos]) { value = value * 16 + d; pos += 1; n += 1 }
            if braced { if peek() == UInt8(ascii: "}") { pos += 1 } else { throw ParseError("invalid escape sequence", at: span(start, pos)) } }
            guard n > 0, let s = Unicode.Scalar(value) else { throw ParseError("invalid escape sequence", at: span(start, pos)) }
            if c == UInt8(ascii: "x") && value >= 0x80 {
                // In Julia `\xff` is one raw byte, not the character ÿ; a flx string holds
                // valid UTF-8 only, so say so rather than store a different string.
                let hex = String(value, radix: 16)
                throw ParseError("`\\x\(hex)` is a single byte, which would make invalid UTF-8; flx strings hold valid UTF-8 only (`\\u\(hex)` is the character U+00\(hex.uppercased()); `b\"...\"` takes raw bytes)", at: span(start, pos))
            }
            return String(Character(s))
        default:
            throw ParseError("invalid escape sequence `\\\(Character(Unicode.Scalar(c)))`", at: span(start, pos))
        }
    }

    package func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 48...57: return UInt32(b - 48)
        case 97...102: return UInt32(b - 87)
        case 65...70: return UInt32(b - 55)
        default: return nil
        }
    }

    package mutating func lexString(spaceBefore: Bool) throws(ParseError) -> Token {
        let start = pos
        let triple = peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"")
        pos += triple ? 3 : 1
        var parts: [StringPart] = []
        var text = ""
        var chunk: [UInt8] = []
        func flushChunk() { text += String(decoding: chunk, as: UTF8.self); chunk.removeAll() }
        while true {
            guard pos < end else {
                throw ParseError("unterminated string literal", at: span(start, start + (triple ? 3 : 1)), incomplete: true)
            }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                if !triple { pos += 1; break }
                if peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"") { pos += 3; break }
            }
            if c == UInt8(ascii: "\\") {
                pos += 1
                flushChunk()
                text += try lexEscape()
                continue
            }
            if c == UInt8(ascii: "$") {
                flushChunk()
                if !text.isEmpty { parts.append(.text(text)); text = "" }
                pos += 1
                if peek() == UInt8(ascii: "(") {
                    let innerStart = pos + 1
                    try skipBalancedParens()
                    parts.append(.interpolation(span(innerStart, pos - 1)))
                } else {
                    let nameStart = pos
                    lexIdentifierBody()
                    // `"Hello, $name!"`: the `!` ends the sentence, not the name.
                    while pos > nameStart + 1 && bytes[pos - 1] == UInt8(ascii: "!") { pos -= 1 }
                    if pos == nameStart { throw ParseError("invalid interpolation syntax: `$` must be followed by a name or `(`", at: span(nameStart - 1, nameStart)) }
                    parts.append(.interpolation(span(nameStart, pos)))
                }
                continue
            }
            chunk.append(c)
            pos += 1
        }
        flushChunk()
        if !text.isEmpty || parts.isEmpty { parts.append(.text(text)) }
        if triple { parts = Lexer.dedentTripleQuoted(parts) }
        var t = Token(kind: .string, text: String(decoding: bytes[start..<pos], as: UTF8.self), span: span(start, pos), spaceBefore: spaceBefore)
        t.stringParts = parts
        t.tripleQuoted = triple
        return t
    }

    /// Skips `( ... )` inside an interpolation, lexing tokens so that strings and
    /// comments inside it do not confuse the bracket count.
    package mutating func skipBalancedParens() throws(ParseError) {
        let start = pos
        interpolationDepth += 1
        defer { interpolationDepth -= 1 }
        if interpolationDepth > Lexer.maxInterpolationDepth {
            throw ParseError("string interpolation is nested too deeply", at: span(start, start + 1))
        }
        var depth = 0
        let saved = tokens
        defer { tokens = saved }
        repeat {
            let t = try next()
            switch t.kind {
            case .lparen: depth += 1
            case .rparen: depth -= 1
            case .eof: throw ParseError("unterminated string interpolation", at: span(start, start + 1), incomplete: true)
            default: break
            }
            tokens.append(t)
        } while depth > 0
    }

    /// Julia drops a newline right after the opening `"""` and removes the
    /// indentation common to all lines (the closing line counts).
    package static func dedentTripleQuoted(_ parts: [StringPart]) -> [StringPart] {
        var parts = parts
        // Text on the line of the opening quotes is neither measured nor dedented.
        var startsOnNewLine = false
        if case .text(let first)? = parts.first, first.hasPrefix("\n") {
            parts[0] = .text(String(first.dropFirst()))
            startsOnNewLine = true
        }
        // Measure the common indentation over the text at line starts.
        var minIndent = Int.max
        var atLineStart = startsOnNewLine
        for (i, part) in parts.enumerated() {
            guard case .text(let t) = part else { if atLineStart { minIndent = 0 }; atLineStart = false; continue }
            var indent = 0
            let chars = Array(t)
            for (j, ch) in chars.enumerated() {
                if atLineStart {
                    if ch == " " || ch == "\t" { indent += 1; if j == chars.count - 1 && i == parts.count - 1 { minIndent = min(minIndent, indent) }; continue }
                    if ch != "\n" { minIndent = min(minIndent, indent) }
                    atLineStart = false
                }
                if ch == "\n" { atLineStart = true; indent = 0 }
            }
            if atLineStart && i == parts.count - 1 { minIndent = min(minIndent, indent) }
        }
        guard minIndent != Int.max, minIndent > 0 else { return parts }
        atLineStart = startsOnNewLine
        return parts.map { part in
            guard case .text(let t) = part else { atLineStart = false; return part }
            var out = ""
            var skip = 0
            for ch in t {
                if atLineStart && skip < minIndent && (ch == " " || ch == "\t") { skip += 1; continue }
                atLineStart = false
                out.append(ch)
                if ch == "\n" { atLineStart = true; skip = 0 }
            }
            return .text(out)
        }
    }

    package mutating func lexChar(spaceBefore: Bool) throws(ParseError) -> Token {
        let start = pos
        pos += 1
        var value: String
        if peek() == UInt8(ascii: "\\") {
            pos += 1
            value = try lexEscape()
        } else {
            let (s, len) = scalar(at: pos)
            guard len > 0, s != "'" else { throw ParseError("invalid empty character literal", at: span(start, pos + 1)) }
            pos += len
            value = String(Character(s))
        }
        guard peek() == UInt8(ascii: "'") else {
            // `'a` then a newline or the end of input is an unclosed literal, not a long one.
            if pos >= end || peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") {
                throw ParseError("unterminated character literal", at: span(start, pos), incomplete: pos >= end)
            }
            throw ParseError("character literal contains multiple characters", at: span(start, pos), incomplete: pos >= end)
        }
        pos += 1
        return Token(kind: .char, text: value, span: span(start, pos), spaceBefore: spaceBefore)
    }
}
