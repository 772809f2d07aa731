import FlxSyntax
import FlxCore
import FlxEngine

/// Julia's `DateFormat`: a format string split into directives (a run of one code letter,
/// `yyyy`, `mm`, `u`, ...) and delimiters (everything else; `\` escapes a letter), used both
/// to print (`Dates.format`) and to parse (`Date(str, fmt)`).
package enum DateFormatting {
    package enum Token: Equatable {
        case part(Character, width: Int)
        case delimiter(String)
    }

    /// The code letters (Julia's `CONVERSION_SPECIFIERS`).
    static let codes: Set<Character> = ["y", "Y", "m", "u", "U", "e", "E", "d", "H", "I", "M", "S", "s", "p"]

    package static func tokens(_ format: String) -> [Token] {
        var out: [Token] = []
        var chars = Array(format)[...]
        func appendDelimiter(_ c: Character) {
            if case .delimiter(let s)? = out.last { out[out.count - 1] = .delimiter(s + String(c)) } else { out.append(.delimiter(String(c))) }
        }
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "\\", let next = chars.first {
                chars = chars.dropFirst()
                appendDelimiter(next)
            } else if codes.contains(c) {
                var width = 1
                while chars.first == c { chars = chars.dropFirst(); width += 1 }
                out.append(.part(c, width: width))
            } else {
                appendDelimiter(c)
            }
        }
        return out
    }

    static func pad(_ n: Int64, _ width: Int) -> String {
        let digits = String(n.magnitude)
        return (n < 0 ? "-" : "") + String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }

    /// `Dates.format(dt, fmt)`.
    package static func format(_ t: TimeObject, _ tokens: [Token]) -> String {
        let (y, m, d) = Calendar.yearMonthDay(t.days)
        let ms = t.timeOfDay
        let hour = ms / 3_600_000, minute = ms / 60_000 % 60, second = ms / 1000 % 60, milli = ms % 1000
        var out = ""
        for token in tokens {
            switch token {
            case .delimiter(let s): out += s
            case .part(let c, let width):
                switch c {
                case "y":
                    // The last `width` digits, as Julia's 'y' directive prints them.
                    let s = pad(y, width)
                    out += s.count > width ? String(s.suffix(width)) : s
                case "Y": out += pad(y, width)
                case "m": out += pad(m, width)
                case "u": out += String(Calendar.monthName(m).prefix(3))
                case "U": out += Calendar.monthName(m)
                case "e": out += String(Calendar.dayName(Calendar.dayOfWeek(t.days)).prefix(3))
                case "E": out += Calendar.dayName(Calendar.dayOfWeek(t.days))
                case "d": out += pad(d, width)
                case "H": out += pad(hour, width)
                case "I": out += pad(hour % 12 == 0 ? 12 : hour % 12, width)
                case "M": out += pad(minute, width)
                case "S": out += pad(second, width)
                case "s":
                    let s = milli % 100 == 0 ? String(milli / 100) : milli % 10 == 0 ? pad(milli / 10, 2) : pad(milli, 3)
                    out += s.count < width ? s + String(repeating: "0", count: width - s.count) : s
                case "p": out += hour < 12 ? "AM" : "PM"
                default: break
                }
            }
        }
        return out
    }

    /// Julia's `show(::DatePart)` and `show(::Delim)` in parse errors.
    static func describe(_ token: Token) -> String {
        switch token {
        case .part(let c, let width): return "DatePart(\(String(repeating: String(c), count: width)))"
        case .delimiter(let s): return s.count == 1 ? "Delim(\(s))" : "Delim(\(s))"
        }
    }

    /// The fields a parse fills: year, month, day, hour, minute, second, millisecond (Julia's
    /// defaults for the ones the string leaves out), and whether 'p' said PM.
    struct Fields {
        var values: [Character: Int64] = [:]
        var pm: Bool? = nil
    }

    /// `parse(Date/DateTime, str, fmt)`: Julia's `tryparsenext_core` with `raise = true`.
    package static func parse(_ text: String, _ tokens: [Token]) throws -> (y: Int64, m: Int64, d: Int64, h: Int64, mi: Int64, s: Int64, ms: Int64) {
        let chars = Array(text)
        var pos = 0
        var fields = Fields()
        func fail(_ index: Int) -> FlxError {
            index >= tokens.count ? Exceptions.argument("Found extra characters at the end of date time string")
                : Exceptions.argument("Unable to parse date time. Expected directive \(describe(tokens[index])) at char \(pos + 1)")
        }
        var index = 0
        parsing: while index < tokens.count {
            if pos >= chars.count { break parsing }
            switch tokens[index] {
            case .delimiter(let s):
                let d = Array(s)
                guard pos + d.count <= chars.count, Array(chars[pos..<(pos + d.count)]) == d else { throw fail(index) }
                pos += d.count
            case .part(let c, let width):
                // A directive right before another reads exactly its width (`yyyymmdd`).
                let fixed: Bool = { if index + 1 < tokens.count, case .part = tokens[index + 1] { return true }; return false }()
                switch c {
                case "u", "U", "e", "E", "p":
                    var end = pos
                    while end < chars.count, chars[end].isLetter { end += 1 }
                    let word = String(chars[pos..<end]).lowercased()
                    if c == "p" {
                        guard word == "am" || word == "pm" else { throw fail(index) }
                        fields.pm = word == "pm"
                    } else if c == "u" || c == "U" {
                        let names = Calendar.monthNames.map { c == "u" ? String($0.prefix(3)).lowercased() : $0.lowercased() }
                        guard let k = names.firstIndex(of: word) else { throw fail(index) }
                        fields.values["m"] = Int64(k + 1)
                    } else {
                        let names = Calendar.dayNames.map { c == "e" ? String($0.prefix(3)).lowercased() : $0.lowercased() }
                        guard names.contains(word) else { throw fail(index) }
                    }
                    pos = end
                default:
                    let limit = fixed ? Swift.min(chars.count, pos + width) : chars.count
                    var end = pos
                    var value: Int64 = 0
                    while end < limit, let digit = chars[end].wholeNumberValue, chars[end].isASCII {
                        value = value &* 10 &+ Int64(digit)
                        end += 1
                    }
                    guard end > pos, !fixed || end - pos == width else { throw fail(index) }
                    if c == "s" {
                        guard end - pos <= 3 else { throw fail(index) }
                        for _ in 0..<(3 - (end - pos)) { value *= 10 }
                    }
                    fields.values[c == "Y" ? "y" : c == "I" ? "H" : c] = value
                    pos = end
                }
            }
            index += 1
        }
        if pos < chars.count { throw fail(index) }
        var hour = fields.values["H"] ?? 0
        if let pm = fields.pm { hour = hour % 12 + (pm ? 12 : 0) }
        return (fields.values["y"] ?? 1, fields.values["m"] ?? 1, fields.values["d"] ?? 1, hour, fields.values["M"] ?? 0,
                fields.values["S"] ?? 0, fields.values["s"] ?? 0)
    }
}

/// A `DateFormat` value (`dateformat"yyyy-mm-dd"`, `DateFormat("...")`).
package final class DateFormatObject: NativeObject, NativeShowable, NativeImmutableValue {
    package let pattern: String
    package let tokens: [DateFormatting.Token]

    package init(_ pattern: String) {
        self.pattern = pattern
        tokens = DateFormatting.tokens(pattern)
    }

    package override var flxType: FlxType { DateTypes.dateFormat }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String { "dateformat\"" + pattern + "\"" }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
    package func isIdentical(to other: NativeObject) -> Bool { (other as? DateFormatObject)?.pattern == pattern }
}
