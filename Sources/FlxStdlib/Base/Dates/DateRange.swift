import FlxSyntax
import FlxCore

/// `Date(2020):Day(1):Date(2020, 1, 5)`: Julia's `StepRange{Date, Day}` (or of DateTimes, or
/// with any period as the step), shown as Julia shows it,
/// `Date("2020-01-01"):Day(1):Date("2020-01-05")`. Element k is `start + (k - 1) * step`, as
/// Julia's `getindex` computes it, so a month step from the 31st clamps each month on its
/// own (Jan 31, Feb 29, Mar 31) instead of drifting. The stop is normalised onto the range.
package final class DateRange: NativeObject, NativeIterable, NativeShowable, NativeIndexable, NativeStepRange {
    let start: TimeObject
    let step: PeriodObject
    /// The last element (Julia's normalised stop); for an empty range, `start - step`.
    let stop: TimeObject
    package let count: Int
    private let type: FlxType

    /// `start:step:stop`; `step` must not be zero.
    init(start: TimeObject, step: PeriodObject, stop: TimeObject) throws {
        self.start = start
        self.step = step
        type = BuiltinTypes.stepRange.instantiate([.type(start.flxType), .type(step.flxType)],
                                                  supertype: BuiltinTypes.abstractArrayOf(start.flxType, 1))
        let n = try DateRange.length(start, step, stop)
        count = n
        self.stop = n > 0 ? try DateRange.element(start, step, n - 1) : try DatesArithmetic.shift(start, step, negate: true)
    }

    package override var flxType: FlxType { type }

    static func element(_ start: TimeObject, _ step: PeriodObject, _ k: Int) throws -> TimeObject {
        try DatesArithmetic.shift(start, PeriodObject(step.unit, try DatesArithmetic.multiply(step.value, Int64(k))), negate: false)
    }

    /// How many of `start, start + step, ...` lie on the way to `stop` (Julia's `Dates.len`).
    static func length(_ start: TimeObject, _ step: PeriodObject, _ stop: TimeObject) throws -> Int {
        let before = { (a: TimeObject, b: TimeObject) in step.value > 0 ? a.milliseconds <= b.milliseconds : a.milliseconds >= b.milliseconds }
        guard before(start, stop) else { return 0 }
        // A first guess from the fixed length of the step (or the months between the ends),
        // then corrected by the calendar: a month step's elements are clamped to month ends.
        var k: Int64
        if let months = step.unit.months {
            let (y0, m0, _) = Calendar.yearMonthDay(start.days), (y1, m1, _) = Calendar.yearMonthDay(stop.days)
            k = ((y1 &- y0) &* 12 &+ (m1 &- m0)) / (step.value &* months)
        } else {
            let one = try DatesArithmetic.shift(start, step, negate: false)
            let width = one.milliseconds &- start.milliseconds
            guard width != 0 else { throw Exceptions.argument("a step of \(step.text) is finer than a \(start.isDateTime ? "DateTime" : "Date") can move") }
            k = (stop.milliseconds &- start.milliseconds) / width
        }
        k = Swift.max(k, 0)
        while k > 0, !before(try element(start, step, Int(k)), stop) { k -= 1 }
        while before(try element(start, step, Int(k + 1)), stop) { k += 1 }
        guard k < Int64(Int32.max) else { throw Exceptions.argument("the range has too many elements (\(k + 1))") }
        return Int(k) + 1
    }

    package var iterationLength: Int? { count }
    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator {
        try MemoryGuard.reserveArray(count: count, juliaBytes: 8, bytesEach: 16)
        return ListIterator(try (0..<count).map { .native(try DateRange.element(start, step, $0)) })
    }

    package var stepValue: Value { .native(step) }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        try start.show(interp, compact: false) + ":" + step.show(interp, compact: false) + ":" + stop.show(interp, compact: false)
    }
    package func display(_ interp: Interpreter) throws -> String? { nil }

    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.count == 1, case .int(let i) = indices[0] else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
        guard i >= 1 && i <= count else { throw Exceptions.bounds(.native(self), .tuple([.int(i)])) }
        return .native(try DateRange.element(start, step, Int(i - 1)))
    }
    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        throw Exceptions.make("CanonicalIndexError", [.str("setindex!"), .type(type)])
    }

    /// `a:b` and `a:s:b` with Date or DateTime ends (nil when the ends are not instants).
    /// Without a step, Julia's Dates steps by `Day(1)`, for DateTimes too.
    package static func make(_ a: Args) throws -> Value? {
        guard case .native(let lo as TimeObject) = a[0], case .native(let hi as TimeObject) = a[a.count - 1] else { return nil }
        var step = PeriodObject(.day, 1)
        if a.count == 3 {
            guard case .native(let p as PeriodObject) = a[1] else { throw Exceptions.method(.str(":"), a.values) }
            step = p
        }
        guard lo.isDateTime == hi.isDateTime else { throw Exceptions.method(.str(":"), a.values) }
        if step.value == 0 { throw Exceptions.argument("step cannot be zero") }
        return .native(try DateRange(start: lo, step: step, stop: hi))
    }
}
