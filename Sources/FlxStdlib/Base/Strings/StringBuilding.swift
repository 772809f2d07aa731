import FlxSyntax
import FlxCore

/// Strings made from values: their `print` and `show` forms, joined, replaced within,
/// or padded to a width.
extension StringBuiltins {
    package static var stringBuilding: [Builtin] {
        [
            Builtin("string", { interp, a in
                if a.keyword("base") != nil || a.keyword("pad") != nil { return try integerDigits(a) }
                return .str(try a.values.map { try Display.printString($0, interp) }.joined())
            },
                help: BuiltinHelp("string(xs...)", "Concatenates the `print` forms of its arguments into a String.", "string(\"x = \", 1.5f0)  # \"x = 1.5\"")),
            Builtin("repr", { interp, a in try a.expect("repr", 1...1); return .str(try Display.repr(a[0], interp)) },
                help: BuiltinHelp("repr(x)", "The String that `show` writes for `x`, i.e. how it would be typed back in.", "repr(\"a\")  # \"\\\"a\\\"\"")),
            Builtin("join", joinPrintForms,
                help: BuiltinHelp("join(items, [delim], [last])", "Joins the `print` forms of `items` into one string, with `delim` between them.", "join([1, 2, 3], \", \")  # \"1, 2, 3\"")),
            Builtin("lpad", { interp, a in try pad(a, interp, left: true) },
                help: BuiltinHelp("lpad(s, n, [p = ' '])", "Pads the `string` form of `s` on the left to n characters.", "lpad(7, 3, '0')  # \"007\"")),
            Builtin("rpad", { interp, a in try pad(a, interp, left: false) },
                help: BuiltinHelp("rpad(s, n, [p = ' '])", "Pads the `string` form of `s` on the right to n characters.", "rpad(\"ab\", 4) * \"|\"  # \"ab  |\"")),
        ]
    }

    static func joinPrintForms(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("join", 1...3)
        let items = try interp.collect(a[0]).map { try Display.printString($0, interp) }
        let sep = a.count >= 2 ? try Display.printString(a[1], interp) : ""
        if a.count == 3, items.count >= 2 {
            let last = try Display.printString(a[2], interp)
            return .str(items.dropLast().joined(separator: sep) + last + items.last!)
        }
        return .str(items.joined(separator: sep))
    }

    /// `string(n; base = 10, pad = 1)`: the digits of an integer in a base (2 to 62: after
    /// 0-9, a-z up to base 36, else A-Z then a-z), at least `pad` of them, after a `-`
    /// for a negative n.
    static func integerDigits(_ a: Args) throws -> Value {
        try a.expect("string", 1...1)
        let base = try a.keywordInt("base") ?? 10, pad = try a.keywordInt("pad") ?? 1
        if let b = a[0].bigInt { return try BigIntegers.digits(b, base: base, pad: pad) }
        guard (2...62).contains(base) else { throw Exceptions.argument("base must be ≥ 2 and ≤ 62, got \(base)") }
        let f: FixedInt
        if case .bool(let b) = a[0] { f = FixedInt(.uint8, bits: b ? 1 : 0) } else {
            guard let x = a[0].fixedInt else { throw Exceptions.method(.str("string"), a.values) }
            f = x
        }
        let symbols = Array(base <= 36 ? "0123456789abcdefghijklmnopqrstuvwxyz" : "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var m = f.magnitude
        var digits: [Character] = []
        while m > 0 {
            digits.append(symbols[Int(m % UInt128(base))])
            m /= UInt128(base)
        }
        while digits.count < pad { digits.append("0") }
        return .str((f.isNegative ? "-" : "") + String(digits.reversed()))
    }

    package static func pad(_ a: Args, _ interp: Interpreter, left: Bool) throws -> Value {
        try a.expect(left ? "lpad" : "rpad", 2...3)
        let s = try Display.printString(a[0], interp)
        let n = try a.int(1, left ? "lpad" : "rpad")
        let fill = a.count == 3 ? try Display.printString(a[2], interp) : " "
        // Julia subtracts with Int's wrapping `-` (`signed(n) - textwidth(s)`), so
        // `lpad("a", typemin(Int))` asks for typemax(Int) pad characters and runs out of
        // memory rather than returning `s`.
        let missing = n &- s.count
        guard missing > 0, !fill.isEmpty else { return .str(s) }
        let fillChars = fill.count
        try MemoryGuard.reserve(count: missing, bytesEach: max(1, fill.utf8.count / fillChars))
        let padding = String(String(repeating: fill, count: (missing + fillChars - 1) / fillChars).prefix(missing))
        return .str(left ? padding + s : s + padding)
    }
}
