import FlxSyntax
import FlxEngine

/// Julia's iteration protocol, Swift-side: one object per loop. Open so that the
/// libraries' own iterables (Dict views, DataLoader, ...) can iterate natively.
open class ValueIterator {
    public init() {}
    open func next() throws -> Value? { nil }
}

package final class ArrayIterator: ValueIterator {
    package let array: ArrayValue
    package var i = 0
    package init(_ a: ArrayValue) { array = a }
    package override func next() throws -> Value? {
        guard i < array.count else { return nil }
        defer { i += 1 }
        return array.element(i)
    }
}

/// The elements of an array the tape tracks, each read through the tape.
package final class TrackedArrayIterator: ValueIterator {
    package unowned let interp: Interpreter
    package let array: Value
    package let count: Int
    package var i = 0
    package init(_ interp: Interpreter, _ array: Value, count: Int) {
        self.interp = interp
        self.array = array
        self.count = count
    }
    package override func next() throws -> Value? {
        guard i < count else { return nil }
        defer { i += 1 }
        return try interp.getIndexTracked(array, [.int(Int64(i + 1))])
    }
}

package final class ListIterator: ValueIterator {
    package let items: [Value]
    package var i = 0
    package init(_ items: [Value]) { self.items = items }
    package override func next() throws -> Value? {
        guard i < items.count else { return nil }
        defer { i += 1 }
        return items[i]
    }
}

package final class RangeIterator: ValueIterator {
    package let range: RangeValue
    package let n: Int64
    package var i: Int64 = 0
    package init(_ r: RangeValue) {
        range = r
        n = r.count
    }
    package override func next() throws -> Value? {
        guard i < n else { return nil }
        defer { i += 1 }
        return range.element(i)
    }
}

/// Calls a user-defined `Base.iterate(x)` / `iterate(x, state)`.
package final class ProtocolIterator: ValueIterator {
    package let interp: Interpreter
    package let iterate: Value
    package let collection: Value
    package var state: Value? = nil
    package var done = false
    package init(_ interp: Interpreter, iterate: Value, collection: Value) {
        self.interp = interp
        self.iterate = iterate
        self.collection = collection
    }
    package override func next() throws -> Value? {
        if done { return nil }
        let r = try state.map { try interp.call(iterate, [collection, $0]) } ?? interp.call(iterate, [collection])
        guard case .tuple(let t) = r, t.items.count == 2 else { done = true; return nil }
        state = t.items[1]
        return t.items[0]
    }
}

/// Objects implemented in Swift that can be iterated (DataLoader, zip, ...).
public protocol NativeIterable: AnyObject {
    func makeIterator(_ interp: Interpreter) throws -> ValueIterator
    var iterationLength: Int? { get }
}

extension Interpreter {
    public func makeIterator(_ v: Value) throws -> ValueIterator {
        switch v {
        case .array(let a):
            // Under `gradient`, the elements of a tracked array are tracked numbers, as
            // `x[i]` gives them: a loop or comprehension over it keeps the gradient.
            if isTracked(v) { return TrackedArrayIterator(self, v, count: a.count) }
            return ArrayIterator(a)
        case .range(let r): return RangeIterator(r)
        case .tuple(let t): return ListIterator(t.items)
        case .namedTuple(let nt): return ListIterator(nt.values)
        case .string(let s): return ListIterator(s.value.unicodeScalars.map { .char($0.value) })
        case .int, .float64, .float32, .bool, .char, .tracked: return ListIterator([v])
        case .pair(let p): return ListIterator([p.first, p.second])
        case .nothing:
            throw Exceptions.method(.str("iterate"), [v])
        case .native(let n):
            if let it = n as? NativeIterable { return try it.makeIterator(self) }
        case .object:
            if let f = base.member("iterate")?.value, case .function(let g as GenericFunction) = f,
               g.methods.contains(where: { m in m.signature.first.map { typeOf(v).isSubtype(of: $0) && $0 !== BuiltinTypes.any } ?? false }) {
                return ProtocolIterator(self, iterate: f, collection: v)
            }
        default: break
        }
        throw Exceptions.method(.str("iterate"), [v])
    }

    /// All elements of an iterable, in order.
    public func collect(_ v: Value) throws -> [Value] {
        switch v {
        case .tuple(let t): return t.items
        case .array(let a) where !isTracked(v): return a.boxedValues
        default:
            let it = try makeIterator(v)
            var out: [Value] = []
            if let n = knownLength(v) {
                try MemoryGuard.reserve(count: n, bytesEach: MemoryLayout<Value>.stride)
                out.reserveCapacity(n)
            }
            while let e = try it.next() { out.append(e) }
            return out
        }
    }

    /// Number of elements when known without iterating.
    public func knownLength(_ v: Value) -> Int? {
        switch v {
        case .array(let a): return a.count
        case .range(let r): return Int(r.count)
        case .tuple(let t): return t.items.count
        case .namedTuple(let nt): return nt.values.count
        case .native(let n): return (n as? NativeIterable)?.iterationLength
        default: return nil
        }
    }
}
