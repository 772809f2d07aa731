import FlxSyntax
import FlxCore
import FlxEngine

/// `SymTridiagonal(dv, ev)` and `Tridiagonal(dl, d, du)`: matrices with entries on the
/// diagonal and next to it only. As for `Diagonal`, flx keeps the elements dense and the type
/// (`SymTridiagonal{Int64, Vector{Int64}}`) tells them apart: the entries off the three
/// diagonals print as `⋅`, and `eigen`/`cholesky` see a symmetric matrix.
package enum TridiagonalMatrices {
    package static let symTridiagonal = family("SymTridiagonal")
    package static let tridiagonal = family("Tridiagonal")

    private static func family(_ name: String) -> FlxType {
        let t = FlxType(name: name, supertype: BuiltinTypes.abstractArrayOf(nil, 2))
        t.parameterNames = ["T", "V"]
        t.arrayStyle = ArrayStyle(structuralZero: { r, c in abs(r - c) > 1 })
        return t
    }

    /// The n×n matrix with `d` on the diagonal, `below` under it and `above` over it.
    static func band(_ family: FlxType, _ d: Tensor, below: Tensor, above: Tensor) throws -> Value {
        let dtype = DType.promote(DType.promote(d.dtype, below.dtype), above.dtype)
        let n = d.count
        let t = try DenseBlocks.matrix(n, n, dtype) { i, j in
            i == j ? d.numericValue(i) : i == j + 1 ? below.numericValue(j) : j == i + 1 ? above.numericValue(i) : 0
        }
        let element = ArrayValue.flxType(of: dtype)
        let type = family.instantiate([.type(element), .type(BuiltinTypes.arrayOf(element, 1))], supertype: BuiltinTypes.abstractArrayOf(element, 2))
        return .array(ArrayValue(tensor: t, type: type))
    }

    static func vector(_ v: Value, _ family: FlxType, _ a: Args, _ interp: Interpreter) throws -> Tensor {
        guard case .array(let arr) = v, arr.rank == 1, let t = arr.tensor, !interp.isTracked(v) else {
            throw Exceptions.method(.type(family), a.values)
        }
        return t
    }

    /// The k-th diagonal of the square matrix `t` (k = -1 below, 1 above).
    static func diagonal(_ t: Tensor, _ k: Int) throws -> Tensor {
        let n = t.shape[0], len = Swift.max(0, n - abs(k))
        let out = try Tensor.zeros(t.dtype, Shape([len]))
        for i in 0..<len { out.setNumeric(DenseBlocks.at(t, k < 0 ? i - k : i, k > 0 ? i + k : i), i) }
        return out
    }

    /// `SymTridiagonal(dv, ev)` (ev of length n - 1, or n with the last ignored) or
    /// `SymTridiagonal(A)` of a matrix whose two off-diagonals agree.
    static func constructSymmetric(_ interp: Interpreter, _ a: Args) throws -> Value {
        let f = symTridiagonal
        if a.count == 1 {
            // Julia compares the two off-diagonals only: the rest of `A` is dropped unread.
            let t = try StructuredMatrices.square(a[0], "SymTridiagonal")
            let e = try diagonal(t, 1), below = try diagonal(t, -1)
            guard (0..<e.count).allSatisfy({ e.numericValue($0) == below.numericValue($0) }) else {
                throw Exceptions.argument("matrix is not symmetric; cannot convert to SymTridiagonal")
            }
            return try band(f, try diagonal(t, 0), below: e, above: e)
        }
        guard a.count == 2, a.keywords.isEmpty else { throw Exceptions.method(.type(f), a.values) }
        let dv = try vector(a[0], f, a, interp), ev = try vector(a[1], f, a, interp)
        guard dv.count - 1 <= ev.count && ev.count <= dv.count else {
            throw Exceptions.dimensionMismatch("subdiagonal has wrong length. Has length \(ev.count), but should be either \(dv.count - 1) or \(dv.count).")
        }
        return try band(f, dv, below: ev, above: ev)
    }

    /// `Tridiagonal(dl, d, du)` (dl and du of length n - 1) or `Tridiagonal(A)`.
    static func construct(_ interp: Interpreter, _ a: Args) throws -> Value {
        let f = tridiagonal
        if a.count == 1 {
            let t = try StructuredMatrices.square(a[0], "Tridiagonal")
            return try band(f, try diagonal(t, 0), below: try diagonal(t, -1), above: try diagonal(t, 1))
        }
        guard a.count == 3, a.keywords.isEmpty else { throw Exceptions.method(.type(f), a.values) }
        let dl = try vector(a[0], f, a, interp), d = try vector(a[1], f, a, interp), du = try vector(a[2], f, a, interp)
        guard (dl.count == d.count - 1 && du.count == d.count - 1) || (d.count == 0 && dl.count == 0 && du.count == 0) else {
            throw Exceptions.argument("cannot construct Tridiagonal from incompatible lengths of subdiagonal, diagonal and superdiagonal: (\(dl.count), \(d.count), \(du.count))")
        }
        return try band(f, d, below: dl, above: du)
    }

    static func install(_ interp: Interpreter) {
        TypeBuiltins.setConstructor(symTridiagonal) { interp, a in try constructSymmetric(interp, a) }
        TypeBuiltins.setConstructor(tridiagonal) { interp, a in try construct(interp, a) }
        interp.base.define(symTridiagonal.name, .type(symTridiagonal))
        interp.base.define(tridiagonal.name, .type(tridiagonal))
        interp.builtinHelp.add(BuiltinHelp("SymTridiagonal(dv, ev)  /  SymTridiagonal(A)",
            "The symmetric tridiagonal matrix with `dv` on the diagonal and `ev` next to it (above and below), printed with `⋅` elsewhere; of a symmetric `A`, its three middle diagonals.",
            "SymTridiagonal([1, 2, 3], [4, 5])"), for: "SymTridiagonal")
        interp.builtinHelp.add(BuiltinHelp("Tridiagonal(dl, d, du)  /  Tridiagonal(A)",
            "The tridiagonal matrix with `dl` below the diagonal `d` and `du` above it, printed with `⋅` elsewhere.",
            "Tridiagonal([1, 2], [3, 4, 5], [6, 7])"), for: "Tridiagonal")
    }
}
