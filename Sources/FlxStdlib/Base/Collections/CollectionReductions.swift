import FlxSyntax
import FlxCore
import FlxEngine

/// Reductions over every element or along `dims`: `sum`, `prod`, `maximum`, `minimum`,
/// `extrema`, and the running sums of `cumsum`.
extension CollectionBuiltins {
    package static var collectionReductions: [Builtin] {
        [
            Builtin("sum", { interp, a in try ArrayBuiltins.reduction("sum", a, interp) },
                help: BuiltinHelp("sum([f], x; dims)", "Adds the elements (after applying `f`), over everything or along `dims`.", "sum(abs2, [1, 2])  # 5")),
            Builtin("prod", { interp, a in try ArrayBuiltins.reduction("prod", a, interp) },
                help: BuiltinHelp("prod([f], x; dims)", "Multiplies the elements (after applying `f`), over everything or along `dims`.", "prod([1, 2, 3, 4])  # 24")),
            Builtin("maximum", { interp, a in try ArrayBuiltins.reduction("maximum", a, interp) },
                help: BuiltinHelp("maximum([f], x; dims)", "The largest element (of `f` applied to each), or along `dims`.", "maximum([3, 1, 4])  # 4")),
            Builtin("minimum", { interp, a in try ArrayBuiltins.reduction("minimum", a, interp) },
                help: BuiltinHelp("minimum([f], x; dims)", "The smallest element (of `f` applied to each), or along `dims`.", "minimum([3, 1, 4])  # 1")),
            Builtin("extrema", { interp, a in
                try a.expect("extrema", 1...1)
                let lo = try ArrayBuiltins.reduction("minimum", a, interp), hi = try ArrayBuiltins.reduction("maximum", a, interp)
                return .tuple([lo, hi])
            }, help: BuiltinHelp("extrema(x)", "The tuple `(minimum(x), maximum(x))`.", "extrema([3, 1, 4])  # (1, 4)")),
            Builtin("cumsum", { interp, a in
                try a.expect("cumsum", 1...1)
                // `dims = 1` along a vector is what this computes; sums along other
                // dimensions are not implemented.
                if let d = a.keyword("dims") {
                    guard case .array(let v) = a[0], v.rank == 1, case .int(1) = d else {
                        throw Exceptions.argument("cumsum: only dims = 1 of a vector is supported in flx")
                    }
                }
                var acc: Value = .int(0)
                var out: [Value] = []
                for (i, v) in try interp.collect(a[0]).enumerated() {
                    acc = i == 0 ? v : try OperatorBuiltins.binaryValues(.add, acc, v, interp)
                    out.append(acc)
                }
                return try interp.vector(out)
            }, help: BuiltinHelp("cumsum(v; dims = 1)", "Running sums of a vector: element i is the sum of the first i elements.", "cumsum([1, 2, 3])  # [1, 3, 6]")),
        ]
    }
}
