import FlxSyntax
import FlxCore
import FlxEngine

/// `opnorm` (the operator norm of a matrix) and `normalize` (an array divided by its norm),
/// both on the tape.
extension StdlibModules {
    package static var normFunctions: [Builtin] {
        [
            Builtin("opnorm", { interp, a in
                try a.expect("opnorm", 1...2)
                let p = a.count == 2 ? asDouble(OperatorBuiltins.plain(try interp.settingArgument(a, 2, of: "opnorm"))) : 2
                guard a.count == 1 || scalarRank(OperatorBuiltins.plain(a[1])) != nil else { throw Exceptions.method(.str("opnorm"), a.values) }
                if case .native(let u as UniformScalingObject) = a[0] { return try absolute(u.lambda, interp) }
                if scalarRank(a[0]) != nil || isTrackedNumber(a[0]) { return try absolute(a[0], interp) }
                guard case .array(let arr) = a[0], arr.rank == 2, let t = arr.tensor else { throw Exceptions.method(.str("opnorm"), a.values) }
                guard p == 1 || p == 2 || p == .infinity else {
                    throw Exceptions.argument("invalid p-norm p=\(try Display.printString(a[1], interp)). Valid: 1, 2, Inf")
                }
                return interp.wrap(try interp.engine { tape in try LinearAlgebra.opnorm(t, p: p, tape: tape) })
            }, help: BuiltinHelp("opnorm(A, p = 2)", "The operator norm of a matrix induced by the vector p-norm: p = 2 is the largest singular value, p = 1 the largest absolute column sum, p = Inf the largest absolute row sum.", "opnorm([1 2; 3 4], 1)  # 6.0")),
            Builtin("normalize", { interp, a in
                try a.expect("normalize", 1...2)
                // A number: Julia's `x / norm(x, p)`, its sign as a float (NaN for 0).
                if scalarRank(a[0]) != nil || isTrackedNumber(a[0]) { return try OperatorBuiltins.binaryValues(.div, a[0], try absolute(a[0], interp), interp) }
                guard case .array(let arr) = a[0], let t = arr.tensor else { throw Exceptions.method(.str("normalize"), a.values) }
                let p = a.count == 2 ? asDouble(OperatorBuiltins.plain(try interp.settingArgument(a, 2, of: "normalize"))) : 2
                let input = t.dtype.isFloat ? t : try interp.engine { try t.converted(to: .float64) }
                return .array(ArrayValue(tensor: try interp.engine { tape in try normalized(input, p: p, tape: tape) }))
            }, help: BuiltinHelp("normalize(a, p = 2)", "`a` scaled to have p-norm 1 (multiplied by `inv(norm(a, p))`).", "normalize([3.0, 4.0])  # [0.6000000000000001, 0.8]")),
        ]
    }

    /// `abs(x)` through Base's `abs`, so a number being differentiated stays on the tape.
    static func absolute(_ x: Value, _ interp: Interpreter) throws -> Value {
        try interp.call(interp.base.binding("abs").value, [x])
    }

    /// Julia's `normalize`: `a * inv(nrm)` when the inverse is finite, otherwise scaled by
    /// ε/δ first so that a tiny norm does not overflow (`__normalize!`).
    static func normalized(_ x: Tensor, p: Double, tape: Tape?) throws -> Tensor {
        let nrm = try LinearAlgebra.norm(x, p: p, tape: tape)
        if x.count == 0 { return try Tensor.zeros(nrm.dtype, x.shape) }
        let isSingle = nrm.dtype == .float32
        // δ = inv(prevfloat(typemax(T))): the smallest norm whose inverse is finite.
        let delta = isSingle ? Double(1 / Float.greatestFiniteMagnitude) : 1 / Double.greatestFiniteMagnitude
        let one = try Tensor.scalar(1, dtype: nrm.dtype)
        if nrm.numericValue(0) >= delta {
            return try Arithmetic.binary(.mul, x, Arithmetic.binary(.div, one, nrm, tape: tape), tape: tape)
        }
        // εδ = eps(one(T)) / δ, in T.
        let ratio = isSingle ? Double(Float.ulpOfOne / (1 / Float.greatestFiniteMagnitude)) : Double.ulpOfOne / delta
        let epsDelta = try Tensor.scalar(ratio, dtype: nrm.dtype)
        let scaled = try Arithmetic.binary(.mul, x, epsDelta, tape: tape)
        return try Arithmetic.binary(.mul, scaled, Arithmetic.binary(.div, one, Arithmetic.binary(.mul, nrm, epsDelta, tape: tape), tape: tape), tape: tape)
    }
}
