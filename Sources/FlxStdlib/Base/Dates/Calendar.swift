/// The proleptic Gregorian calendar as Julia's Dates counts it: a `Date` is the number of
/// days since 0000-12-31 ("Rata Die": 0001-01-01 is day 1, a Monday), a `DateTime` the
/// milliseconds since 0000-12-31T00:00:00.
package enum Calendar {
    static let msPerDay: Int64 = 86_400_000

    /// Julia's floored division (`fld`) and modulus (`mod`) for Int64.
    static func fld(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
    static func mod(_ a: Int64, _ b: Int64) -> Int64 { a &- fld(a, b) &* b }

    static func isLeapYear(_ y: Int64) -> Bool { (y % 4 == 0) && ((y % 100 != 0) || (y % 400 == 0)) }

    static func daysInMonth(_ y: Int64, _ m: Int64) -> Int64 {
        let days: [Int64] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(m) else { return 0 }
        return m == 2 && isLeapYear(y) ? 29 : days[Int(m - 1)]
    }

    /// The day number of y-m-d (Julia's `totaldays`), counting from March so leap days come last.
    static func totalDays(_ y: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let shifted: [Int64] = [306, 337, 0, 31, 61, 92, 122, 153, 184, 214, 245, 275]
        let z = m < 3 ? y &- 1 : y
        let monthDays = (1...12).contains(m) ? shifted[Int(m - 1)] : 0
        return d &+ monthDays &+ 365 &* z &+ fld(z, 4) &- fld(z, 100) &+ fld(z, 400) &- 306
    }

    /// The inverse of `totalDays` (Julia's `yearmonthday`).
    static func yearMonthDay(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days &+ 306
        let h = 100 &* z &- 25
        let a = fld(h, 3_652_425)
        let b = a &- fld(a, 4)
        let y = fld(100 &* b &+ h, 36525)
        let c = b &+ z &- 365 &* y &- fld(y, 4)
        let m = (5 &* c &+ 456) / 153
        let d = c &- (153 &* m &- 457) / 5
        return m > 12 ? (y &+ 1, m &- 12, d) : (y, m, d)
    }

    /// 1 (Monday) to 7 (Sunday).
    static func dayOfWeek(_ days: Int64) -> Int64 { mod(days &- 1, 7) + 1 }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    /// The month's name; empty for a month number outside 1...12 (an instant so far out
    /// that the calendar arithmetic wrapped).
    static func monthName(_ m: Int64) -> String { (1...12).contains(m) ? monthNames[Int(m - 1)] : "" }
    static func dayName(_ d: Int64) -> String { (1...7).contains(d) ? dayNames[Int(d - 1)] : "" }

    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Julia's `validargs(DateTime, y, m, d, h, mi, s, ms)`: the ArgumentError text, nil when valid.
    static func invalidArguments(_ y: Int64, _ m: Int64, _ d: Int64, _ h: Int64 = 0, _ mi: Int64 = 0, _ s: Int64 = 0,
                                 _ ms: Int64 = 0) -> String? {
        if !(1...12).contains(m) { return "Month: \(m) out of range (1:12)" }
        let last = daysInMonth(y, m)
        if !(1...last).contains(d) { return "Day: \(d) out of range (1:\(last))" }
        if !(0...23).contains(h) && !(h == 24 && mi == 0 && s == 0 && ms == 0) { return "Hour: \(h) out of range (0:23)" }
        if !(0...59).contains(mi) { return "Minute: \(mi) out of range (0:59)" }
        if !(0...59).contains(s) { return "Second: \(s) out of range (0:59)" }
        if !(0...999).contains(ms) { return "Millisecond: \(ms) out of range (0:999)" }
        return nil
    }
}
