import FlxSyntax
import FlxCore
import FlxEngine

/// `Diagonal(v)` and the triangles `triu`/`tril`: matrices that keep part of another and
/// zero the rest. Each is one engine `ifelse` with a constant mask, so on the tape the
/// gradient flows to the kept entries only and the zeros are exact (`0.0`, never the
/// `-0.0` that multiplying by a mask would leave).
package enum DiagonalMatrices {
    /// The n×n `Diagonal` with `v` on its diagonal.
    package static func diagonal(of v: Tensor, _ interp: Interpreter) throws -> Value {
        let n = v.count
        let mask = try mask(rows: n, cols: n) { i, j in i == j }
        let out = try interp.engine { tape in
            try Arithmetic.ifelse(mask, Shaping.reshape(v, [1, n], tape: tape), Tensor.zeros(v.dtype, .scalar), tape: tape)
        }
        return LinearAlgebraTypes.asDiagonal(out)
    }

    /// A Bool matrix, true where `keep(row, column)` (0-based).
    static func mask(rows: Int, cols: Int, _ keep: (Int, Int) -> Bool) throws -> Tensor {
        let m = try Tensor.zeros(.bool, Shape(rows, cols))
        for j in 0..<cols { for i in 0..<rows where keep(i, j) { m.setNumeric(1, j &* rows &+ i) } }
        return m
    }

    /// `triu(A, k)` / `tril(A, k)`: the entries on and above (below) the k-th diagonal.
    static func triangle(_ name: String, _ interp: Interpreter, _ a: Args, upper: Bool) throws -> Value {
        try a.expect(name, 1...2)
        guard case .array(let arr) = a[0], arr.rank == 2, let t = arr.tensor else { throw Exceptions.method(.str(name), a.values) }
        let k = a.count == 2 ? Int64(try a.int(1, name)) : 0
        let mask = try mask(rows: arr.dims[0], cols: arr.dims[1]) { i, j in
            let d = Int64(j) - Int64(i)
            return upper ? d >= k : d <= k
        }
        return .array(ArrayValue(tensor: try interp.engine { tape in
            try Arithmetic.ifelse(mask, t, Tensor.zeros(t.dtype, .scalar), tape: tape)
        }))
    }

    package static var functions: [Builtin] {
        [
            Builtin("triu", { interp, a in try triangle("triu", interp, a, upper: true) },
                help: BuiltinHelp("triu(A, k = 0)", "The upper triangle of `A`, from the k-th superdiagonal up (k < 0 reaches below the diagonal); the rest zero.", "triu([1 2; 3 4])  # [1 2; 0 4]")),
            Builtin("tril", { interp, a in try triangle("tril", interp, a, upper: false) },
                help: BuiltinHelp("tril(A, k = 0)", "The lower triangle of `A`, up to the k-th superdiagonal; the rest zero.", "tril([1 2; 3 4])  # [1 0; 3 4]")),
            diagmBuiltin,
        ]
    }

    /// `Diagonal(v)` for a vector, `Diagonal(A)` for a matrix's diagonal.
    static func construct(_ interp: Interpreter, _ a: Args) throws -> Value {
        guard a.count == 1, a.keywords.isEmpty, case .array(let arr) = a[0], let t = arr.tensor else {
            throw Exceptions.method(.type(LinearAlgebraTypes.diagonal), a.values)
        }
        switch arr.rank {
        case 1: return try diagonal(of: t, interp)
        case 2:
            let n = min(arr.dims[0], arr.dims[1])
            let d = try interp.engine { tape in
                try Indexing.getindex(Shaping.reshape(t, [t.count], tape: tape), [.list((0..<n).map { $0 * arr.dims[0] + $0 + 1 })], tape: tape)
            }
            return try diagonal(of: d, interp)
        default: throw Exceptions.method(.type(LinearAlgebraTypes.diagonal), a.values)
        }
    }
}
