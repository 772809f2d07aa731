/// Julia's text for floats as `print` / `show` write them (Ryu shortest digits;
/// fixed notation iff -4 < pt ≤ 6, else `d.ddde±N`; Float32 `show` uses `f`).
/// Used for rule display and for the values quoted in error messages.
enum JuliaNumberText {
    /// `print(x)` (and string interpolation): `0.001`, `1.0e-8`, `NaN`, `Inf`.
    static func print(_ x: Double, float32: Bool) -> String { format(x, float32: float32, typed: false) }

    /// `show(x)`: like print, but a Float32 writes `0.1f0`, `1.0f-5`, `NaN32`, `Inf32`.
    static func show(_ x: Double, float32: Bool) -> String { format(x, float32: float32, typed: true) }

    /// `show` under `:compact => true` (a Leaf's rule): at most 6 significant digits, no `f0`,
    /// but a Float32 keeps its `f` exponent.
    static func compact(_ x: Double, float32: Bool) -> String { format(x, float32: float32, typed: false, compact: true) }

    private static func format(_ x: Double, float32: Bool, typed: Bool, compact: Bool = false) -> String {
        let f32 = float32 && typed
        if x.isNaN { return f32 ? "NaN32" : "NaN" }
        if x.isInfinite { return (x < 0 ? "-" : "") + (f32 ? "Inf32" : "Inf") }
        // Swift's description is the shortest round-trip digit string too.
        let raw = float32 ? Float(x).description : x.description
        var s = Substring(raw)
        var neg = false
        if s.hasPrefix("-") { neg = true; s = s.dropFirst() }
        var mantissa = s, exp10 = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = s[..<e]
            exp10 = Int(String(s[s.index(after: e)...].filter { $0 != "+" })) ?? 0
        }
        var intPart = mantissa, frac = Substring("")
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            frac = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(intPart) + String(frac)
        var pt = intPart.count + exp10
        // Strip leading zeros (moving the point) and trailing zeros.
        while digits.count > 1, digits.first == "0" { digits.removeFirst(); pt -= 1 }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        var forceScientific = false
        if compact && digits.count > 6 {
            // Round the shortest digits to 6: half up, an exact tie to even.
            var d = digits.map { Int($0.asciiValue! - 48) }
            let first = d[6], rest = d[7...]
            let up = first > 5 || (first == 5 && (rest.contains { $0 != 0 } || d[5] % 2 == 1))
            d = Array(d[0..<6])
            if up {
                var k = 5
                while k >= 0 { d[k] += 1; if d[k] < 10 { break }; d[k] = 0; k -= 1 }
                if k < 0 { d = [1]; pt += 1 }
            }
            while d.count > 1, d.last == 0 { d.removeLast() }
            digits = String(d.map { Character(String($0)) })
            if pt >= digits.count, let r = Double(digits + "e" + String(pt - digits.count)), abs(abs(x) - r) > 0.05 {
                forceScientific = true
            }
        }
        let sciChar = compact ? (float32 ? "f" : "e") : (f32 ? "f" : "e")
        var out = neg ? "-" : ""
        if digits == "0" {
            out += "0.0"
            if f32 { out += "f0" }
            return out
        }
        if pt > -4 && pt <= 6 && !forceScientific {
            if pt <= 0 {
                out += "0." + String(repeating: "0", count: -pt) + digits
            } else if pt >= digits.count {
                out += digits + String(repeating: "0", count: pt - digits.count) + ".0"
            } else {
                let i = digits.index(digits.startIndex, offsetBy: pt)
                out += digits[..<i] + "." + digits[i...]
            }
            if f32 { out += "f0" }
        } else {
            let first = digits.prefix(1), rest = digits.dropFirst()
            out += first + "." + (rest.isEmpty ? "0" : rest) + sciChar + String(pt - 1)
        }
        return out
    }
}

extension HyperValue {
    /// `print` of the value (string interpolation): no `f0`, but tuple members are
    /// shown (`(0.9f0, 0.999f0)`), as Julia prints a tuple.
    var printText: String {
        switch self {
        case .real(let d, let f): return JuliaNumberText.print(d, float32: f)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .pair(let a, let b): return "(\(a.showText), \(b.showText))"
        }
    }

    /// `show` of the value: Float32 with `f0`.
    var showText: String {
        switch self {
        case .real(let d, let f): return JuliaNumberText.show(d, float32: f)
        case .pair, .int, .bool: return printText
        }
    }

    /// Julia type name, as a parametric struct's show writes it.
    var juliaTypeName: String {
        switch self {
        case .real(_, let f): return f ? "Float32" : "Float64"
        case .int: return "Int64"
        case .bool: return "Bool"
        case .pair(let a, let b): return "Tuple{\(a.juliaTypeName), \(b.juliaTypeName)}"
        }
    }
}

extension Rule: CustomStringConvertible {
    /// Julia's `show(rule)` (Optimisers ≥ 0.4.5 forms; legacy rules as Flux 0.13's default
    /// struct show with an empty state IdDict). `compact` is the `:compact => true` context of
    /// a `Leaf`, which only changes how a Float32 `Descent` eta is written.
    public func juliaShow(compact: Bool = false) -> String {
        definition.show(self, compact: compact)
    }

    public var description: String { juliaShow() }
}
