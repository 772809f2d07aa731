import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// LinearAlgebra's norms and products (`norm`, `dot`, `kron`) and a matrix's diagonal (`diag`, `tr`).
extension StdlibModules {
    package static var linearAlgebraFunctions: [Builtin] {
        [
            Builtin("norm", { interp, a in
                try a.expect("norm", 1...2)
                let p = a.count == 2 ? asDouble(try interp.settingArgument(a, 2, of: "norm")) : 2
                if case .array(let arr) = a[0], let t = arr.tensor {
                    let input = t.dtype.isFloat ? t : try interp.engine { try t.converted(to: .float64) }
                    return interp.wrap(try interp.engine { tape in try LinearAlgebra.norm(input, p: p, tape: tape) })
                }
                // norm of a number is its absolute value (as `abs`, so a tracked one keeps its gradient).
                if case .tracked = a[0] { return try interp.call(interp.base.binding("abs").value, [a[0]]) }
                if scalarRank(a[0]) != nil { return .float64(Swift.abs(asDouble(a[0]))) }
                let items = try interp.collect(a[0]).map { asDouble($0) }
                return .float64(items.map { $0 * $0 }.reduce(0, +).squareRoot())
            }, help: BuiltinHelp("norm(x, p = 2)", "The p-norm of the elements of `x` (Euclidean by default).", "norm([3.0, 4.0])  # 5.0")),
            Builtin("dot", { interp, a in
                try a.expect("dot", 2...2)
                let p = try interp.requireTensor(a[0], "dot", args: a.values), q = try interp.requireTensor(a[1], "dot", args: a.values)
                return interp.wrap(try interp.engine { tape in try LinearAlgebra.dot(p, q, tape: tape) })
            }, help: BuiltinHelp("dot(a, b)  /  a ⋅ b", "The inner product `sum(a .* b)` (conjugating `a`).", "dot([1, 2], [3, 4])  # 11")),
            Builtin("kron", { interp, a in
                try a.expect("kron", 2...2)
                guard case .array(let x) = a[0], case .array(let y) = a[1], let p = x.tensor, let q = y.tensor else {
                    throw Exceptions.method(.str("kron"), a.values)
                }
                let k = Value.array(ArrayValue(tensor: try interp.engine { tape in try LinearAlgebra.kron(p, q, tape: tape) }))
                return LinearAlgebraTypes.diagonal(k, if: LinearAlgebraTypes.isDiagonal(a[0]) && LinearAlgebraTypes.isDiagonal(a[1]))
            }, help: BuiltinHelp("kron(A, B)", "The Kronecker product: the block matrix whose (i, j) block is `A[i, j] * B` (of two vectors, a vector).", "kron([1 2; 3 4], [1 1])  # [1 1 2 2; 3 3 4 4]")),
            Builtin("diag", { interp, a in
                try a.expect("diag", 1...1)
                guard case .array(let arr) = a[0], arr.rank == 2 else { throw Exceptions.method(.str("diag"), a.values) }
                let n = min(arr.dims[0], arr.dims[1])
                if let t = TrackedGather.trackedTensor(a[0], interp) {
                    return .array(ArrayValue(tensor: try TrackedGather.take(t, (0..<n).map { $0 * arr.dims[0] + $0 }, interp)))
                }
                return .array(try interp.makeVector((0..<n).map { arr.element($0 * arr.dims[0] + $0) }, elementType: arr.elementType))
            }, help: BuiltinHelp("diag(A)", "The diagonal of a matrix, as a vector.", "diag([1 2; 3 4])  # [1, 4]")),
            Builtin("tr", { interp, a in
                guard case .array(let arr) = a[0], arr.rank == 2 else { throw Exceptions.method(.str("tr"), a.values) }
                let n = min(arr.dims[0], arr.dims[1])
                if let t = TrackedGather.trackedTensor(a[0], interp) {
                    let d = try TrackedGather.take(t, (0..<n).map { $0 * arr.dims[0] + $0 }, interp)
                    return interp.wrap(try interp.engine { tape in try Reductions.reduce(.sum, d, dims: .all, tape: tape) })
                }
                return try ArrayBuiltins.genericReduce("sum", (0..<n).map { arr.element($0 * arr.dims[0] + $0) }, interp)
            }, help: BuiltinHelp("tr(A)", "The trace: the sum of the diagonal of a square matrix.", "tr([1 2; 3 4])  # 5")),
        ]
    }
}
