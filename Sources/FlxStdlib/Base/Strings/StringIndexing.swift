import FlxSyntax
import FlxCore

/// Julia's string indices are byte offsets where characters start: moving between
/// them (`thisind`, `nextind`, `prevind`), testing one (`isvalid`), the bytes
/// themselves (`codeunit`, `codeunits`) and `SubString`.
extension StringBuiltins {
    package static var stringIndexing: [Builtin] {
        [
            Builtin("thisind", { _, a in
                try a.expect("thisind", 2...2)
                let (s, text) = try string(a, "thisind")
                let i = try a.int(1, "thisind")
                return .int(Int64(try StringIndices.withBytes(text) { try StringIndices.thisind(s, $0, i) }))
            }, help: BuiltinHelp("thisind(s, i)", "The start of the character that byte index `i` falls in (`i` itself at 0 and `ncodeunits(s) + 1`).", "thisind(\"∀x\", 2)  # 1")),
            Builtin("nextind", { _, a in
                try a.expect("nextind", 2...3)
                let (s, text) = try string(a, "nextind")
                let i = try a.int(1, "nextind"), n = a.count == 3 ? try a.int(2, "nextind") : 1
                return .int(Int64(try StringIndices.withBytes(text) { try StringIndices.nextind(s, $0, i, n) }))
            }, help: BuiltinHelp("nextind(s, i, [n = 1])", "The index of the `n`th character after index `i` (past the end, one per step).", "nextind(\"∀x\", 1)  # 4")),
            Builtin("prevind", { _, a in
                try a.expect("prevind", 2...3)
                let (s, text) = try string(a, "prevind")
                let i = try a.int(1, "prevind"), n = a.count == 3 ? try a.int(2, "prevind") : 1
                return .int(Int64(try StringIndices.withBytes(text) { try StringIndices.prevind(s, $0, i, n) }))
            }, help: BuiltinHelp("prevind(s, i, [n = 1])", "The index of the `n`th character before index `i` (0 and below before the start).", "prevind(\"∀x\", 4)  # 1")),
            Builtin("isvalid", { _, a in
                try a.expect("isvalid", 1...2)
                if a.count == 1 {
                    switch a[0] {
                    case .char(let c): return .bool(c <= 0x10FFFF && !(0xD800...0xDFFF).contains(c))
                    case .string: return .bool(true)   // flx strings hold valid UTF-8 only
                    default: throw Exceptions.method(.str("isvalid"), a.values)
                    }
                }
                if case .type(let t) = a[0], t === BuiltinTypes.char {
                    guard a[1].fixedInt != nil else { throw Exceptions.method(.str("isvalid"), a.values) }
                    let v = asInt(a[1])
                    return .bool(v >= 0 && v <= 0x10FFFF && !(0xD800...0xDFFF).contains(v))
                }
                let (_, text) = try string(a, "isvalid")
                let i = try a.int(1, "isvalid")
                return .bool(StringIndices.withBytes(text) { StringIndices.isValid($0, i) })
            }, help: BuiltinHelp("isvalid(s, i)  /  isvalid(c)", "Whether a character starts at byte index `i` of `s`; for a Char, whether it is a valid Unicode scalar.", "isvalid(\"∀x\", 2)  # false")),
            Builtin("codeunit", { _, a in
                try a.expect("codeunit", 1...2)
                let (s, text) = try string(a, "codeunit")
                if a.count == 1 { return .type(BuiltinTypes.uint8) }
                let i = try a.int(1, "codeunit")
                guard let b = StringIndices.withBytes(text, { i >= 1 && i <= $0.count ? $0[i - 1] : nil }) else { throw Exceptions.bounds(s, .int(Int64(i))) }
                return FixedInt(.uint8, bits: UInt128(b)).value
            }, help: BuiltinHelp("codeunit(s, i)", "The `i`th byte of the UTF-8 encoding of `s`, a UInt8.", "codeunit(\"abc\", 2)  # 0x62")),
            Builtin("codeunits", { _, a in
                try a.expect("codeunits", 1...1)
                let (_, text) = try string(a, "codeunits")
                return codeUnits(Array(text.utf8))
            }, help: BuiltinHelp("codeunits(s)", "The UTF-8 bytes of a string as a read-only vector of UInt8 (`Base.CodeUnits`).", "codeunits(\"σ\")  # [0xcf, 0x83]")),
        ]
    }

    /// `SubString(s, i, [j])` and `SubString(s, r::UnitRange)`: the constructor of the
    /// type (and of `SubString{String}`).
    package static func installSubString() {
        let construct: NativeFunction = { _, a in
            try a.expect("SubString", 1...3)
            let (s, text) = try string(a, "SubString")
            let bytes = Array(text.utf8)
            var lo = 1, hi = StringIndices.lastIndex(bytes)
            if a.count == 2, case .range(let r) = a[1], case .int(let start, 1, _, _) = r.kind {
                lo = Int(start)
                hi = Int(start + r.count - 1)
            } else if a.count >= 2 {
                lo = try a.int(1, "SubString")
                if a.count == 3 { hi = try a.int(2, "SubString") }
            }
            return try substring(s, bytes, lo, hi)
        }
        TypeBuiltins.setConstructor(BuiltinTypes.subString, construct)
        if let shared = BuiltinTypes.subString.constructor { BuiltinTypes.subStringOfString.installConstructorOnce(shared) }
    }

    static func string(_ a: Args, _ name: String) throws -> (Value, String) {
        guard case .string(let s) = a[0] else { throw Exceptions.method(.str(name), a.values) }
        return (a[0], s.value)
    }

    /// `SubString(s, i, j)`: Julia's checks (both ends where characters start, within
    /// bounds) and the characters from `i` through the one starting at `j`.
    package static func substring(_ s: Value, _ bytes: [UInt8], _ i: Int, _ j: Int) throws -> Value {
        if j < i { return .substr("") }
        guard i >= 1 && j <= bytes.count else { throw Exceptions.bounds(s, .range(RangeValue(.int(start: Int64(i), step: 1, stop: Int64(j), unit: true)))) }
        for k in [i, j] where !StringIndices.isValid(bytes, k) { throw StringIndices.stringIndexError(s, k) }
        return .substr(String(decoding: bytes[(i - 1)..<StringIndices.lastByte(bytes, ofCharAt: j)], as: UTF8.self))
    }
}
