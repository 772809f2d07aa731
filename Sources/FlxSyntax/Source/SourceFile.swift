/// One unit of source text (a script, a REPL input, an `include`d file) with the
/// line table needed to turn byte offsets into line:column only when an error is shown.
public final class SourceFile: @unchecked Sendable {
    public let name: String
    /// UTF-8 bytes of the text; tokens and AST nodes refer to offsets into this.
    public let bytes: [UInt8]
    public let text: String
    private let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// 1-based line and column; the column counts Characters, as an editor shows them.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        let prefix = String(decoding: bytes[start..<clamped], as: UTF8.self)
        return (lo + 1, prefix.count + 1)
    }

    /// The text of a 1-based line, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    public func slice(_ span: Span) -> String {
        let lo = max(0, min(span.start, bytes.count)), hi = max(lo, min(span.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// A half-open byte range in a source file. Kept as two integers plus a file
/// reference so that every token and node can carry one at no real cost.
public struct Span: Sendable {
    public let file: SourceFile
    public var start: Int
    public var end: Int

    public init(file: SourceFile, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = end
    }

    public func to(_ other: Span) -> Span { Span(file: file, start: start, end: max(end, other.end)) }

    /// `file:line:column` as used in error messages and stack traces.
    public var description: String {
        let (l, c) = file.location(of: start)
        return "\(file.name):\(l):\(c)"
    }

    public var line: Int { file.location(of: start).line }
}
