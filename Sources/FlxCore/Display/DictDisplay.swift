import FlxSyntax
/// Julia's `show(io, MIME"text/plain", ::AbstractDict)` (base/show.jl): one `key => value`
/// line per entry, keys padded to a common width, elements shown compactly with the
/// key and value types as `:typeinfo`. Under `:limit` it fits the display size: at most
/// `rows - 4` entries and then `⋮ => ⋮`, keys and values cut with `…` to the width.
package enum DictDisplay {
    package static func display(summary: String, keys: [Value], values: [Value], keyType: FlxType, valueType: FlxType, _ interp: Interpreter) throws -> String {
        var out = summary
        if keys.isEmpty { return out }
        out += ":"
        let kctx = Display.Context(typeinfo: keyType, compact: true)
        let vctx = Display.Context(typeinfo: valueType, compact: true)
        func text(_ v: Value, _ c: Display.Context) throws -> String {
            var s = ""
            try Display.show(v, interp, c, into: &s)
            return s
        }
        guard let size = interp.displayLimit else {
            let ks = try keys.map { try text($0, kctx) }
            let width = ks.map { $0.unicodeScalars.count }.max() ?? 0
            for (k, v) in zip(ks, values) {
                out += "\n  " + pad(k, width) + " => " + (try text(v, vctx))
            }
            return out
        }
        var rows = size.rows - 3, cols = size.cols
        if rows < 2 { return out + " …" }
        if cols < 12 { cols = 12 }  // at least 2 columns for a key and 4 for a value
        cols -= 6                   // the "  " before a key and " => "
        rows -= 1                   // the summary line
        let shown = min(rows, keys.count)
        var ks: [String] = [], vs: [String] = []
        var keyLen = 0, valLen = 0
        for i in 0..<shown {
            ks.append(try text(keys[i], kctx))
            vs.append(try text(values[i], vctx))
            keyLen = min(max(ks[i].unicodeScalars.count, keyLen), cols)
            valLen = min(max(vs[i].unicodeScalars.count, valLen), cols)
        }
        if keyLen > max(cols / 2, cols - valLen) { keyLen = max((cols + 2) / 3, cols - valLen) }
        for i in 0..<keys.count {
            out += "\n  "
            if i + 1 == rows && rows < keys.count {
                out += pad("⋮", keyLen) + " => ⋮"
                break
            }
            out += pad(truncate(ks[i], keyLen), keyLen) + " => " + truncate(vs[i], cols - keyLen)
        }
        return out
    }

    package static func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - s.unicodeScalars.count))
    }

    /// Julia's `_truncate_at_width_or_chars(str, width, "\r\n")`: cut at a line break or
    /// where the text would pass `width`, ending the kept part with `…`.
    package static func truncate(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        let scalars = Array(s.unicodeScalars)
        var wid = 0, truncIdx = -1, lastIdx = -1
        for (i, c) in scalars.enumerated() {
            lastIdx = i
            wid += 1
            if wid >= width - 1 && truncIdx < 0 { truncIdx = i }
            if wid >= width || c == "\r" || c == "\n" { break }
        }
        if lastIdx >= 0 && (scalars[lastIdx] == "\r" || scalars[lastIdx] == "\n") { lastIdx -= 1 }
        if truncIdx < 0 { truncIdx = lastIdx }
        guard lastIdx < scalars.count - 1 else { return s }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: scalars[0...max(0, truncIdx)].prefix(truncIdx + 1))
        return String(kept) + "…"
    }
}
