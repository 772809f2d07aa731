import FlxSyntax
import FlxCore
import FlxEngine

/// Arithmetic with `UniformScaling` (LinearAlgebra's uniformscaling.jl): λI takes the size
/// of the matrix it meets. `A ± λI` changes only the diagonal (one engine `ifelse`, so the
/// off-diagonal entries are A's own bits and λ's gradient is the trace of the incoming
/// one); `λI * A` is `λ * A`; with numbers and other scalings it stays a scaling.
package enum UniformScalingArithmetic {
    /// `l op r` when either side is a UniformScaling, else nil.
    package static func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, _ interp: Interpreter) throws -> Value? {
        let left = scaling(l), right = scaling(r)
        guard left != nil || right != nil else { return nil }
        func values(_ o: BinaryOperator, _ x: Value, _ y: Value) throws -> Value { try OperatorBuiltins.binaryValues(o, x, y, interp) }
        func scaled(_ lambda: Value) -> Value { .native(UniformScalingObject(lambda)) }
        let noMethod = Exceptions.method(.str(op.rawValue), [l, r])
        switch (left, right) {
        case (let j1?, let j2?):
            switch op {
            case .add, .sub, .mul: return scaled(try values(op, j1.lambda, j2.lambda))
            case .div:
                if isZero(j2.lambda) { throw interp.convertEngineError(.singular(1)) }
                return scaled(try values(.div, j1.lambda, j2.lambda))
            case .leftDiv:
                if isZero(j1.lambda) { throw interp.convertEngineError(.singular(1)) }
                return scaled(try values(.div, j2.lambda, j1.lambda))
            default: throw noMethod
            }
        case (let j?, nil):
            if isNumber(r) {
                switch op {
                case .add, .sub: return try values(op, j.lambda, r)
                case .mul, .div, .pow: return scaled(try values(op, j.lambda, r))
                default: throw noMethod
                }
            }
            guard case .array(let a) = r else { throw noMethod }
            switch op {
            case .add: return try addToDiagonal(a, j.lambda, negatingMatrix: false, interp)
            case .sub: return try addToDiagonal(a, j.lambda, negatingMatrix: true, interp)
            case .mul: return try values(.mul, j.lambda, r)
            case .leftDiv:
                if isZero(j.lambda) { throw interp.convertEngineError(.singular(1)) }
                return try values(.div, r, j.lambda)
            case .div:
                // `λI / A = λ * inv(A)`.
                return try values(.mul, j.lambda, try interp.call(interp.base.binding("inv").value, [r]))
            default: throw noMethod
            }
        case (nil, let j?):
            if isNumber(l) {
                switch op {
                case .add, .sub: return try values(op, l, j.lambda)
                case .mul: return scaled(try values(.mul, l, j.lambda))
                case .leftDiv: return scaled(try values(.div, j.lambda, l))
                default: throw noMethod
                }
            }
            guard case .array(let a) = l else { throw noMethod }
            switch op {
            case .add: return try addToDiagonal(a, j.lambda, negatingMatrix: false, interp)
            case .sub: return try addToDiagonal(a, try OperatorBuiltins.negate(j.lambda, interp), negatingMatrix: false, interp)
            case .mul:
                // A vector counts as a one-column matrix: `v * I` is n×1.
                if a.rank == 1, let t = a.tensor {
                    let column = try interp.engine { tape in try Shaping.reshape(t, [t.count, 1], tape: tape) }
                    return try values(.mul, .array(ArrayValue(tensor: column)), j.lambda)
                }
                return try values(.mul, l, j.lambda)
            case .div:
                if isZero(j.lambda) { throw interp.convertEngineError(.singular(1)) }
                return try values(.div, l, j.lambda)
            case .leftDiv:
                // `A \ λI = inv(A) * λ`.
                return try values(.mul, try interp.call(interp.base.binding("inv").value, [l]), j.lambda)
            default: throw noMethod
            }
        default: return nil
        }
    }

    /// `A + λI` (or `λI - A` with `negatingMatrix`) for a square matrix A.
    static func addToDiagonal(_ a: ArrayValue, _ lambda: Value, negatingMatrix: Bool, _ interp: Interpreter) throws -> Value {
        guard a.rank == 2, let t = a.tensor else { throw Exceptions.method(.str("+"), [.array(a), .native(UniformScalingObject(lambda))]) }
        let n = a.dims[0]
        guard a.dims[1] == n else { throw Exceptions.dimensionMismatch("matrix is not square: dimensions are (\(n), \(a.dims[1]))") }
        let l = try interp.requireTensor(lambda, "+")
        let mask = try DiagonalMatrices.mask(rows: n, cols: n) { i, j in i == j }
        let out = try interp.engine { tape -> Tensor in
            let base = negatingMatrix ? try Unary.apply(.neg, t, tape: tape) : t
            return try Arithmetic.ifelse(mask, Arithmetic.binary(.add, base, l, tape: tape), base, tape: tape)
        }
        return LinearAlgebraTypes.diagonal(.array(ArrayValue(tensor: out)), if: LinearAlgebraTypes.isDiagonal(.array(a)))
    }

    static func scaling(_ v: Value) -> UniformScalingObject? {
        if case .native(let u as UniformScalingObject) = v { return u }
        return nil
    }

    static func isNumber(_ v: Value) -> Bool {
        if case .tracked = v { return true }
        return scalarRank(v) != nil
    }

    static func isZero(_ v: Value) -> Bool { asDouble(OperatorBuiltins.plain(v)) == 0 }
}
