import FlxSyntax
import FlxCore
import FlxEngine

/// `*` between arrays where LinearAlgebra's wrapper types change the answer.
///
/// `x'` (and `transpose(x)`) of a vector is a 1×n row whose product with a vector is a
/// number, `x' * y == dot(x, y)`, and whose product with a matrix is again a row of that
/// kind (`x' * A` is `(A' * x)'`), so `x' * A * x` is a number too. Both stay on the tape:
/// the row is reshaped back to its vector and multiplied by the engine's dot. `Diagonal`
/// times `Diagonal` stays `Diagonal`. Everything else is the plain matrix product.
package enum MatrixProducts {
    package static func multiply(_ a: ArrayValue, _ b: ArrayValue, _ interp: Interpreter) throws -> Value {
        guard let at = a.tensor, let bt = b.tensor else { return try genericProduct(a, b, interp) }
        if LinearAlgebraTypes.isRowOfVector(a) && b.rank == 1 { return try rowTimesVector(at, bt, interp) }
        if a.rank == 1 && b.rank == 1 { throw Exceptions.method(.str("*"), [.array(a), .array(b)]) }
        let product = try interp.engine { tape in try LinearAlgebra.matmul(at, bt, tape: tape) }
        if let w = LinearAlgebraTypes.wrapped(a), LinearAlgebraTypes.isRowOfVector(a), b.rank == 2 {
            let element = ArrayValue.flxType(of: product.dtype)
            return .array(ArrayValue(tensor: product, type: LinearAlgebraTypes.wrapper(w.family, element: element, parent: BuiltinTypes.arrayOf(element, 1))))
        }
        return LinearAlgebraTypes.diagonal(.array(ArrayValue(tensor: product)),
                                           if: LinearAlgebraTypes.isDiagonal(.array(a)) && LinearAlgebraTypes.isDiagonal(.array(b)))
    }

    /// `A * B` when either holds values the engine does not store (complex, rational): Julia's
    /// generic matmul, each entry `A[i,1]*B[1,j] + A[i,2]*B[2,j] + ...` with the language's
    /// own `*` and `+`. A vector on the left is a one-column matrix; one on the right gives
    /// a vector.
    static func genericProduct(_ a: ArrayValue, _ b: ArrayValue, _ interp: Interpreter) throws -> Value {
        guard a.rank <= 2, b.rank <= 2, a.rank >= 1, b.rank >= 1, !(a.rank == 1 && b.rank == 1) else {
            throw Exceptions.method(.str("*"), [.array(a), .array(b)])
        }
        let n = a.dims[0], k = a.rank == 2 ? a.dims[1] : 1
        let kb = b.dims[0], m = b.rank == 2 ? b.dims[1] : 1
        guard k == kb else {
            let bText = b.rank == 2 ? "matrix B has dimensions (\(kb),\(m))" : "vector B has length \(kb)"
            throw Exceptions.dimensionMismatch("matrix A has dimensions (\(n),\(k)), \(bText)")
        }
        guard let times = interp.base.member("*")?.value, let plus = interp.base.member("+")?.value else {
            throw Exceptions.method(.str("*"), [.array(a), .array(b)])
        }
        let left = a.boxedValues, right = b.boxedValues
        var out = try MemoryGuard.values(repeating: .nothing, count: n * m)
        for j in 0..<m {
            for i in 0..<n {
                if k == 0 {
                    out[i + j * n] = try interp.call(times, [try interp.call(interp.base.binding("zero").value, [.type(a.elementType)]),
                                                             try interp.call(interp.base.binding("zero").value, [.type(b.elementType)])])
                    continue
                }
                var acc = try interp.call(times, [left[i], right[j * k]])
                for p in 1..<k { acc = try interp.call(plus, [acc, try interp.call(times, [left[i + p * n], right[p + j * k]])]) }
                out[i + j * n] = acc
            }
        }
        let shape = try Shape(b.rank == 2 ? [n, m] : [n])
        let elementType = out.isEmpty ? BuiltinTypes.any : interp.joinedType(out)
        return .array(try interp.makeArray(out, shape: shape, elementType: elementType))
    }

    /// `x' * y`: Julia's `dot(x, y)`, with its DimensionMismatch texts (BLAS's for two float
    /// vectors of one type, the generic one otherwise).
    static func rowTimesVector(_ row: Tensor, _ y: Tensor, _ interp: Interpreter) throws -> Value {
        let n = row.count
        guard n == y.count else {
            if row.dtype == y.dtype && row.dtype.isFloat {
                throw Exceptions.dimensionMismatch("dot product arguments have lengths \(n) and \(y.count)")
            }
            throw Exceptions.dimensionMismatch("first array has length \(n) which does not match the length of the second, \(y.count).")
        }
        return interp.wrap(try interp.engine { tape in
            try LinearAlgebra.dot(Shaping.reshape(row, [n], tape: tape), y, tape: tape)
        })
    }
}
