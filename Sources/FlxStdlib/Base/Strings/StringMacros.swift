import FlxSyntax
import FlxCore
import FlxEngine

/// Base's string macros, which non-standard string literals call: `r"..."flags` (a
/// Regex), `raw"..."`, `s"..."` (a substitution for `replace`), `b"..."` (the bytes,
/// escapes decoded) and `MIME"..."` (a MIME type). The parser hands each the raw text
/// (`Lexer.lexStringMacro`), so what the text means is decided here.
extension StringBuiltins {
    package static func installStringMacros(_ interp: Interpreter) {
        interp.registerMacro("r_str") { _, args, span in
            let (text, flags) = try macroText(args, "r_str")
            // Compiled once, with the literal; a bad pattern raises PCRE's error when it runs.
            do { return Literal(.native(try RegexObject(pattern: text, flags: flags ?? "")), span: span) } catch let e as FlxError {
                return Throw(e, span: span)
            }
        }
        interp.registerMacro("raw_str") { _, args, span in
            Literal(.str(try macroText(args, "raw_str").0), span: span)
        }
        interp.registerMacro("s_str") { _, args, span in
            Literal(.native(SubstitutionString(try macroText(args, "s_str").0)), span: span)
        }
        interp.registerMacro("b_str") { _, args, span in
            do { return Literal(codeUnits(try unescapeBytes(try macroText(args, "b_str").0)), span: span) } catch let e as FlxError {
                return Throw(e, span: span)
            }
        }
        interp.registerMacro("MIME_str") { _, args, span in
            Literal(.type(MIMEObject.type(for: try macroText(args, "MIME_str").0)), span: span)
        }
        interp.base.define("SubstitutionString", .type(SubstitutionString.type))
        TypeBuiltins.setConstructor(SubstitutionString.type) { _, a in
            guard a.count == 1, case .string(let s) = a[0] else { throw Exceptions.method(.type(SubstitutionString.type), a.values) }
            return .native(SubstitutionString(s.value))
        }
    }

    /// The raw text of a string-macro call and its flags (`r"a"i` is `@r_str("a", "i")`).
    static func macroText(_ args: [Expr], _ name: String) throws -> (String, String?) {
        guard let first = args.first, case .string(let text) = first.kind, args.count <= 2 else {
            throw Exceptions.argument("@\(name) takes a string literal")
        }
        if args.count == 2 {
            guard case .string(let flags) = args[1].kind else { throw Exceptions.argument("@\(name): the flags must be a literal") }
            return (text, flags)
        }
        return (text, nil)
    }

    /// Julia's `unescape_string` to bytes: `\xff` is one byte (not a character), `\u`/`\U`
    /// the UTF-8 of a code point, `\ooo` an octal byte, and the C escapes.
    package static func unescapeBytes(_ text: String, keep: Set<Unicode.Scalar> = []) throws -> [UInt8] {
        let b = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        func hex(_ c: UInt8) -> UInt32? {
            switch c {
            case 48...57: return UInt32(c - 48)
            case 97...102: return UInt32(c - 87)
            case 65...70: return UInt32(c - 55)
            default: return nil
            }
        }
        while i < b.count {
            guard b[i] == UInt8(ascii: "\\"), i + 1 < b.count else { out.append(b[i]); i += 1; continue }
            let c = b[i + 1]
            i += 2
            if c < 0x80, keep.contains(Unicode.Scalar(c)) { out += [UInt8(ascii: "\\"), c]; continue }
            switch c {
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let maxDigits = c == UInt8(ascii: "x") ? 2 : c == UInt8(ascii: "u") ? 4 : 8
                var v: UInt32 = 0, n = 0
                while n < maxDigits, i < b.count, let d = hex(b[i]) { v = v << 4 | d; i += 1; n += 1 }
                guard n > 0 else { throw Exceptions.argument("invalid \(c == UInt8(ascii: "x") ? "hex (\\x)" : "unicode (\\u)") escape sequence") }
                if c == UInt8(ascii: "x") { out.append(UInt8(v)) } else {
                    guard v <= 0x10FFFF else { throw Exceptions.argument("invalid unicode escape sequence") }
                    out += StringIndices.utf8(v)
                }
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = UInt32(c - 48), n = 1
                while n < 3, i < b.count, (48...55).contains(b[i]) { v = v << 3 | UInt32(b[i] - 48); i += 1; n += 1 }
                guard v <= 0xFF else { throw Exceptions.argument("octal escape sequence out of range") }
                out.append(UInt8(v))
            default:
                let simple: [UInt8: UInt8] = [UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "a"): 0x07,
                                              UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "v"): 0x0B, UInt8(ascii: "e"): 0x1B]
                if let s = simple[c] { out.append(s) } else { out.append(c) }   // `\\`, `\"`, `\$` and any other: the character
            }
        }
        return out
    }
}

/// `s"\1 and \g<name>"`: the replacement in `replace(s, r"..." => s"...")`, which refers
/// to the match's groups.
package final class SubstitutionString: NativeObject, NativeShowable {
    package static let type = FlxType(name: "SubstitutionString{String}", supertype: BuiltinTypes.abstractString)
    package override var flxType: FlxType { SubstitutionString.type }
    package let text: String
    package init(_ text: String) { self.text = text }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String { "s" + RegexObject.quotedRaw(text) }
    package func display(_ interp: Interpreter) throws -> String? { nil }

    /// The replacement for one match: `\N` and `\g<N>` the group's text, `\g<name>` a
    /// named group's, `\\` a backslash (Julia's `_replace` for a SubstitutionString).
    package func expand(_ m: [Range<Int>?], _ subject: [UInt8], _ regex: RegexObject) throws -> [UInt8] {
        // The C escapes are decoded first; the backslashes of group references stay.
        let kept: Set<Unicode.Scalar> = Set("\\g0123456789".unicodeScalars)
        let b = try StringBuiltins.unescapeBytes(text, keep: kept)
        let shown = String(decoding: b, as: UTF8.self)
        var out: [UInt8] = []
        var i = 0
        func group(_ g: Int) throws {
            guard g >= 0 && g <= regex.captureCount else { throw Exceptions.error("PCRE error: unknown substring") }
            if let r = m[g] { out += subject[r] }
        }
        while i < b.count {
            guard b[i] == UInt8(ascii: "\\") else { out.append(b[i]); i += 1; continue }
            i += 1
            guard i < b.count else { throw Exceptions.error("Bad replacement string: \(shown)") }
            if b[i] == UInt8(ascii: "\\") { out.append(b[i]); i += 1; continue }
            if (48...57).contains(b[i]) {
                var g = 0
                while i < b.count, (48...57).contains(b[i]) { g = g * 10 + Int(b[i] - 48); i += 1 }
                try group(g)
                continue
            }
            if b[i] == UInt8(ascii: "g"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "<"), let close = b[(i + 2)...].firstIndex(of: UInt8(ascii: ">")) {
                let name = String(decoding: b[(i + 2)..<close], as: UTF8.self)
                i = close + 1
                if let g = Int(name) { try group(g); continue }
                guard let g = regex.names.first(where: { $0.value == name })?.key else {
                    throw Exceptions.error("Bad replacement string: Group \(name) not found in regex " + ("r" + RegexObject.quotedRaw(regex.pattern) + regex.flags))
                }
                try group(g)
                continue
            }
            throw Exceptions.error("Bad replacement string: \(shown)")
        }
        return out
    }
}

extension StringBuiltins {
    /// `Base.CodeUnits{UInt8, String}`: the bytes of a string as a read-only vector, what
    /// `b"..."` and `codeunits(s)` give (writing to one is a CanonicalIndexError).
    package static func codeUnits(_ bytes: [UInt8]) -> Value {
        let values = bytes.map { FixedInt(.uint8, bits: UInt128($0)).value }
        return .array(ArrayValue(boxed: values, shape: (try? Shape([values.count])) ?? .scalar, elementType: BuiltinTypes.uint8,
                                 type: BuiltinTypes.codeUnitsOfString))
    }
}

extension MIMEObject {
    nonisolated(unsafe) private static var others: [String: FlxType] = [:]

    /// The type `MIME"text/plain"` names; other MIME types get one each, for signatures.
    package static func type(for mime: String) -> FlxType {
        if mime == "text/plain" { return type }
        // Shared by every interpreter in the process, so read and written under the type lock.
        let (t, made) = typeTableLock.withLock { _ -> (FlxType, Bool) in
            if let t = others[mime] { return (t, false) }
            let t = FlxType(name: "MIME{Symbol(\(Display.stringRepr(mime)))}", supertype: BuiltinTypes.any)
            others[mime] = t
            return (t, true)
        }
        // `MIME"text/html"()` makes the value that selects the methods written for it.
        if made {
            TypeBuiltins.setConstructor(t) { _, a in
                guard a.count == 0 else { throw Exceptions.method(.type(t), a.values) }
                return .native(MIMEValue(mime))
            }
        }
        return t
    }
}

/// A MIME type other than text/plain (`MIME("text/html")`): it only selects the `show`
/// methods a script writes for it.
package final class MIMEValue: NativeObject, NativeShowable {
    package let mime: String
    package init(_ mime: String) { self.mime = mime }
    package override var flxType: FlxType { MIMEObject.type(for: mime) }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String { "MIME type " + mime }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
}
