import FlxSyntax
import FlxCore
/// Strings: building, searching, splitting, case, parsing, padding.
package enum StringBuiltins {
    package static func install(_ interp: Interpreter) {
        let b = interp.base
        b.native("string") { interp, a in
            .str(try a.values.map { try Display.printString($0, interp) }.joined())
        }
        b.native("repr") { interp, a in
            try a.expect("repr", 1...1)
            return .str(try Display.repr(a[0], interp))
        }
        b.native("join") { interp, a in
            try a.expect("join", 1...3)
            let items = try interp.collect(a[0]).map { try Display.printString($0, interp) }
            let sep = a.count >= 2 ? try Display.printString(a[1], interp) : ""
            if a.count == 3, items.count >= 2 {
                let last = try Display.printString(a[2], interp)
                return .str(items.dropLast().joined(separator: sep) + last + items.last!)
            }
            return .str(items.joined(separator: sep))
        }
        b.native("split") { interp, a in
            try a.expect("split", 1...2)
            guard case .string(let s) = a[0] else { throw Exceptions.method(.str("split"), a.values) }
            let keepEmpty = (try a.keywordBool("keepempty")) ?? (a.count == 2)
            var parts: [String]
            if a.count == 2 {
                let sep: String
                switch a[1] {
                case .string(let t): sep = t.value
                case .char(let c): sep = String(Character(Unicode.Scalar(c) ?? " "))
                default: throw Exceptions.method(.str("split"), a.values)
                }
                parts = splitString(s.value, by: sep)
            } else {
                parts = s.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
            }
            if !keepEmpty { parts = parts.filter { !$0.isEmpty } }
            return .array(try interp.makeVector(parts.map { .str($0) }, elementType: BuiltinTypes.string))
        }
        b.native("occursin") { _, a in
            try a.expect("occursin", 2...2)
            guard case .string(let hay) = a[1] else { throw Exceptions.method(.str("occursin"), a.values) }
            switch a[0] {
            case .string(let n): return .bool(n.value.isEmpty || hay.value.contains(n.value))
            case .char(let c): return .bool(hay.value.unicodeScalars.contains { $0.value == c })
            default: throw Exceptions.method(.str("occursin"), a.values)
            }
        }
        b.native("startswith") { _, a in
            try a.expect("startswith", 2...2)
            guard case .string(let s) = a[0], case .string(let p) = a[1] else { throw Exceptions.method(.str("startswith"), a.values) }
            return .bool(s.value.hasPrefix(p.value))
        }
        b.native("endswith") { _, a in
            try a.expect("endswith", 2...2)
            guard case .string(let s) = a[0], case .string(let p) = a[1] else { throw Exceptions.method(.str("endswith"), a.values) }
            return .bool(s.value.hasSuffix(p.value))
        }
        b.native("uppercase") { _, a in try mapString(a, "uppercase") { $0.uppercased() } }
        b.native("lowercase") { _, a in try mapString(a, "lowercase") { $0.lowercased() } }
        b.native("uppercasefirst") { _, a in try mapString(a, "uppercasefirst") { $0.prefix(1).uppercased() + $0.dropFirst() } }
        b.native("strip") { _, a in try mapString(a, "strip") { String($0.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()) } }
        b.native("lstrip") { _, a in try mapString(a, "lstrip") { String($0.drop { $0.isWhitespace }) } }
        b.native("rstrip") { _, a in try mapString(a, "rstrip") { String($0.reversed().drop { $0.isWhitespace }.reversed()) } }
        b.native("chomp") { _, a in try mapString(a, "chomp") { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 } }
        b.native("replace") { interp, a in
            try a.expect("replace", 2...2)
            guard case .string(let s) = a[0], case .pair(let p) = a[1] else { throw Exceptions.method(.str("replace"), a.values) }
            let from = try Display.printString(p.first, interp), to = try Display.printString(p.second, interp)
            guard !from.isEmpty else { return a[0] }
            return .str(splitString(s.value, by: from).joined(separator: to))
        }
        b.native("lpad") { interp, a in try pad(a, interp, left: true) }
        b.native("rpad") { interp, a in try pad(a, interp, left: false) }
        b.native("ncodeunits") { _, a in
            guard a.count == 1, case .string(let s) = a[0] else { throw Exceptions.method(.str("ncodeunits"), a.values) }
            return .int(Int64(s.value.utf8.count))
        }
        b.native("textwidth") { interp, a in .int(Int64(try Display.printString(a[0], interp).count)) }
        b.native("parse") { interp, a in
            try a.expect("parse", 2...2)
            guard case .type(let t) = a[0], case .string(let s) = a[1] else { throw Exceptions.method(.str("parse"), a.values) }
            let text = s.value.trimmingWhitespace()
            if t === BuiltinTypes.int64, let n = Int64(text) { return .int(n) }
            if t === BuiltinTypes.float64, let d = parseFloat(text) { return .float64(d) }
            if t === BuiltinTypes.float32, let d = parseFloat(text) { return .float32(Float(d)) }
            if t === BuiltinTypes.bool, text == "true" || text == "false" { return .bool(text == "true") }
            if t === BuiltinTypes.int64 {
                // Julia's three failures: nothing to parse, a bad digit (named), or too many digits.
                if text.isEmpty { throw Exceptions.argument("input string is empty or only contains whitespace") }
                let body = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
                if let bad = body.first(where: { !("0"..."9").contains($0) }) ?? (body.isEmpty ? text.first : nil) {
                    throw Exceptions.argument("invalid base 10 digit '\(bad)' in \"\(text)\"")
                }
                throw Exceptions.make("OverflowError", [.str("overflow parsing \"\(text)\"")])
            }
            throw Exceptions.argument("cannot parse \"\(s.value)\" as \(TypeNames.show(t))")
        }
        b.native("tryparse") { interp, a in
            do { return try interp.call(interp.base.binding("parse").value, a.values) } catch { return .nothing }
        }
        b.native("chop") { _, a in try mapString(a, "chop") { String($0.dropLast()) } }
        b.native("isdigit") { _, a in
            guard a.count == 1, case .char(let c) = a[0] else { throw Exceptions.method(.str("isdigit"), a.values) }
            return .bool(c >= 48 && c <= 57)
        }
        b.native("isletter") { _, a in
            guard a.count == 1, case .char(let c) = a[0], let s = Unicode.Scalar(c) else { throw Exceptions.method(.str("isletter"), a.values) }
            return .bool(s.properties.isAlphabetic)
        }
        b.native("isspace") { _, a in
            guard a.count == 1, case .char(let c) = a[0], let s = Unicode.Scalar(c) else { throw Exceptions.method(.str("isspace"), a.values) }
            return .bool(s.properties.isWhitespace)
        }
    }

    package static func parseFloat(_ text: String) -> Double? {
        switch text {
        case "Inf", "+Inf", "inf": return .infinity
        case "-Inf", "-inf": return -.infinity
        case "NaN", "nan": return .nan
        default: return Double(text)
        }
    }

    package static func splitString(_ s: String, by sep: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(s)
        while let r = rest.range(of: sep) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    package static func mapString(_ a: Args, _ name: String, _ f: (String) -> String) throws -> Value {
        try a.expect(name, 1...1)
        switch a[0] {
        case .string(let s): return .str(f(s.value))
        case .char(let c):
            let r = f(String(Character(Unicode.Scalar(c) ?? " ")))
            return .char(r.unicodeScalars.first?.value ?? c)
        default: throw Exceptions.method(.str(name), a.values)
        }
    }

    package static func pad(_ a: Args, _ interp: Interpreter, left: Bool) throws -> Value {
        try a.expect(left ? "lpad" : "rpad", 2...3)
        let s = try Display.printString(a[0], interp)
        let n = try a.int(1, "lpad")
        let fill = a.count == 3 ? try Display.printString(a[2], interp) : " "
        let missing = n - s.count
        guard missing > 0, !fill.isEmpty else { return .str(s) }
        let fillChars = fill.count
        try MemoryGuard.reserve(count: missing, bytesEach: max(1, fill.utf8.count / fillChars))
        let padding = String(String(repeating: fill, count: (missing + fillChars - 1) / fillChars).prefix(missing))
        return .str(left ? padding + s : s + padding)
    }
}
