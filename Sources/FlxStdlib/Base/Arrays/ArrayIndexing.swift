import FlxSyntax
import FlxCore
import FlxEngine

/// Indexing as functions (`getindex`, `setindex!`), its bounds (`firstindex`,
/// `lastindex`) and views of part of an array (`view`, `selectdim`).
extension ArrayBuiltins {
    package static var arrayIndexing: [Builtin] {
        [
            Builtin("firstindex", differentiation: .constant, { _, _ in .int(1) },
                help: BuiltinHelp("firstindex(x)", "The first index of `x`; 1 for arrays, tuples and strings.", "firstindex([5, 6])  # 1")),
            Builtin("lastindex", differentiation: .constant, { interp, a in
                try a.expect("lastindex", 1...2)
                let d = a.count == 2 ? try a.int(1, "lastindex") : 1
                // lastindex(A, d) is last(axes(A, d)): a dimension below 1 is axes' BoundsError
                // (d - 1 overflowed for typemin(Int)).
                if d < 1 { return try interp.call(interp.base.binding("axes").value, [a[0], a[1]]) }
                return try interp.lastIndex(a[0], dim: d - 1, of: a.count == 2 ? 2 : 1, viaBuiltin: true)
            }, help: BuiltinHelp("lastindex(x)", "The last index of `x`; what `end` means inside `x[...]`.", "lastindex([5, 6, 7])  # 3")),
            Builtin("getindex", { interp, a in
                guard a.count >= 1 else { throw Exceptions.method(.str("getindex"), a.values) }
                return try interp.getIndexTracked(a[0], Array(a.values.dropFirst()))
            }, help: BuiltinHelp("getindex(A, inds...)", "What `A[inds...]` calls: indexing is 1-based; ranges, `:`, vectors and Bool masks select several elements.", "getindex([10, 20, 30], 2)  # 20")),
            Builtin("setindex!", { interp, a in
                guard a.count >= 2 else { throw Exceptions.method(.str("setindex!"), a.values) }
                try interp.setIndex(a[0], Array(a.values.dropFirst(2)), a[1])
                return a[0]
            }, help: BuiltinHelp("setindex!(A, value, inds...)", "What `A[inds...] = value` calls; stores `value` in place.", "A = zeros(2); setindex!(A, 1.0, 2); A  # [0.0, 1.0]")),
            Builtin("view", { interp, a in
                guard a.count >= 1 else { throw Exceptions.method(.str("view"), a.values) }
                return try interp.makeView(a[0], Array(a.values.dropFirst()))
            }, help: BuiltinHelp("view(A, inds...)", "A SubArray that refers to part of `A` without copying; writing to it changes `A`.", "v = view(A, :, 1); v .= 0")),
            Builtin("parent", differentiation: .forwarded, { _, a in
                try a.expect("parent", 1...1)
                guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("parent"), a.values) }
                // An array that wraps nothing is its own parent.
                return arr.subArray.map { .array($0.parent) } ?? a[0]
            }, help: BuiltinHelp("parent(A)", "The array a view (SubArray) was taken from; an ordinary array is its own parent.", "parent(view([1, 2, 3], 2:3))  # [1, 2, 3]")),
            Builtin("parentindices", differentiation: .constant, { interp, a in
                try a.expect("parentindices", 1...1)
                guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("parentindices"), a.values) }
                guard let origin = arr.subArray else { return .tuple(arr.dims.map { .native(WholeDimension(length: $0, isSlice: false)) }) }
                let linear = origin.indices.count == 1 && origin.parent.rank != 1
                let sizes = linear ? [origin.parent.count] : origin.parent.dims
                return .tuple(origin.indices.enumerated().map { k, i in
                    if case .native(let n) = i, n is ColonObject { return .native(WholeDimension(length: k < sizes.count ? sizes[k] : 1)) }
                    return i
                })
            }, help: BuiltinHelp("parentindices(V)", "The indices of the parent that the view `V` selects, one per dimension of the parent.", "parentindices(view([1 2; 3 4], :, 1))")),
            Builtin("selectdim", { interp, a in
                try a.expect("selectdim", 3...3)
                guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("selectdim"), a.values) }
                let d = try a.int(1, "selectdim")
                var idx = [Value](repeating: .native(ColonObject.shared), count: arr.rank)
                guard d >= 1 && d <= arr.rank else { throw Exceptions.argument("selectdim: dimension out of range") }
                idx[d - 1] = a[2]
                return try interp.makeView(a[0], idx)
            }, help: BuiltinHelp("selectdim(A, d, i)", "A view of `A` with index `i` fixed in dimension `d`.", "selectdim([1 2; 3 4], 2, 1)  # [1, 3]")),
        ]
    }
}
