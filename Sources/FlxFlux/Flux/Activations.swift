import FlxSyntax
import FlxCore
import FlxStdlib
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// NNlib's activation functions. Each is a scalar function that broadcasts; those the
/// engine knows fuse into the surrounding broadcast (and into `Dense`).
package enum Activations {
    package struct Spec: Sendable {
        package let name: String
        package let op: UnaryOp?
        package let scalar: @Sendable (Double) -> Double
        /// The Float32 formula, computed in Float32 as NNlib does (`oftf` constants), for
        /// the activations without an engine op; those with one run the engine's kernel.
        package var scalar32: (@Sendable (Float) -> Float)? = nil
    }

    @Sendable static func softplus32(_ x: Float) -> Float { Float.m_log1p(Float.m_exp(-Swift.abs(x))) + Swift.max(x, 0) }

    @Sendable package static func sigmoid(_ x: Double) -> Double {
        let t = exp(-Swift.abs(x))
        return x >= 0 ? 1 / (1 + t) : t / (1 + t)
    }

    @Sendable package static func softplus(_ x: Double) -> Double { x < 0 ? log1p(exp(x)) : x + log1p(exp(-x)) }

    package static let specs: [Spec] = [
        Spec(name: "relu", op: .relu, scalar: { $0 < 0 ? 0 : $0 }),
        Spec(name: "σ", op: .sigmoid, scalar: sigmoid),
        Spec(name: "leakyrelu", op: .leakyreluDefault, scalar: { $0 > 0 ? $0 : 0.01 * $0 }),
        Spec(name: "elu", op: .eluDefault, scalar: { $0 >= 0 ? $0 : exp($0) - 1 }),
        Spec(name: "gelu_tanh", op: .gelu, scalar: { x in x / 2 * (1 + tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x))) }),
        Spec(name: "softplus", op: .softplus, scalar: softplus),
        Spec(name: "swish", op: .swish, scalar: { $0 * sigmoid($0) }),
        Spec(name: "relu6", op: nil, scalar: { Swift.min(Swift.max($0, 0), 6) }, scalar32: { Swift.min(Swift.max($0, 0), 6) }),
        Spec(name: "hardtanh", op: nil, scalar: { Swift.min(Swift.max($0, -1), 1) }, scalar32: { Swift.min(Swift.max($0, -1), 1) }),
        Spec(name: "hardσ", op: nil, scalar: { Swift.min(Swift.max(($0 + 3) / 6, 0), 1) }, scalar32: { Swift.min(Swift.max(($0 + 3) / 6, 0), 1) }),
        Spec(name: "logσ", op: nil, scalar: { -softplus(-$0) }, scalar32: { -softplus32(-$0) }),
        Spec(name: "selu", op: nil, scalar: { x in 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (exp(x) - 1)) },
             scalar32: { x in Float(1.0507009873554805) * (x > 0 ? x : Float(1.6732632423543772) * (Float.m_exp(x) - 1)) }),
        Spec(name: "celu", op: nil, scalar: { $0 >= 0 ? $0 : exp($0) - 1 }, scalar32: { $0 >= 0 ? $0 : Float.m_exp($0) - 1 }),
        Spec(name: "softsign", op: nil, scalar: { $0 / (1 + Swift.abs($0)) }, scalar32: { $0 / (1 + Swift.abs($0)) }),
        Spec(name: "mish", op: nil, scalar: { $0 * tanh(softplus($0)) }, scalar32: { $0 * Float.m_tanh(softplus32($0)) }),
        Spec(name: "lisht", op: nil, scalar: { $0 * UnaryOp.tanhFast($0) }, scalar32: { $0 * UnaryOp.tanhFast($0) }),
        Spec(name: "tanhshrink", op: nil, scalar: { $0 - UnaryOp.tanhFast($0) }, scalar32: { $0 - UnaryOp.tanhFast($0) }),
        Spec(name: "logcosh", op: nil, scalar: { $0 + softplus(-2 * $0) - log(2) }, scalar32: { $0 + softplus32(-2 * $0) - Float(log(2.0)) }),
        Spec(name: "gelu_erf", op: nil, scalar: { x in x / 2 * (1 + erf(x / 2.0.squareRoot())) }),
        Spec(name: "tanh_fast", op: .tanhFast, scalar: { UnaryOp.tanhFast($0) }),
        Spec(name: "sigmoid_fast", op: .sigmoidFast, scalar: { $0 > 40 ? 1 : ($0 < -80 ? 0 : sigmoid($0)) }),
    ]

    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        for spec in specs {
            let g = nnlib.native(spec.name) { interp, a in
                // `leakyrelu(x, a)` and `elu(x, α)` take an optional parameter.
                if a.count == 2, spec.name == "leakyrelu" || spec.name == "elu" {
                    if interp.isTracked(a[1]) { return try withTrackedParameter(spec.name, a[0], a[1], interp) }
                    let p = asDouble(OperatorBuiltins.plain(a[1]))
                    let op: UnaryOp = spec.name == "leakyrelu" ? .leakyrelu(slope: p) : .elu(alpha: p)
                    let f: (Double) -> Double = spec.name == "leakyrelu" ? { $0 > 0 ? $0 : p * $0 } : { $0 >= 0 ? $0 : p * (exp($0) - 1) }
                    // NNlib's leakyrelu(x, a) forms a * x in a's type before `oftf` rounds it
                    // (elu converts α first, as the engine does).
                    if spec.name == "leakyrelu", case .float32(let x) = a[0], case .float64 = OperatorBuiltins.plain(a[1]) {
                        return .float32(Float(f(Double(x))))
                    }
                    return try apply(spec.name, op, f, a[0], interp, params: [a[1]])
                }
                try a.expect(spec.name, 1...1)
                return try apply(spec.name, spec.op, spec.scalar, a[0], interp, f32: spec.scalar32)
            }
            if let op = spec.op { Broadcast.register(.function(g), .unary(op)) }
        }
        nnlib.define("sigmoid", nnlib.binding("σ").value)
        nnlib.define("hardsigmoid", nnlib.binding("hardσ").value)
        nnlib.define("logsigmoid", nnlib.binding("logσ").value)
        nnlib.define("silu", nnlib.binding("swish").value)
        // NNlib's `const gelu = gelu_tanh`: one function, named gelu_tanh.
        nnlib.define("gelu", nnlib.binding("gelu_tanh").value)
        nnlib.reexport("softmax", from: interp.base)
        nnlib.reexport("logsoftmax", from: interp.base)

        ActivationsMore.install(interp, nnlib)
        nnlib.native("logsumexp") { interp, a in
            try a.expect("logsumexp", 1...1)
            guard case .array(let arr) = a[0], let t = arr.tensor else { throw Exceptions.method(.str("logsumexp"), a.values) }
            let input = t.dtype.isFloat ? t : try interp.engine { try t.converted(to: .float64) }
            let dims = try a.keyword("dims").map { try ArrayBuiltins.dimSet($0, interp) }
            let m = try interp.engine { try Reductions.reduce(.maximum, input, dims: dims ?? .all, tape: nil) }
            let shifted = try interp.engine { tape in try Arithmetic.binary(.sub, input, m, tape: tape) }
            let e = try interp.engine { tape in try Unary.apply(.exp, shifted, tape: tape) }
            let s = try interp.engine { tape in try Reductions.reduce(.sum, e, dims: dims ?? .all, tape: tape) }
            let l = try interp.engine { tape in try Unary.apply(.log, s, tape: tape) }
            let r = try interp.engine { tape in try Arithmetic.binary(.add, l, m, tape: tape) }
            return dims == nil ? interp.wrap(r) : .array(ArrayValue(tensor: r))
        }
        // NNlib's informative error when a layer broadcasts softmax like an activation.
        for name in ["softmax", "logsoftmax", "logsumexp"] {
            guard case .function(let c) = nnlib.binding(name).value, let g = c as? GenericFunction else { continue }
            g.add(Method(signature: [BuiltinTypes.number], vararg: BuiltinTypes.any, body: .native { _, _ in
                throw Exceptions.error("`\(name)(x)` called with a number, but it expects an array. Usually this is because a layer like `Dense(3,4,softmax)` is broadcasting it like an activation function; `softmax` needs to be outside the layer.")
            }))
        }
    }

    /// The activations without an engine op, written with differentiable operations so
    /// a tracked argument keeps its gradient.
    package static func composed(_ name: String, _ v: Value, _ interp: Interpreter) throws -> Value {
        // Constants in the argument's precision, as NNlib's `oftf`: Float32 stays Float32.
        let single: Bool
        if case .tracked(let t) = v { single = t.isFloat32 } else { single = false }
        func c(_ d: Double) -> Value { single ? .float32(Float(d)) : .float64(d) }
        func bin(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value { try OperatorBuiltins.binaryValues(op, a, b, interp) }
        func un(_ op: UnaryOp, _ a: Value) throws -> Value {
            guard let t = try interp.tensor(of: a) else { throw Exceptions.method(.str(name), [a]) }
            return interp.wrap(try interp.engine { tape in try Unary.apply(op, t, tape: tape) })
        }
        func clamp(_ a: Value, _ lo: Double, _ hi: Double) throws -> Value {
            try MathBuiltins.extremumValues(try MathBuiltins.extremumValues(a, c(lo), interp, max: true), c(hi), interp, max: false)
        }
        let positive = asDouble(OperatorBuiltins.plain(v)) > 0
        switch name {
        case "relu6": return try clamp(v, 0, 6)
        case "hardtanh": return try clamp(v, -1, 1)
        case "hardσ": return try clamp(try bin(.div, try bin(.add, v, c(3)), c(6)), 0, 1)
        case "logσ": return try un(.neg, try un(.softplus, try un(.neg, v)))
        case "selu":
            let inner = positive ? v : try bin(.mul, c(1.6732632423543772), try bin(.sub, try un(.exp, v), c(1)))
            return try bin(.mul, c(1.0507009873554805), inner)
        case "celu": return asDouble(OperatorBuiltins.plain(v)) >= 0 ? v : try bin(.sub, try un(.exp, v), c(1))
        case "softsign": return try bin(.div, v, try bin(.add, c(1), try un(.abs, v)))
        case "mish": return try bin(.mul, v, try un(.tanh, try un(.softplus, v)))
        case "lisht": return try bin(.mul, v, try un(.tanhFast, v))
        case "tanhshrink": return try bin(.sub, v, try un(.tanhFast, v))
        case "logcosh": return try bin(.sub, try bin(.add, v, try un(.softplus, try bin(.mul, c(-2), v))), c(0.6931471805599453))
        case "gelu_erf":
            // x/2 (1 + erf(x/√2)), with its exact derivative ½(1 + erf(x/√2)) + x φ(x); the
            // engine's gelu is the tanh form, whose value differs in the fourth digit.
            guard case .tracked(let t) = v else { throw Exceptions.method(.str(name), [v]) }
            return interp.wrap(try interp.engine { tape in
                try Pointwise.apply(t.tensor, value: { x in x / 2 * (1 + erf(x / 2.0.squareRoot())) },
                                    derivative: { x in (1 + erf(x / 2.0.squareRoot())) / 2 + x * exp(-x * x / 2) / (2 * Double.pi).squareRoot() },
                                    tape: tape)
            })
        default: throw Exceptions.error("\(name) of a tracked value is not differentiable in flx yet")
        }
    }

    /// An activation of a number (tracked numbers through the engine); arrays are
    /// broadcast, as NNlib defines `f(x::AbstractArray) = f.(x)` for these names.
    /// `leakyrelu(x, a)` / `elu(x, α)` with the parameter being differentiated (a learnt
    /// slope): written with the language's arithmetic, so the gradient reaches it as well.
    static func withTrackedParameter(_ name: String, _ x: Value, _ p: Value, _ interp: Interpreter) throws -> Value {
        switch x {
        case .array, .range: return try ActivationsMore.broadcast(name, x, [p], interp)
        case .float64, .float32, .int, .bool, .tracked: break
        default: throw Exceptions.method(.str(name), [x, p])
        }
        let v = asDouble(OperatorBuiltins.plain(x))
        if name == "leakyrelu" {
            return v > 0 ? x : try OperatorBuiltins.binaryValues(.mul, p, x, interp)
        }
        if v >= 0 { return x }
        let expm1 = try OperatorBuiltins.binaryValues(.sub, try interp.call(interp.base.binding("exp").value, [x]), .int(1), interp)
        return try OperatorBuiltins.binaryValues(.mul, p, expm1, interp)
    }

    package static func apply(_ name: String, _ op: UnaryOp?, _ f: (Double) -> Double, _ v: Value, _ interp: Interpreter,
                              params: [Value] = [], f32: ((Float) -> Float)? = nil) throws -> Value {
        switch v {
        case .float64(let d):
            // The engine's kernel when there is one, so a number and an array agree bit for bit.
            if let op { return interp.wrap(try interp.engine { tape in try Unary.apply(op, try Tensor.scalar(d, dtype: .float64), tape: tape) }) }
            return .float64(f(d))
        case .float32(let s):
            // Float32 arithmetic throughout, as NNlib computes: the engine's kernel for the
            // activations that have one, else the spec's Float32 formula.
            if let op { return interp.wrap(try interp.engine { tape in try Unary.apply(op, try Tensor.scalar(Double(s), dtype: .float32), tape: tape) }) }
            if let f32 { return .float32(f32(s)) }
            return .float32(Float(f(Double(s))))
        case .int, .bool: return .float64(f(asDouble(v)))
        case .tracked(let t):
            guard let op else { return try composed(name, v, interp) }
            return interp.wrap(try interp.engine { tape in try Unary.apply(op, t.tensor, tape: tape) })
        case .array(let arr):
            if let op, let t = arr.tensor, t.dtype.isFloat {
                return .array(ArrayValue(tensor: try interp.engine { tape in try Unary.apply(op, t, tape: tape) }))
            }
            return try ActivationsMore.broadcast(name, v, params, interp)
        case .range:
            return try ActivationsMore.broadcast(name, v, params, interp)
        default:
            throw Exceptions.method(.str(name), [v])
        }
    }
}
