import FlxSyntax
import FlxCore

/// `'a':'e'` and `'a':2:'z'`: Julia's `StepRange{Char, Int64}`, iterated lazily and
/// shown as `'a':1:'e'`.
package final class CharRange: NativeObject, NativeIterable, NativeShowable, NativeIndexable, NativeStepRange {
    package static let type = BuiltinTypes.stepRange.instantiate([.type(BuiltinTypes.char), .type(BuiltinTypes.int64)],
                                                                 supertype: BuiltinTypes.abstractArrayOf(BuiltinTypes.char, 1))
    package override var flxType: FlxType { CharRange.type }
    let start: Int64
    let step: Int64
    /// The last element, normalised onto the range as Julia does.
    let stop: Int64
    package let count: Int

    init(start: UInt32, step: Int64, stop: UInt32) {
        self.start = Int64(start)
        self.step = step
        let span = Int64(stop) - Int64(start)
        if step != 0, span == 0 || (span > 0) == (step > 0) {
            let n = span / step
            self.stop = Int64(start) + n * step
            count = Int(n) + 1
        } else {
            self.stop = Int64(start) - (step > 0 ? 1 : -1)
            count = 0
        }
    }

    package var stepValue: Value { .int(step) }

    func element(_ i: Int) -> Value { .char(UInt32(truncatingIfNeeded: start + Int64(i) * step)) }

    package var iterationLength: Int? { count }
    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator { ListIterator((0..<count).map(element)) }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        Display.charRepr(UInt32(truncatingIfNeeded: start)) + ":\(step):" + Display.charRepr(UInt32(truncatingIfNeeded: stop))
    }
    package func display(_ interp: Interpreter) throws -> String? { nil }

    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.count == 1, case .int(let i) = indices[0] else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
        guard i >= 1 && i <= count else { throw Exceptions.bounds(.native(self), .tuple([.int(i)])) }
        return element(Int(i - 1))
    }
    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        throw Exceptions.make("CanonicalIndexError", [.str("setindex!"), .type(CharRange.type)])
    }
}

extension StringBuiltins {
    /// `a:b` / `a:s:b` with Char ends (nil when the ends are not Chars).
    package static func charRange(_ a: Args) throws -> Value? {
        guard case .char(let lo) = a[0], case .char(let hi) = a[a.count - 1] else { return nil }
        var step: Int64 = 1
        if a.count == 3 {
            guard a[1].fixedInt != nil else { return nil }
            step = asInt(a[1])
            if step == 0 { throw Exceptions.argument("step cannot be zero") }
        }
        return .native(CharRange(start: lo, step: step, stop: hi))
    }
}
