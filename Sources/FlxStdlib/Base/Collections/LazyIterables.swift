import FlxSyntax
import FlxCore

/// `Iterators.repeated(x, n)`: the same value n times (forever without n).
package final class RepeatedIterable: NativeObject, NativeIterable {
    package let value: Value
    package let count: Int
    package init(value: Value, count: Int) {
        self.value = value
        self.count = count
    }
    package var iterationLength: Int? { count == Int.max ? nil : count }
    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator { RepeatIterator(value, count) }

    package final class RepeatIterator: ValueIterator {
        package let value: Value
        package var left: Int
        package init(_ v: Value, _ n: Int) { value = v; left = n }
        package override func next() throws -> Value? {
            guard left > 0 else { return nil }
            left -= 1
            return value
        }
    }
}

/// `enumerate`, `zip` and fixed lists, iterated lazily.
package final class LazyIterable: NativeObject, NativeIterable, NativeShowable {
    package enum Kind { case enumerate, zip, list([Value]) }
    package let kind: Kind
    package let sources: [Value]
    package unowned let interp: Interpreter
    package init(kind: Kind, sources: [Value], _ interp: Interpreter) {
        self.kind = kind
        self.sources = sources
        self.interp = interp
    }
    package static let type = FlxType(name: "Iterators", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { LazyIterable.type }

    package var iterationLength: Int? {
        switch kind {
        case .enumerate: return interp.knownLength(sources[0])
        case .zip: return sources.map { interp.knownLength($0) }.reduce(Int?.some(Int.max)) { acc, n in acc.flatMap { a in n.map { min(a, $0) } } }
        case .list(let items): return items.count
        }
    }

    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator {
        switch kind {
        case .enumerate: return EnumerateIterator(try interp.makeIterator(sources[0]))
        case .zip: return ZipIterator(try sources.map { try interp.makeIterator($0) })
        case .list(let items): return ListIterator(items)
        }
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        switch kind {
        case .enumerate: return "enumerate(" + (try Display.repr(sources[0], interp)) + ")"
        case .zip: return "zip(" + (try sources.map { try Display.repr($0, interp) }.joined(separator: ", ")) + ")"
        case .list(let items): return "pairs(" + (try items.map { try Display.repr($0, interp) }.joined(separator: ", ")) + ")"
        }
    }

    package func display(_ interp: Interpreter) throws -> String? { nil }
}

package final class EnumerateIterator: ValueIterator {
    package let inner: ValueIterator
    package var i: Int64 = 0
    package init(_ inner: ValueIterator) { self.inner = inner }
    package override func next() throws -> Value? {
        guard let v = try inner.next() else { return nil }
        i += 1
        return .tuple([.int(i), v])
    }
}

package final class ZipIterator: ValueIterator {
    package let inners: [ValueIterator]
    package init(_ inners: [ValueIterator]) { self.inners = inners }
    package override func next() throws -> Value? {
        var items: [Value] = []
        for it in inners {
            guard let v = try it.next() else { return nil }
            items.append(v)
        }
        return .tuple(items)
    }
}
