import FlxSyntax
import FlxCore
import FlxEngine

/// Dates' operators (arithmetic.jl, periods.jl): an instant plus or minus a period (months
/// and years clamp the day to the month's last, as Julia's do), the difference of two
/// instants (`Day` for Dates, `Millisecond` for DateTimes), periods added, scaled and
/// compared, and different units combined into a `CompoundPeriod`.
package enum DatesArithmetic {
    package static func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, _ interp: Interpreter) throws -> Value? {
        guard case .native(let a) = l, a is TimeObject || a is PeriodObject || a is CompoundPeriodObject else {
            guard case .native(let b as PeriodObject) = r, op == .mul, let k = integer(l) else { return nil }
            return .native(PeriodObject(b.unit, try multiply(b.value, k)))
        }
        let noMethod = Exceptions.method(.str(op.rawValue), [l, r])
        switch (a, r) {
        case (let t as TimeObject, .native(let p as PeriodObject)) where op == .add || op == .sub:
            return .native(try shift(t, p, negate: op == .sub))
        case (let t as TimeObject, .native(let c as CompoundPeriodObject)) where op == .add || op == .sub:
            var result = t
            for p in c.periods { result = try shift(result, p, negate: op == .sub) }
            return .native(result)
        case (let p as PeriodObject, .native(let t as TimeObject)) where op == .add:
            return .native(try shift(t, p, negate: false))
        case (let c as CompoundPeriodObject, .native(let t as TimeObject)) where op == .add:
            var result = t
            for p in c.periods { result = try shift(result, p, negate: false) }
            return .native(result)
        case (let t as TimeObject, .native(let u as TimeObject)):
            if op == .sub {
                if !t.isDateTime && !u.isDateTime { return .native(PeriodObject(.day, t.value &- u.value)) }
                return .native(PeriodObject(.millisecond, t.milliseconds &- u.milliseconds))
            }
            if op.isComparison, let v = compareResult(op, Int64(t.milliseconds < u.milliseconds ? -1 : t.milliseconds > u.milliseconds ? 1 : 0)) {
                return .bool(v)
            }
            throw noMethod
        case (let p as PeriodObject, .native(let q as PeriodObject)):
            switch op {
            case .add, .sub:
                if p.unit == q.unit { return .native(PeriodObject(p.unit, op == .add ? p.value &+ q.value : p.value &- q.value)) }
                return .native(CompoundPeriodObject([p, op == .add ? q : PeriodObject(q.unit, 0 &- q.value)]))
            case .div where p.unit == q.unit: return .float64(Double(p.value) / Double(q.value))
            default:
                if op.isComparison {
                    guard let c = compare(p, q) else {
                        throw Exceptions.argument("cannot compare \(p.unit.typeName) and \(q.unit.typeName): their ratio depends on the calendar")
                    }
                    if let v = compareResult(op, c) { return .bool(v) }
                }
                throw noMethod
            }
        case (let p as PeriodObject, _) where integer(r) != nil:
            let k = integer(r)!
            switch op {
            case .mul: return .native(PeriodObject(p.unit, try multiply(p.value, k)))
            case .intDiv:
                guard k != 0 else { throw interp.convertEngineError(.divide) }
                return .native(PeriodObject(p.unit, p.value.dividedReportingOverflow(by: k).partialValue))
            case .div:
                guard k != 0, p.value.remainderReportingOverflow(dividingBy: k).partialValue == 0 else {
                    throw Exceptions.make("InexactError", [.sym("Int64"), .type(BuiltinTypes.int64), .float64(Double(p.value) / Double(k))])
                }
                return .native(PeriodObject(p.unit, p.value.dividedReportingOverflow(by: k).partialValue))
            case .rem:
                guard k != 0 else { throw interp.convertEngineError(.divide) }
                return .native(PeriodObject(p.unit, p.value.remainderReportingOverflow(dividingBy: k).partialValue))
            default: throw noMethod
            }
        case (let p as PeriodObject, .native(let c as CompoundPeriodObject)) where op == .add || op == .sub:
            return .native(CompoundPeriodObject([p] + c.periods.map { op == .add ? $0 : PeriodObject($0.unit, 0 &- $0.value) }))
        case (let c as CompoundPeriodObject, .native(let p as PeriodObject)) where op == .add || op == .sub:
            return .native(CompoundPeriodObject(c.periods + [op == .add ? p : PeriodObject(p.unit, 0 &- p.value)]))
        case (let c as CompoundPeriodObject, .native(let d as CompoundPeriodObject)) where op == .add || op == .sub:
            return .native(CompoundPeriodObject(c.periods + d.periods.map { op == .add ? $0 : PeriodObject($0.unit, 0 &- $0.value) }))
        default:
            if op == .eq || op == .ne { return nil }
            throw noMethod
        }
    }

    static func integer(_ v: Value) -> Int64? {
        switch v {
        case .int(let n): return n
        case .bool(let b): return b ? 1 : 0
        case .float64(let d) where d == d.rounded() && abs(d) < 9e18: return Int64(exactly: d)
        default: return nil
        }
    }

    static func multiply(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (r, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw Exceptions.make("OverflowError", [.str("\(a) * \(b) overflowed for type Int64")]) }
        return r
    }

    static func compareResult(_ op: BinaryOperator, _ c: Int64) -> Bool? {
        switch op {
        case .lt: return c < 0
        case .le: return c <= 0
        case .gt: return c > 0
        case .ge: return c >= 0
        case .eq: return c == 0
        case .ne: return c != 0
        default: return nil
        }
    }

    /// -1, 0, 1; nil when one is a calendar period (Month) and the other a fixed one (Day).
    package static func compare(_ p: PeriodObject, _ q: PeriodObject) -> Int64? {
        func sign(_ a: Double, _ b: Double) -> Int64 { a < b ? -1 : a > b ? 1 : 0 }
        if p.unit == q.unit { return p.value < q.value ? -1 : p.value > q.value ? 1 : 0 }
        if let a = p.unit.nanoseconds, let b = q.unit.nanoseconds {
            // In 128 bits of precision enough for every Int64 count of any unit.
            let x = p.value.multipliedFullWidth(by: a), y = q.value.multipliedFullWidth(by: b)
            return x.high != y.high ? (x.high < y.high ? -1 : 1) : (x.low < y.low ? -1 : x.low > y.low ? 1 : 0)
        }
        if let a = p.unit.months, let b = q.unit.months { return sign(Double(p.value) * Double(a), Double(q.value) * Double(b)) }
        return nil
    }

    /// `t + p` (or `t - p`).
    static func shift(_ t: TimeObject, _ p: PeriodObject, negate: Bool) throws -> TimeObject {
        let v = negate ? 0 &- p.value : p.value
        if let months = p.unit.months {
            let (y, m, d) = Calendar.yearMonthDay(t.days)
            let total = try multiply(v, months)
            let newYear = y &+ Calendar.fld(m &- 1 &+ total, 12), newMonth = Calendar.mod(m &- 1 &+ total, 12) &+ 1
            let day = Swift.min(d, Calendar.daysInMonth(newYear, newMonth))
            let days = Calendar.totalDays(newYear, newMonth, day)
            return t.isDateTime ? TimeObject(dateTime: days &* Calendar.msPerDay &+ t.timeOfDay) : TimeObject(date: days)
        }
        guard let ns = p.unit.nanoseconds else { throw Exceptions.method(.str(negate ? "-" : "+"), [.native(t), .native(p)]) }
        if !t.isDateTime {
            guard ns % 86_400_000_000_000 == 0 else {
                throw Exceptions.method(.str(negate ? "-" : "+"), [.native(t), .native(p)])
            }
            return TimeObject(date: t.value &+ (try multiply(v, ns / 86_400_000_000_000)))
        }
        let ms = ns >= 1_000_000 ? try multiply(v, ns / 1_000_000) : v / (1_000_000 / ns)
        return TimeObject(dateTime: t.value &+ ms)
    }

    /// `convert(Unit, p)` for the fixed periods: exact, else Julia's InexactError.
    static func convert(_ p: PeriodObject, to unit: PeriodUnit) throws -> PeriodObject {
        if p.unit == unit { return p }
        if let a = p.unit.nanoseconds, let b = unit.nanoseconds {
            if a >= b { return PeriodObject(unit, try multiply(p.value, a / b)) }
            let f = b / a
            guard p.value % f == 0 else {
                throw Exceptions.make("InexactError", [.sym("divexact"), .type(BuiltinTypes.int64), .float64(Double(p.value) / Double(f))])
            }
            return PeriodObject(unit, p.value / f)
        }
        if let a = p.unit.months, let b = unit.months {
            if a >= b { return PeriodObject(unit, try multiply(p.value, a / b)) }
            guard p.value % (b / a) == 0 else {
                throw Exceptions.make("InexactError", [.sym("divexact"), .type(BuiltinTypes.int64), .float64(Double(p.value) / Double(b / a))])
            }
            return PeriodObject(unit, p.value / (b / a))
        }
        throw Exceptions.method(.type(unit.type), [.native(p)])
    }
}
