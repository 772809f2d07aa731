/// A syntax error at a place in the source. `incomplete` marks errors caused by the
/// input ending inside an open construct, which the REPL answers by reading more lines.
public struct ParseError: Error, Sendable {
    public var message: String
    public var span: Span
    public var incomplete: Bool
    /// Raised after parsing, by lowering (`f(x..., y) = x`): Julia prints these as
    /// `syntax: message`, without the source excerpt.
    public var isLowering = false

    public init(_ message: String, at span: Span, incomplete: Bool = false) {
        self.message = message
        self.span = span
        self.incomplete = incomplete
    }

    /// JuliaSyntax's layout: a location header, the offending line, and a marker
    /// under the place with the message.
    public func render() -> String {
        if isLowering { return "syntax: " + message }
        let (line, column) = span.file.location(of: span.start)
        let text = span.file.lineText(line)
        let endLoc = span.file.location(of: max(span.start, span.end - 1))
        var width = endLoc.line == line ? max(1, endLoc.column - column + 1) : 1
        // A generated or minified line can be tens of thousands of characters; show
        // only a window of it around the error so the message stays readable.
        var (shown, shownColumn) = ParseError.window(text, column: column)
        // A NUL or other control byte would go to the terminal raw; show its Unicode
        // "control picture" (␀), one character wide so the caret still lines up.
        shown = String(String.UnicodeScalarView(shown.unicodeScalars.map { c in
            c.value < 0x20 && c != "\t" ? Unicode.Scalar(0x2400 + c.value)! : c
        }))
        width = min(width, max(1, shown.count - shownColumn + 1))
        let marker = width <= 1 ? "└" : "└" + String(repeating: "─", count: width - 2) + "┘"
        // `#` takes the first column, so the marker lands under the offending character.
        let pad = String(repeating: " ", count: max(0, shownColumn - 2))
        return "ParseError:\n# Error @ \(span.file.name):\(line):\(column)\n\(shown)\n#\(pad)\(marker) ── \(message)"
    }

    /// The widest source line printed in full; longer ones are cut to this many
    /// characters around the error column, with `…` marking each cut.
    package static let maxShownWidth = 100

    /// The part of `text` to print and the error's column within it.
    package static func window(_ text: String, column: Int) -> (String, Int) {
        let chars = Array(text)
        guard chars.count > maxShownWidth else { return (text, column) }
        let at = max(0, min(column - 1, chars.count))
        let start = max(0, min(at - maxShownWidth / 2, chars.count - maxShownWidth))
        let end = min(chars.count, start + maxShownWidth)
        let head = start > 0 ? "…" : ""
        let tail = end < chars.count ? "…" : ""
        return (head + String(chars[start..<end]) + tail, at - start + 1 + head.count)
    }
}
