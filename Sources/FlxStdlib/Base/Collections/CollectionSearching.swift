import FlxSyntax
import FlxCore
import FlxEngine

/// Finding indices: where a predicate holds (`findfirst`, `findall`, ...) and where the
/// extremes are (`argmax`, `findmin`, ...).
extension CollectionBuiltins {
    package static var collectionSearching: [Builtin] {
        [
            Builtin("findfirst", { interp, a in try find(a, interp, first: true) },
                help: BuiltinHelp("findfirst(pred, x)  /  findfirst(x)", "The first index where `pred` is true (or where a Bool array is true); `nothing` if none.", "findfirst(>(2), [1, 3, 5])  # 2")),
            Builtin("findlast", { interp, a in try find(a, interp, first: false) },
                help: BuiltinHelp("findlast(pred, x)  /  findlast(x)", "The last index where `pred` is true; `nothing` if none.", "findlast(iseven, [2, 4, 5])  # 2")),
            Builtin("findall", { interp, a in
                try a.expect("findall", 1...2)
                if a.count == 2, case .native(let d as DictObject) = a[1] {
                    // findall(f, d::AbstractDict): the keys whose value satisfies `f`, in `d`'s order.
                    var keys: [Value] = []
                    for p in d.pairs { if case .bool(true) = try interp.call(a[0], [p.value]) { keys.append(p.key) } }
                    return .array(try interp.makeVector(keys, elementType: d.elementTypes(interp).key))
                }
                var out: [Value] = []
                let source = a[a.count - 1]
                for (i, v) in try interp.collect(source).enumerated() {
                    let r = a.count == 2 ? try interp.call(a[0], [v]) : v
                    if case .bool(true) = r { out.append(CartesianIndexing.key(Int64(i + 1), of: source)) }
                }
                // Beyond one dimension the indices are CartesianIndex values, as Julia's keys.
                var element = BuiltinTypes.int64
                if case .array(let arr) = source, arr.rank >= 2 { element = CartesianIndexObject.type(rank: arr.rank) }
                return .array(try interp.makeVector(out, elementType: element))
            }, help: BuiltinHelp("findall(pred, x)  /  findall(x)", "All indices where `pred` is true (or a Bool array is true).", "findall(iseven, [1, 2, 4])  # [2, 3]")),
            Builtin("argmax", { interp, a in try argExtreme(a, interp, max: true) },
                help: BuiltinHelp("argmax(x)", "The index of the largest element (the first on ties).", "argmax([3, 1, 4])  # 3")),
            Builtin("argmin", { interp, a in try argExtreme(a, interp, max: false) },
                help: BuiltinHelp("argmin(x)", "The index of the smallest element (the first on ties).", "argmin([3, 1, 4])  # 2")),
            Builtin("findmax", { interp, a in
                let i = try argExtreme(a, interp, max: true)
                return .tuple([try extremeValue(a, at: i, interp), i])
            }, help: BuiltinHelp("findmax(x)", "The tuple `(maximum, index)`.", "findmax([3, 1, 4])  # (4, 3)")),
            Builtin("findmin", { interp, a in
                let i = try argExtreme(a, interp, max: false)
                return .tuple([try extremeValue(a, at: i, interp), i])
            }, help: BuiltinHelp("findmin(x)", "The tuple `(minimum, index)`.", "findmin([3, 1, 4])  # (1, 2)")),
        ]
    }

    /// The value `findmax`/`findmin` report at index `i`: `f(x[i])` for the `(f, x)` form,
    /// else `x[i]`, picked on the tape when `x` is being differentiated.
    static func extremeValue(_ a: Args, at i: Value, _ interp: Interpreter) throws -> Value {
        let element = try interp.getIndexTracked(a[a.count - 1], [i])
        return a.count == 2 ? try interp.call(a[0], [element]) : element
    }
}
