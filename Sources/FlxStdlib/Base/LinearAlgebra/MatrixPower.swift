import FlxSyntax
import FlxCore
import FlxEngine

/// `A^p` for a square matrix: repeated matrix products by Base's `power_by_squaring`
/// (the same products in the same order as Julia, so integer matrices are exact and
/// float ones round alike), each on the tape. A negative p is `inv(A)^-p`, as Julia
/// computes the `A^-1` people write. A `Diagonal`, and a diagonal matrix raised to a
/// float power, has each diagonal entry raised to p; the Schur-based general case of a
/// non-integer power is not in flx.
package enum MatrixPower {
    package static func power(_ base: Value, _ exponent: Value, _ interp: Interpreter) throws -> Value {
        guard case .array(let a) = base, a.rank == 2, let t = a.tensor else { throw Exceptions.method(.str("^"), [base, exponent]) }
        if a.dims[0] != a.dims[1] {
            throw Exceptions.dimensionMismatch("matrix is not square: dimensions are (\(a.dims[0]), \(a.dims[1]))")
        }
        if LinearAlgebraTypes.isDiagonal(base) {
            // Julia's `D^p = Diagonal(D.diag .^ p)` (and `D^-1 = inv(D)`).
            guard scalarRank(exponent) != nil else { throw Exceptions.method(.str("^"), [base, exponent]) }
            if case .int(let p) = exponent, p < 0 {
                let inverse = try interp.engine { tape in try LinearAlgebra.inv(t, tape: tape) }
                return LinearAlgebraTypes.asDiagonal(try diagonalPower(inverse, .int(0 &- p), interp))
            }
            return LinearAlgebraTypes.asDiagonal(try diagonalPower(t, exponent, interp))
        }
        let result: Tensor
        switch exponent {
        case .int(let p):
            result = try integerPower(t, p, interp)
        case .bool(let b):
            result = try integerPower(t, b ? 1 : 0, interp)
        case .float64, .float32:
            let p = asDouble(exponent)
            // Julia's `^(A, p::Real)`: the element type follows `T ^ p` (Float for an Int matrix).
            let isSingle: Bool = { if case .float32 = exponent { return true }; return false }()
            let target = isSingle && t.dtype != .float64 ? DType.float32 : DType.float64
            let x = t.dtype == target ? t : try interp.engine { tape in try Conversion.convert(t, to: target, tape: tape) }
            if isDiagonal(x) {
                result = try diagonalPower(x, exponent, interp)
            } else if p.rounded() == p, let n = Int64(exactly: p) {
                result = try integerPower(x, n, interp)
            } else {
                throw Exceptions.argument("flx raises a matrix only to an integer power (or a diagonal one to any power); got p = \(try Display.printString(exponent, interp))")
            }
        default:
            throw Exceptions.method(.str("^"), [base, exponent])
        }
        return .array(ArrayValue(tensor: result))
    }

    /// Base's `power_by_squaring(x, p)`.
    static func integerPower(_ a: Tensor, _ p: Int64, _ interp: Interpreter) throws -> Tensor {
        try interp.engine { tape in
            if p < 0 { return try squaring(LinearAlgebra.inv(a, tape: tape), 0 &- p, tape) }
            return try squaring(a, p, tape)
        }
    }

    private static func squaring(_ a: Tensor, _ exponent: Int64, _ tape: Tape?) throws -> Tensor {
        func mul(_ x: Tensor, _ y: Tensor) throws -> Tensor { try LinearAlgebra.matmul(x, y, tape: tape) }
        var p = exponent
        if p == 1 {
            // `copy(x)`: a new array (on the tape when x is).
            if let tape, tape.isTracked(a) { return try Shaping.reshape(a, a.shape, tape: tape) }
            return try a.copy()
        }
        if p == 0 { return try LinearAlgebra.identity(a.shape[0], a.dtype) }
        if p == 2 { return try mul(a, a) }
        var x = a
        var t = p.trailingZeroBitCount + 1
        p >>= t
        t -= 1
        while t > 0 { x = try mul(x, x); t -= 1 }
        var y = x
        while p > 0 {
            t = p.trailingZeroBitCount + 1
            p >>= t
            t -= 1
            while t >= 0 { x = try mul(x, x); t -= 1 }
            y = try mul(y, x)
        }
        return y
    }

    /// Julia's `isdiag`: every entry off the diagonal is zero.
    static func isDiagonal(_ a: Tensor) -> Bool {
        let n = a.shape[0]
        for j in 0..<n { for i in 0..<n where i != j && a.numericValue(j &* n &+ i) != 0 { return false } }
        return true
    }

    /// A diagonal matrix to a power: each diagonal entry `d^p` (Base's `^` of the element
    /// and exponent types), the zeros kept.
    static func diagonalPower(_ d: Tensor, _ exponent: Value, _ interp: Interpreter) throws -> Tensor {
        let n = d.shape[0]
        let mask = try DiagonalMatrices.mask(rows: n, cols: n) { i, j in i == j }
        let p = try interp.requireTensor(exponent, "^")
        return try interp.engine { tape in
            let powered = try Arithmetic.binary(.pow, d, p, tape: tape)
            return try Arithmetic.ifelse(mask, powered, Tensor.zeros(powered.dtype, .scalar), tape: tape)
        }
    }
}
