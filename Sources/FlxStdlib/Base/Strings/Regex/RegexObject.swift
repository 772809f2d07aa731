import FlxSyntax
import FlxCore

/// Julia's `Regex`: a pattern compiled by PCRE2, with the flags it was written with
/// (`r"..."imsx`, `Regex(pattern, flags)`). Matching works on the UTF-8 bytes of the
/// subject; every offset in and out is a 0-based byte offset here, 1-based in flx.
package final class RegexObject: NativeObject, NativeShowable, NativeFields {
    package static let type = FlxType(name: "Regex", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { RegexObject.type }

    package let pattern: String
    package let compileOptions: UInt32
    package let captureCount: Int
    /// Group number → name, for named groups (`(?<hour>\d+)`).
    package let names: [Int: String]
    private let code: OpaquePointer
    private let lib: PCRE2.Library

    /// Compiles `pattern` with the flags `i`, `m`, `s`, `x` (Julia's letters).
    package init(pattern: String, flags: String) throws {
        var options = PCRE2.defaultCompileOptions
        for f in flags {
            switch f {
            case "i": options |= PCRE2.caseless
            case "m": options |= PCRE2.multiline
            case "s": options |= PCRE2.dotall
            case "x": options |= PCRE2.extended
            default: throw Exceptions.argument("unknown regex flag: \(f)")
            }
        }
        let lib = try PCRE2.require()
        self.lib = lib
        var error: Int32 = 0
        var offset = 0
        let bytes = Array(pattern.utf8)
        guard let c = bytes.withUnsafeBufferPointer({ lib.compile($0.baseAddress ?? UnsafePointer(bitPattern: 1), bytes.count, options, &error, &offset, nil) }) else {
            throw Exceptions.error("PCRE compilation error: \(PCRE2.message(lib, error)) at offset \(offset)")
        }
        code = c
        self.pattern = pattern
        compileOptions = options
        var count: UInt32 = 0
        _ = lib.patternInfo(c, PCRE2.infoCaptureCount, &count)
        captureCount = Int(count)
        var nameCount: UInt32 = 0, entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>? = nil
        _ = lib.patternInfo(c, PCRE2.infoNameCount, &nameCount)
        _ = lib.patternInfo(c, PCRE2.infoNameEntrySize, &entrySize)
        _ = lib.patternInfo(c, PCRE2.infoNameTable, &table)
        var names: [Int: String] = [:]
        if let table, nameCount > 0 {
            // Each entry: the group number in two big-endian bytes, then the name, NUL-padded.
            for e in 0..<Int(nameCount) {
                let entry = table + e * Int(entrySize)
                let group = Int(entry[0]) << 8 | Int(entry[1])
                var name: [UInt8] = []
                var k = 2
                while k < Int(entrySize), entry[k] != 0 { name.append(entry[k]); k += 1 }
                names[group] = String(decoding: name, as: UTF8.self)
            }
        }
        self.names = names
    }

    deinit { lib.codeFree(code) }

    /// The flags as Julia shows them after the closing quote, in the order `imsx`.
    package var flags: String {
        var s = ""
        if compileOptions & PCRE2.caseless != 0 { s += "i" }
        if compileOptions & PCRE2.multiline != 0 { s += "m" }
        if compileOptions & PCRE2.dotall != 0 { s += "s" }
        if compileOptions & PCRE2.extended != 0 { s += "x" }
        return s
    }

    /// The byte ranges of the whole match (group 0) and of each group (nil when the group
    /// took no part), or nil when there is no match at or after `start`.
    package func match(_ subject: [UInt8], from start: Int, options: UInt32 = 0) throws -> [Range<Int>?]? {
        guard let data = lib.matchDataCreate(code, nil) else { throw Exceptions.outOfMemory() }
        defer { lib.matchDataFree(data) }
        let rc = subject.withUnsafeBufferPointer { buf in
            lib.match(code, buf.baseAddress ?? UnsafePointer(bitPattern: 1), subject.count, start, options | PCRE2.noUTFCheck, data, nil)
        }
        if rc == PCRE2.errorNoMatch { return nil }
        if rc < 0 { throw Exceptions.error("PCRE.exec error: \(PCRE2.message(lib, rc))") }
        guard let ov = lib.ovector(data) else { return nil }
        return (0...captureCount).map { g -> Range<Int>? in
            let a = ov[2 * g], b = ov[2 * g + 1]
            // Unset groups hold PCRE2_UNSET, ~0, which reads as -1.
            if a < 0 || b < 0 { return nil }
            return a..<max(a, b)
        }
    }

    /// `r"..."flags` with the quotes and backslashes before quotes escaped as a raw
    /// string literal needs.
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        "r" + RegexObject.quotedRaw(pattern) + flags
    }
    package func display(_ interp: Interpreter) throws -> String? { nil }

    /// Julia's `print_quoted_literal`: `"`, then the text with each `"` escaped (and the
    /// backslashes before it doubled), then `"`.
    package static func quotedRaw(_ s: String) -> String {
        var out = "\""
        var backslashes = 0
        for ch in s {
            if ch == "\\" { backslashes += 1; out.append(ch); continue }
            if ch == "\"" { for _ in 0...backslashes { out.append("\\") } }
            backslashes = 0
            out.append(ch)
        }
        for _ in 0..<backslashes { out.append("\\") }
        return out + "\""
    }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "pattern": return .str(pattern)
        case "compile_options": return FixedInt(.uint32, bits: UInt128(compileOptions)).value
        case "match_options": return FixedInt(.uint32, bits: UInt128(PCRE2.noUTFCheck)).value
        default: return nil
        }
    }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}
