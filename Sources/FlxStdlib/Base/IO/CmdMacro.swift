import FlxSyntax
import FlxCore

/// `@cmd`: a command literal's text split into words as a POSIX shell splits them
/// (whitespace between words, `'...'` literal, `"..."` and `\` escapes), with `$name` and
/// `$(expr)` interpolated: a value alone in an unquoted word that is a collection becomes
/// one word per element, as in Julia.
enum CmdMacro {
    enum Piece {
        case text(String)
        case value(Expr, quoted: Bool)
    }

    static func compile(_ c: Compiler, _ args: [Expr], _ span: Span) throws -> Node {
        guard args.count == 1, case .string(let text) = args[0].kind else { throw c.syntaxError("@cmd takes a command literal", span) }
        let words = try split(text, span)
        return CmdNode(words: try words.map { word in
            try word.map { piece -> (String?, Node?, Bool) in
                switch piece {
                case .text(let s): return (s, nil, false)
                case .value(let e, let quoted): return (nil, try c.compile(e), quoted)
                }
            }
        }, span: span)
    }

    /// The words of the command, each a list of literal text and interpolated expressions.
    static func split(_ text: String, _ span: Span) throws -> [[Piece]] {
        let chars = Array(text)
        var words: [[Piece]] = []
        var current: [Piece] = []
        var inWord = false
        var i = 0
        func addText(_ s: String) {
            if case .text(let t)? = current.last { current[current.count - 1] = .text(t + s) } else { current.append(.text(s)) }
        }
        func endWord() {
            if inWord { words.append(current) }
            current = []
            inWord = false
        }
        func interpolation(quoted: Bool) throws {
            // At `$`: a name, or a parenthesised expression.
            i += 1
            guard i < chars.count else { throw ParseError("incomplete interpolation: `$` at the end of the command", at: span) }
            var source: String
            if chars[i] == "(" {
                var depth = 0, j = i
                repeat {
                    if chars[j] == "(" { depth += 1 } else if chars[j] == ")" { depth -= 1 }
                    j += 1
                } while j < chars.count && depth > 0
                guard depth == 0 else { throw ParseError("unterminated `$(` in command", at: span) }
                source = String(chars[i..<j])
                i = j
            } else {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "!" { j += 1 }
                guard j > i else { throw ParseError("invalid interpolation syntax: `$\(chars[i])`", at: span) }
                source = String(chars[i..<j])
                i = j
            }
            let parsed = try Parser.parseProgram(SourceFile(name: span.file.name, text: source))
            guard parsed.count == 1 else { throw ParseError("invalid interpolation `$\(source)` in command", at: span) }
            current.append(.value(parsed[0], quoted: quoted))
            inWord = true
        }
        while i < chars.count {
            let ch = chars[i]
            switch ch {
            case " ", "\t", "\n":
                endWord()
                i += 1
            case "'":
                inWord = true
                guard let close = chars[(i + 1)...].firstIndex(of: "'") else { throw ParseError("unterminated single quote in command", at: span) }
                addText(String(chars[(i + 1)..<close]))
                i = close + 1
            case "\"":
                inWord = true
                i += 1
                while true {
                    guard i < chars.count else { throw ParseError("unterminated double quote in command", at: span) }
                    let d = chars[i]
                    if d == "\"" { i += 1; break }
                    if d == "\\", i + 1 < chars.count, "\"$\\`".contains(chars[i + 1]) { addText(String(chars[i + 1])); i += 2; continue }
                    if d == "$" { try interpolation(quoted: true); continue }
                    addText(String(d))
                    i += 1
                }
            case "\\":
                inWord = true
                if i + 1 < chars.count { addText(String(chars[i + 1])) }
                i += 2
            case "$":
                try interpolation(quoted: false)
            default:
                inWord = true
                addText(String(ch))
                i += 1
            }
        }
        endWord()
        return words
    }
}

/// Builds the `Cmd` when the literal is evaluated.
final class CmdNode: Node {
    let words: [[(text: String?, value: Node?, quoted: Bool)]]
    init(words: [[(String?, Node?, Bool)]], span: Span) {
        self.words = words.map { $0.map { (text: $0.0, value: $0.1, quoted: $0.2) } }
        super.init(span: span)
    }

    override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var out: [String] = []
        for word in words {
            // Each piece gives one string, or (an unquoted collection) one per element; the
            // word is every combination, as Julia's `pre$(1:2)` is `pre1 pre2`.
            var combos = [""]
            for piece in word {
                var options: [String]
                if let t = piece.text {
                    options = [t]
                } else if let node = piece.value {
                    let v = try node.eval(interp, fp)
                    var items: [String]? = nil
                    switch v {
                    case .array, .tuple, .range: items = try interp.collect(v).map { try Display.printString($0, interp) }
                    case .native(let c as CmdObject): items = c.words
                    default: break
                    }
                    if let items { options = piece.quoted ? [items.joined(separator: " ")] : items } else { options = [try Display.printString(v, interp)] }
                } else {
                    options = [""]
                }
                combos = combos.flatMap { prefix in options.map { prefix + $0 } }
            }
            out += combos
        }
        return .native(CmdObject(out))
    }
}
