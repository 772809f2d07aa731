import FlxSyntax
import FlxEngine

/// Julia's three ways of writing a value: `print` (plain), `show`/`repr` (2-arg,
/// unambiguous), and `display` (3-arg text/plain, what the REPL echoes).
public enum Display {
    /// Context for 2-arg show: the element type already printed (so elements drop
    /// their own type markers) and whether to shorten numbers.
    package struct Context {
        package var typeinfo: FlxType? = nil
        package var compact = false

        package init(typeinfo: FlxType? = nil, compact: Bool = false) {
            self.typeinfo = typeinfo
            self.compact = compact
        }
    }

    public static func repr(_ v: Value, _ interp: Interpreter) throws -> String {
        var out = ""
        try show(v, interp, Context(), into: &out)
        return out
    }

    /// `print`/`string`: strings and chars raw, symbols bare, Float32 without `f0`.
    public static func printString(_ v: Value, _ interp: Interpreter) throws -> String {
        switch v {
        case .string(let s): return s.value
        case .char(let c): return String(Character(Unicode.Scalar(c) ?? "\u{FFFD}"))
        case .symbol(let s): return s.name
        case .float32(let f): return FloatFormat.print(f)
        case .float16(let h): return FloatFormat.show(h, typed: false)
        case .sized, .wide: return v.fixedInt!.decimal
        case .tracked(let t): return try printString(t.plain, interp)
        case .native(let n) where n is ExprObject || n is QuoteNodeObject || n is LineNumberNodeObject || n is GlobalRefObject:
            // `print(ex)` and `string(ex)` write the code itself, without `:( )`.
            return ExprShow.unquoted(v, interp)
        case .native(let n as NativePrintable): return try n.printText(interp)
        default:
            if let custom = try userShow(v, interp, mime: false) { return custom }
            return try repr(v, interp)
        }
    }

    /// A user-defined `Base.show(io, x::T)` for struct instances, if any.
    package static func userShow(_ v: Value, _ interp: Interpreter, mime: Bool, compact: Bool = false) throws -> String? {
        guard case .object = v, let f = interp.base.member("show")?.value, case .function(let g as GenericFunction) = f else { return nil }
        let t = interp.typeOf(v)
        let wanted = mime ? 3 : 2
        guard g.methods.contains(where: { m in
            if case .compiled = m.body, m.signature.count == wanted, let last = m.signature.last { return t.isSubtype(of: last) && last !== BuiltinTypes.any }
            return false
        }) else { return nil }
        let io = IOBuffer()
        if compact { io.properties = [("compact", .bool(true))] }
        let saved = interp.displayLimit
        interp.displayLimit = nil
        defer { interp.displayLimit = saved }
        if mime {
            _ = try interp.call(f, [.native(io), .native(MIMEObject.textPlain), v])
        } else {
            _ = try interp.call(f, [.native(io), v])
        }
        return io.contents
    }

    package static func show(_ v: Value, _ interp: Interpreter, _ ctx: Context, into out: inout String) throws {
        // No depth limit (a 300-node linked list prints as in Julia); a structure too
        // deep for the native stack ends in Julia's StackOverflowError instead.
        try NativeStack.check()
        switch v {
        case .nothing: out += "nothing"
        case .missing: out += "missing"
        case .undef: out += "#undef"
        case .cell(let c): try show(c.value, interp, ctx, into: &out)
        case .bool(let b):
            // Inside a Bool array the element type is known: `Bool[1, 0]`.
            out += ctx.typeinfo === BuiltinTypes.bool ? (b ? "1" : "0") : (b ? "true" : "false")
        case .int(let n): out += String(n)
        case .sized, .wide: out += v.fixedInt!.shown
        case .float64(let d): out += ctx.compact ? FloatFormat.compact(d, float32: false) : FloatFormat.show(d)
        case .float32(let f):
            if ctx.compact {
                out += FloatFormat.compact(Double(f), float32: true)
            } else {
                out += FloatFormat.show(f, typed: ctx.typeinfo !== BuiltinTypes.float32)
            }
        case .float16(let h): out += FloatFormat.show(h, typed: !ctx.compact && ctx.typeinfo !== BuiltinTypes.float16)
        case .tracked(let t): try show(t.plain, interp, ctx, into: &out)
        case .char(let c): out += charRepr(c)
        case .string(let s): out += stringRepr(s.value)
        case .symbol(let s): out += symbolRepr(s.name)
        case .tuple(let t):
            out += "("
            for (i, item) in t.items.enumerated() {
                if i > 0 { out += ", " }
                try show(item, interp, Context(compact: ctx.compact), into: &out)
            }
            out += t.items.count == 1 ? ",)" : ")"
        case .namedTuple(let nt):
            if nt.names.isEmpty { out += "NamedTuple()"; return }
            out += "("
            for (i, (n, item)) in zip(nt.names, nt.values).enumerated() {
                if i > 0 { out += ", " }
                out += n + " = "
                try show(item, interp, Context(compact: ctx.compact), into: &out)
            }
            out += nt.names.count == 1 ? ",)" : ")"
        case .pair(let p):
            try show(p.first, interp, ctx, into: &out)
            out += " => "
            try show(p.second, interp, ctx, into: &out)
        case .range(let r): out += rangeRepr(r)
        case .array(let a): try ArrayDisplay.showInline(a, interp, ctx, into: &out)
        case .function(let c): out += functionName(c)
        case .type(let t): out += TypeNames.show(t)
        case .module(let m): out += m.name
        case .object(let o):
            if let custom = try userShow(v, interp, mime: false, compact: ctx.compact) { out += custom; return }
            if o.type.supertype === BuiltinTypes.exception || o.type.isSubtype(of: BuiltinTypes.exception) {
                out += o.type.name + "(" + (try o.fields.map { try repr($0, interp) }.joined(separator: ", ")) + ")"
                return
            }
            if let layerText = try interp.layerShow?(v, interp) { out += layerText; return }
            out += TypeNames.show(o.type) + "("
            if let marker = circularReference(o, interp) {
                out += marker
            } else {
                try showingInside(o, interp) {
                    for (i, f) in o.fields.enumerated() {
                        if i > 0 { out += ", " }
                        try show(f, interp, Context(compact: ctx.compact), into: &out)
                    }
                }
            }
            out += ")"
        case .native(let n):
            if let s = n as? NativeShowable {
                out += try s.show(interp, compact: ctx.compact)
            } else { out += TypeNames.show(n.flxType) + "()" }
        }
    }

    /// Julia's `show_circular`: for an object whose `show` is already in progress
    /// further out, `#= circular reference @-k =#` (k counts the enclosing shows from
    /// the innermost, 1 being the nearest); nil otherwise. Arrays (vectors), structs and
    /// Dicts use it, as in Julia, so a structure that holds itself prints instead of
    /// recursing without end.
    package static func circularReference(_ object: AnyObject, _ interp: Interpreter) -> String? {
        guard let i = interp.shownSet.lastIndex(of: ObjectIdentifier(object)) else { return nil }
        return "#= circular reference @-\(interp.shownSet.count - i) =#"
    }

    /// Runs `body` (which shows the contents of `object`) with `object` in the set of
    /// shows in progress, as Julia's `IOContext(io, :SHOWN_SET => x)`.
    package static func showingInside<R>(_ object: AnyObject, _ interp: Interpreter, _ body: () throws -> R) throws -> R {
        interp.shownSet.append(ObjectIdentifier(object))
        defer { interp.shownSet.removeLast() }
        return try body()
    }

    package static func functionName(_ c: Callable) -> String {
        c.name
    }

    /// Julia's `show(io, c::Char)`: the C escapes for the few that have one, the
    /// character itself when printable, else `\x`, `\u` or `\U` and its hex digits.
    public static func charRepr(_ c: UInt32) -> String {
        switch c {
        case 0x00: return "'\\0'"
        case 0x07: return "'\\a'"
        case 0x08: return "'\\b'"
        case 0x09: return "'\\t'"
        case 0x0A: return "'\\n'"
        case 0x0B: return "'\\v'"
        case 0x0C: return "'\\f'"
        case 0x0D: return "'\\r'"
        case 0x1B: return "'\\e'"
        case 0x27: return "'\\''"
        case 0x5C: return "'\\\\'"
        default:
            if UnicodeCategory(c).isPrintable, let s = Unicode.Scalar(c) { return "'" + String(Character(s)) + "'" }
            return "'" + hexEscape(c, minDigits: 2) + "'"
        }
    }

    /// `\x7f`, `\u200b`, `\U10ffff`: the escape Julia writes for an unprintable code point,
    /// with at least `minDigits` hex digits.
    package static func hexEscape(_ c: UInt32, minDigits: Int) -> String {
        let h = String(c, radix: 16)
        let prefix = c <= 0x7F ? "\\x" : c <= 0xFFFF ? "\\u" : "\\U"
        var digits = h
        while digits.count < minDigits { digits = "0" + digits }
        return prefix + digits
    }

    package static func hex2(_ c: UInt32) -> String {
        let h = String(c, radix: 16)
        return h.count == 1 ? "0" + h : h
    }

    public static func stringRepr(_ s: String) -> String {
        "\"" + escapeString(s, escaping: ["\"", "$"]) + "\""
    }

    /// Julia's `escape_string(s, esc; keep)`: backslash escapes for `esc`, the C escapes,
    /// `\0` (`\x00` before an octal digit), and hex escapes for what is not printable,
    /// written in full when a hex digit follows so that the result reads back the same.
    package static func escapeString(_ s: String, escaping esc: Set<Unicode.Scalar> = [], keep: Set<Unicode.Scalar> = []) -> String {
        var out = ""
        let scalars = Array(s.unicodeScalars)
        for (i, u) in scalars.enumerated() {
            let next = i + 1 < scalars.count ? scalars[i + 1] : nil
            if esc.contains(u) { out += "\\"; out.unicodeScalars.append(u); continue }
            if keep.contains(u) { out.unicodeScalars.append(u); continue }
            let v = u.value
            if v < 0x80 {
                switch v {
                case 0x00: out += next.map { ("0"..."7").contains($0) } == true ? "\\x00" : "\\0"
                case 0x1B: out += "\\e"
                case 0x5C: out += "\\\\"
                case 0x07...0x0D: out += "\\" + String(Array("abtnvfr")[Int(v) - 7])
                default:
                    if UnicodeCategory(v).isPrintable { out.unicodeScalars.append(u) } else { out += hexEscape(v, minDigits: 2) }
                }
                continue
            }
            if UnicodeCategory(v).isPrintable { out.unicodeScalars.append(u); continue }
            let fullHex = next.map { $0.properties.isASCIIHexDigit } == true
            out += hexEscape(v, minDigits: v <= 0xFFFF ? (fullHex ? 4 : 2) : (fullHex ? 8 : 4))
        }
        return out
    }

    package static func symbolRepr(_ name: String) -> String { JuliaOperators.symbolRepr(name) }

    package static func rangeRepr(_ r: RangeValue) -> String {
        switch r.kind {
        case .int(let start, let step, let stop, let unit):
            return unit ? "\(start):\(stop)" : "\(start):\(step):\(stop)"
        case .float(let start, let step, let count):
            let stop = start + step * Double(max(0, count - 1))
            if r.isFloat32 { return [start, step, stop].map { FloatFormat.show(Float($0), typed: true) }.joined(separator: ":") }
            return FloatFormat.show(start) + ":" + FloatFormat.show(step) + ":" + FloatFormat.show(stop)
        }
    }

    /// `display(x)` / the REPL echo: 3-arg show.
    /// With `limit` (the REPL echo), the output is cut to stdout's display size, as
    /// Julia's REPL shows through `IOContext(stdout, :limit => true)`.
    public static func displayString(_ v: Value, _ interp: Interpreter, limit: Bool = false) throws -> String {
        if limit && interp.displayLimit == nil { return try displayString(v, interp, size: DisplaySize.stream(interp)) }
        switch v {
        case .array(let a): return try ArrayDisplay.display(a, interp, limit: interp.displayLimit != nil)
        case .range(let r):
            return rangeRepr(r)
        case .function(let c):
            if let g = c as? GenericFunction {
                let n = g.methods.count
                if g.name.hasPrefix("@") { return "\(g.name) (macro with \(n) method\(n == 1 ? "" : "s"))" }
                return "\(g.name) (generic function with \(n) method\(n == 1 ? "" : "s"))"
            }
            return "\(c.name) (generic function with 1 method)"
        case .char(let c):
            return charRepr(c) + ": " + charDescription(c)
        case .object:
            if let custom = try userShow(v, interp, mime: true) { return custom }
            if let text = try interp.layerDisplay?(v, interp) { return text }
            return try repr(v, interp)
        case .native(let n):
            if let s = n as? NativeShowable, let text = try s.display(interp) { return text }
            return try repr(v, interp)
        case .tracked(let t): return try displayString(t.plain, interp)
        case .type(let t) where t.singletonOf != nil:
            // Julia's `show(io, MIME"text/plain", typeof(f))`.
            let f = t.singletonOf.map { $0.name } ?? ""
            return "\(TypeNames.show(t)) (singleton type of function \(f), subtype of Function)"
        default:
            return try repr(v, interp)
        }
    }

    /// The display form limited to `size` (rows, columns): `displaysize(io)` of a limited io.
    package static func displayString(_ v: Value, _ interp: Interpreter, size: (rows: Int, cols: Int)) throws -> String {
        let saved = interp.displayLimit
        interp.displayLimit = size
        defer { interp.displayLimit = saved }
        return try displayString(v, interp)
    }

    /// The 2-arg form under `:limit` (long vectors and matrices elided with `…`).
    package static func repr(_ v: Value, _ interp: Interpreter, size: (rows: Int, cols: Int)) throws -> String {
        let saved = interp.displayLimit
        interp.displayLimit = size
        defer { interp.displayLimit = saved }
        return try repr(v, interp)
    }

    /// What `show(io, MIME"text/plain"(), c)` writes after the character: its code point
    /// (with `ASCII/` below 0x80) and its general category.
    package static func charDescription(_ c: UInt32) -> String {
        let hex = String(c, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let kind = c < 0x80 ? "ASCII/Unicode" : "Unicode"
        let category = UnicodeCategory(c)
        return "\(kind) U+\(padded) (category \(category.abbreviation): \(category.description))"
    }
}

/// Swift objects whose `print` differs from their `show` (Dates' `Date`: `2020-01-02`
/// printed, `Date("2020-01-02")` shown).
package protocol NativePrintable: AnyObject {
    func printText(_ interp: Interpreter) throws -> String
}

/// Swift objects with their own show/display text.
public protocol NativeShowable: AnyObject {
    func show(_ interp: Interpreter, compact: Bool) throws -> String
    func display(_ interp: Interpreter) throws -> String?
}
