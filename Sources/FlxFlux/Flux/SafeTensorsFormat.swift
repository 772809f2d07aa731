import FlxSyntax
import FlxCore
import FlxStdlib
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// The safetensors file format (https://github.com/huggingface/safetensors): an 8-byte
/// little-endian header length, a JSON header naming each tensor's dtype, shape and
/// byte range, then the raw little-endian data. Data is row-major (NumPy's order) and
/// the shape is the one Python sees; flx arrays are column-major with the same shape,
/// so elements are reordered on the way in and out and `A[i, j]` in flx is `a[i-1, j-1]`
/// in Python.
package enum SafeTensorsFormat {
    package struct Entry {
        package let name: String
        package let tensor: Tensor
        package init(name: String, tensor: Tensor) {
            self.name = name
            self.tensor = tensor
        }
    }

    package typealias FormatError = FileSystem.Failure

    /// Python's safetensors refuses headers above 100 MB; so do we.
    package static let maxHeaderBytes = 100_000_000

    package static func dtypeName(_ d: DType) -> String {
        switch d {
        case .float32: return "F32"
        case .float64: return "F64"
        case .int64: return "I64"
        case .bool: return "BOOL"
        }
    }

    package static func dtype(named s: String) -> DType? {
        switch s {
        case "F32": return .float32
        case "F64": return .float64
        case "I64": return .int64
        case "BOOL": return .bool
        default: return nil
        }
    }

    /// A size as Julia prints it: `(3, 2)`, `(3,)`, `()`.
    package static func shapeText(_ dims: [Int]) -> String {
        dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")"
    }

    // MARK: element order

    /// For each row-major position of an array with these dims, its column-major offset.
    package static func columnMajorOffsets(_ dims: [Int]) -> [Int] {
        let count = dims.reduce(1, *)
        if dims.count <= 1 { return Array(0..<count) }
        var strides = [Int](repeating: 1, count: dims.count)
        for k in 1..<dims.count { strides[k] = strides[k - 1] * dims[k - 1] }
        var out = [Int](repeating: 0, count: count)
        if count == 0 { return out }
        var idx = [Int](repeating: 0, count: dims.count)
        var offset = 0
        for r in 0..<count {
            out[r] = offset
            var k = dims.count - 1
            while k >= 0 {
                idx[k] += 1
                offset += strides[k]
                if idx[k] < dims[k] { break }
                offset -= strides[k] * idx[k]
                idx[k] = 0
                k -= 1
            }
        }
        return out
    }

    // MARK: encoding

    package static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// The bytes of a safetensors file holding these tensors, in this order.
    package static func encode(_ entries: [Entry], metadata: [(String, String)] = []) throws -> [UInt8] {
        var seen: Set<String> = []
        var parts: [String] = []
        if !metadata.isEmpty {
            parts.append(jsonString("__metadata__") + ":{" + metadata.map { jsonString($0.0) + ":" + jsonString($0.1) }.joined(separator: ",") + "}")
        }
        var offset = 0
        for e in entries {
            guard e.name != "__metadata__" else { throw FormatError("the name \"__metadata__\" is reserved") }
            guard seen.insert(e.name).inserted else { throw FormatError("tensor name \"\(e.name)\" appears twice") }
            let bytes = e.tensor.count * e.tensor.dtype.byteWidth
            let dims = e.tensor.shape.dims
            parts.append(jsonString(e.name) + ":{\"dtype\":\"" + dtypeName(e.tensor.dtype) + "\",\"shape\":[" + dims.map(String.init).joined(separator: ",") + "],\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        var header = Array(("{" + parts.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        var n = UInt64(header.count)
        for _ in 0..<8 { out.append(UInt8(n & 0xff)); n >>= 8 }
        out += header
        for e in entries {
            let t = e.tensor
            let order = columnMajorOffsets(t.shape.dims)
            switch t.dtype {
            case .float32: for i in order { appendLE(&out, UInt64(t.floatValue(i).bitPattern), 4) }
            case .float64: for i in order { appendLE(&out, t.doubleValue(i).bitPattern, 8) }
            case .int64: for i in order { appendLE(&out, UInt64(bitPattern: t.intValue(i)), 8) }
            case .bool: for i in order { out.append(t.boolValue(i) ? 1 : 0) }
            }
        }
        return out
    }

    @inline(__always) package static func appendLE(_ out: inout [UInt8], _ v: UInt64, _ width: Int) {
        var v = v
        for _ in 0..<width { out.append(UInt8(v & 0xff)); v >>= 8 }
    }

    // MARK: decoding

    /// The tensors of a safetensors file (in data order) and its metadata. Every length
    /// and offset in the header is checked against the bytes actually present.
    package static func decode(_ bytes: [UInt8]) throws -> (entries: [Entry], metadata: [(String, String)]) {
        guard bytes.count >= 8 else { throw FormatError("file is truncated: \(bytes.count) bytes, shorter than the 8-byte header length") }
        var n: UInt64 = 0
        for i in (0..<8).reversed() { n = n << 8 | UInt64(bytes[i]) }
        guard n <= UInt64(maxHeaderBytes) else { throw FormatError("header length \(n) is too large (the limit is \(maxHeaderBytes) bytes)") }
        let headerLength = Int(n)
        guard 8 + headerLength <= bytes.count else { throw FormatError("file is truncated: header length \(headerLength) but only \(bytes.count - 8) bytes follow") }
        var parser = JSONParser(bytes: bytes, start: 8, end: 8 + headerLength)
        let root = try parser.parseDocument()
        guard case .object(let members) = root else { throw FormatError("header is not a JSON object") }
        let dataStart = 8 + headerLength
        let dataLength = bytes.count - dataStart
        var metadata: [(String, String)] = []
        var infos: [(name: String, dtype: DType, dims: [Int], start: Int, end: Int)] = []
        for (name, value) in members {
            if name == "__metadata__" {
                if case .null = value { continue }
                guard case .object(let m) = value else { throw FormatError("__metadata__ is not an object of strings") }
                for (k, v) in m {
                    guard case .string(let s) = v else { throw FormatError("__metadata__ entry \"\(k)\" is not a string") }
                    metadata.append((k, s))
                }
                continue
            }
            guard case .object(let fields) = value else { throw FormatError("entry \"\(name)\" is not an object") }
            func field(_ f: String) throws -> JSONValue {
                guard let v = fields.first(where: { $0.0 == f })?.1 else { throw FormatError("tensor \"\(name)\" has no \"\(f)\"") }
                return v
            }
            guard case .string(let dtypeText) = try field("dtype") else { throw FormatError("tensor \"\(name)\": dtype is not a string") }
            guard let dtype = dtype(named: dtypeText) else {
                throw FormatError("tensor \"\(name)\" has dtype \(dtypeText); flx reads F32, F64, I64 and BOOL")
            }
            guard case .array(let shapeItems) = try field("shape") else { throw FormatError("tensor \"\(name)\": shape is not an array") }
            guard shapeItems.count <= 64 else { throw FormatError("tensor \"\(name)\" has \(shapeItems.count) dimensions") }
            let dims = try shapeItems.map { item -> Int in
                guard let d = item.nonNegativeInt else { throw FormatError("tensor \"\(name)\": shape has an entry that is not a non-negative integer") }
                return d
            }
            guard case .array(let offs) = try field("data_offsets"), offs.count == 2,
                  let start = offs[0].nonNegativeInt, let end = offs[1].nonNegativeInt else {
                throw FormatError("tensor \"\(name)\": data_offsets is not a pair of non-negative integers")
            }
            var expected = dtype.byteWidth
            for d in dims {
                let (p, o) = expected.multipliedReportingOverflow(by: d)
                guard !o else { throw FormatError("tensor \"\(name)\": shape \(shapeText(dims)) is too large") }
                expected = p
            }
            guard start <= end, end <= dataLength else {
                throw FormatError("tensor \"\(name)\": data_offsets [\(start), \(end)] lie outside the \(dataLength) data bytes (file truncated?)")
            }
            guard end - start == expected else {
                throw FormatError("tensor \"\(name)\": shape \(shapeText(dims)) of \(dtypeText) needs \(expected) bytes, data_offsets give \(end - start)")
            }
            infos.append((name, dtype, dims, start, end))
        }
        infos.sort { $0.start < $1.start || ($0.start == $1.start && $0.end < $1.end) }
        var position = 0
        for info in infos {
            guard info.start == position else { throw FormatError("tensor \"\(info.name)\": data_offsets [\(info.start), \(info.end)] overlap or leave a gap (expected to start at \(position))") }
            position = info.end
        }
        guard position == dataLength else { throw FormatError("the header accounts for \(position) data bytes but the file has \(dataLength)") }
        var entries: [Entry] = []
        for info in infos {
            let t = try Tensor.zeros(info.dtype, try Shape(info.dims))
            let order = columnMajorOffsets(info.dims)
            var p = dataStart + info.start
            func le(_ w: Int) -> UInt64 {
                var v: UInt64 = 0
                for k in (0..<w).reversed() { v = v << 8 | UInt64(bytes[p + k]) }
                p += w
                return v
            }
            switch info.dtype {
            case .float32: for i in order { t.setFloat(Float(bitPattern: UInt32(le(4))), i) }
            case .float64: for i in order { t.setDouble(Double(bitPattern: le(8)), i) }
            case .int64: for i in order { t.setInt(Int64(bitPattern: le(8)), i) }
            case .bool:
                for i in order {
                    guard bytes[p] <= 1 else { throw FormatError("tensor \"\(info.name)\": BOOL byte \(bytes[p]) is neither 0 nor 1") }
                    t.setBool(bytes[p] == 1, i)
                    p += 1
                }
            }
            entries.append(Entry(name: info.name, tensor: t))
        }
        return (entries, metadata)
    }
}

/// A JSON value as the safetensors header needs it (numbers kept as their text).
package indirect enum JSONValue {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    package var nonNegativeInt: Int? {
        guard case .number(let s) = self, !s.isEmpty, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(s)
    }
}

/// A strict, bounds-checked JSON parser (RFC 8259) over a byte range; trailing spaces
/// (safetensors' padding) and other whitespace are allowed after the value.
package struct JSONParser {
    package let bytes: [UInt8]
    package var pos: Int
    package let end: Int
    package var depth = 0
    package static let maxDepth = 64

    package init(bytes: [UInt8], start: Int, end: Int) {
        self.bytes = bytes
        self.pos = start
        self.end = min(end, bytes.count)
    }

    package func fail(_ what: String) -> SafeTensorsFormat.FormatError {
        SafeTensorsFormat.FormatError("corrupt header: \(what) at header byte \(pos - 8)")
    }

    package mutating func parseDocument() throws -> JSONValue {
        skipSpace()
        let v = try parseValue()
        skipSpace()
        guard pos == end else { throw fail("unexpected text after the JSON value") }
        return v
    }

    package mutating func skipSpace() {
        while pos < end, bytes[pos] == 0x20 || bytes[pos] == 0x0a || bytes[pos] == 0x0d || bytes[pos] == 0x09 { pos += 1 }
    }

    package func peek() -> UInt8? { pos < end ? bytes[pos] : nil }

    package mutating func parseValue() throws -> JSONValue {
        guard let c = peek() else { throw fail("unexpected end of header") }
        switch c {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw fail("unexpected character '\(Character(Unicode.Scalar(c)))'")
        }
    }

    package mutating func literal(_ word: String) throws {
        for b in word.utf8 {
            guard peek() == b else { throw fail("invalid literal") }
            pos += 1
        }
    }

    package mutating func enter() throws {
        depth += 1
        guard depth <= JSONParser.maxDepth else { throw fail("nesting deeper than \(JSONParser.maxDepth)") }
    }

    package mutating func parseObject() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var members: [(String, JSONValue)] = []
        var keys: Set<String> = []
        skipSpace()
        if peek() == UInt8(ascii: "}") { pos += 1; return .object(members) }
        while true {
            skipSpace()
            guard peek() == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try parseString()
            guard keys.insert(key).inserted else { throw fail("duplicate key \"\(key)\"") }
            skipSpace()
            guard peek() == UInt8(ascii: ":") else { throw fail("expected ':'") }
            pos += 1
            skipSpace()
            members.append((key, try parseValue()))
            skipSpace()
            guard let c = peek() else { throw fail("unterminated object") }
            pos += 1
            if c == UInt8(ascii: "}") { return .object(members) }
            guard c == UInt8(ascii: ",") else { pos -= 1; throw fail("expected ',' or '}'") }
        }
    }

    package mutating func parseArray() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var items: [JSONValue] = []
        skipSpace()
        if peek() == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try parseValue())
            skipSpace()
            guard let c = peek() else { throw fail("unterminated array") }
            pos += 1
            if c == UInt8(ascii: "]") { return .array(items) }
            guard c == UInt8(ascii: ",") else { pos -= 1; throw fail("expected ',' or ']'") }
        }
    }

    package mutating func parseNumber() throws -> String {
        let start = pos
        if peek() == UInt8(ascii: "-") { pos += 1 }
        func digits() -> Int {
            var n = 0
            while let c = peek(), c >= 0x30, c <= 0x39 { pos += 1; n += 1 }
            return n
        }
        if peek() == UInt8(ascii: "0") {
            pos += 1
        } else {
            guard digits() > 0 else { throw fail("invalid number") }
        }
        if peek() == UInt8(ascii: ".") {
            pos += 1
            guard digits() > 0 else { throw fail("invalid number") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            pos += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { pos += 1 }
            guard digits() > 0 else { throw fail("invalid number") }
        }
        guard pos - start <= 40 else { throw fail("number too long") }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    package mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= end else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    package mutating func parseString() throws -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw fail("unterminated string") }
            pos += 1
            if c == UInt8(ascii: "\"") { break }
            if c < 0x20 { throw fail("control character in a string") }
            if c != UInt8(ascii: "\\") { out.append(c); continue }
            guard let e = peek() else { throw fail("unterminated string") }
            pos += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if code >= 0xD800 && code < 0xDC00 {
                    guard pos + 6 <= end, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else { throw fail("unpaired surrogate") }
                    pos += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw fail("unpaired surrogate") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if code >= 0xDC00 && code < 0xE000 {
                    throw fail("unpaired surrogate")
                }
                guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
                out += Array(String(Character(scalar)).utf8)
            default: throw fail("invalid escape")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in a string") }
        return s
    }
}
