import FlxSyntax
import FlxCore
import FlxEngine

/// Iterators over a collection's elements, indices and pairs: `enumerate`, `zip`, `pairs`,
/// `keys`, `values`, `eachindex`, `step` of a range, and `Iterators.take`/`repeated`.
extension CollectionBuiltins {
    package static var iteration: [Builtin] {
        [
            Builtin("enumerate", { interp, a in
                try a.expect("enumerate", 1...1)
                return .native(LazyIterable(kind: .enumerate, sources: [a[0]], interp))
            }, help: BuiltinHelp("enumerate(itr)", "Iterates `(i, x)` pairs with a 1-based counter i.", "for (i, x) in enumerate([\"a\", \"b\"])\n    println(i, x)\nend")),
            Builtin("zip", { interp, a in .native(LazyIterable(kind: .zip, sources: a.values, interp)) },
                help: BuiltinHelp("zip(iters...)", "Iterates tuples of the elements of several iterators in step; stops at the shortest.", "collect(zip([1, 2], [\"a\", \"b\"]))")),
            Builtin("pairs", { interp, a in
                try a.expect("pairs", 1...1)
                switch a[0] {
                case .namedTuple(let nt): return .native(LazyIterable(kind: .list(zip(nt.names, nt.values).map { .pair(PairValue(.sym($0), $1)) }), sources: [], interp))
                case .native(let d as DictObject): return .native(LazyIterable(kind: .list(d.pairs.map { .pair(PairValue($0.key, $0.value)) }), sources: [], interp))
                default:
                    let items = try interp.collect(a[0])
                    return .native(LazyIterable(kind: .list(items.enumerated().map { .pair(PairValue(.int(Int64($0 + 1)), $1)) }), sources: [], interp))
                }
            }, help: BuiltinHelp("pairs(x)", "An iterator of `key => value` pairs (index => element for arrays).", "for (k, v) in pairs((a = 1, b = 2))\n    println(k, \" \", v)\nend")),
            Builtin("keys", differentiation: .constant, { interp, a in
                try a.expect("keys", 1...1)
                switch a[0] {
                case .namedTuple(let nt): return .tuple(nt.names.map { .sym($0) })
                case .native(let d as DictObject): return try interp.vector(d.keys)
                case .native(let m as RegexMatchObject): return .array(try interp.makeVector(m.keys, elementType: m.keyType))
                case .string(let s):
                    return .array(try interp.makeVector(StringIndices.starts(Array(s.value.utf8)).map { .int(Int64($0)) }, elementType: BuiltinTypes.int64))
                default:
                    let n = try interp.knownLength(a[0]) ?? interp.collect(a[0]).count
                    return .range(RangeValue(.int(start: 1, step: 1, stop: Int64(n), unit: true)))
                }
            }, help: BuiltinHelp("keys(x)", "The keys of a dict or NamedTuple, or the indices of an array.", "keys((a = 1, b = 2))  # (:a, :b)")),
            Builtin("eachindex", differentiation: .constant, { interp, a in
                try a.expect("eachindex", 1...1)
                if case .string(let s) = a[0] {
                    // Byte indices where characters start.
                    return .array(try interp.makeVector(StringIndices.starts(Array(s.value.utf8)).map { .int(Int64($0)) }, elementType: BuiltinTypes.int64))
                }
                let n = try interp.knownLength(a[0]) ?? interp.collect(a[0]).count
                return .range(RangeValue(.int(start: 1, step: 1, stop: Int64(n), unit: true)))
            }, help: BuiltinHelp("eachindex(A)", "An iterator over every valid index of `A` (1-based).", "for i in eachindex(v)\n    v[i] *= 2\nend")),
            Builtin("values", { interp, a in
                try a.expect("values", 1...1)
                switch a[0] {
                case .namedTuple(let nt): return .tuple(nt.values)
                case .native(let d as DictObject): return try interp.vector(d.values)
                default: return a[0]
                }
            }, help: BuiltinHelp("values(x)", "The values of a dict or NamedTuple.", "collect(values(Dict(:a => 1)))  # [1]")),
            Builtin("step", { _, a in
                if a.count == 1, case .native(let r as NativeStepRange) = a[0] { return r.stepValue }
                guard a.count == 1, case .range(let r) = a[0] else { throw Exceptions.method(.str("step"), a.values) }
                switch r.kind {
                case .int(_, let s, _, _): return .int(s)
                case .float(_, let s, _): return .float64(s)
                }
            }, help: BuiltinHelp("step(r)", "The step between consecutive elements of a range.", "step(1:2:9)  # 2")),
            Builtin("Iterators.repeated", export: false, { interp, a in
                try a.expect("repeated", 1...2)
                let n = a.count == 2 ? try a.int(1, "repeated") : Int.max
                return .native(RepeatedIterable(value: a[0], count: n))
            }, help: BuiltinHelp("Iterators.repeated(x[, n])", "Yields `x` n times, or forever without n; handy to train several epochs on one batch.", "data = Iterators.repeated((x, y), 100)")),
        ]
    }
}
