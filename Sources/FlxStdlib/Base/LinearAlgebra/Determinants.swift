import FlxSyntax
import FlxCore
import FlxEngine

/// `det`, `logdet`, `logabsdet` and `inv`: LU-based (LAPACK) engine ops that record on the
/// tape. Numbers are their own 1×1 case (`det(x) = x`, `inv(2) = 0.5`); `I` has Julia's
/// `UniformScaling` answers.
extension StdlibModules {
    package static var determinantFunctions: [Builtin] {
        [
            Builtin("det", { interp, a in
                try a.expect("det", 1...1)
                if scalarRank(a[0]) != nil || isTrackedNumber(a[0]) { return a[0] }
                if case .native(let u as UniformScalingObject) = a[0] { return try uniformScalingDet(u, interp) }
                if case .native(let f as FactorizationObject) = a[0] { return try FactorizationArithmetic.det(f) }
                let t = try squareTensor(a[0], "det")
                return interp.wrap(try interp.engine { tape in try LinearAlgebra.det(t, tape: tape) })
            }, help: BuiltinHelp("det(A)", "The determinant of a square matrix, from its LU factorization (a float; 0.0 for a singular matrix).", "det([1 2; 3 4])  # -2.0")),
            Builtin("logabsdet", { interp, a in
                try a.expect("logabsdet", 1...1)
                if case .native(let f as FactorizationObject) = a[0] { return try FactorizationArithmetic.logabsdet(f) }
                let t = try squareTensor(a[0], "logabsdet")
                let (l, s) = try interp.engine { tape in try LinearAlgebra.logabsdet(t, tape: tape) }
                // Under differentiation the sign is on the tape too, as the piecewise-constant
                // function of A it is (derivative 0, ChainRules' ZeroTangent for real A).
                let sign = interp.isTracked(a[0])
                    ? interp.wrap(try interp.engine { tape in try Pointwise.apply(l, value: { _ in s }, derivative: { _ in 0 }, tape: tape) })
                    : l.dtype == .float32 ? .float32(Float(s)) : .float64(s)
                return .tuple([interp.wrap(l), sign])
            }, help: BuiltinHelp("logabsdet(A)", "`(log(abs(det(A))), sign(det(A)))`, computed without overflow or underflow.", "logabsdet([-1.0 0.0; 0.0 1.0])  # (0.0, -1.0)")),
            Builtin("logdet", { interp, a in
                try a.expect("logdet", 1...1)
                if case .native(let f as FactorizationObject) = a[0] { return try FactorizationArithmetic.logdet(f) }
                if scalarRank(a[0]) != nil || isTrackedNumber(a[0]) { return try interp.call(interp.base.binding("log").value, [a[0]]) }
                let t = try squareTensor(a[0], "logdet")
                return interp.wrap(try interp.engine { tape in
                    let (l, s) = try LinearAlgebra.logabsdet(t, tape: tape)
                    // Julia's `d + log(s)`: a negative determinant is log's DomainError.
                    let logSign = try Unary.apply(.log, Tensor.scalar(s, dtype: l.dtype), tape: nil)
                    return try Arithmetic.binary(.add, l, logSign, tape: tape)
                })
            }, help: BuiltinHelp("logdet(A)", "The logarithm of the determinant, without overflow; a DomainError when the determinant is negative.", "logdet([2.0 0.0; 0.0 3.0])  # 1.791759469228055")),
            Builtin("inv", { interp, a in
                try a.expect("inv", 1...1)
                if case .native(let f as FactorizationObject) = a[0] { return try FactorizationArithmetic.inverse(f, interp) }
                if scalarRank(a[0]) != nil || isTrackedNumber(a[0]) { return try OperatorBuiltins.binaryValues(.div, .bool(true), a[0], interp) }
                if case .native(let u as UniformScalingObject) = a[0] {
                    return .native(UniformScalingObject(try OperatorBuiltins.binaryValues(.div, .bool(true), u.lambda, interp)))
                }
                if let q = a[0].rational { return try RationalNumbers.unary("inv", q) }
                let t = try squareTensor(a[0], "inv")
                let r = try interp.engine { tape in try LinearAlgebra.inv(t, tape: tape) }
                return LinearAlgebraTypes.diagonal(.array(ArrayValue(tensor: r)), if: LinearAlgebraTypes.isDiagonal(a[0]))
            }, help: BuiltinHelp("inv(A)", "The inverse of a square matrix (SingularException when there is none); for a number, `1 / x`.", "inv([4.0 7.0; 2.0 6.0])  # [0.6 -0.7; -0.2 0.4]")),
        ]
    }

    static func isTrackedNumber(_ v: Value) -> Bool {
        if case .tracked = v { return true }
        return false
    }

    /// The tensor of a numeric matrix argument (the engine checks that it is square).
    static func squareTensor(_ v: Value, _ name: String) throws -> Tensor {
        guard case .array(let arr) = v, arr.rank == 2, let t = arr.tensor else { throw Exceptions.method(.str(name), [v]) }
        return t
    }

    /// Julia: `det(λI)` is 1 or 0 when λ is, and undefined otherwise.
    static func uniformScalingDet(_ u: UniformScalingObject, _ interp: Interpreter) throws -> Value {
        let x = asDouble(OperatorBuiltins.plain(u.lambda))
        if x == 1 || x == 0 { return u.lambda }
        throw Exceptions.argument("Determinant of UniformScaling is only well-defined when λ = 0 or 1.")
    }
}
