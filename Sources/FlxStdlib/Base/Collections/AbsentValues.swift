import FlxSyntax
import FlxCore
import FlxEngine

/// Tests and fallbacks for absent values: `isnothing` and `coalesce` (`something`, which
/// also unwraps `Some`, is an iterator function).
extension CollectionBuiltins {
    package static var absentValues: [Builtin] {
        [
            Builtin("isnothing", differentiation: .constant, { _, a in
                try a.expect("isnothing", 1...1)
                if case .nothing = a[0] { return .bool(true) }
                return .bool(false)
            }, help: BuiltinHelp("isnothing(x)", "Whether `x === nothing`.", "isnothing(findfirst(==(5), [1, 2]))  # true")),
            Builtin("coalesce", { _, a in
                // The first argument that is not `missing`; `missing` when all are.
                for v in a.values {
                    if case .missing = v { continue }
                    return v
                }
                return .missing
            }, help: BuiltinHelp("coalesce(x...)", "The first argument that is not `missing` (`missing` if there is none).", "coalesce(missing, 2, 3)  # 2")),
        ]
    }

    /// `searchsortedfirst(v, x)` and `searchsortedlast(v, x)` on a sorted collection: the
    /// first index whose element is not less than `x`, the last one not greater (binary search
    /// with `isless`, as Julia's default order).
    package static var sortedSearch: [Builtin] {
        func search(_ name: String, last: Bool) -> Builtin {
            Builtin(name, { interp, a in
                try a.expect(name, 2...2)
                let v = try interp.collect(a[0])
                var lo = 0, hi = v.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    // First: move right while v[mid] < x. Last: while !(x < v[mid]).
                    let right = last ? !(try less(a[1], v[mid], interp)) : try less(v[mid], a[1], interp)
                    if right { lo = mid + 1 } else { hi = mid }
                }
                return .int(Int64(last ? lo : lo + 1))
            }, help: BuiltinHelp("\(name)(v, x)", last ? "The index of the last element of the sorted `v` that is ≤ `x` (0 if none)." : "The index of the first element of the sorted `v` that is ≥ `x` (length(v) + 1 if none).",
                                 last ? "searchsortedlast([1, 3, 5], 4)  # 2" : "searchsortedfirst([1, 3, 5], 4)  # 3"))
        }
        return [search("searchsortedfirst", last: false), search("searchsortedlast", last: true)]
    }

    /// `x < y` as sort compares (the `<` the values define).
    static func less(_ x: Value, _ y: Value, _ interp: Interpreter) throws -> Bool {
        if case .bool(true) = try OperatorBuiltins.binaryValues(.lt, x, y, interp) { return true }
        return false
    }
}
