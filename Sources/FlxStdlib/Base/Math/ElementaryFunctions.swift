import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// Exponentials, logarithms, trigonometry, absolute value and sign. A function that
/// the engine knows elementwise also broadcasts as one fused kernel.
extension MathBuiltins {
    package static var elementaryFunctions: [Builtin] {
        [
            elementaryFunction("exp", .exp, { Glibc.exp($0) },
                BuiltinHelp("exp(x)", "The natural exponential eˣ.", "exp(1.0)  # 2.718281828459045")),
            elementaryFunction("log", .log, { Glibc.log($0) },
                BuiltinHelp("log(x)  /  log(b, x)", "The natural logarithm (or to base b); a DomainError for negative real `x`.", "log(ℯ)  # 1.0")),
            elementaryFunction("log1p", .log1p, { Glibc.log1p($0) },
                BuiltinHelp("log1p(x)", "`log(1 + x)`, accurate for small x.", "log1p(1e-10)  # ≈ 1.0e-10")),
            elementaryFunction("sqrt", .sqrt, { Glibc.sqrt($0) },
                BuiltinHelp("sqrt(x)  /  √x", "The square root; a DomainError for negative real `x`.", "sqrt(2f0)  # 1.4142135f0")),
            elementaryFunction("sin", .sin, { Glibc.sin($0) },
                BuiltinHelp("sin(x)", "Sine of `x` in radians.", "sin(π / 2)  # 1.0")),
            elementaryFunction("cos", .cos, { Glibc.cos($0) },
                BuiltinHelp("cos(x)", "Cosine of `x` in radians.", "cos(0.0)  # 1.0")),
            elementaryFunction("tan", .tan, { Glibc.tan($0) },
                BuiltinHelp("tan(x)", "Tangent of `x` in radians.", "tan(π / 4)  # ≈ 1.0")),
            elementaryFunction("tanh", .tanh, { Glibc.tanh($0) },
                BuiltinHelp("tanh(x)", "Hyperbolic tangent; a common activation, `Dense(2 => 3, tanh)`.", "tanh.([-1f0, 0f0, 1f0])")),
            elementaryFunction("expm1", nil, { Glibc.expm1($0) }, derivative: { Glibc.exp($0) },
                BuiltinHelp("expm1(x)", "`exp(x) - 1`, accurate for small x.", "expm1(1e-10)  # 1.00000000005e-10")),
            elementaryFunction("log2", nil, { Glibc.log2($0) }, derivative: { 1 / ($0 * M_LN2) },
                BuiltinHelp("log2(x)", "The base-2 logarithm.", "log2(8)  # 3.0")),
            elementaryFunction("log10", nil, { Glibc.log10($0) }, derivative: { 1 / ($0 * M_LN10) },
                BuiltinHelp("log10(x)", "The base-10 logarithm.", "log10(1000)  # 3.0")),
            elementaryFunction("asin", nil, { Glibc.asin($0) }, derivative: { 1 / (1 - $0 * $0).squareRoot() },
                BuiltinHelp("asin(x)", "Inverse sine, in radians.", "asin(1.0)  # 1.5707963267948966")),
            elementaryFunction("acos", nil, { Glibc.acos($0) }, derivative: { -1 / (1 - $0 * $0).squareRoot() },
                BuiltinHelp("acos(x)", "Inverse cosine, in radians.", "acos(1.0)  # 0.0")),
            elementaryFunction("atan", nil, { Glibc.atan($0) }, derivative: { 1 / (1 + $0 * $0) },
                BuiltinHelp("atan(x)  /  atan(y, x)", "Inverse tangent, in radians, in (-π/2, π/2); with two arguments the angle of the point (x, y), in (-π, π].", "atan(1.0, -1.0)  # 2.356194490192345")),
            elementaryFunction("sinh", nil, { Glibc.sinh($0) }, derivative: { Glibc.cosh($0) },
                BuiltinHelp("sinh(x)", "Hyperbolic sine.", "sinh(0.0)  # 0.0")),
            elementaryFunction("cosh", nil, { Glibc.cosh($0) }, derivative: { Glibc.sinh($0) },
                BuiltinHelp("cosh(x)", "Hyperbolic cosine.", "cosh(0.0)  # 1.0")),
            elementaryFunction("cbrt", nil, { Glibc.cbrt($0) }, derivative: { 1 / (3 * Glibc.cbrt($0) * Glibc.cbrt($0)) },
                BuiltinHelp("cbrt(x)", "The real cube root.", "cbrt(-8.0)  # -2.0")),
            elementaryFunction("exp2", nil, { Glibc.exp2($0) }, derivative: { Glibc.exp2($0) * M_LN2 },
                BuiltinHelp("exp2(x)", "2 to the power x.", "exp2(10)  # 1024.0")),
            elementaryFunction("exp10", nil, { Glibc.pow(10, $0) }, derivative: { Glibc.pow(10, $0) * M_LN10 },
                BuiltinHelp("exp10(x)", "10 to the power x.", "exp10(2)  # 100.0")),
            elementaryFunction("deg2rad", nil, { $0 * (Double.pi / 180) }, derivative: { _ in Double.pi / 180 },
                BuiltinHelp("deg2rad(x)", "Degrees to radians: `x * (π / 180)`.", "deg2rad(90)  # 1.5707963267948966")),
            elementaryFunction("rad2deg", nil, { $0 * (180 / Double.pi) }, derivative: { _ in 180 / Double.pi },
                BuiltinHelp("rad2deg(x)", "Radians to degrees: `x * (180 / π)`.", "rad2deg(π)  # 180.0")),
            Builtin("abs", fusedKernel: .unary(.abs), absoluteValue,
                help: BuiltinHelp("abs(x)", "The absolute value. Broadcast it over arrays: `abs.(v)`.", "abs(-3)  # 3")),
            Builtin("abs2", fusedKernel: .unary(.abs2), absoluteSquare,
                help: BuiltinHelp("abs2(x)", "The squared absolute value `x * x` (cheaper than `abs(x)^2`).", "sum(abs2, [1, 2, 3])  # 14")),
            Builtin("sign", fusedKernel: .unary(.sign), differentiation: .constant, signOf,
                help: BuiltinHelp("sign(x)", "-1, 0 or 1 with the type of `x`, by the sign of `x`.", "sign(-2.5)  # -1.0")),
            Builtin("hypot", { interp, a in
                try a.expect("hypot", 2...2)
                return try binaryReal("hypot", a[0], a[1], interp, value: { Glibc.hypot($0, $1) },
                                      partials: { x, y in let h = Glibc.hypot(x, y); return (x / h, y / h) })
            }, help: BuiltinHelp("hypot(x, y)", "`sqrt(x² + y²)` without overflow.", "hypot(3, 4)  # 5.0")),
        ]
    }

    /// A one-argument function of a real number; `op`, when the engine has it, also
    /// differentiates it and fuses it into broadcasts.
    /// Without `op`, `derivative` (f′ of a real number) differentiates it as a `Pointwise` op.
    static func elementaryFunction(_ name: String, _ op: UnaryOp?, _ f: @escaping (Double) -> Double,
                                   derivative: ((Double) -> Double)? = nil, _ help: BuiltinHelp) -> Builtin {
        Builtin(name, fusedKernel: op.map { .unary($0) }, { interp, a in
            // `log(b, x)`, the logarithm to base b, and `atan(y, x)`, the angle of a point, are
            // the two-argument forms.
            if a.count == 2 && name == "log" {
                if interp.isTracked(a[0]) || interp.isTracked(a[1]) {
                    // log(b, x) = log(x) / log(b): ∂b = -log(x) / (b log(b)²), ∂x = 1 / (x log(b)).
                    return try binaryReal("log", a[0], a[1], interp, value: { b, x in Glibc.log(x) / Glibc.log(b) },
                                          partials: { b, x in let lb = Glibc.log(b); return (-Glibc.log(x) / (b * lb * lb), 1 / (x * lb)) })
                }
                return try ScalarArithmetic.apply(.div, .float64(Glibc.log(asDouble(a[1]))), .float64(Glibc.log(asDouble(a[0])))) ?? .nothing
            }
            if a.count == 2 && name == "atan" {
                return try binaryReal("atan", a[0], a[1], interp, value: { Glibc.atan2($0, $1) },
                                      partials: { y, x in let r = x * x + y * y; return (x / r, -y / r) })
            }
            try a.expect(name, 1...1)
            return try elementary(name, op, f, a[0], interp, derivative: derivative)
        }, help: help)
    }

    static func absoluteValue(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("abs", 1...1)
        switch a[0] {
        case .int(let n): return .int(n < 0 ? 0 &- n : n)
        case .sized, .wide: return FixedIntArithmetic.absolute(a[0].fixedInt!).value
        case .bool: return a[0]
        case .native(let q as RationalObject): return try RationalNumbers.unary("abs", q)
        case .native(let b as BigIntObject): return .native(BigIntObject(negative: false, limbs: b.limbs))
        default: return try elementary("abs", .abs, { Swift.abs($0) }, a[0], interp)
        }
    }

    static func absoluteSquare(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("abs2", 1...1)
        if case .int(let n) = a[0] { return .int(n &* n) }
        if a[0].isSized, let f = a[0].fixedInt { return try FixedIntArithmetic.integerOp(.mul, f, f) }
        if a[0].rational != nil { return try OperatorBuiltins.binaryValues(.mul, a[0], a[0], interp) }
        return try elementary("abs2", .abs2, { $0 * $0 }, a[0], interp)
    }

    static func signOf(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("sign", 1...1)
        if case .int(let n) = a[0] { return .int(n > 0 ? 1 : n < 0 ? -1 : 0) }
        if a[0].isSized, let f = a[0].fixedInt { return FixedInt(f.kind, truncating: f.isNegative ? -1 : f.isZero ? 0 : 1).value }
        return try elementary("sign", .sign, { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 }, a[0], interp)
    }

    /// An elementary function of a number, a tracked number or (as Julia refuses) an array.
    package static func elementary(_ name: String, _ op: UnaryOp?, _ f: (Double) -> Double, _ v: Value, _ interp: Interpreter,
                                   derivative: ((Double) -> Double)? = nil) throws -> Value {
        if let c = v.complex {
            guard let r = try ComplexNumbers.elementary(name, c, interp) else { throw Exceptions.method(.str(name), [v]) }
            return r
        }
        // A Rational is computed with as its Float64 value (Julia's `sqrt(1//4)` is 0.5).
        if let q = v.rational { return try elementary(name, op, f, .float64(q.double), interp, derivative: derivative) }
        switch v {
        case .float64(let d):
            if (name == "sqrt" || name == "log" || name == "log2" || name == "log10") && d < 0 { throw domainError(name, v) }
            if name == "log1p" && d < -1 { throw domainError(name, v) }
            return .float64(f(d))
        case .float32(let s):
            if (name == "sqrt" || name == "log" || name == "log2" || name == "log10") && s < 0 { throw domainError(name, v) }
            return .float32(Float(f(Double(s))))
        case .float16(let h):
            // Julia computes a half's function in Float32 and rounds: `sqrt(x::Float16) = Float16(sqrt(Float32(x)))`.
            if (name == "sqrt" || name == "log" || name == "log2" || name == "log10") && h < 0 { throw domainError(name, v) }
            if name == "log1p" && h < -1 { throw domainError(name, v) }
            return .float16(Float16(Float(f(Double(h)))))
        case .int, .bool, .sized, .wide:
            let d = asDouble(v)
            if (name == "sqrt" || name == "log" || name == "log2" || name == "log10") && d < 0 { throw domainError(name, .float64(d)) }
            return .float64(f(d))
        case .tracked(let t):
            if t.value < 0 && (name == "sqrt" || name == "log" || name == "log2" || name == "log10") { throw domainError(name, t.plain) }
            if let op {
                if let y = try interp.scalarUnary(op, v) { return y }
                let x = try t.tensor
                return interp.wrap(try interp.engine { tape in try Unary.apply(op, x, tape: tape) })
            }
            guard let derivative else { throw Exceptions.error("\(name) is not differentiable in flx yet") }
            if let y = try interp.scalarPointwise(v, value: f, derivative: derivative) { return y }
            let x = try t.tensor
            return interp.wrap(try interp.engine { tape in try Pointwise.apply(x, value: f, derivative: derivative, tape: tape) })
        case .array:
            throw Exceptions.method(.str(name), [v])
        default:
            throw Exceptions.method(.str(name), [v])
        }
    }

    /// A smooth function of two real numbers: Float32 when neither argument is a Float64 and
    /// one is a Float32, else Float64, as Julia promotes; on the tape (a `Pointwise` op with
    /// both partials) when either is being differentiated.
    static func binaryReal(_ name: String, _ x: Value, _ y: Value, _ interp: Interpreter, value: @escaping (Double, Double) -> Double,
                           partials: @escaping (Double, Double) -> (Double, Double)) throws -> Value {
        guard scalarRank(x) != nil || isTrackedNumber(x), scalarRank(y) != nil || isTrackedNumber(y) else {
            throw Exceptions.method(.str(name), [x, y])
        }
        let isF32: (Value) -> Bool = { v in
            if case .float32 = v { return true }
            if case .tracked(let t) = v { return t.isFloat32 }
            return false
        }
        let isF64: (Value) -> Bool = { v in
            if case .float64 = v { return true }
            if case .tracked(let t) = v { return !t.isFloat32 }
            return false
        }
        let dtype: DType = (isF32(x) || isF32(y)) && !isF64(x) && !isF64(y) ? .float32 : .float64
        if !isTrackedNumber(x) && !isTrackedNumber(y) {
            let r = value(asDouble(x), asDouble(y))
            return dtype == .float32 ? .float32(Float(r)) : .float64(r)
        }
        return try trackedBinaryReal(x, y, dtype, interp, value, partials)
    }

    private static func isTrackedNumber(_ v: Value) -> Bool { if case .tracked = v { return true }; return false }

    private static func trackedBinaryReal(_ x: Value, _ y: Value, _ dtype: DType, _ interp: Interpreter,
                                          _ value: @escaping (Double, Double) -> Double,
                                          _ partials: @escaping (Double, Double) -> (Double, Double)) throws -> Value {
        if let z = try interp.scalarPointwise(x, y, dtype: dtype, value: value, partials: partials) { return z }
        func operand(_ v: Value) throws -> Tensor {
            guard let t = try interp.tensor(of: v) else { throw Exceptions.method(.str("convert"), [v]) }
            return t.dtype == dtype ? t : try interp.engine { tape in try Conversion.convert(t, to: dtype, tape: tape) }
        }
        let a = try operand(x), b = try operand(y)
        return interp.wrap(try interp.engine { tape in try Pointwise.apply(a, b, value: value, partials: partials, tape: tape) })
    }

    package static func domainError(_ name: String, _ v: Value) -> FlxError {
        switch name {
        case "sqrt":
            return Exceptions.domain(v, "sqrt was called with a negative real argument but will only return a complex result if called with a complex argument. Try sqrt(Complex(x)).")
        default:
            return Exceptions.domain(v, "\(name) was called with a negative real argument but will only return a complex result if called with a complex argument. Try \(name)(Complex(x)).")
        }
    }
}
