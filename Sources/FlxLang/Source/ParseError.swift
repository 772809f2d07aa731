/// A syntax error at a place in the source. `incomplete` marks errors caused by the
/// input ending inside an open construct, which the REPL answers by reading more lines.
public struct ParseError: Error, Sendable {
    public var message: String
    public var span: Span
    public var incomplete: Bool

    public init(_ message: String, at span: Span, incomplete: Bool = false) {
        self.message = message
        self.span = span
        self.incomplete = incomplete
    }

    /// JuliaSyntax's layout: a location header, the offending line, and a marker
    /// under the place with the message.
    public func render() -> String {
        let (line, column) = span.file.location(of: span.start)
        let text = span.file.lineText(line)
        let endLoc = span.file.location(of: max(span.start, span.end - 1))
        let width = endLoc.line == line ? max(1, endLoc.column - column + 1) : 1
        let marker = width <= 1 ? "└" : "└" + String(repeating: "─", count: width - 2) + "┘"
        // `#` takes the first column, so the marker lands under the offending character.
        let pad = String(repeating: " ", count: max(0, column - 2))
        return "ParseError:\n# Error @ \(span.file.name):\(line):\(column)\n\(text)\n#\(pad)\(marker) ── \(message)"
    }
}
