import FlxSyntax
import FlxCore
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// The `Dates` standard library: its types' constructors, `now`/`today`, the accessors
/// (`year`, `dayofweek`, `monthname`, ...), `Dates.format`, `DateFormat` and
/// `dateformat"..."`, `Dates.value` and the internals the manual's examples reach for
/// (`Dates.validargs`, `Dates.UTD`, `Dates.totaldays`). Its names live in the `Dates`
/// module; `using Dates` brings in the exported ones, as in Julia.
package enum DatesLibrary {
    static let exported: Set<String> = [
        "Date", "DateTime", "Year", "Quarter", "Month", "Week", "Day", "Hour", "Minute", "Second", "Millisecond", "Microsecond",
        "Nanosecond", "Period", "DatePeriod", "TimePeriod", "TimeType", "AbstractTime", "DateFormat", "@dateformat_str", "UTC",
        "now", "today", "year", "month", "day", "hour", "minute", "second", "millisecond", "dayofweek", "dayofmonth",
        "dayofyear", "dayname", "dayabbr", "monthname", "monthabbr", "isleapyear", "daysinmonth", "daysinyear", "yearmonthday",
        "yearmonth", "monthday", "quarterofyear", "week", "firstdayofmonth", "lastdayofmonth", "firstdayofyear",
        "lastdayofyear", "unix2datetime", "datetime2unix", "canonicalize",
    ]

    package static func install(_ interp: Interpreter) {
        let dates = ModuleValue(name: "Dates", parent: interp.base)
        interp.modules["Dates"] = dates
        func define(_ name: String, _ value: Value) { dates.define(name, value, export: exported.contains(name)) }
        for t in [DateTypes.abstractTime, DateTypes.timeType, DateTypes.period, DateTypes.datePeriod, DateTypes.timePeriod] {
            define(t.name, .type(t))
        }
        define("CompoundPeriod", .type(DateTypes.compoundPeriod))
        TypeBuiltins.setConstructor(DateTypes.compoundPeriod) { interp, a in
            var items = a.values
            if items.count == 1, case .array = items[0] { items = try interp.collect(items[0]) }
            return .native(CompoundPeriodObject(try items.map { v in
                guard case .native(let p as PeriodObject) = v else { throw Exceptions.method(.type(DateTypes.compoundPeriod), a.values) }
                return p
            }))
        }
        define("UTInstant", .type(DateTypes.utInstant))
        define("UTC", .type(DateTypes.utc))
        define("DateFormat", .type(DateTypes.dateFormat))
        TypeBuiltins.setConstructor(DateTypes.dateFormat) { _, a in
            guard a.count == 1, case .string(let s) = a[0] else { throw Exceptions.method(.type(DateTypes.dateFormat), a.values) }
            return .native(DateFormatObject(s.value))
        }
        define("Date", .type(DateTypes.date))
        TypeBuiltins.setConstructor(DateTypes.date) { interp, a in try construct(dateTime: false, interp, a) }
        define("DateTime", .type(DateTypes.dateTime))
        TypeBuiltins.setConstructor(DateTypes.dateTime) { interp, a in try construct(dateTime: true, interp, a) }
        for unit in PeriodUnit.allCases {
            define(unit.typeName, .type(unit.type))
            TypeBuiltins.setConstructor(unit.type) { interp, a in try period(unit, interp, a) }
        }
        dates.register(functions, helpInto: interp.builtinHelp)
        for name in dates.exports where dates.member(name) == nil { dates.exports.remove(name) }
        for (name, help) in typeHelp { interp.builtinHelp.add(help, for: name) }
        interp.registerMacro("dateformat_str") { _, args, span in
            Literal(.native(DateFormatObject(try StringBuiltins.macroText(args, "dateformat_str").0)), span: span)
        }
    }

    static let typeHelp: [(String, BuiltinHelp)] = {
        var entries: [(String, BuiltinHelp)] = [
            ("Date", BuiltinHelp("Date(y, m = 1, d = 1)  /  Date(str[, fmt])", "A calendar day (proleptic Gregorian). Built from numbers (checked: `Date(2020, 2, 30)` is an ArgumentError), parsed from a string (`yyyy-mm-dd`, or the given format), or taken from a DateTime. Prints as `2020-01-02`.", "Date(2020, 1, 2) + Day(30)  # 2020-02-01")),
            ("DateTime", BuiltinHelp("DateTime(y, m = 1, d = 1, h = 0, mi = 0, s = 0, ms = 0)  /  DateTime(str[, fmt])", "An instant to the millisecond, without time zone. Prints as `2020-01-02T03:04:05` (milliseconds when there are some).", "DateTime(2020, 1, 2, 3, 4, 5) + Hour(1)")),
            ("DateFormat", BuiltinHelp("DateFormat(str)  /  dateformat\"...\"", "A date format for `Dates.format` and parsing: `yyyy` year, `mm` month, `dd` day, `HH` hour, `MM` minute, `SS` second, `s` milliseconds, `u`/`U` month name, `e`/`E` day name, `p` AM/PM; `\\` escapes a letter.", "Date(\"02/01/2020\", dateformat\"dd/mm/yyyy\")")),
            ("CompoundPeriod", BuiltinHelp("Dates.CompoundPeriod(periods...)", "Periods of different units together, coarsest first (what `Hour(1) + Minute(30)` makes).", "Hour(1) + Minute(30)  # 1 hour, 30 minutes")),
            ("UTC", BuiltinHelp("UTC", "The time zone `now(UTC)` asks for.", "now(UTC)")),
            ("UTInstant", BuiltinHelp("Dates.UTInstant", "An instant as a count of days (`Dates.UTD`) or milliseconds (`Dates.UTM`) since 0000-12-31, what Date and DateTime hold.", "Date(Dates.UTD(1))  # 0001-01-01")),
            ("AbstractTime", BuiltinHelp("AbstractTime", "The supertype of Dates' instants and periods.", "Day(1) isa Dates.AbstractTime  # true")),
            ("TimeType", BuiltinHelp("TimeType", "The supertype of `Date` and `DateTime`.", "Date(2020) isa Dates.TimeType  # true")),
            ("Period", BuiltinHelp("Period", "The supertype of the periods (`Year` to `Nanosecond`).", "Day(1) isa Dates.Period  # true")),
            ("DatePeriod", BuiltinHelp("DatePeriod", "The supertype of `Year`, `Quarter`, `Month`, `Week` and `Day`.", "Month(1) isa Dates.DatePeriod  # true")),
            ("TimePeriod", BuiltinHelp("TimePeriod", "The supertype of `Hour` down to `Nanosecond`.", "Hour(1) isa Dates.TimePeriod  # true")),
        ]
        for unit in PeriodUnit.allCases {
            let n = unit.typeName
            entries.append((n, BuiltinHelp("\(n)(v)  /  \(n)(dt)", "A period of `v` \(n.lowercased())s (printed `3 \(n.lowercased())s`), added to and subtracted from dates; `\(n)(dt)` is the \(n.lowercased()) part of an instant, and `\(n)(p)` converts another period exactly.", "Date(2020, 1, 31) + \(n == "Month" ? "Month(1)  # 2020-02-29" : "\(n)(2)")")))
        }
        return entries
    }()

    static func int(_ v: Value, _ name: String, _ all: [Value]) throws -> Int64 {
        if let n = DatesArithmetic.integer(v) { return n }
        if case .native(let p as PeriodObject) = v { return p.value }
        throw Exceptions.method(.str(name), all)
    }

    static func time(_ v: Value, _ name: String) throws -> TimeObject {
        guard case .native(let t as TimeObject) = v else { throw Exceptions.method(.str(name), [v]) }
        return t
    }

    /// `Date(...)` and `DateTime(...)`: from numbers (validated), a string (with an optional
    /// format), the other instant type, or a `UTInstant`.
    static func construct(dateTime: Bool, _ interp: Interpreter, _ a: Args) throws -> Value {
        let name = dateTime ? "DateTime" : "Date"
        let type = Value.type(dateTime ? DateTypes.dateTime : DateTypes.date)
        guard a.count >= 1 else { throw Exceptions.method(type, []) }
        switch a[0] {
        case .string(let s):
            guard a.count <= 2 else { throw Exceptions.method(type, a.values) }
            var tokens = DateFormatting.tokens(dateTime ? "yyyy-mm-dd\\THH:MM:SS.s" : "yyyy-mm-dd")
            if a.count == 2 {
                switch a[1] {
                case .string(let f): tokens = DateFormatting.tokens(f.value)
                case .native(let f as DateFormatObject): tokens = f.tokens
                default: throw Exceptions.method(type, a.values)
                }
            }
            let f = try DateFormatting.parse(s.value, tokens)
            return try make(dateTime: dateTime, [f.y, f.m, f.d, f.h, f.mi, f.s, f.ms])
        case .native(let t as TimeObject):
            guard a.count == 1 else { throw Exceptions.method(type, a.values) }
            return .native(dateTime ? TimeObject(dateTime: t.milliseconds) : TimeObject(date: t.days))
        case .native(let u as UTInstantObject):
            guard a.count == 1 else { throw Exceptions.method(type, a.values) }
            if dateTime { return .native(TimeObject(dateTime: u.unit == .day ? u.value &* Calendar.msPerDay : u.value)) }
            return .native(TimeObject(date: u.unit == .day ? u.value : Calendar.fld(u.value, Calendar.msPerDay)))
        default:
            guard a.count <= (dateTime ? 7 : 3) else { throw Exceptions.method(type, a.values) }
            let parts = try a.values.map { try int($0, name, a.values) }
            return try make(dateTime: dateTime, parts)
        }
    }

    static func make(dateTime: Bool, _ parts: [Int64]) throws -> Value {
        let defaults: [Int64] = [1, 1, 1, 0, 0, 0, 0]
        let p = (0..<7).map { $0 < parts.count ? parts[$0] : defaults[$0] }
        let used = dateTime ? p : Array(p.prefix(3)) + [0, 0, 0, 0]
        if let problem = Calendar.invalidArguments(used[0], used[1], used[2], used[3], used[4], used[5], used[6]) {
            throw Exceptions.argument(problem)
        }
        let days = Calendar.totalDays(p[0], p[1], p[2])
        guard dateTime else { return .native(TimeObject(date: days)) }
        return .native(TimeObject(dateTime: used[6] &+ 1000 &* (used[5] &+ 60 &* used[4] &+ 3600 &* used[3] &+ 86400 &* days)))
    }

    /// `Day(3)`, `Day(dt)` (the day of an instant), `Millisecond(Second(2))` (exact conversions).
    static func period(_ unit: PeriodUnit, _ interp: Interpreter, _ a: Args) throws -> Value {
        guard a.count == 1 else { throw Exceptions.method(.type(unit.type), a.values) }
        switch a[0] {
        case .native(let p as PeriodObject): return .native(try DatesArithmetic.convert(p, to: unit))
        case .native(let t as TimeObject):
            guard let v = try accessor(unit, t) else { throw Exceptions.method(.type(unit.type), a.values) }
            return .native(PeriodObject(unit, v))
        case .string(let s):
            guard let n = Int64(s.value) else { throw Exceptions.argument("invalid base 10 digit in \(Display.stringRepr(s.value))") }
            return .native(PeriodObject(unit, n))
        case .float64, .float32:
            guard let n = Int64(exactly: asDouble(a[0])) else { throw Exceptions.make("InexactError", [.sym("Int64"), .type(BuiltinTypes.int64), a[0]]) }
            return .native(PeriodObject(unit, n))
        default:
            guard let n = DatesArithmetic.integer(a[0]) else { throw Exceptions.method(.type(unit.type), a.values) }
            return .native(PeriodObject(unit, n))
        }
    }

    /// The field of an instant that a unit names (`hour(dt)`), nil when it has none.
    static func accessor(_ unit: PeriodUnit, _ t: TimeObject) throws -> Int64? {
        let (y, m, d) = Calendar.yearMonthDay(t.days)
        let ms = t.timeOfDay
        switch unit {
        case .year: return y
        case .quarter: return (m - 1) / 3 + 1
        case .month: return m
        case .week: return isoWeek(t.days)
        case .day: return d
        case .hour: return t.isDateTime ? ms / 3_600_000 : nil
        case .minute: return t.isDateTime ? ms / 60_000 % 60 : nil
        case .second: return t.isDateTime ? ms / 1000 % 60 : nil
        case .millisecond: return t.isDateTime ? ms % 1000 : nil
        case .microsecond, .nanosecond: return nil
        }
    }

    /// ISO 8601 week number (Julia's `week`).
    static func isoWeek(_ days: Int64) -> Int64 {
        // Julia: w = div(abs(days - 1), 7) % 20871; c, w = divrem(w + (w >= 10435), 5218); w = (w * 28 + [15, 23, 3, 11][c + 1]) % 1461 ÷ 28 + 1
        var w = Int64((days &- 1).magnitude / 7 % 20871)
        w += w >= 10435 ? 1 : 0
        let c = w / 5218
        w = w % 5218
        let offsets: [Int64] = [15, 23, 3, 11]
        w = (w * 28 + offsets[Int(c)]) % 1461 / 28 + 1
        return w
    }

    static func timeBuiltin(_ name: String, _ help: String, _ example: String, _ body: @escaping (TimeObject) throws -> Value) -> Builtin {
        Builtin(name, differentiation: .constant, { _, a in
            try a.expect(name, 1...1)
            return try body(try time(a[0], name))
        }, help: BuiltinHelp("\(name)(dt)", help, example))
    }

    static func field(_ unit: PeriodUnit, _ name: String) -> Builtin {
        timeBuiltin(name, "The \(unit.typeName.lowercased()) of a Date or DateTime, as an Int64.", "\(name)(DateTime(2020, 1, 2, 3, 4, 5))") { t in
            guard let v = try accessor(unit, t) else { throw Exceptions.method(.str(name), [.native(t)]) }
            return .int(v)
        }
    }

    /// The local (or UTC) time now, to the millisecond.
    static func now(utc: Bool) -> TimeObject {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var seconds = time_t(tv.tv_sec)
        var parts = tm()
        if utc { gmtime_r(&seconds, &parts) } else { localtime_r(&seconds, &parts) }
        let days = Calendar.totalDays(Int64(parts.tm_year) + 1900, Int64(parts.tm_mon) + 1, Int64(parts.tm_mday))
        let ms = Int64(tv.tv_usec) / 1000 + 1000 * (Int64(parts.tm_sec) + 60 * Int64(parts.tm_min) + 3600 * Int64(parts.tm_hour))
        return TimeObject(dateTime: days * Calendar.msPerDay + ms)
    }

    /// 1970-01-01T00:00:00 in Julia's milliseconds.
    static let unixEpoch: Int64 = 62_135_683_200_000

    static var functions: [Builtin] {
        [
            Builtin("now", differentiation: .constant, { _, a in
                if a.count == 1, case .type(let t) = a[0], t === DateTypes.utc { return .native(now(utc: true)) }
                try a.expect("now", 0...0)
                return .native(now(utc: false))
            }, help: BuiltinHelp("now()  /  now(UTC)", "The current local (or UTC) date and time, to the millisecond.", "now()")),
            Builtin("today", differentiation: .constant, { _, a in
                try a.expect("today", 0...0)
                return .native(TimeObject(date: now(utc: false).days))
            }, help: BuiltinHelp("today()", "The current local date.", "today()")),
            field(.year, "year"), field(.month, "month"), field(.day, "day"), field(.hour, "hour"), field(.minute, "minute"),
            field(.second, "second"), field(.millisecond, "millisecond"), field(.week, "week"), field(.quarter, "quarterofyear"),
            field(.day, "dayofmonth"),
            timeBuiltin("dayofweek", "The day of the week, 1 (Monday) to 7 (Sunday).", "dayofweek(Date(2020, 1, 1))  # 3") { .int(Calendar.dayOfWeek($0.days)) },
            timeBuiltin("dayofyear", "The day of the year, from 1.", "dayofyear(Date(2020, 2, 1))  # 32") { t in
                .int(t.days &- Calendar.totalDays(Calendar.yearMonthDay(t.days).0, 1, 1) &+ 1)
            },
            timeBuiltin("dayname", "The English name of the day of the week.", "dayname(Date(2020, 1, 1))  # \"Wednesday\"") {
                .str(Calendar.dayName(Calendar.dayOfWeek($0.days)))
            },
            timeBuiltin("dayabbr", "The day of the week's three-letter abbreviation.", "dayabbr(Date(2020, 1, 1))  # \"Wed\"") {
                .str(String(Calendar.dayName(Calendar.dayOfWeek($0.days)).prefix(3)))
            },
            timeBuiltin("monthname", "The English name of the month.", "monthname(Date(2020, 1, 1))  # \"January\"") {
                .str(Calendar.monthName(Calendar.yearMonthDay($0.days).1))
            },
            timeBuiltin("monthabbr", "The month's three-letter abbreviation.", "monthabbr(Date(2020, 1, 1))  # \"Jan\"") {
                .str(String(Calendar.monthName(Calendar.yearMonthDay($0.days).1).prefix(3)))
            },
            timeBuiltin("yearmonthday", "`(year, month, day)`.", "yearmonthday(Date(2020, 1, 2))  # (2020, 1, 2)") { t in
                let (y, m, d) = Calendar.yearMonthDay(t.days)
                return .tuple([.int(y), .int(m), .int(d)])
            },
            timeBuiltin("yearmonth", "`(year, month)`.", "yearmonth(Date(2020, 1, 2))  # (2020, 1)") { t in
                let (y, m, _) = Calendar.yearMonthDay(t.days)
                return .tuple([.int(y), .int(m)])
            },
            timeBuiltin("monthday", "`(month, day)`.", "monthday(Date(2020, 1, 2))  # (1, 2)") { t in
                let (_, m, d) = Calendar.yearMonthDay(t.days)
                return .tuple([.int(m), .int(d)])
            },
            timeBuiltin("daysinmonth", "The number of days in the month.", "daysinmonth(Date(2020, 2, 1))  # 29") { t in
                let (y, m, _) = Calendar.yearMonthDay(t.days)
                return .int(Calendar.daysInMonth(y, m))
            },
            timeBuiltin("daysinyear", "365 or 366.", "daysinyear(Date(2020))  # 366") { .int(Calendar.isLeapYear(Calendar.yearMonthDay($0.days).0) ? 366 : 365) },
            timeBuiltin("firstdayofmonth", "The first day of the month (a Date, or a DateTime at midnight).", "firstdayofmonth(Date(2020, 1, 15))") { t in
                let (y, m, _) = Calendar.yearMonthDay(t.days)
                return sameKind(t, Calendar.totalDays(y, m, 1))
            },
            timeBuiltin("lastdayofmonth", "The last day of the month.", "lastdayofmonth(Date(2020, 2, 3))  # 2020-02-29") { t in
                let (y, m, _) = Calendar.yearMonthDay(t.days)
                return sameKind(t, Calendar.totalDays(y, m, Calendar.daysInMonth(y, m)))
            },
            timeBuiltin("firstdayofyear", "The first day of the year.", "firstdayofyear(Date(2020, 5, 1))") { t in
                sameKind(t, Calendar.totalDays(Calendar.yearMonthDay(t.days).0, 1, 1))
            },
            timeBuiltin("lastdayofyear", "The last day of the year.", "lastdayofyear(Date(2020, 5, 1))") { t in
                sameKind(t, Calendar.totalDays(Calendar.yearMonthDay(t.days).0, 12, 31))
            },
            timeBuiltin("datetime2unix", "Seconds since 1970-01-01T00:00:00 (a Float64).", "datetime2unix(DateTime(1970, 1, 2))  # 86400.0") { t in
                .float64(Double(t.milliseconds &- unixEpoch) / 1000)
            },
            Builtin("isleapyear", differentiation: .constant, { _, a in
                try a.expect("isleapyear", 1...1)
                if case .native(let t as TimeObject) = a[0] { return .bool(Calendar.isLeapYear(Calendar.yearMonthDay(t.days).0)) }
                return .bool(Calendar.isLeapYear(try int(a[0], "isleapyear", a.values)))
            }, help: BuiltinHelp("isleapyear(y)", "Whether the year (or the year of a Date) is a leap year.", "isleapyear(2020)  # true")),
            Builtin("unix2datetime", differentiation: .constant, { _, a in
                try a.expect("unix2datetime", 1...1)
                let ms = (asDouble(a[0]) * 1000).rounded()
                guard let offset = Int64(exactly: ms), offset < Int64.max - unixEpoch else {
                    throw Exceptions.make("InexactError", [.sym("Int64"), .type(BuiltinTypes.int64), .float64(ms)])
                }
                return .native(TimeObject(dateTime: unixEpoch + offset))
            }, help: BuiltinHelp("unix2datetime(x)", "The DateTime `x` seconds after 1970-01-01T00:00:00.", "unix2datetime(0)  # 1970-01-01T00:00:00")),
            Builtin("format", export: false, differentiation: .constant, { _, a in
                try a.expect("format", 2...2)
                let t = try time(a[0], "format")
                switch a[1] {
                case .string(let f): return .str(DateFormatting.format(t, DateFormatting.tokens(f.value)))
                case .native(let f as DateFormatObject): return .str(DateFormatting.format(t, f.tokens))
                default: throw Exceptions.method(.str("format"), a.values)
                }
            }, help: BuiltinHelp("Dates.format(dt, fmt)", "The date formatted by `fmt` (a string or `dateformat\"...\"`): `yyyy` year, `mm` month, `dd` day, `HH:MM:SS` time, `s` milliseconds, `u`/`U` month name, `e`/`E` day name, `p` AM/PM.", "Dates.format(Date(2020, 1, 2), \"dd u yyyy\")  # \"02 Jan 2020\"")),
            Builtin("value", export: false, differentiation: .constant, { _, a in
                try a.expect("value", 1...1)
                switch a[0] {
                case .native(let p as PeriodObject): return .int(p.value)
                case .native(let t as TimeObject): return .int(t.value)
                default: throw Exceptions.method(.str("value"), a.values)
                }
            }, help: BuiltinHelp("Dates.value(x)", "The Int64 inside a period (`Dates.value(Day(3)) == 3`), or a Date's day count / a DateTime's milliseconds.", "Dates.value(Day(3))  # 3")),
            Builtin("canonicalize", differentiation: .constant, { _, a in
                try a.expect("canonicalize", 1...1)
                return .native(try canonicalize(a[0]))
            }, help: BuiltinHelp("canonicalize(p)", "A period split into the coarsest fixed units (`Minute(150)` → 2 hours, 30 minutes).", "canonicalize(Minute(150))")),
            Builtin("validargs", export: false, differentiation: .constant, { _, a in
                guard a.count >= 2, case .type(let t) = a[0], t === DateTypes.date || t === DateTypes.dateTime else {
                    throw Exceptions.method(.str("validargs"), a.values)
                }
                let parts = try a.values.dropFirst().map { try int($0, "validargs", a.values) }
                let p = (0..<7).map { $0 < parts.count ? parts[$0] : ($0 < 3 ? 1 : 0) }
                guard let problem = Calendar.invalidArguments(p[0], p[1], p[2], p[3], p[4], p[5], p[6]) else { return .nothing }
                return Exceptions.argument(problem).value
            }, help: BuiltinHelp("Dates.validargs(Date, y, m, d)", "`nothing` when the arguments make a valid Date (or DateTime), else the ArgumentError the constructor would throw.", "Dates.validargs(Date, 2020, 13, 1)")),
            Builtin("totaldays", export: false, differentiation: .constant, { _, a in
                try a.expect("totaldays", 3...3)
                return .int(Calendar.totalDays(try int(a[0], "totaldays", a.values), try int(a[1], "totaldays", a.values), try int(a[2], "totaldays", a.values)))
            }, help: BuiltinHelp("Dates.totaldays(y, m, d)", "The day number of y-m-d (0001-01-01 is day 1), what a Date stores.", "Dates.totaldays(2020, 1, 1)  # 737425")),
            Builtin("UTD", export: false, differentiation: .constant, { _, a in
                try a.expect("UTD", 1...1)
                return .native(UTInstantObject(value: try int(a[0], "UTD", a.values), unit: .day))
            }, help: BuiltinHelp("Dates.UTD(n)", "The instant `n` days from 0000-12-31, which `Date` accepts.", "Date(Dates.UTD(737425))  # 2020-01-01")),
            Builtin("UTM", export: false, differentiation: .constant, { _, a in
                try a.expect("UTM", 1...1)
                return .native(UTInstantObject(value: try int(a[0], "UTM", a.values), unit: .millisecond))
            }, help: BuiltinHelp("Dates.UTM(n)", "The instant `n` milliseconds from 0000-12-31T00:00:00, which `DateTime` accepts.", "DateTime(Dates.UTM(0))")),
        ]
    }

    static func sameKind(_ t: TimeObject, _ days: Int64) -> Value {
        .native(t.isDateTime ? TimeObject(dateTime: days &* Calendar.msPerDay) : TimeObject(date: days))
    }

    /// Julia's `canonicalize`: fixed periods pushed into the coarsest units that hold them.
    static func canonicalize(_ v: Value) throws -> CompoundPeriodObject {
        let parts: [PeriodObject]
        switch v {
        case .native(let p as PeriodObject): parts = [p]
        case .native(let c as CompoundPeriodObject): parts = c.periods
        default: throw Exceptions.method(.str("canonicalize"), [v])
        }
        let calendar = parts.filter { $0.unit.nanoseconds == nil }
        var ms = try parts.filter { $0.unit.nanoseconds != nil }.reduce(Int64(0)) { acc, p in
            let ns = p.unit.nanoseconds ?? 1
            return acc &+ (ns >= 1_000_000 ? try DatesArithmetic.multiply(p.value, ns / 1_000_000) : p.value / (1_000_000 / ns))
        }
        var fixed: [PeriodObject] = []
        for unit in [PeriodUnit.week, .day, .hour, .minute, .second, .millisecond] {
            let size = (unit.nanoseconds ?? 1_000_000) / 1_000_000
            let count = ms / size
            ms -= count * size
            if count != 0 { fixed.append(PeriodObject(unit, count)) }
        }
        return CompoundPeriodObject(calendar + fixed)
    }
}
