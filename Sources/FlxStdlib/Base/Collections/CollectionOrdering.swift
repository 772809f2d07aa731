import FlxSyntax
import FlxCore
import FlxEngine

/// Reordering: sorting (stable, with `by`, `lt` and `rev`), reversing and removing
/// duplicates.
extension CollectionBuiltins {
    package static var collectionOrdering: [Builtin] {
        [
            Builtin("sort", { interp, a in
                try a.expect("sort", 1...1)
                if let sorted = try sortedAlongDimension(a, interp) { return sorted }
                let items = try sortValues(try interp.collect(a[0]), a, interp)
                if case .tuple = a[0] { return .tuple(items) }
                var et: FlxType? = nil
                if case .array(let arr) = a[0] { et = arr.elementType }
                return .array(try interp.makeVector(items, elementType: et))
            }, help: BuiltinHelp("sort(v; by, rev = false, lt = isless)  /  sort(A; dims)", "A sorted copy of `v`; of an array, each slice along dimension `dims` sorted (`dims = 1`: every column).", "sort([3, 1, 2]; rev = true)  # [3, 2, 1]")),
            Builtin("sort!", { interp, a in
                try a.expect("sort!", 1...1)
                guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("sort!"), a.values) }
                if let order = try SortAlongDimension.permutation(arr, a, interp) {
                    let values = order.map { arr.element($0) }
                    for (i, v) in values.enumerated() { try arr.setElement(i, v) }
                    return a[0]
                }
                let items = try sortValues(arr.boxedValues, a, interp)
                for (i, v) in items.enumerated() { try arr.setElement(i, v) }
                return a[0]
            }, help: BuiltinHelp("sort!(v; by, rev = false, lt = isless)", "Sorts `v` in place.", "v = [3, 1, 2]; sort!(v)")),
            Builtin("sortperm", { interp, a in
                try a.expect("sortperm", 1...1)
                let items = try interp.collect(a[0])
                let indexed = try sortValues(items.enumerated().map { .tuple([$1, .int(Int64($0 + 1))]) }, a, interp, byFirst: true)
                return .array(try interp.makeVector(indexed.map { v in if case .tuple(let t) = v { return t.items[1] }; return .int(0) }, elementType: BuiltinTypes.int64))
            }, help: BuiltinHelp("sortperm(v; by, rev = false)", "The permutation of indices that sorts `v`: `v[sortperm(v)] == sort(v)`.", "sortperm([30, 10, 20])  # [2, 3, 1]")),
            Builtin("issorted", { interp, a in
                let items = try interp.collect(a[0])
                let sorted = try sortValues(items, a, interp)
                return .bool(try OperatorBuiltins.isEqual(.tuple(items), .tuple(sorted), interp))
            }, help: BuiltinHelp("issorted(v; by, rev = false)", "Whether `v` is in sorted order.", "issorted([1, 2, 2, 5])  # true")),
            Builtin("reverse", reversedCopy,
                help: BuiltinHelp("reverse(v)", "A copy of a vector, tuple or string in reverse order.", "reverse([1, 2, 3])  # [3, 2, 1]")),
            Builtin("unique", { interp, a in
                try a.expect("unique", 1...2)
                // `unique(f, itr)`: the elements whose `f` values are new, first one kept.
                let keyed = a.count == 2
                let items = a[a.count - 1]
                var out: [Value] = [], seen: [Value] = []
                for v in try interp.collect(items) {
                    let key = keyed ? try interp.call(a[0], [v]) : v
                    if try seen.contains(where: { try OperatorBuiltins.isEqual($0, key, interp, nanEqual: true) }) { continue }
                    seen.append(key)
                    out.append(v)
                }
                var et: FlxType? = nil
                if case .array(let arr) = items { et = arr.elementType }
                return .array(try interp.makeVector(out, elementType: et))
            }, help: BuiltinHelp("unique([f,] x)", "The distinct elements of `x`, in order of first appearance; with `f`, those whose `f(x)` is new.", "unique([1, 2, 1, 3])  # [1, 2, 3]")),
        ]
    }

    /// `sort(A; dims)` (also of a vector): nil when it is the ordinary sort of a collection.
    static func sortedAlongDimension(_ a: Args, _ interp: Interpreter) throws -> Value? {
        guard case .array(let arr) = a[0], let order = try SortAlongDimension.permutation(arr, a, interp) else { return nil }
        if let t = TrackedGather.trackedTensor(a[0], interp) {
            let picked = try TrackedGather.take(t, order, interp)
            return .array(ArrayValue(tensor: try interp.engine { tape in try Shaping.reshape(picked, t.shape.dims, tape: tape) }))
        }
        return .array(try interp.makeArray(order.map { arr.element($0) }, shape: arr.shape, elementType: arr.elementType))
    }

    static func reversedCopy(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("reverse", 1...1)
        switch a[0] {
        case .string(let s): return .str(String(String.UnicodeScalarView(s.value.unicodeScalars.reversed())))
        case .tuple(let t): return .tuple(t.items.reversed())
        case .range(let r):
            if case .int(let start, let step, _, _) = r.kind, r.count > 0 {
                let last = start &+ (r.count - 1) &* step
                return .range(RangeValue(.int(start: last, step: -step, stop: start, unit: false)))
            }
            return try interp.vector(try interp.collect(a[0]).reversed())
        case .array(let arr):
            if let t = TrackedGather.trackedTensor(a[0], interp) {
                let picked = try TrackedGather.take(t, Array((0..<t.count).reversed()), interp)
                return .array(ArrayValue(tensor: try interp.engine { tape in try Shaping.reshape(picked, t.shape.dims, tape: tape) }))
            }
            return .array(try interp.makeArray(arr.boxedValues.reversed(), shape: arr.shape, elementType: arr.elementType))
        default: return try interp.vector(try interp.collect(a[0]).reversed())
        }
    }
}
