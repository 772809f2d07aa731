import FlxSyntax
import FlxCore
import FlxEngine

/// How many elements a collection has and which: `length`, `first`, `last`, `only`,
/// `collect`, and the small containers `tuple`, `ntuple`, `Base.tail` and `Ref`.
extension CollectionBuiltins {
    package static var collectionElements: [Builtin] {
        [
            Builtin("length", differentiation: .constant, { interp, a in
                try a.expect("length", 1...1)
                switch a[0] {
                // Characters are code points (`length("e\u301") == 2`), not Swift's graphemes.
                case .string(let s): return .int(Int64(s.value.unicodeScalars.count))
                case .native(let d as DictObject): return .int(Int64(d.count))
                case .range(let r): return .int(r.juliaLength)
                default:
                    if let n = interp.knownLength(a[0]) { return .int(Int64(n)) }
                    if case .object = a[0], let f = interp.base.member("length")?.value, case .function(let g as GenericFunction) = f, g.methods.count > 1 {
                        throw Exceptions.method(.str("length"), a.values)
                    }
                    return .int(Int64(try interp.collect(a[0]).count))
                }
            }, help: BuiltinHelp("length(x)", "The number of elements of an array, tuple, string (in characters), dict or range.", "length([1, 2, 3])  # 3")),
            Builtin("isempty", differentiation: .constant, { interp, a in
                try a.expect("isempty", 1...1)
                switch a[0] {
                case .string(let s): return .bool(s.value.isEmpty)
                case .native(let d as DictObject): return .bool(d.count == 0)
                default:
                    if let n = interp.knownLength(a[0]) { return .bool(n == 0) }
                    return .bool(try interp.makeIterator(a[0]).next() == nil)
                }
            }, help: BuiltinHelp("isempty(x)", "Whether a collection or string has no elements.", "isempty(Int[])  # true")),
            Builtin("collect", { interp, a in
                try a.expect("collect", 1...2)
                var v = a[a.count - 1]
                if a.count == 2, case .type(let t) = a[0] { return .array(try interp.makeVector(try interp.collect(v), elementType: t)) }
                if case .array(let arr) = v { return .array(try copyArray(arr, interp)) }
                if case .range = v { return .array(try interp.materialize(v)) }
                if case .native(let lazy as LazyArrayStandIn) = v { return try lazy.materialize(interp) }
                if case .string(let s) = v { return .array(try interp.makeVector(s.value.unicodeScalars.map { .char($0.value) }, elementType: BuiltinTypes.char)) }
                let items = try interp.collect(v)
                if a.count == 2, case .type(let t) = a[0] { return .array(try interp.makeVector(items, elementType: t)) }
                // `Iterators.product` of n iterables collects to an n-dimensional array.
                if case .native(let p as IteratorAdaptor) = v, let dims = p.collectShape {
                    return .array(try interp.makeArray(items, shape: try Shape(dims), elementType: items.isEmpty ? BuiltinTypes.any : interp.joinedType(items)))
                }
                // An empty range of dates or chars still knows its element type (`Date[]`).
                let empty = items.isEmpty ? (interp.typeOf(v).supertype.flatMap(CollectionBuiltins.declaredElementType) ?? BuiltinTypes.any) : nil
                v = .array(try interp.makeArray(items, shape: try Shape([items.count]), elementType: empty ?? interp.joinedType(items)))
                return v
            }, help: BuiltinHelp("collect(iter)", "Materialises a range, generator or other iterable into an Array.", "collect(1:3)  # [1, 2, 3]")),
            Builtin("first", { interp, a in
                try a.expect("first", 1...2)
                if a.count == 2 {
                    let n = try a.int(1, "first")
                    return try takeFirst(a[0], n, interp)
                }
                if case .string(let s) = a[0] {
                    guard let c = s.value.unicodeScalars.first else { throw Exceptions.argument("collection must be non-empty") }
                    return .char(c.value)
                }
                guard let v = try interp.makeIterator(a[0]).next() else { throw Exceptions.argument("collection must be non-empty") }
                return v
            }, help: BuiltinHelp("first(x)  /  first(x, n)", "The first element (or the first n elements) of a collection or string.", "first([5, 6, 7])  # 5")),
            Builtin("last", { interp, a in
                try a.expect("last", 1...2)
                if a.count == 1, case .range(let r) = a[0], let v = r.last { return v }
                if a.count == 2 {
                    let n = try a.int(1, "last")
                    guard n >= 0 else { throw Exceptions.argument("Number of elements must be nonnegative") }
                    if case .string(let s) = a[0] {
                        // The last n characters, as a String.
                        let scalars = Array(s.value.unicodeScalars)
                        var out = ""
                        out.unicodeScalars.append(contentsOf: scalars.suffix(n))
                        return .str(out)
                    }
                    var et: FlxType? = nil
                    if case .array(let arr) = a[0] { et = arr.elementType }
                    return .array(try interp.makeVector(Array(try interp.collect(a[0]).suffix(n)), elementType: et))
                }
                let items = try interp.collect(a[0])
                guard let v = items.last else { throw Exceptions.argument("collection must be non-empty") }
                return v
            }, help: BuiltinHelp("last(x)  /  last(x, n)", "The last element (or the last n elements).", "last([5, 6, 7])  # 7")),
            Builtin("only", { interp, a in
                try a.expect("only", 1...1)
                let items = try interp.collect(a[0])
                guard items.count == 1 else { throw Exceptions.argument("Collection has \(items.count == 0 ? "no elements" : "multiple elements, must contain exactly 1 element")") }
                return items[0]
            }, help: BuiltinHelp("only(x)", "The single element of a one-element collection; an error otherwise.", "only([42])  # 42")),
            Builtin("tuple", { _, a in .tuple(a.values) },
                help: BuiltinHelp("tuple(xs...)", "Makes a Tuple of its arguments, like `(xs...,)`.", "tuple(1, \"a\")  # (1, \"a\")")),
            Builtin("ntuple", { interp, a in
                try a.expect("ntuple", 2...2)
                let n = try a.int(1, "ntuple")
                guard n >= 0 else { throw Exceptions.argument("tuple length should be ≥ 0, got \(n)") }
                guard n > 10 else { return .tuple(try (0..<n).map { try interp.call(a[0], [.int(Int64($0 + 1))]) }) }
                // Past 10 elements Julia collects `[f(i) for i = 1:n]` and splats it: f(1) runs,
                // then a Vector of n elements is allocated (8 bytes each: an Int or a pointer).
                let first = try interp.call(a[0], [.int(1)])
                try MemoryGuard.reserveArray(count: n, juliaBytes: 8, bytesEach: MemoryLayout<Value>.stride)
                return .tuple(try [first] + (2...n).map { try interp.call(a[0], [.int(Int64($0))]) })
            }, help: BuiltinHelp("ntuple(f, n)", "The tuple `(f(1), f(2), ..., f(n))`.", "ntuple(i -> i^2, 3)  # (1, 4, 9)")),
            Builtin("tail", export: false, { _, a in
                guard a.count == 1, case .tuple(let t) = a[0] else { throw Exceptions.method(.str("tail"), a.values) }
                guard !t.items.isEmpty else { throw Exceptions.argument("Cannot call tail on an empty tuple.") }
                return .tuple(Array(t.items.dropFirst()))
            }, help: BuiltinHelp("Base.tail(t)", "A tuple without its first element.", "Base.tail((1, 2, 3))  # (2, 3)")),
        ]
    }
}
