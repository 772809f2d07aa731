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
            elementaryFunction("expm1", nil, { Glibc.expm1($0) },
                BuiltinHelp("expm1(x)", "`exp(x) - 1`, accurate for small x.", "expm1(1e-10)  # 1.00000000005e-10")),
            elementaryFunction("log2", nil, { Glibc.log2($0) },
                BuiltinHelp("log2(x)", "The base-2 logarithm.", "log2(8)  # 3.0")),
            elementaryFunction("log10", nil, { Glibc.log10($0) },
                BuiltinHelp("log10(x)", "The base-10 logarithm.", "log10(1000)  # 3.0")),
            elementaryFunction("asin", nil, { Glibc.asin($0) },
                BuiltinHelp("asin(x)", "Inverse sine, in radians.", "asin(1.0)  # 1.5707963267948966")),
            elementaryFunction("acos", nil, { Glibc.acos($0) },
                BuiltinHelp("acos(x)", "Inverse cosine, in radians.", "acos(1.0)  # 0.0")),
            elementaryFunction("atan", nil, { Glibc.atan($0) },
                BuiltinHelp("atan(x)", "Inverse tangent, in radians, in (-π/2, π/2). For the angle of a point (x, y) use `atan2(y, x)`; flx has no two-argument `atan`.", "atan(1.0)  # 0.7853981633974483")),
            elementaryFunction("sinh", nil, { Glibc.sinh($0) },
                BuiltinHelp("sinh(x)", "Hyperbolic sine.", "sinh(0.0)  # 0.0")),
            elementaryFunction("cosh", nil, { Glibc.cosh($0) },
                BuiltinHelp("cosh(x)", "Hyperbolic cosine.", "cosh(0.0)  # 1.0")),
            elementaryFunction("cbrt", nil, { Glibc.cbrt($0) },
                BuiltinHelp("cbrt(x)", "The real cube root.", "cbrt(-8.0)  # -2.0")),
            elementaryFunction("exp2", nil, { Glibc.exp2($0) },
                BuiltinHelp("exp2(x)", "2 to the power x.", "exp2(10)  # 1024.0")),
            elementaryFunction("exp10", nil, { Glibc.pow(10, $0) },
                BuiltinHelp("exp10(x)", "10 to the power x.", "exp10(2)  # 100.0")),
            Builtin("abs", fusedKernel: .unary(.abs), absoluteValue,
                help: BuiltinHelp("abs(x)", "The absolute value. Broadcast it over arrays: `abs.(v)`.", "abs(-3)  # 3")),
            Builtin("abs2", fusedKernel: .unary(.abs2), absoluteSquare,
                help: BuiltinHelp("abs2(x)", "The squared absolute value `x * x` (cheaper than `abs(x)^2`).", "sum(abs2, [1, 2, 3])  # 14")),
            Builtin("sign", fusedKernel: .unary(.sign), signOf,
                help: BuiltinHelp("sign(x)", "-1, 0 or 1 with the type of `x`, by the sign of `x`.", "sign(-2.5)  # -1.0")),
            Builtin("hypot", { _, a in try a.expect("hypot", 2...2); return .float64(Glibc.hypot(asDouble(a[0]), asDouble(a[1]))) },
                help: BuiltinHelp("hypot(x, y)", "`sqrt(x² + y²)` without overflow.", "hypot(3, 4)  # 5.0")),
            Builtin("atan2", { _, a in try a.expect("atan2", 2...2); return .float64(Glibc.atan2(asDouble(a[0]), asDouble(a[1]))) },
                help: BuiltinHelp("atan2(y, x)", "The angle of the point (x, y) in radians, in (-π, π]; Julia spells this `atan(y, x)`.", "atan2(1.0, -1.0)  # 2.356194490192345")),
        ]
    }

    /// A one-argument function of a real number; `op`, when the engine has it, also
    /// differentiates it and fuses it into broadcasts.
    static func elementaryFunction(_ name: String, _ op: UnaryOp?, _ f: @escaping (Double) -> Double, _ help: BuiltinHelp) -> Builtin {
        Builtin(name, fusedKernel: op.map { .unary($0) }, { interp, a in
            // `log(b, x)`, the logarithm to base b, is the one two-argument form.
            if name == "log" && a.count == 2 {
                return try ScalarArithmetic.apply(.div, .float64(Glibc.log(asDouble(a[1]))), .float64(Glibc.log(asDouble(a[0])))) ?? .nothing
            }
            try a.expect(name, 1...1)
            return try elementary(name, op, f, a[0], interp)
        }, help: help)
    }

    static func absoluteValue(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("abs", 1...1)
        switch a[0] {
        case .int(let n): return .int(n < 0 ? 0 &- n : n)
        case .bool: return a[0]
        default: return try elementary("abs", .abs, { Swift.abs($0) }, a[0], interp)
        }
    }

    static func absoluteSquare(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("abs2", 1...1)
        if case .int(let n) = a[0] { return .int(n &* n) }
        return try elementary("abs2", .abs2, { $0 * $0 }, a[0], interp)
    }

    static func signOf(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("sign", 1...1)
        if case .int(let n) = a[0] { return .int(n > 0 ? 1 : n < 0 ? -1 : 0) }
        return try elementary("sign", .sign, { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 }, a[0], interp)
    }

    /// An elementary function of a number, a tracked number or (as Julia refuses) an array.
    package static func elementary(_ name: String, _ op: UnaryOp?, _ f: (Double) -> Double, _ v: Value, _ interp: Interpreter) throws -> Value {
        switch v {
        case .float64(let d):
            if (name == "sqrt" || name == "log" || name == "log2" || name == "log10") && d < 0 { throw domainError(name, v) }
            if name == "log1p" && d < -1 { throw domainError(name, v) }
            return .float64(f(d))
        case .float32(let s):
            if (name == "sqrt" || name == "log" || name == "log2" || name == "log10") && s < 0 { throw domainError(name, v) }
            return .float32(Float(f(Double(s))))
        case .int, .bool:
            let d = asDouble(v)
            if (name == "sqrt" || name == "log" || name == "log2" || name == "log10") && d < 0 { throw domainError(name, .float64(d)) }
            return .float64(f(d))
        case .tracked(let t):
            guard let op else { throw Exceptions.error("\(name) is not differentiable in flx yet") }
            if (name == "sqrt" || name == "log") && t.value < 0 { throw domainError(name, t.plain) }
            return interp.wrap(try interp.engine { tape in try Unary.apply(op, t.tensor, tape: tape) })
        case .array:
            throw Exceptions.method(.str(name), [v])
        default:
            throw Exceptions.method(.str(name), [v])
        }
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
