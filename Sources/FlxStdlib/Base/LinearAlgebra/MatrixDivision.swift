import FlxSyntax
import FlxCore
import FlxEngine

/// `A \ B` and `A / B` with matrices: the solution of a square linear system (the engine's
/// `solve`, on the tape), and Julia's least-squares `a \ b` for a vector `a`.
package enum MatrixDivision {
    /// `A \ B`: X with A X = B, for a square A.
    package static func leftDivide(_ a: ArrayValue, _ b: ArrayValue, _ interp: Interpreter) throws -> Value {
        guard let at = a.tensor, let bt = b.tensor, b.rank <= 2 else { throw Exceptions.method(.str("\\"), [.array(a), .array(b)]) }
        if a.rank == 1 { return try vectorLeftDivide(at, bt, interp) }
        guard a.rank == 2 else { throw Exceptions.method(.str("\\"), [.array(a), .array(b)]) }
        if a.dims[0] > a.dims[1], !interp.isTracked(.array(a)), !interp.isTracked(.array(b)) { return try leastSquares(at, bt, interp) }
        try requireSquareSystem(a)
        let x = try interp.engine { tape in try LinearAlgebra.solve(at, bt, tape: tape) }
        return LinearAlgebraTypes.diagonal(.array(ArrayValue(tensor: x)),
                                           if: LinearAlgebraTypes.isDiagonal(.array(a)) && LinearAlgebraTypes.isDiagonal(.array(b)))
    }

    /// `A / B = (B' \ A')'`, for a square B and an A with as many columns.
    package static func rightDivide(_ a: ArrayValue, _ b: ArrayValue, _ interp: Interpreter) throws -> Value {
        guard let at = a.tensor, let bt = b.tensor, a.rank <= 2, b.rank <= 2 else { throw Exceptions.method(.str("/"), [.array(a), .array(b)]) }
        let aCols = a.rank == 2 ? a.dims[1] : 1, bCols = b.rank == 2 ? b.dims[1] : 1
        guard aCols == bCols else { throw Exceptions.dimensionMismatch("Both inputs should have the same number of columns") }
        guard b.rank == 2, a.rank == 2 else { throw Exceptions.method(.str("/"), [.array(a), .array(b)]) }
        try requireSquareSystem(b)
        let x = try interp.engine { tape in
            try LinearAlgebra.transpose(LinearAlgebra.solve(LinearAlgebra.transpose(bt, tape: tape), LinearAlgebra.transpose(at, tape: tape), tape: tape), tape: tape)
        }
        // A row `x'` divided by a matrix is again such a row, as in Julia.
        if let w = LinearAlgebraTypes.wrapped(a), LinearAlgebraTypes.isRowOfVector(a) {
            let element = ArrayValue.flxType(of: x.dtype)
            return .array(ArrayValue(tensor: x, type: LinearAlgebraTypes.wrapper(w.family, element: element, parent: BuiltinTypes.arrayOf(element, 1))))
        }
        return LinearAlgebraTypes.diagonal(.array(ArrayValue(tensor: x)),
                                           if: LinearAlgebraTypes.isDiagonal(.array(a)) && LinearAlgebraTypes.isDiagonal(.array(b)))
    }

    /// `A \ B` for a tall A of full column rank: Julia's least-squares solution through
    /// `qr(A, ColumnNorm())`, the same LAPACK factorization (not on the tape).
    static func leastSquares(_ a: Tensor, _ b: Tensor, _ interp: Interpreter) throws -> Value {
        let (factors, tau, t, jpvt) = try interp.engine { try Factorizations.pivotedQR(a) }
        let f = FactorizationObject(.qrPivoted(factors: factors, tau: tau, t: t, jpvt: jpvt), dtype: factors.dtype)
        return .array(ArrayValue(tensor: try interp.engine { try FactorizationArithmetic.solve(f, b) }))
    }

    /// Julia solves a wide system for its minimum-norm solution, and a tall one being
    /// differentiated in the least-squares sense; flx does neither.
    static func requireSquareSystem(_ a: ArrayValue) throws {
        guard a.dims[0] != a.dims[1] else { return }
        throw Exceptions.argument("flx solves only square systems here (and tall ones outside differentiation); the matrix is \(a.dims[0])×\(a.dims[1]). "
            + "For the least-squares solution of A x = b use (A' * A) \\ (A' * b) (full column rank) or add rows to make A square.")
    }

    /// `a \ b` for a vector a: Julia's least-squares `(a' * b) / (a' * a)` (0 when a is 0),
    /// a number for a vector b and a row for a matrix b.
    static func vectorLeftDivide(_ a: Tensor, _ b: Tensor, _ interp: Interpreter) throws -> Value {
        let numerator: Value
        if b.rank == 1 {
            numerator = try MatrixProducts.rowTimesVector(a, b, interp)
        } else {
            numerator = .array(ArrayValue(tensor: try interp.engine { tape in try LinearAlgebra.matmul(a, transA: true, b, tape: tape) }))
        }
        let den = interp.wrap(try interp.engine { tape -> Tensor in
            let s = try Reductions.sumAbs2(a, tape: tape)
            return s.numericValue(0) == 0 ? try Tensor.filled(value: 1.0, dtype: s.dtype, shape: .scalar) : s
        })
        let quotient = try OperatorBuiltins.binaryValues(.div, numerator, den, interp)
        guard case .array(let q) = quotient, let t = q.tensor else { return quotient }
        let element = ArrayValue.flxType(of: t.dtype)
        return .array(ArrayValue(tensor: t, type: LinearAlgebraTypes.wrapper(LinearAlgebraTypes.adjoint, element: element, parent: BuiltinTypes.arrayOf(element, 1))))
    }
}
