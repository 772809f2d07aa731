import FlxEngine

/// Arrays as Julia prints them: `Float32[1.0, 2.0]` inline, and the
/// `3×2 Matrix{Float32}:` block with columns aligned on the decimal point.
enum ArrayDisplay {
    /// Element types whose values print unambiguously, so the inline form omits the prefix.
    static func isImplicit(_ t: FlxType, _ x: Interpreter) -> Bool {
        if t === BuiltinTypes.float64 || t === BuiltinTypes.int64 || t === BuiltinTypes.string
            || t === BuiltinTypes.char || t === BuiltinTypes.symbol || t === BuiltinTypes.nothing { return true }
        if t.family === BuiltinTypes.array, case .type(let et)? = t.parameters.first { return isImplicit(et, x) }
        if t.family === BuiltinTypes.tuple {
            return t.parameters.allSatisfy { p in if case .type(let e) = p { return isImplicit(e, x) }; return false }
        }
        return false
    }

    static func summary(_ a: ArrayValue) -> String {
        let dims = a.dims
        let size = dims.count == 1 ? "\(dims[0])-element" : dims.map(String.init).joined(separator: "×")
        return size + " " + TypeNames.show(a.type)
    }

    static func showInline(_ a: ArrayValue, _ x: Interpreter, _ ctx: Display.Context, into out: inout String) throws {
        // Empty arrays always name their element type: `Int64[]`.
        let prefix = (ctx.typeinfo === a.type || (isImplicit(a.elementType, x) && a.count > 0)) ? "" : TypeNames.show(a.elementType)
        var elemCtx = Display.Context(typeinfo: a.elementType, compact: ctx.compact, depth: ctx.depth + 1)
        guard elemCtx.depth < Display.maxDepth else { throw Exceptions.stackOverflow() }
        let dims = a.dims
        if a.rank == 1 {
            out += prefix + "["
            for i in 0..<a.count {
                if i > 0 { out += ", " }
                try Display.show(a.element(i), x, elemCtx, into: &out)
            }
            out += "]"
            return
        }
        if a.count == 0 {
            out += TypeNames.show(a.type) + "(undef, " + dims.map(String.init).joined(separator: ", ") + ")"
            return
        }
        elemCtx.compact = ctx.compact
        let rows = dims[0], cols = dims[1]
        let sliceSize = rows * cols
        let slices = a.count / max(1, sliceSize)
        out += prefix + "["
        for s in 0..<slices {
            if s > 0 { out += ";;; " }
            for r in 0..<rows {
                if r > 0 { out += "; " }
                for c in 0..<cols {
                    if c > 0 { out += " " }
                    try Display.show(a.element(s * sliceSize + c * rows + r), x, elemCtx, into: &out)
                }
            }
            if cols == 1 && a.rank == 2 { out += ";;" }
        }
        out += "]"
    }

    /// The 3-arg form: a summary line and the aligned elements.
    static func display(_ a: ArrayValue, _ x: Interpreter, limit: Bool) throws -> String {
        if a.count == 0 {
            if a.rank == 1 {
                var out = ""
                try showInline(a, x, Display.Context(), into: &out)
                return out
            }
            return summary(a)
        }
        var out = summary(a) + ":"
        let dims = a.dims
        if a.rank == 1 {
            out += "\n" + (try grid(a, x, rows: dims[0], cols: 1, offset: 0, compact: false, limit: limit))
            return out
        }
        let rows = dims[0], cols = dims[1]
        let compact = cols > 1
        if a.rank == 2 {
            out += "\n" + (try grid(a, x, rows: rows, cols: cols, offset: 0, compact: compact, limit: limit))
            return out
        }
        let sliceSize = rows * cols
        let slices = a.count / sliceSize
        for s in 0..<slices {
            var rest = s
            var label: [String] = []
            for d in 2..<dims.count {
                label.append(String(rest % dims[d] + 1))
                rest /= dims[d]
            }
            out += (s == 0 ? "\n" : "\n\n") + "[:, :, " + label.joined(separator: ", ") + "] =\n"
            out += try grid(a, x, rows: rows, cols: cols, offset: s * sliceSize, compact: compact, limit: limit)
        }
        return out
    }

    /// Rows of elements, each row starting with a space, columns two spaces apart,
    /// numbers aligned on their decimal point.
    static func grid(_ a: ArrayValue, _ x: Interpreter, rows: Int, cols: Int, offset: Int, compact: Bool, limit: Bool) throws -> String {
        let ctx = Display.Context(typeinfo: a.elementType, compact: compact)
        var rowIndices = Array(0..<rows)
        var colIndices = Array(0..<cols)
        let maxRows = 20, maxCols = 12
        var cutRows = false, cutCols = false
        if limit && rows > maxRows { rowIndices = Array(0..<(maxRows / 2)) + Array((rows - maxRows / 2)..<rows); cutRows = true }
        if limit && cols > maxCols { colIndices = Array(0..<(maxCols / 2)) + Array((cols - maxCols / 2)..<cols); cutCols = true }
        var cells: [[(String, String, Bool)]] = []
        for r in rowIndices {
            var row: [(String, String, Bool)] = []
            for c in colIndices {
                let v = a.element(offset + c * rows + r)
                var s = ""
                try Display.show(v, x, ctx, into: &s)
                row.append(split(s, v))
            }
            cells.append(row)
        }
        var leftWidth = [Int](repeating: 0, count: colIndices.count)
        var rightWidth = [Int](repeating: 0, count: colIndices.count)
        for row in cells {
            for (c, cell) in row.enumerated() {
                leftWidth[c] = max(leftWidth[c], cell.0.count)
                rightWidth[c] = max(rightWidth[c], cell.1.count)
            }
        }
        var lines: [String] = []
        for (ri, row) in cells.enumerated() {
            var line = ""
            for (c, cell) in row.enumerated() {
                line += c == 0 ? " " : "  "
                if cutCols && c == maxCols / 2 { line += "…  " }
                let (l, r, numeric) = cell
                let last = c == row.count - 1
                if numeric {
                    line += String(repeating: " ", count: leftWidth[c] - l.count) + l + r
                    if !last { line += String(repeating: " ", count: rightWidth[c] - r.count) }
                } else {
                    line += l + r
                    if !last { line += String(repeating: " ", count: leftWidth[c] + rightWidth[c] - l.count - r.count) }
                }
            }
            lines.append(line)
            if cutRows && ri == maxRows / 2 - 1 { lines.append(" ⋮") }
        }
        return lines.joined(separator: "\n")
    }

    /// Julia's `alignment`: numbers split at the first `.`, `e` or `f`.
    static func split(_ s: String, _ v: Value) -> (String, String, Bool) {
        switch v {
        case .int, .bool: return (s, "", true)
        case .float32, .float64, .tracked:
            if let i = s.firstIndex(where: { $0 == "." || $0 == "e" || $0 == "f" }) {
                return (String(s[..<i]), String(s[i...]), true)
            }
            return (s, "", true)
        default:
            // Julia aligns anything else as all "right part": left-aligned after the numbers' integer parts.
            return ("", s, true)
        }
    }
}
