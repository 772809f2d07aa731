import FlxSyntax
import FlxCore
import FlxEngine

/// Functions that call a function on each element: `map`, `foreach`, `filter`,
/// `mapreduce`, `any`, `all` and `count`.
extension CollectionBuiltins {
    package static var higherOrderFunctions: [Builtin] {
        [
            Builtin("map", mapElements,
                help: BuiltinHelp("map(f, collections...)", "Applies `f` to each element (or each tuple of elements) and collects the results.", "map(x -> x^2, [1, 2, 3])  # [1, 4, 9]")),
            Builtin("map!", { interp, a in
                try a.expect("map!", 3...3)
                guard case .array(let dest) = a[1] else { throw Exceptions.method(.str("map!"), a.values) }
                let items = try interp.collect(a[2])
                for (i, v) in items.enumerated() where i < dest.count {
                    try dest.setElement(i, try interp.convertElement(try interp.call(a[0], [v]), to: dest.elementType))
                }
                return a[1]
            }, help: BuiltinHelp("map!(f, dest, collections...)", "Like `map`, but stores the results in `dest`.", "d = zeros(3); map!(sqrt, d, [1.0, 4.0, 9.0])")),
            Builtin("foreach", { interp, a in
                guard a.count >= 2 else { throw Exceptions.method(.str("foreach"), a.values) }
                let lists = try (1..<a.count).map { try interp.collect(a[$0]) }
                let n = lists.map { $0.count }.min() ?? 0
                for i in 0..<n { _ = try interp.call(a[0], lists.map { $0[i] }) }
                return .nothing
            }, help: BuiltinHelp("foreach(f, collections...)", "Calls `f` on each element for its side effects; returns `nothing`.", "foreach(println, [\"a\", \"b\"])")),
            Builtin("filter", filteredCopy,
                help: BuiltinHelp("filter(pred, collection)", "The elements for which `pred` returns true.", "filter(iseven, 1:6)  # [2, 4, 6]")),
            Builtin("filter!", filterInPlace,
                help: BuiltinHelp("filter!(pred, v)", "Keeps only the elements for which `pred` is true, in place.", "v = [1, 2, 3, 4]; filter!(isodd, v)")),
            fold("reduce", fromLeft: true,
                BuiltinHelp("reduce(op, itr; init)", "Combines the elements with the binary function `op`, e.g. `+`.", "reduce(*, [1, 2, 3, 4])  # 24")),
            fold("foldl", fromLeft: true,
                BuiltinHelp("foldl(op, itr; init)", "Like `reduce`, combining from the left: `op(op(op(x1, x2), x3), ...)`.", "foldl(-, [10, 2, 3])  # 5")),
            fold("foldr", fromLeft: false,
                BuiltinHelp("foldr(op, itr; init)", "Like `reduce`, combining from the right: `op(x1, op(x2, ...))`.", "foldr(-, [10, 2, 3])  # 11")),
            Builtin("mapreduce", { interp, a in
                try a.expect("mapreduce", 3...3)
                // `dims`: each slice along them reduced on its own, the reduced dimensions kept as 1.
                if let dims = a.keyword("dims") {
                    return try ArrayRearranging.mapSlices(a[2], dims, interp) { slice in
                        try interp.call(interp.base.binding("mapreduce").value, [a[0], a[1], slice],
                                        keywords: a.keyword("init").map { [(name: "init", value: $0)] } ?? [])
                    }
                }
                var items = try interp.collect(a[2]).map { try interp.call(a[0], [$0]) }
                var acc: Value
                if let i = a.keyword("init") { acc = i } else {
                    guard !items.isEmpty else { throw Exceptions.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer") }
                    acc = items.removeFirst()
                }
                for v in items { acc = try interp.call(a[1], [acc, v]) }
                return acc
            }, help: BuiltinHelp("mapreduce(f, op, itr; dims, init)", "`reduce(op, map(f, itr))` without the intermediate array; with `dims`, along those dimensions.", "mapreduce(abs2, +, [1, 2, 3])  # 14")),
            Builtin("any", { interp, a in try anyAll(a, interp, any: true) },
                help: BuiltinHelp("any([pred], x)", "Whether at least one element satisfies `pred` (or is `true`).", "any(x -> x > 2, [1, 3])  # true")),
            Builtin("all", { interp, a in try anyAll(a, interp, any: false) },
                help: BuiltinHelp("all([pred], x)", "Whether every element satisfies `pred` (or is `true`).", "all(isfinite, [1.0, Inf])  # false")),
            Builtin("count", { interp, a in
                try a.expect("count", 1...2)
                if let dims = a.keyword("dims") {
                    // `count(f, A; dims)`: the number of true `f.(A)` along `dims`, an Int array.
                    let tests: Value = a.count == 2
                        ? try Broadcast.evaluate(.call(a[0], [.leaf(0)]), [a[1]], interp)
                        : a[0]
                    let asInts = try Broadcast.evaluate(.call(interp.base.binding("Int").value, [.leaf(0)]), [tests], interp)
                    return try interp.call(interp.base.binding("sum").value, [asInts], keywords: [("dims", dims)])
                }
                var n: Int64 = 0
                let it = try interp.makeIterator(a[a.count - 1])
                while let v = try it.next() {
                    let r = a.count == 2 ? try interp.call(a[0], [v]) : v
                    // Julia adds pred(x)::Bool: anything else is a TypeError, not a miss
                    // (count(0:typemax(Int)) walked 2^63 numbers to answer 0).
                    guard case .bool(let hit) = r else { throw Exceptions.typeError("typeassert", expected: "Bool", got: r) }
                    if hit { n += 1 }
                }
                return .int(n)
            }, help: BuiltinHelp("count([pred], x; dims)", "How many elements satisfy `pred` (or are `true`); with `dims`, counted along those dimensions.", "count(iseven, 1:10)  # 5")),
        ]
    }

    static func filterInPlace(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("filter!", 2...2)
        if case .native(let d as DictObject) = a[1] {
            try d.filterInPlace({ v in
                guard case .bool(let k) = try interp.call(a[0], [v]) else { throw Exceptions.typeError("filter!", expected: "Bool", got: v) }
                return k
            }, interp)
            return a[1]
        }
        guard case .array(let arr) = a[1] else { throw Exceptions.method(.str("filter!"), a.values) }
        let items = try arr.boxedValues.filter { v in
            guard case .bool(let k) = try interp.call(a[0], [v]) else { return false }
            return k
        }
        try replaceContents(arr, items, interp)
        return a[1]
    }

    static func filteredCopy(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("filter", 2...2)
        let keep = { (v: Value) throws -> Bool in
            guard case .bool(let k) = try interp.call(a[0], [v]) else { throw Exceptions.typeError("filter", expected: "Bool", got: v) }
            return k
        }
        if case .tuple(let t) = a[1] { return .tuple(try t.items.filter(keep)) }
        if case .native(let d as DictObject) = a[1] { return .native(try d.filtered(keep, interp)) }
        if case .string(let s) = a[1] {
            return .str(String(try s.value.unicodeScalars.filter { try keep(.char($0.value)) }.map { Character($0) }))
        }
        let items = try interp.collect(a[1]).filter(keep)
        var et: FlxType? = nil
        if case .array(let arr) = a[1] { et = arr.elementType }
        return .array(try interp.makeVector(items, elementType: et ?? (items.isEmpty ? BuiltinTypes.any : interp.joinedType(items))))
    }

    static func mapElements(_ interp: Interpreter, _ a: Args) throws -> Value {
        guard a.count >= 2 else { throw Exceptions.method(.str("map"), a.values) }
        let f = a[0]
        if a.count == 2 {
            if case .tuple(let t) = a[1] { return .tuple(try t.items.map { try interp.call(f, [$0]) }) }
            if case .namedTuple(let nt) = a[1] { return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try interp.call(f, [$0]) })) }
            let items = try interp.collect(a[1])
            let out = try items.map { try interp.call(f, [$0]) }
            var shape = try Shape([out.count])
            if case .array(let arr) = a[1] { shape = arr.shape }
            return .array(try interp.makeArray(out, shape: shape, elementType: out.isEmpty ? BuiltinTypes.any : interp.joinedType(out)))
        }
        let lists = try (1..<a.count).map { try interp.collect(a[$0]) }
        let n = lists.map { $0.count }.min() ?? 0
        var out: [Value] = []
        for i in 0..<n { out.append(try interp.call(f, lists.map { $0[i] })) }
        if case .tuple = a[1] { return .tuple(out) }
        // Arrays of one shape map to that shape (`map(tuple, [1 2; 3 4], [5 6; 7 8])` is 2×2).
        var shape = try Shape([out.count])
        let shapes = (1..<a.count).map { i -> [Int]? in if case .array(let arr) = a[i] { return arr.dims }; return nil }
        if case .array(let first) = a[1], first.rank > 1, shapes.allSatisfy({ $0 == first.dims }) { shape = first.shape }
        return .array(try interp.makeArray(out, shape: shape, elementType: out.isEmpty ? BuiltinTypes.any : interp.joinedType(out)))
    }

    /// `reduce`, `foldl` and `foldr`: one loop, which only differs in the side it starts from.
    static func fold(_ name: String, fromLeft: Bool, _ help: BuiltinHelp) -> Builtin {
        Builtin(name, { interp, a in
            try a.expect(name, 2...2)
            var items = try interp.collect(a[1])
            if !fromLeft { items.reverse() }
            var acc: Value
            if let i = a.keyword("init") { acc = i } else {
                guard !items.isEmpty else { throw Exceptions.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer") }
                acc = items.removeFirst()
            }
            for v in items { acc = fromLeft ? try interp.call(a[0], [acc, v]) : try interp.call(a[0], [v, acc]) }
            return acc
        }, help: help)
    }
}
