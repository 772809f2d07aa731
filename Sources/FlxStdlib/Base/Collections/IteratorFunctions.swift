import FlxSyntax
import FlxCore
import FlxEngine

/// The `Iterators` module's functions (lazy adaptors in `IteratorAdaptors.swift`), and
/// `something`, `eachsplit` from Base.
extension CollectionBuiltins {
    static func adaptor(_ name: String, _ signature: String, _ help: String, _ example: String,
                        _ make: @escaping (Interpreter, Args) throws -> IteratorAdaptor.Kind?, sources: @escaping (Args) -> [Value]) -> Builtin {
        Builtin("Iterators." + name, export: false, { interp, a in
            guard let kind = try make(interp, a) else { throw Exceptions.method(.str(name), a.values) }
            return .native(IteratorAdaptor(kind, sources(a), interp))
        }, help: BuiltinHelp("Iterators.\(signature)", help, example))
    }

    static func count(_ a: Args, _ i: Int, _ name: String) throws -> Int {
        let n = try a.int(i, name)
        guard n >= 0 else { throw Exceptions.argument(name == "partition" ? "cannot create partitions of length \(n)" : "\(name) must be non-negative") }
        return n
    }

    package static var iteratorFunctions: [Builtin] {
        [
            adaptor("drop", "drop(itr, n)", "Lazily skips the first n elements.", "collect(Iterators.drop(1:5, 2))  # [3, 4, 5]",
                    { _, a in a.count == 2 ? .drop(try count(a, 1, "drop")) : nil }, sources: { [$0[0]] }),
            adaptor("cycle", "cycle(itr)", "Repeats `itr` forever.", "collect(Iterators.take(Iterators.cycle([1, 2]), 5))",
                    { _, a in a.count == 1 ? .cycle : nil }, sources: { [$0[0]] }),
            adaptor("countfrom", "countfrom(start = 1, step = 1)", "Counts up from `start` by `step`, without end.", "collect(Iterators.take(Iterators.countfrom(5, 2), 3))  # [5, 7, 9]",
                    { _, a in a.count <= 2 ? .countFrom(start: a.count > 0 ? a[0] : .int(1), step: a.count > 1 ? a[1] : .int(1)) : nil }, sources: { _ in [] }),
            adaptor("filter", "filter(f, itr)", "Lazily yields the elements for which `f` is true.", "collect(Iterators.filter(isodd, 1:5))  # [1, 3, 5]",
                    { _, a in a.count == 2 ? .filter(a[0]) : nil }, sources: { [$0[1]] }),
            adaptor("map", "map(f, itrs...)", "Lazily applies `f` to the elements (of several iterators in step): a `Base.Generator`.", "collect(Iterators.map(abs2, 1:3))  # [1, 4, 9]",
                    { _, a in a.count >= 2 ? .map(a[0]) : nil }, sources: { Array($0.values.dropFirst()) }),
            adaptor("flatten", "flatten(itr)", "Lazily yields the elements of each element of `itr` in turn.", "collect(Iterators.flatten([[1, 2], [3]]))  # [1, 2, 3]",
                    { _, a in a.count == 1 ? .flatten : nil }, sources: { [$0[0]] }),
            adaptor("partition", "partition(itr, n)", "Yields consecutive chunks of n elements (the last may be shorter).", "collect(Iterators.partition([1, 2, 3, 4, 5], 2))",
                    { _, a in
                        guard a.count == 2 else { return nil }
                        let n = try a.int(1, "partition")
                        guard n > 0 else { throw Exceptions.argument("cannot create partitions of length \(n)") }
                        return .partition(n)
                    }, sources: { [$0[0]] }),
            adaptor("product", "product(itrs...)", "All tuples of one element from each iterable, the first varying fastest; `collect` makes an n-dimensional array.", "collect(Iterators.product(1:2, 3:4))",
                    { _, a in a.count >= 1 ? .product : nil }, sources: { $0.values }),
            adaptor("takewhile", "takewhile(pred, itr)", "Yields elements while `pred` holds.", "collect(Iterators.takewhile(<(3), 1:5))  # [1, 2]",
                    { _, a in a.count == 2 ? .takeWhile(a[0]) : nil }, sources: { [$0[1]] }),
            adaptor("dropwhile", "dropwhile(pred, itr)", "Skips elements while `pred` holds, then yields the rest.", "collect(Iterators.dropwhile(<(3), 1:5))  # [3, 4, 5]",
                    { _, a in a.count == 2 ? .dropWhile(a[0]) : nil }, sources: { [$0[1]] }),
            adaptor("rest", "rest(itr, state)", "The elements of an array, range or tuple after index `state`.", "collect(Iterators.rest(1:5, 2))  # [3, 4, 5]",
                    { _, a in a.count == 2 ? .rest(try count(a, 1, "rest")) : nil }, sources: { [$0[0]] }),
            adaptor("accumulate", "accumulate(f, itr)", "Lazily yields the running reduction by `f`.", "collect(Iterators.accumulate(+, 1:4))  # [1, 3, 6, 10]",
                    { _, a in a.count == 2 ? .accumulate(a[0]) : nil }, sources: { [$0[1]] }),
            Builtin("Iterators.take", export: false, { interp, a in
                try a.expect("take", 2...2)
                return .native(IteratorAdaptor(.take(try count(a, 1, "take")), [a[0]], interp))
            }, help: BuiltinHelp("Iterators.take(itr, n)", "Lazily yields at most the first n elements of `itr`.", "collect(Iterators.take(1:10, 3))  # [1, 2, 3]")),
            Builtin("Iterators.peel", export: false, { interp, a in
                try a.expect("peel", 1...1)
                let it = try interp.makeIterator(a[0])
                guard let first = try it.next() else { return .nothing }
                return .tuple([first, .native(IteratorAdaptor(.rest(1), [a[0]], interp))])
            }, help: BuiltinHelp("Iterators.peel(itr)", "`(first element, the rest as an iterator)`, or `nothing` when empty.", "first, rest = Iterators.peel(1:3)")),
            Builtin("Iterators.reverse", export: false, { interp, a in
                try a.expect("reverse", 1...1)
                return try interp.vector(interp.collect(a[0]).reversed())
            }, help: BuiltinHelp("Iterators.reverse(itr)", "The elements in reverse order.", "collect(Iterators.reverse(1:3))  # [3, 2, 1]")),
            Builtin("something", { _, a in
                for v in a.values {
                    if case .nothing = v { continue }
                    if case .native(let s as SomeObject) = v { return s.value }
                    return v
                }
                throw Exceptions.argument("No value arguments present")
            }, help: BuiltinHelp("something(x...)", "The first argument that is not `nothing` (a `Some(v)` gives v); ArgumentError when all are `nothing`.", "something(nothing, 1)  # 1")),
            Builtin("Some", { _, a in
                try a.expect("Some", 1...1)
                return .native(SomeObject(a[0]))
            }, help: BuiltinHelp("Some(x)", "A wrapper that tells `something` (and `Union{Some{T}, Nothing}` code) that a value is present, even when it is `nothing`.", "something(Some(nothing), 1)  # nothing")),
            Builtin("eachsplit", { interp, a in
                let parts = try StringBuiltins.splitString(a, interp, fromEnd: false)
                return .native(LazyIterable(kind: .list(try interp.collect(parts)), sources: [], interp))
            }, help: BuiltinHelp("eachsplit(str, dlm; limit, keepempty)", "Iterates the pieces `split` would return.", "collect(eachsplit(\"a,b\", \",\"))")),
        ]
    }
}

/// `Some(x)`: a present value, which may itself be `nothing`.
package final class SomeObject: NativeObject, NativeShowable, NativeFields, NativeImmutableValue {
    package let value: Value
    package init(_ value: Value) { self.value = value }
    package static let family: FlxType = {
        let t = FlxType(name: "Some", supertype: BuiltinTypes.any)
        t.parameterNames = ["T"]
        return t
    }()
    package override var flxType: FlxType { SomeObject.family }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String { "Some(" + (try Display.repr(value, interp)) + ")" }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
    package func field(_ name: String, _ interp: Interpreter) throws -> Value? { name == "value" ? value : nil }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
    package func isIdentical(to other: NativeObject) -> Bool {
        guard let o = other as? SomeObject else { return false }
        return Value.egal(o.value, value)
    }
}
