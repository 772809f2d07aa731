import FlxSyntax
import FlxCore
import FlxEngine

/// Base.Iterators' lazy adaptors: each wraps its sources and yields elements only as a
/// loop asks, so `Iterators.cycle` and `Iterators.countfrom` may be endless and
/// `Iterators.filter`/`map` call their function once per element taken. They print as
/// Julia's structs do (`Base.Iterators.Take{UnitRange{Int64}}(1:10, 3)`).
package final class IteratorAdaptor: NativeObject, NativeIterable, NativeShowable {
    package enum Kind {
        case take(Int), drop(Int), cycle, countFrom(start: Value, step: Value), filter(Value), map(Value), flatten
        case partition(Int), product, takeWhile(Value), dropWhile(Value), rest(Int), accumulate(Value)
    }

    package let kind: Kind
    package let sources: [Value]
    package unowned let interp: Interpreter

    package init(_ kind: Kind, _ sources: [Value], _ interp: Interpreter) {
        self.kind = kind
        self.sources = sources
        self.interp = interp
    }

    package static let type = FlxType(name: "Base.Iterators", supertype: BuiltinTypes.any)
    package override var flxType: FlxType {
        FlxType(name: typeName, supertype: BuiltinTypes.any)
    }

    /// Julia's type name with its parameters, as `typeof` and `show` print it.
    var typeName: String {
        func t(_ v: Value) -> String { TypeNames.show(interp.typeOf(v)) }
        let source = sources.first.map(t) ?? ""
        switch kind {
        case .take: return "Base.Iterators.Take{\(source)}"
        case .drop: return "Base.Iterators.Drop{\(source)}"
        case .cycle: return "Base.Iterators.Cycle{\(source)}"
        case .countFrom(let start, let step): return "Base.Iterators.Count{\(t(start)), \(t(step))}"
        case .filter(let f): return "Base.Iterators.Filter{\(t(f)), \(source)}"
        case .map(let f):
            let over = sources.count == 1 ? source : "Base.Iterators.Zip{Tuple{\(sources.map(t).joined(separator: ", "))}}"
            return "Base.Generator{\(over), \(t(f))}"
        case .flatten: return "Base.Iterators.Flatten{\(source)}"
        case .partition: return "Base.Iterators.PartitionIterator{\(source)}"
        case .product: return "Base.Iterators.ProductIterator{Tuple{\(sources.map(t).joined(separator: ", "))}}"
        case .takeWhile(let f): return "Base.Iterators.TakeWhile{\(source), \(t(f))}"
        case .dropWhile(let f): return "Base.Iterators.DropWhile{\(source), \(t(f))}"
        case .rest: return "Base.Iterators.Rest{\(source), Int64}"
        case .accumulate(let f): return "Base.Iterators.Accumulate{\(t(f)), \(source), Nothing}"
        }
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        func r(_ v: Value) throws -> String { try Display.repr(v, interp) }
        let fields: [String]
        switch kind {
        case .take(let n), .drop(let n), .partition(let n), .rest(let n): fields = [try r(sources[0]), String(n)]
        case .cycle, .flatten: fields = [try r(sources[0])]
        case .countFrom(let start, let step): fields = [try r(start), try r(step)]
        case .filter(let f), .takeWhile(let f), .dropWhile(let f): fields = [try r(f), try r(sources[0])]
        case .map(let f):
            fields = [try r(f), sources.count == 1 ? try r(sources[0]) : "zip(" + (try sources.map(r).joined(separator: ", ")) + ")"]
        case .product: fields = ["(" + (try sources.map(r).joined(separator: ", ")) + (sources.count == 1 ? ",)" : ")")]
        case .accumulate(let f): fields = [try r(f), try r(sources[0]), "nothing"]
        }
        return typeName + "(" + fields.joined(separator: ", ") + ")"
    }

    package func display(_ interp: Interpreter) throws -> String? { nil }

    package var iterationLength: Int? {
        let n = sources.first.flatMap { interp.knownLength($0) }
        switch kind {
        case .take(let k): return n.map { Swift.min($0, k) } ?? (isEndless(sources[0]) ? k : nil)
        case .drop(let k), .rest(let k): return n.map { Swift.max(0, $0 - k) }
        case .map: return sources.map { interp.knownLength($0) }.reduce(Int?.some(Int.max)) { acc, x in acc.flatMap { a in x.map { Swift.min(a, $0) } } }
        case .partition(let k): return n.map { ($0 + k - 1) / k }
        case .product:
            return sources.map { interp.knownLength($0) }.reduce(Int?.some(1)) { acc, x in acc.flatMap { a in x.map { a * $0 } } }
        case .accumulate: return n
        default: return nil
        }
    }

    private func isEndless(_ v: Value) -> Bool {
        guard case .native(let a as IteratorAdaptor) = v else { return false }
        switch a.kind {
        case .cycle, .countFrom: return true
        default: return false
        }
    }

    /// The shape `collect` gives: a product of n iterables is an n-dimensional array.
    package var collectShape: [Int]? {
        guard case .product = kind else { return nil }
        let dims = sources.compactMap { interp.knownLength($0) }
        return dims.count == sources.count && dims.count > 1 ? dims : nil
    }

    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator {
        switch kind {
        case .countFrom(let start, let step): return CountIterator(interp, start, step)
        case .product: return ProductIterator(try sources.map { try interp.collect($0) })
        case .map(let f): return MapIterator(interp, f, try sources.map { try interp.makeIterator($0) })
        default: break
        }
        let inner = try interp.makeIterator(sources[0])
        switch kind {
        case .take(let n): return BlockIterator { var left = n; return { guard left > 0 else { return nil }; left -= 1; return try inner.next() } }
        case .drop(let n), .rest(let n):
            return BlockIterator { var skipped = false; return {
                if !skipped { skipped = true; for _ in 0..<n where try inner.next() == nil { return nil } }
                return try inner.next()
            } }
        case .cycle:
            let source = sources[0]
            return BlockIterator { var current = inner, yielded = false; return {
                if let v = try current.next() { yielded = true; return v }
                guard yielded else { return nil }   // an empty source cycles to nothing
                current = try interp.makeIterator(source)
                return try current.next()
            } }
        case .filter(let f):
            return BlockIterator { {
                while let v = try inner.next() { if try predicate(interp, f, v, "filter") { return v } }
                return nil
            } }
        case .flatten:
            return BlockIterator { var part: ValueIterator? = nil; return {
                while true {
                    if let p = part, let v = try p.next() { return v }
                    guard let next = try inner.next() else { return nil }
                    part = try interp.makeIterator(next)
                }
            } }
        case .partition(let n):
            let source = sources[0]
            return BlockIterator { {
                var chunk: [Value] = []
                while chunk.count < n, let v = try inner.next() { chunk.append(v) }
                guard !chunk.isEmpty else { return nil }
                if case .string = source {
                    return .str(String(chunk.compactMap { v -> Character? in if case .char(let c) = v, let s = Unicode.Scalar(c) { return Character(s) }; return nil }))
                }
                var et: FlxType? = nil
                if case .array(let arr) = source { et = arr.elementType }
                if case .range = source, case .int(let a) = chunk[0], case .int(let b) = chunk[chunk.count - 1] {
                    return .range(RangeValue(.int(start: a, step: 1, stop: b, unit: true)))
                }
                return .array(try interp.makeVector(chunk, elementType: et))
            } }
        case .takeWhile(let f):
            return BlockIterator { var done = false; return {
                guard !done, let v = try inner.next() else { return nil }
                if try predicate(interp, f, v, "takewhile") { return v }
                done = true
                return nil
            } }
        case .dropWhile(let f):
            return BlockIterator { var dropping = true; return {
                while let v = try inner.next() {
                    if dropping, try predicate(interp, f, v, "dropwhile") { continue }
                    dropping = false
                    return v
                }
                return nil
            } }
        case .accumulate(let f):
            return BlockIterator { var acc: Value? = nil; return {
                guard let v = try inner.next() else { return nil }
                acc = try acc.map { try interp.call(f, [$0, v]) } ?? v
                return acc
            } }
        default: return inner
        }
    }
}

/// A predicate's answer, which must be a Bool (Julia's TypeError otherwise).
func predicate(_ interp: Interpreter, _ f: Value, _ v: Value, _ name: String) throws -> Bool {
    let r = try interp.call(f, [v])
    guard case .bool(let b) = r else { throw Exceptions.typeError(name, expected: "Bool", got: r) }
    return b
}

/// An iterator made from a closure that yields the next element (nil at the end); the
/// outer closure makes fresh state per iteration.
final class BlockIterator: ValueIterator {
    let step: () throws -> Value?
    init(_ make: () -> () throws -> Value?) { step = make() }
    override func next() throws -> Value? { try step() }
}

/// `Iterators.countfrom(start, step)`: start, start + step, ... without end.
final class CountIterator: ValueIterator {
    unowned let interp: Interpreter
    var current: Value
    let step: Value
    init(_ interp: Interpreter, _ start: Value, _ step: Value) {
        self.interp = interp
        current = start
        self.step = step
    }
    override func next() throws -> Value? {
        defer { current = (try? OperatorBuiltins.binaryValues(.add, current, step, interp)) ?? current }
        return current
    }
}

/// `Iterators.map(f, itrs...)`: f applied to the elements taken in step.
final class MapIterator: ValueIterator {
    unowned let interp: Interpreter
    let f: Value
    let inners: [ValueIterator]
    init(_ interp: Interpreter, _ f: Value, _ inners: [ValueIterator]) {
        self.interp = interp
        self.f = f
        self.inners = inners
    }
    override func next() throws -> Value? {
        var args: [Value] = []
        for it in inners {
            guard let v = try it.next() else { return nil }
            args.append(v)
        }
        return try interp.call(f, args)
    }
}

/// `Iterators.product(a, b, ...)`: tuples with the first iterable varying fastest.
final class ProductIterator: ValueIterator {
    let lists: [[Value]]
    var index: [Int]
    var done: Bool
    init(_ lists: [[Value]]) {
        self.lists = lists
        index = lists.map { _ in 0 }
        done = lists.isEmpty || lists.contains { $0.isEmpty }
    }
    override func next() throws -> Value? {
        guard !done else { return nil }
        let item = Value.tuple(zip(lists, index).map { $0[$1] })
        var k = 0
        while k < lists.count {
            index[k] += 1
            if index[k] < lists[k].count { break }
            index[k] = 0
            k += 1
        }
        if k == lists.count { done = true }
        return item
    }
}

extension IteratorAdaptor: NativeRest {
    /// Julia's `Base.rest(itr, state)`: the elements after the first n, lazily.
    package func rest(skipping n: Int, _ interp: Interpreter) -> Value {
        if case .rest(let k) = kind { return .native(IteratorAdaptor(.rest(k + n), sources, interp)) }
        return .native(IteratorAdaptor(.rest(n), [.native(self)], interp))
    }
}
