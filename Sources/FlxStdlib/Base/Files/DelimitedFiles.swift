import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// `using DelimitedFiles`: `readdlm` and `writedlm` as in Julia's standard library
/// (`readlines` is with the IO functions, `LineReading.swift`).
package enum DelimitedFiles {
    package static func install(_ interp: Interpreter) {
        let m = ModuleValue(name: "DelimitedFiles", parent: interp.base)
        m.usings = [interp.base]
        interp.modules["DelimitedFiles"] = m
        m.native("readdlm") { interp, a in try readdlm(a, interp) }
        m.native("writedlm") { interp, a in try writedlm(a, interp) }
    }

    package static func readFile(_ path: String) throws -> String {
        guard let f = fopen(path, "rb") else {
            throw Exceptions.make("SystemError", [.str("opening file \(Display.stringRepr(path))"), .int(Int64(errno))])
        }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        try FileSystem.systemError { bytes = try FileSystem.readAll(f, path: path) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Lines split into fields, with their 1-based line numbers in the file.
    /// `delim == nil` splits on runs of spaces and tabs. Quoted fields (`"a,b"`, with
    /// `""` for a quote) keep their delimiters.
    package static func split(_ text: String, delim: Character?) -> [(line: Int, fields: [String])] {
        var rows: [(Int, [String])] = []
        var lineNo = 0
        // A UTF-8 byte-order mark (spreadsheet exports) is not part of the first field.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNo += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard let d = delim else {
                rows.append((lineNo, line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)))
                continue
            }
            var fields: [String] = []
            var current = ""
            var inQuotes = false
            var quotedField = false
            var chars = line.makeIterator()
            var pending: Character? = nil
            while let c = pending ?? chars.next() {
                pending = nil
                if inQuotes {
                    if c == "\"" {
                        if let n = chars.next() {
                            if n == "\"" { current.append("\"") } else { inQuotes = false; pending = n }
                        } else { inQuotes = false }
                    } else { current.append(c) }
                } else if c == d {
                    fields.append(current); current = ""; quotedField = false
                } else if c == "\"" && current.allSatisfy({ $0 == " " }) && !quotedField {
                    inQuotes = true; quotedField = true; current = ""
                } else {
                    current.append(c)
                }
            }
            fields.append(current)
            rows.append((lineNo, fields))
        }
        return rows
    }

    package enum Kind { case float64, float32, int64, string, any, auto }

    package static func readdlm(_ a: Args, _ interp: Interpreter) throws -> Value {
        guard a.count >= 1, a.count <= 3, case .string(let pathValue) = a[0] else { throw Exceptions.method(.str("readdlm"), a.values) }
        let path = pathValue.value
        var delim: Character? = nil
        var kind = Kind.auto
        var elementType: FlxType = BuiltinTypes.any
        for v in a.values.dropFirst() {
            switch v {
            case .char(let c):
                guard let s = Unicode.Scalar(c) else { throw Exceptions.method(.str("readdlm"), a.values) }
                delim = Character(s)
                if delim == " " { delim = nil }
            case .type(let t):
                elementType = t
                if t === BuiltinTypes.float64 { kind = .float64 }
                else if t === BuiltinTypes.float32 { kind = .float32 }
                else if t === BuiltinTypes.int64 { kind = .int64 }
                else if t === BuiltinTypes.string || t === BuiltinTypes.abstractString { kind = .string }
                else if t === BuiltinTypes.any { kind = .any }
                else { throw Exceptions.argument("readdlm: element type \(TypeNames.show(t)) is not supported (use Float64, Float32, Int, String or Any)") }
            default: throw Exceptions.method(.str("readdlm"), a.values)
            }
        }
        let header = try a.keywordBool("header") ?? false
        let skipstart = try a.keywordInt("skipstart") ?? 0
        var rows = split(try readFile(path), delim: delim)
        if skipstart > 0 {
            // skipstart counts lines of the file, blank or not.
            rows = rows.filter { $0.line > skipstart }
        }
        var headerRow: [String]? = nil
        if header {
            headerRow = rows.first?.fields ?? []
            rows = Array(rows.dropFirst())
        }
        let ncols = rows.map { $0.fields.count }.max() ?? (headerRow?.count ?? 0)
        let nrows = rows.count
        func location(_ line: Int) -> String { "\(path):\(line)" }

        if kind == .auto {
            // Julia tries Float64 and falls back to Any when a field is not a number.
            let numeric = rows.allSatisfy { r in r.fields.count == ncols && r.fields.allSatisfy { parseDouble($0) != nil } }
            kind = numeric ? .float64 : .any
            elementType = numeric ? BuiltinTypes.float64 : BuiltinTypes.any
        }
        let numericKind = kind == .float64 || kind == .float32 || kind == .int64
        // Ragged rows make the matrix bigger than the file (its widest row times its rows).
        let (cells, overflow) = nrows.multipliedReportingOverflow(by: ncols)
        if overflow { throw Exceptions.outOfMemory() }
        var values = try MemoryGuard.values(repeating: .str(""), count: cells)
        for (r, row) in rows.enumerated() {
            if numericKind && row.fields.count != ncols {
                let expected = rows.first { $0.fields.count == ncols }!
                throw Exceptions.argument("\(location(row.line)): row \(r + 1) has \(row.fields.count) column\(row.fields.count == 1 ? "" : "s"), but row \(rows.firstIndex { $0.line == expected.line }! + 1) (line \(expected.line)) has \(ncols)")
            }
            for (c, field) in row.fields.enumerated() {
                let v: Value
                switch kind {
                case .float64, .float32, .int64:
                    let parsed: Value?
                    switch kind {
                    case .float64: parsed = parseDouble(field).map { .float64($0) }
                    case .float32: parsed = parseDouble(field).map { .float32(Float($0)) }
                    default: parsed = Int64(trimmed(field)).map { .int($0) }
                    }
                    guard let p = parsed else {
                        throw Exceptions.argument("\(location(row.line)): cannot parse \(Display.stringRepr(field)) as \(TypeNames.show(elementType)) at row \(r + 1), column \(c + 1)")
                    }
                    v = p
                case .string: v = .str(field)
                case .any, .auto:
                    let t = trimmed(field)
                    if let i = Int64(t) { v = .int(i) }
                    else if t == "true" || t == "false" { v = .bool(t == "true") }
                    else if let d = parseDouble(field) { v = .float64(d) }
                    else { v = .str(field) }
                }
                values[c * nrows + r] = v
            }
        }
        let data = Value.array(try interp.makeArray(values, shape: try Shape([nrows, ncols]), elementType: elementType))
        guard let h = headerRow else { return data }
        let hv = Value.array(try interp.makeArray(h.map { .str($0) }, shape: try Shape([1, h.count]), elementType: BuiltinTypes.abstractString))
        return .tuple([data, hv])
    }

    package static func trimmed(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.first, f == " " || f == "\t" { sub = sub.dropFirst() }
        while let l = sub.last, l == " " || l == "\t" { sub = sub.dropLast() }
        return String(sub)
    }

    /// Julia's `tryparse(Float64, s)`: decimal or scientific notation, `Inf`, `NaN`.
    package static func parseDouble(_ s: String) -> Double? {
        let t = trimmed(s)
        guard !t.isEmpty else { return nil }
        switch t.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        default: break
        }
        guard t.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
        return Double(t)
    }

    package static func writedlm(_ a: Args, _ interp: Interpreter) throws -> Value {
        guard a.count >= 2, a.count <= 3, case .string(let path) = a[0] else { throw Exceptions.method(.str("writedlm"), a.values) }
        var delim = "\t"
        if a.count == 3 {
            switch a[2] {
            case .char(let c): delim = String(Character(Unicode.Scalar(c) ?? " "))
            case .string(let s): delim = s.value
            default: throw Exceptions.method(.str("writedlm"), a.values)
            }
        }
        func cell(_ v: Value) throws -> String {
            if case .string(let s) = v {
                let str = s.value
                if str.contains(delim) || str.contains("\"") || str.contains("\n") {
                    return "\"" + str.replacingAll("\"", "\"\"") + "\""
                }
                return str
            }
            return try Display.printString(v, interp)
        }
        func row(_ v: Value) throws -> String {
            switch v {
            case .array, .tuple: return try interp.collect(v).map(cell).joined(separator: delim)
            default: return try cell(v)
            }
        }
        var out = ""
        switch a[1] {
        case .array(let arr) where arr.rank == 2:
            let (m, n) = (arr.dims[0], arr.dims[1])
            for i in 0..<m {
                out += try (0..<n).map { try cell(arr.element($0 * m + i)) }.joined(separator: delim) + "\n"
            }
        case .array(let arr) where arr.rank <= 1:
            for i in 0..<arr.count { out += try row(arr.element(i)) + "\n" }
        case .array:
            throw Exceptions.argument("writedlm: only vectors and matrices can be written, got \(TypeNames.show(interp.typeOf(a[1])))")
        default:
            for item in try interp.collect(a[1]) { out += try row(item) + "\n" }
        }
        interp.flushOutput()  // "/dev/stdout" shows after what was printed before
        try FileSystem.systemError { try FileSystem.writeFile(path.value, Array(out.utf8)) }
        return .nothing
    }
}

extension String {
    /// Every occurrence of `target` replaced (without Foundation).
    package func replacingAll(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound] + replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
