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
        guard let at = a.tensor, let bt = b.tensor else { throw Exceptions.method(.str("*"), [.array(a), .array(b)]) }
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
