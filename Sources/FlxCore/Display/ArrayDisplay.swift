import FlxSyntax
import FlxEngine

/// Arrays as Julia prints them: `Float32[1.0, 2.0]` inline, and the
/// `3×2 Matrix{Float32}:` block with columns aligned on the decimal point.
package enum ArrayDisplay {
    /// Element types whose values print unambiguously, so the inline form omits the prefix.
    package static func isImplicit(_ t: FlxType, _ interp: Interpreter) -> Bool {
        if t === BuiltinTypes.float64 || t === BuiltinTypes.int64 || t === BuiltinTypes.string
            || t === BuiltinTypes.char || t === BuiltinTypes.symbol || t === BuiltinTypes.nothing || t.showsTypeInValues { return true }
        if t.family === BuiltinTypes.array, case .type(let et)? = t.parameters.first { return isImplicit(et, interp) }
        // Julia's typeinfo_implicit: tuples and pairs of implicit types need no prefix either.
        if t.family === BuiltinTypes.tuple || t.family === BuiltinTypes.pair {
            return t.parameters.allSatisfy { p in if case .type(let e) = p { return isImplicit(e, interp) }; return false }
        }
        return false
    }

    package static func summary(_ a: ArrayValue) -> String {
        let dims = a.dims
        let size = dims.isEmpty ? "0-dimensional" : dims.count == 1 ? "\(dims[0])-element" : dims.map(String.init).joined(separator: "×")
        if let view = a.subArray?.summary { return size + " " + view }
        let style = a.type.arrayPresentation
        return size + " " + (style?.sizedSummary?(a.type, dims) ?? style?.summary?(a.type) ?? TypeNames.show(a.type))
    }

    package static func showInline(_ a: ArrayValue, _ interp: Interpreter, _ ctx: Display.Context, into out: inout String) throws {
        if let own = a.type.arrayPresentation?.show {
            out += try own(a, interp)
            return
        }
        // Empty arrays always name their element type: `Int64[]`.
        let prefix = (ctx.typeinfo === a.type || (isImplicit(a.elementType, interp) && a.count > 0)) ? "" : TypeNames.show(a.elementType)
        var elemCtx = Display.Context(typeinfo: a.elementType, compact: ctx.compact)
        if a.rank == 0 {
            // Julia's `fill(x)`: the one element in its own `show` form (`fill(1.0f0)`).
            out += "fill("
            try Display.show(a.element(0), interp, Display.Context(compact: ctx.compact), into: &out)
            out += ")"
            return
        }
        let dims = a.dims
        // Julia's `show_vector`/`_show_nonempty` under `:limit`: a vector longer than 20
        // keeps its first and last 10 elements, a matrix its first and last 2 rows/columns.
        let limit = interp.displayLimit != nil
        if a.rank == 1 {
            out += prefix + "["
            // Julia's `show_delim_array`: a vector met again inside itself is marked, not
            // shown again. (Its matrices have no such check and overflow the stack.)
            if let marker = Display.circularReference(a, interp) {
                out += marker + "]"
                return
            }
            try Display.showingInside(a, interp) {
                let n = a.count
                for i in 0..<n {
                    if limit && n > 20 && i >= 10 && i < n - 10 { continue }
                    if i > 0 { out += limit && n > 20 && i == n - 10 ? "  …  " : ", " }
                    try Display.show(a.element(i), interp, elemCtx, into: &out)
                }
            }
            out += "]"
            return
        }
        if a.count == 0 {
            out += TypeNames.show(a.type) + "(undef, " + dims.map(String.init).joined(separator: ", ") + ")"
            return
        }
        elemCtx.compact = ctx.compact
        out += prefix + "["
        var last: [Int]? = nil
        for item in SliceDisplay.plan(dims: dims, limit: limit) {
            switch item {
            case .skipped(let d):
                out += String(repeating: ";", count: d + 2) + " … "
            case .slice(let idxs, let offset):
                // `;;;` (one more `;` per higher dimension) before a slice whose index moved.
                if let prev = last, let changed = prev.indices.last(where: { prev[$0] < idxs[$0] }) {
                    out += String(repeating: ";", count: changed + 3) + " "
                }
                last = idxs
                try inlineSlice(a, interp, elemCtx, offset: offset, limit: limit, into: &out)
            }
        }
        if a.rank == 2 && dims[1] == 1 { out += ";;" }
        out += "]"
    }

    /// One matrix slice in the 1-line form, rows joined by `; ` (Julia's `_show_nonempty`).
    package static func inlineSlice(_ a: ArrayValue, _ interp: Interpreter, _ ctx: Display.Context, offset: Int, limit: Bool, into out: inout String) throws {
        let rows = a.dims[0], cols = a.dims[1]
        let rdots = limit && rows > 4, cdots = limit && cols > 4
        let rowParts = rdots ? [[0, 1], [rows - 2, rows - 1]] : [Array(0..<rows), []]
        let colParts = cdots ? [[0, 1], [cols - 2, cols - 1]] : [Array(0..<cols), []]
        for rr in rowParts {
            for i in rr {
                for cr in colParts {
                    for (k, j) in cr.enumerated() {
                        if k > 0 { out += " " }
                        try Display.show(a.element(offset + j * rows + i), interp, ctx, into: &out)
                    }
                    if cr.last == cols - 1 {
                        if i < rows - 1 { out += "; " }
                    } else if cdots && !cr.isEmpty {
                        out += " … "
                    }
                }
            }
            if rdots && rr.last != rows - 1 && !rr.isEmpty { out += "… ; " }
        }
    }

    /// The 3-arg form (Julia's `show(io, MIME"text/plain", X)`): a summary line and the
    /// aligned elements, cut to `x.displayLimit` when the output is limited.
    package static func display(_ a: ArrayValue, _ interp: Interpreter, limit: Bool) throws -> String {
        if let own = a.type.arrayPresentation?.display { return try own(a, interp) }
        if a.count == 0 {
            if a.rank == 1 {
                var out = ""
                try showInline(a, interp, Display.Context(), into: &out)
                return out
            }
            return summary(a)
        }
        // Julia shows the elements with the array in `:SHOWN_SET`, so an element that is
        // the array itself prints as a circular reference.
        return try Display.showingInside(a, interp) { try displayElements(a, interp, limit: limit) }
    }

    private static func displayElements(_ a: ArrayValue, _ interp: Interpreter, limit: Bool) throws -> String {
        var out = summary(a) + ":"
        let size = limit ? interp.displayLimit : nil
        // Julia: no room below the header at all, so only an ellipsis follows it.
        if let size, size.rows - 4 <= 0 { return out + " …" }
        out += "\n"
        let dims = a.dims
        if a.rank == 0 {
            var element = ""
            try Display.show(a.element(0), interp, Display.Context(typeinfo: a.elementType), into: &element)
            return out + element
        }
        if a.rank == 1 {
            return out + (try grid(a, interp, rows: dims[0], cols: 1, offset: 0, compact: false, size: size))
        }
        let rows = dims[0], cols = dims[1]
        let compact = cols > 1
        if a.rank == 2 {
            return out + (try grid(a, interp, rows: rows, cols: cols, offset: 0, compact: compact, size: size))
        }
        return out + (try SliceDisplay.slices(a, interp, size: size) { offset in
            try grid(a, interp, rows: rows, cols: cols, offset: offset, compact: compact, size: size)
        })
    }

    /// Rows of elements, each row starting with a space, columns two spaces apart,
    /// numbers aligned on their decimal point (Julia's `print_matrix`).
    package static func grid(_ a: ArrayValue, _ interp: Interpreter, rows: Int, cols: Int, offset: Int, compact: Bool, size: (rows: Int, cols: Int)?) throws -> String {
        let ctx = Display.Context(typeinfo: a.elementType, compact: compact)
        let hidden = a.rank == 2 ? a.type.arrayPresentation?.structuralZero : nil
        let zerosHidden = a.rank <= 2 && (a.type.arrayPresentation?.zerosHidden ?? false)
        var printer = MatrixPrinter(rows: rows, cols: cols) { r, c in
            // A structural zero is the element type's zero, whatever is stored (Julia's getindex).
            var isHidden = hidden?(r, c) ?? false
            let v = isHidden ? zero(of: a.elementType) : a.element(offset + c * rows + r)
            if zerosHidden, case .bool(false) = v { isHidden = true }
            var s = ""
            // In a vector (not compact), a library's layers print their one-line display.
            if !compact, case .object = v, let text = try interp.layerShowInVector?(v, interp) {
                s = text
            } else if !compact, case .char(let c) = v {
                // A column of characters shows each with its code point and category.
                s = Display.charRepr(c) + ": " + Display.charDescription(c)
            } else {
                try Display.show(v, interp, ctx, into: &s)
            }
            let (l, rest, _) = split(s, v)
            // Julia aligns a structural zero as the zero it is, then prints `⋅` in its place.
            if isHidden { s = centredMark(width: s.unicodeScalars.count) }
            return MatrixPrinter.Cell(text: s, left: l.unicodeScalars.count, right: rest.unicodeScalars.count)
        }
        return try printer.print(limit: size)
    }

    private static func zero(of t: FlxType) -> Value {
        if t === BuiltinTypes.float64 { return .float64(0) }
        if t === BuiltinTypes.float32 { return .float32(0) }
        if t === BuiltinTypes.bool { return .bool(false) }
        return .int(0)
    }

    /// Julia's `replace_with_centered_mark`: `⋅` at position ⌈width/2⌉ among spaces.
    package static func centredMark(width: Int) -> String {
        let w = max(width, 1), at = (w + 1) / 2
        return MatrixPrinter.spaces(at - 1) + "⋅" + MatrixPrinter.spaces(w - at)
    }

    /// Julia's `alignment`: numbers split at the first `.`, `e` or `f`.
    package static func split(_ s: String, _ v: Value) -> (String, String, Bool) {
        switch v {
        case .int, .bool: return (s, "", true)
        case .float16, .float32, .float64, .tracked:
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
