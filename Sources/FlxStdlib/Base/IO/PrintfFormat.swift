import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// C-style formatting for `@printf` / `@sprintf`, as Julia's Printf does it: numbers
/// through C's formatting, except that negative hex and octal keep their sign (`-ff`),
/// NaN and Inf print as Julia spells them, `%s` and `%c` print any value (`%5.3s` cuts to
/// three characters), and `*` takes a width or precision from the arguments.
package enum Format {
    /// One conversion: `%[flags][width][.precision]conv`.
    struct Spec {
        var flags = ""
        var width: Int? = nil
        var precision: Int? = nil
        var conv: Character = "s"
        var leftAlign: Bool { flags.contains("-") }
        /// The spec for C without width and precision (those are passed as numbers).
        var cFlags: String { "%" + flags }
    }

    package static func printf(_ format: String, _ args: [Value], _ interp: Interpreter) throws -> String {
        var out = ""
        let chars = Array(format)
        var i = 0
        var argIndex = 0
        var pieces: [(Spec, [Value])] = []   // checked first: Julia writes nothing on a count mismatch
        var literal: [String] = [""]
        func nextArg() -> Value? {
            defer { argIndex += 1 }
            return argIndex < args.count ? args[argIndex] : nil
        }
        while i < chars.count {
            let c = chars[i]
            guard c == "%" else { literal[literal.count - 1].append(c); i += 1; continue }
            if i + 1 < chars.count && chars[i + 1] == "%" { literal[literal.count - 1].append("%"); i += 2; continue }
            i += 1
            var spec = Spec()
            var starArgs: [Value] = []
            while i < chars.count, "-+ #0".contains(chars[i]) { spec.flags.append(chars[i]); i += 1 }
            if i < chars.count, chars[i] == "*" {
                i += 1
                if let w = nextArg() { starArgs.append(w) }
            } else {
                var digits = ""
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
                if !digits.isEmpty { spec.width = Int(digits) ?? Int.max }
            }
            if i < chars.count, chars[i] == "." {
                i += 1
                if i < chars.count, chars[i] == "*" {
                    i += 1
                    spec.precision = -1   // filled from the arguments below
                    if let p = nextArg() { starArgs.append(p) }
                } else {
                    var digits = ""
                    while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
                    spec.precision = Int(digits) ?? (digits.isEmpty ? 0 : Int.max)
                }
            }
            // Length modifiers (`%ld`, `%hhd`) are accepted and ignored, as Julia does.
            while i < chars.count, "hlLqjzt".contains(chars[i]) { i += 1 }
            guard i < chars.count, "diouxXeEfFgGaAcs".contains(chars[i]) else {
                throw Exceptions.argument("invalid printf format string: \(Display.stringRepr(format))")
            }
            spec.conv = chars[i]
            i += 1
            var taken = starArgs
            if let v = nextArg() { taken.append(v) }
            pieces.append((spec, taken))
            literal.append("")
        }
        guard argIndex == args.count else {
            throw Exceptions.argument("Number of format specifiers and number of provided args differ: \(argIndex) != \(args.count)")
        }
        out += literal[0]
        for (k, (spec0, values)) in pieces.enumerated() {
            var spec = spec0
            var values = values[...]
            if values.count > 1 {
                // Star arguments come first: width (if `*` was there), then precision.
                let stars = values.count - 1
                var starValues = Array(values.prefix(stars))
                values = values.dropFirst(stars)
                if spec.precision == -1 {
                    let p = starValues.removeLast()
                    spec.precision = Int(truncatingIfNeeded: asInt(p))
                }
                if let w = starValues.first {
                    let n = Int(truncatingIfNeeded: asInt(w))
                    // A negative `*` width means left-aligned, as in C.
                    if n < 0 { spec.flags.append("-") }
                    spec.width = n == Int.min ? Int.max : abs(n)
                }
            }
            if spec.precision.map({ $0 < 0 }) == true { spec.precision = nil }
            guard let v = values.first else { continue }
            out += try formatOne(spec, v, interp)
            out += literal[k + 1]
        }
        return out
    }

    static func formatOne(_ spec: Spec, _ arg: Value, _ interp: Interpreter) throws -> String {
        let v = OperatorBuiltins.plain(arg)
        switch spec.conv {
        case "s":
            var text = try Display.printString(v, interp)
            if let p = spec.precision, p < text.count { text = String(text.prefix(p)) }
            return try pad(text, spec, zeros: false)
        case "c":
            // Julia's `Char(first(arg))`: a Char, the first of a string, or a code point.
            var c: Value = v
            if case .string(let s) = v {
                guard let first = s.value.unicodeScalars.first else { throw Exceptions.argument("collection must be non-empty") }
                c = .char(first.value)
            } else if v.fixedInt != nil {
                c = try interp.call(.type(BuiltinTypes.char), [v])
            }
            guard case .char = c else { throw Exceptions.method(.str("Char"), [v]) }
            return try pad(try Display.printString(c, interp), spec, zeros: false)
        case "d", "i", "u":
            switch v {
            case .float64, .float32:
                // Printf formats a float given to %d as %.0f.
                var f = spec
                f.conv = "f"
                f.precision = 0
                return try float(f, asDouble(v))
            default:
                guard let n = v.fixedInt ?? (isBool(v) ? FixedInt(.int64, bits: asInt(v) != 0 ? 1 : 0) : nil) else {
                    throw Exceptions.method(.str("ndigits"), [v])
                }
                return try integer(spec, magnitude: n.magnitude, negative: n.isNegative, radix: 10, uppercase: false)
            }
        case "x", "X", "o":
            guard let n = v.fixedInt ?? (isBool(v) ? FixedInt(.int64, bits: asInt(v) != 0 ? 1 : 0) : nil) else {
                throw Exceptions.method(.str("string"), [v])
            }
            return try integer(spec, magnitude: n.magnitude, negative: n.isNegative, radix: spec.conv == "o" ? 8 : 16, uppercase: spec.conv == "X")
        default:
            guard scalarRank(v) != nil || isBool(v) else { throw Exceptions.method(.str("Printf.fmt"), [v]) }
            return try float(spec, asDouble(v))
        }
    }

    static func isBool(_ v: Value) -> Bool { if case .bool = v { return true }; return false }

    /// An integer in base 10, 16 or 8: its digits (at least `precision` of them), the sign
    /// (`-`, or `+`/space with those flags), `0x`/`0` with `#`, then padding.
    static func integer(_ spec: Spec, magnitude: UInt128, negative: Bool, radix: Int, uppercase: Bool) throws -> String {
        var digits = String(magnitude, radix: radix, uppercase: uppercase)
        if let p = spec.precision {
            if p == 0 && magnitude == 0 { digits = "" }
            try MemoryGuard.reserve(count: p, bytesEach: 1)
            while digits.count < p { digits = "0" + digits }
        }
        var prefix = negative ? "-" : spec.flags.contains("+") ? "+" : spec.flags.contains(" ") ? " " : ""
        if spec.flags.contains("#") && magnitude != 0 {
            if radix == 16 { prefix += uppercase ? "0X" : "0x" } else if radix == 8 && !digits.hasPrefix("0") { digits = "0" + digits }
        }
        // The `0` flag pads between the sign and the digits (ignored with a precision).
        if spec.flags.contains("0") && !spec.leftAlign && spec.precision == nil, let w = spec.width, prefix.count + digits.count < w {
            try MemoryGuard.reserve(count: w, bytesEach: 1)
            while prefix.count + digits.count < w { digits = "0" + digits }
        }
        return try pad(prefix + digits, spec, zeros: false)
    }

    /// A float through C's `%e/%f/%g/%a`, except NaN and ±Inf, which Julia writes as
    /// `NaN` and `Inf` (padded with spaces, never zeros).
    static func float(_ spec: Spec, _ x: Double) throws -> String {
        if !x.isFinite {
            let sign = x.isNaN ? "" : x < 0 ? "-" : spec.flags.contains("+") ? "+" : spec.flags.contains(" ") ? " " : ""
            return try pad(sign + (x.isNaN ? "NaN" : "Inf"), spec, zeros: false)
        }
        let width = spec.width ?? 0, precision = spec.precision
        let (field, overflow) = width.addingReportingOverflow(precision ?? 0)
        try MemoryGuard.reserve(count: overflow ? Int.max : field, bytesEach: 1)
        var cspec = spec.cFlags
        if spec.width != nil { cspec += "*" }
        if precision != nil { cspec += ".*" }
        cspec.append(spec.conv)
        let size = 512 + (overflow ? 0 : field)
        var buf = [CChar](repeating: 0, count: size)
        let w = Int32(clamping: width), p = Int32(clamping: precision ?? 0)
        _ = buf.withUnsafeMutableBufferPointer { out -> Int32 in
            switch (spec.width != nil, precision != nil) {
            case (true, true): return withVaList([w, p, x]) { vsnprintf(out.baseAddress, size, cspec, $0) }
            case (true, false): return withVaList([w, x]) { vsnprintf(out.baseAddress, size, cspec, $0) }
            case (false, true): return withVaList([p, x]) { vsnprintf(out.baseAddress, size, cspec, $0) }
            case (false, false): return withVaList([x]) { vsnprintf(out.baseAddress, size, cspec, $0) }
            }
        }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `text` padded with spaces to the spec's width (on the right with the `-` flag).
    static func pad(_ text: String, _ spec: Spec, zeros: Bool) throws -> String {
        guard let w = spec.width, text.count < w else { return text }
        try MemoryGuard.reserve(count: w, bytesEach: 1)
        var padding = ""
        for _ in 0..<(w - text.count) { padding.append(zeros ? "0" : " ") }
        return spec.leftAlign ? text + padding : padding + text
    }
}
