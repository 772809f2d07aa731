import FlxSyntax
import FlxCore
import FlxEngine

/// Dates' values: `Date` and `DateTime` (instants), the periods (`Day(3)`, `Hour(1)`, ...)
/// and `Dates.CompoundPeriod` (`Hour(1) + Minute(30)`). Each is immutable: `==` and `===`
/// compare contents, and a Dict hashes them by content.
package enum DateTypes {
    package static let abstractTime = FlxType(name: "AbstractTime", kind: .abstract, supertype: BuiltinTypes.any)
    package static let timeType = FlxType(name: "TimeType", kind: .abstract, supertype: abstractTime)
    package static let date = implicit(FlxType(name: "Date", supertype: timeType))
    package static let dateTime = implicit(FlxType(name: "DateTime", supertype: timeType))

    /// Dates' `typeinfo_implicit`: `[Date("2020-01-01")]` prints without a `Date` prefix.
    private static func implicit(_ t: FlxType) -> FlxType {
        t.showsTypeInValues = true
        return t
    }
    package static let period = FlxType(name: "Period", kind: .abstract, supertype: abstractTime)
    package static let datePeriod = FlxType(name: "DatePeriod", kind: .abstract, supertype: period)
    package static let timePeriod = FlxType(name: "TimePeriod", kind: .abstract, supertype: period)
    package static let compoundPeriod = FlxType(name: "Dates.CompoundPeriod", supertype: abstractTime)
    package static let dateFormat = FlxType(name: "DateFormat", supertype: BuiltinTypes.any)
    package static let utInstant = FlxType(name: "Dates.UTInstant", supertype: BuiltinTypes.any)
    package static let utc = FlxType(name: "UTC", supertype: BuiltinTypes.any)
    /// One type per unit, in `PeriodUnit` order.
    package static let periods: [FlxType] = PeriodUnit.allCases.map {
        FlxType(name: $0.typeName, supertype: $0.isDatePeriod ? datePeriod : timePeriod)
    }
}

/// The units of Julia's periods, coarsest first (`periodisless`'s order).
package enum PeriodUnit: Int, CaseIterable {
    case year, quarter, month, week, day, hour, minute, second, millisecond, microsecond, nanosecond

    var typeName: String { ["Year", "Quarter", "Month", "Week", "Day", "Hour", "Minute", "Second", "Millisecond", "Microsecond", "Nanosecond"][rawValue] }
    var isDatePeriod: Bool { rawValue <= PeriodUnit.day.rawValue }
    var type: FlxType { DateTypes.periods[rawValue] }

    /// Nanoseconds in one unit for the fixed periods (Week and finer); nil for Year,
    /// Quarter and Month, whose length depends on the calendar.
    var nanoseconds: Int64? {
        switch self {
        case .year, .quarter, .month: return nil
        case .week: return 604_800_000_000_000
        case .day: return 86_400_000_000_000
        case .hour: return 3_600_000_000_000
        case .minute: return 60_000_000_000
        case .second: return 1_000_000_000
        case .millisecond: return 1_000_000
        case .microsecond: return 1_000
        case .nanosecond: return 1
        }
    }

    /// Months in one unit for Year, Quarter and Month.
    var months: Int64? { self == .year ? 12 : self == .quarter ? 3 : self == .month ? 1 : nil }
}

/// A `Date` (days) or a `DateTime` (milliseconds), both counted from 0000-12-31.
package final class TimeObject: NativeObject, NativeShowable, NativeFields, NativeImmutableValue, NativeEquality {
    package let isDateTime: Bool
    /// Days for a Date, milliseconds for a DateTime.
    package let value: Int64

    package init(date days: Int64) { isDateTime = false; value = days }
    package init(dateTime ms: Int64) { isDateTime = true; value = ms }

    package override var flxType: FlxType { isDateTime ? DateTypes.dateTime : DateTypes.date }

    package var days: Int64 { isDateTime ? Calendar.fld(value, Calendar.msPerDay) : value }
    /// Milliseconds into the day (0 for a Date).
    package var timeOfDay: Int64 { isDateTime ? Calendar.mod(value, Calendar.msPerDay) : 0 }
    package var milliseconds: Int64 { isDateTime ? value : value &* Calendar.msPerDay }

    /// `print(dt)`: ISO 8601, milliseconds only when there are some (Julia's `print`).
    package var text: String {
        let format = isDateTime ? (timeOfDay % 1000 == 0 ? "YYYY-mm-dd\\THH:MM:SS" : "YYYY-mm-dd\\THH:MM:SS.s") : "yyyy-mm-dd"
        return DateFormatting.format(self, DateFormatting.tokens(format))
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        compact ? text : (isDateTime ? "DateTime(\"" : "Date(\"") + text + "\")"
    }
    package func display(_ interp: Interpreter) throws -> String? { text }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "instant" ? .native(UTInstantObject(value: value, unit: isDateTime ? .millisecond : .day)) : nil
    }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }

    package func isIdentical(to other: NativeObject) -> Bool {
        guard let o = other as? TimeObject else { return false }
        return o.isDateTime == isDateTime && o.value == value
    }
    /// `Date == DateTime` compares the instants (Julia promotes the Date).
    package func isEqual(to other: NativeObject, _ interp: Interpreter) throws -> Bool {
        guard let o = other as? TimeObject else { return false }
        return o.milliseconds == milliseconds
    }
}

/// `Dates.UTInstant{Day}` / `{Millisecond}`: what `Dates.UTD(days)` makes and `Date(...)` takes.
package final class UTInstantObject: NativeObject, NativeShowable {
    package let value: Int64
    package let unit: PeriodUnit
    package init(value: Int64, unit: PeriodUnit) { self.value = value; self.unit = unit }
    package override var flxType: FlxType { DateTypes.utInstant }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        "Dates.UTInstant{\(unit.typeName)}(\(PeriodObject(unit, value).text))"
    }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
}

/// A period: a count of one unit (`Day(3)`).
package final class PeriodObject: NativeObject, NativeShowable, NativeFields, NativeImmutableValue, NativeEquality {
    package let unit: PeriodUnit
    package let value: Int64

    package init(_ unit: PeriodUnit, _ value: Int64) {
        self.unit = unit
        self.value = value
    }

    package override var flxType: FlxType { unit.type }

    /// `print(p)`: `3 days`, `1 hour`.
    package var text: String { "\(value) \(unit.typeName.lowercased())\(value == 1 || value == -1 ? "" : "s")" }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String { "\(unit.typeName)(\(value))" }
    package func display(_ interp: Interpreter) throws -> String? { text }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? { name == "value" ? .int(value) : nil }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }

    package func isIdentical(to other: NativeObject) -> Bool {
        guard let o = other as? PeriodObject else { return false }
        return o.unit == unit && o.value == value
    }
    /// Julia promotes two fixed periods (or two calendar ones) to the finer unit.
    package func isEqual(to other: NativeObject, _ interp: Interpreter) throws -> Bool {
        if let o = other as? PeriodObject { return DatesArithmetic.compare(self, o) == 0 }
        if let c = other as? CompoundPeriodObject { return CompoundPeriodObject([self]).periods.map { [$0.unit.rawValue, Int($0.value)] } == c.periods.map { [$0.unit.rawValue, Int($0.value)] } }
        return false
    }
}

/// `Dates.CompoundPeriod`: periods of different units, coarsest first, equal units merged
/// and zeros dropped (Julia's constructor).
package final class CompoundPeriodObject: NativeObject, NativeShowable, NativeImmutableValue, NativeEquality, NativeFields {
    package let periods: [PeriodObject]

    package init(_ parts: [PeriodObject]) {
        var merged: [PeriodObject] = []
        for p in parts.sorted(by: { $0.unit.rawValue < $1.unit.rawValue }) {
            if let last = merged.last, last.unit == p.unit {
                merged[merged.count - 1] = PeriodObject(p.unit, last.value &+ p.value)
            } else {
                merged.append(p)
            }
        }
        periods = merged.filter { $0.value != 0 }
    }

    package override var flxType: FlxType { DateTypes.compoundPeriod }
    package var text: String { periods.isEmpty ? "empty period" : periods.map(\.text).joined(separator: ", ") }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String { text }
    package func display(_ interp: Interpreter) throws -> String? { text }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        guard name == "periods" else { return nil }
        return .array(ArrayValue(boxed: periods.map { .native($0) }, shape: try Shape([periods.count]), elementType: DateTypes.period))
    }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }

    package func isIdentical(to other: NativeObject) -> Bool {
        guard let o = other as? CompoundPeriodObject, o.periods.count == periods.count else { return false }
        return zip(o.periods, periods).allSatisfy { $0.isIdentical(to: $1) }
    }
    package func isEqual(to other: NativeObject, _ interp: Interpreter) throws -> Bool {
        if let p = other as? PeriodObject { return try p.isEqual(to: self, interp) }
        return isIdentical(to: other)
    }
}

extension TimeObject: NativeContentHash, NativePrintable {
    package func contentHash(_ h: UInt64) -> UInt64 { JuliaHash.int(milliseconds, JuliaHash.string("TimeType", h)) }
    package func printText(_ interp: Interpreter) throws -> String { text }
}

extension PeriodObject: NativeContentHash, NativePrintable {
    package func contentHash(_ h: UInt64) -> UInt64 { JuliaHash.int(value, JuliaHash.string(unit.typeName, h)) }
    package func printText(_ interp: Interpreter) throws -> String { text }
}

extension CompoundPeriodObject: NativeContentHash {
    package func contentHash(_ h: UInt64) -> UInt64 { periods.reduce(JuliaHash.string("CompoundPeriod", h)) { $1.contentHash($0) } }
}
