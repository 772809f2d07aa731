import FlxSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Julia's float printing: shortest round-trip digits (Ryu), fixed notation when
/// the decimal point falls within −4 < pt ≤ 6 of the digits, scientific otherwise,
/// `f` as the exponent letter for a shown Float32, and the 6-significant-digit
/// compact form used inside matrices.
public enum FloatFormat {
    /// The shortest digits that read back to `x`, with the decimal exponent of the
    /// first digit (value = d.ddd × 10^exponent). Swift's `description` already
    /// produces shortest round-trip digits; only its layout differs from Julia's.
    package static func shortestDigits<F: BinaryFloatingPoint & LosslessStringConvertible>(_ x: F) -> (digits: [UInt8], exponent: Int) {
        let text = x.magnitude.description
        var mantissa = Substring(text)
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var pointPos: Int? = nil
        for ch in mantissa {
            if ch == "." { pointPos = digits.count; continue }
            if let v = ch.asciiValue { digits.append(v - 48) }
        }
        let intDigits = pointPos ?? digits.count
        // Normalise: strip leading zeros (moving the exponent) and trailing zeros.
        var leading = 0
        while leading < digits.count - 1 && digits[leading] == 0 { leading += 1 }
        digits.removeFirst(leading)
        while digits.count > 1 && digits.last == 0 { digits.removeLast() }
        let exponent = exp + intDigits - 1 - leading
        return (digits, exponent)
    }

    /// Lays out digits Julia's way. `pt` is the number of digits before the point.
    package static func layout(_ digits: [UInt8], exponent: Int, negative: Bool, expChar: String) -> String {
        let pt = exponent + 1
        var s = negative ? "-" : ""
        let d = digits.map { String($0) }.joined()
        if pt > -4 && pt <= 6 {
            if pt <= 0 {
                s += "0." + String(repeating: "0", count: -pt) + d
            } else if pt >= digits.count {
                s += d + String(repeating: "0", count: pt - digits.count) + ".0"
            } else {
                s += String(d.prefix(pt)) + "." + String(d.dropFirst(pt))
            }
        } else {
            s += String(d.prefix(1)) + "." + (digits.count > 1 ? String(d.dropFirst()) : "0") + expChar + String(exponent)
        }
        return s
    }

    public static func show(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-Inf" : "Inf" }
        if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
        let (d, e) = shortestDigits(x)
        return layout(d, exponent: e, negative: x < 0, expChar: "e")
    }

    /// A Float32 as `show` prints it: `1.0f0`, `1.0f-5`, `NaN32`; `typed: false`
    /// drops the `f0` and the `32` (inside arrays, where the type is already shown).
    public static func show(_ x: Float, typed: Bool) -> String {
        if x.isNaN { return typed ? "NaN32" : "NaN" }
        if x.isInfinite { return (x < 0 ? "-Inf" : "Inf") + (typed ? "32" : "") }
        if x == 0 { return (x.sign == .minus ? "-0.0" : "0.0") + (typed ? "f0" : "") }
        let (d, e) = shortestDigits(x)
        let s = layout(d, exponent: e, negative: x < 0, expChar: "f")
        if typed && !s.contains("f") { return s + "f0" }
        return s
    }

    /// A Float16 as `show` prints it: `Float16(1.5)`, `NaN16`, `-Inf16`; `typed: false`
    /// (inside a Float16 array, compact, or `print`) gives the shortest digits alone.
    /// Half has at most 5 significant digits, so the compact form is the same digits.
    /// Julia's Ryu keeps fixed notation for a half only up to 3 digits before the point
    /// (`Float16(100.0)`, `Float16(1.0e3)`, `Float16(6.55e4)`).
    public static func show(_ x: Float16, typed: Bool) -> String {
        if x.isNaN { return typed ? "NaN16" : "NaN" }
        if x.isInfinite { return (x < 0 ? "-Inf" : "Inf") + (typed ? "16" : "") }
        let body: String
        if x == 0 {
            body = x.sign == .minus ? "-0.0" : "0.0"
        } else {
            let (d, e) = shortestHalfDigits(x)
            body = e + 1 <= 3 ? layout(d, exponent: e, negative: x < 0, expChar: "e")
                : layoutScientific(d, exponent: e, negative: x < 0, expChar: "e")
        }
        return typed ? "Float16(" + body + ")" : body
    }

    /// The shortest digits that read back to the half `x` (nonzero, finite), the closest of
    /// them when several of that length do, as Ryu chooses. Swift's `description` writes a
    /// half that is an integer in full (`65504.0`, where `6.55e4` reads back the same), so
    /// each length is tried: the decimals just below and above |x| with p significant digits.
    package static func shortestHalfDigits(_ x: Float16) -> (digits: [UInt8], exponent: Int) {
        let v = Double(x.magnitude)
        let e10 = Int(exactly: Glibc.floor(Glibc.log10(v))) ?? 0
        for p in 1...5 {
            let scale = Glibc.pow(10, Double(p - 1 - e10))
            var best: (mantissa: Int, distance: Double)? = nil
            for candidate in [(v * scale).rounded(.down), (v * scale).rounded(.up)] where candidate > 0 {
                let back = candidate / scale
                guard Float16(back) == x.magnitude, let m = Int(exactly: candidate) else { continue }
                let distance = Swift.abs(back - v)
                if best == nil || distance < best!.distance { best = (m, distance) }
            }
            if let best {
                var digits = String(best.mantissa).compactMap { $0.asciiValue.map { $0 - 48 } }
                // A carry (9.99 rounded up to 10.0) adds a digit before the point.
                let exponent = e10 + digits.count - p
                while digits.count > 1 && digits.last == 0 { digits.removeLast() }
                return (digits, exponent)
            }
        }
        return shortestDigits(x)
    }

    /// `print` of a Float32: plain digits with `e` exponents, no type suffix.
    public static func print(_ x: Float) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-Inf" : "Inf" }
        if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
        let (d, e) = shortestDigits(x)
        return layout(d, exponent: e, negative: x < 0, expChar: "e")
    }

    /// `x` through one C conversion such as `"%10.6f"` (`@time`'s seconds).
    package static func cFormat(_ format: String, _ x: Double) -> String {
        var buf = [CChar](repeating: 0, count: 64)
        _ = withVaList([x]) { vsnprintf(&buf, 64, format, $0) }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The compact form (`:compact => true`): at most 6 significant digits.
    public static func compact(_ x: Double, float32: Bool) -> String {
        let expChar = float32 ? "f" : "e"
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-Inf" : "Inf" }
        if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
        var (digits, exponent) = float32 ? shortestDigits(Float(x)) : shortestDigits(x)
        if digits.count > 6 {
            // Round the exact binary value to 6 significant digits (C rounds exactly).
            var buf = [CChar](repeating: 0, count: 64)
            _ = withVaList([x.magnitude]) { vsnprintf(&buf, 64, "%.5e", $0) }
            let text = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let parts = text.split(separator: "e")
            digits = parts[0].compactMap { $0.asciiValue }.filter { $0 != 46 }.map { $0 - 48 }
            exponent = Int(parts[1]) ?? 0
            while digits.count > 1 && digits.last == 0 { digits.removeLast() }
        }
        let pt = exponent + 1
        // A rounded value with no fraction left must still be close to x to print as fixed.
        if pt >= digits.count && pt <= 6 && pt > -4 {
            var v = 0.0
            for dg in digits { v = v * 10 + Double(dg) }
            v *= pow(10, Double(pt - digits.count))
            if abs(v - x.magnitude) >= 0.05 {
                return layoutScientific(digits, exponent: exponent, negative: x < 0, expChar: expChar)
            }
        }
        return layout(digits, exponent: exponent, negative: x < 0, expChar: expChar)
    }

    package static func layoutScientific(_ digits: [UInt8], exponent: Int, negative: Bool, expChar: String) -> String {
        let d = digits.map { String($0) }.joined()
        return (negative ? "-" : "") + String(d.prefix(1)) + "." + (digits.count > 1 ? String(d.dropFirst()) : "0") + expChar + String(exponent)
    }
}
