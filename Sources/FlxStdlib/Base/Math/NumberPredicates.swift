import FlxSyntax
import FlxCore

/// Questions about a number: NaN, infinite, finite, zero, one, integral, and whether
/// two numbers (or arrays) are approximately equal.
extension MathBuiltins {
    package static var numberPredicates: [Builtin] {
        [
            Builtin("isnan", { _, a in
                try a.expect("isnan", 1...1)
                return .bool(scalarRank(OperatorBuiltins.plain(a[0])) != nil && asDouble(OperatorBuiltins.plain(a[0])).isNaN)
            }, help: BuiltinHelp("isnan(x)", "Whether `x` is a floating-point NaN.", "isnan(0 / 0)  # true")),
            Builtin("isinf", { _, a in try a.expect("isinf", 1...1); return .bool(asDouble(OperatorBuiltins.plain(a[0])).isInfinite) },
                help: BuiltinHelp("isinf(x)", "Whether `x` is an infinity.", "isinf(-Inf)  # true")),
            Builtin("isfinite", isFiniteNumber,
                help: BuiltinHelp("isfinite(x)", "Whether `x` is neither infinite nor NaN.", "all(isfinite, [1.0, NaN])  # false")),
            Builtin("iszero", { interp, a in
                try a.expect("iszero", 1...1)
                // Julia's `iszero(x::AbstractArray) = all(iszero, x)`.
                if case .array = a[0] {
                    return .bool(try interp.collect(a[0]).allSatisfy { try OperatorBuiltins.isEqual($0, .int(0), interp) })
                }
                return .bool(try OperatorBuiltins.isEqual(a[0], .int(0), interp))
            },
                help: BuiltinHelp("iszero(x)", "Whether `x == zero(x)`.", "iszero(0.0)  # true")),
            Builtin("isone", { interp, a in try a.expect("isone", 1...1); return .bool(try OperatorBuiltins.isEqual(a[0], .int(1), interp)) },
                help: BuiltinHelp("isone(x)", "Whether `x == one(x)`.", "isone(1.0)  # true")),
            Builtin("isinteger", { _, a in try a.expect("isinteger", 1...1); let d = asDouble(a[0]); return .bool(d == d.rounded()) },
                help: BuiltinHelp("isinteger(x)", "Whether `x` has an integer value.", "isinteger(2.0)  # true")),
            Builtin("isapprox", { interp, a in try isApprox(a, interp) },
                help: BuiltinHelp("isapprox(x, y; rtol, atol)  /  x ≈ y", "Whether `x` and `y` are equal up to a relative tolerance (√eps of the type by default) or an absolute `atol`; works on arrays via their norm.", "0.1 + 0.2 ≈ 0.3  # true")),
        ]
    }

    static func isFiniteNumber(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("isfinite", 1...1)
        let v = OperatorBuiltins.plain(a[0])
        guard scalarRank(v) != nil || v.isSized else { throw Exceptions.method(.str("isfinite"), [v]) }
        return .bool(asDouble(v).isFinite)
    }

    /// `isapprox(a, b; rtol, atol)` / `a ≈ b`: default rtol is √eps of the looser type.
    package static func isApprox(_ a: Args, _ interp: Interpreter) throws -> Value {
        try a.expect("isapprox", 2...2)
        let p = OperatorBuiltins.plain(a[0]), q = OperatorBuiltins.plain(a[1])
        let atol = a.keyword("atol").map { asDouble($0) } ?? 0
        func defaultRtol(_ v: Value) -> Double {
            switch v {
            case .float32: return Double(Float.ulpOfOne).squareRoot()
            case .array(let arr) where arr.elementType === BuiltinTypes.float32: return Double(Float.ulpOfOne).squareRoot()
            case .int, .bool: return 0
            default: return Double.ulpOfOne.squareRoot()
            }
        }
        let rtol = a.keyword("rtol").map { asDouble($0) } ?? (atol > 0 ? 0 : Swift.max(defaultRtol(p), defaultRtol(q)))
        if scalarRank(p) != nil && scalarRank(q) != nil {
            let u = asDouble(p), v = asDouble(q)
            if u == v { return .bool(true) }
            return .bool(u.isFinite && v.isFinite && Swift.abs(u - v) <= Swift.max(atol, rtol * Swift.max(Swift.abs(u), Swift.abs(v))))
        }
        let pa = try interp.materialize(p), qa = try interp.materialize(q)
        guard pa.shape == qa.shape else { throw Exceptions.dimensionMismatch("dimensions must match: a has dims \(OperatorBuiltins.axes(pa)), b has dims \(OperatorBuiltins.axes(qa))") }
        var diff = 0.0, na = 0.0, nb = 0.0
        for i in 0..<pa.count {
            let u = asDouble(pa.element(i)), v = asDouble(qa.element(i))
            diff += (u - v) * (u - v)
            na += u * u
            nb += v * v
        }
        return .bool(diff.squareRoot() <= Swift.max(atol, rtol * Swift.max(na.squareRoot(), nb.squareRoot())))
    }
}
