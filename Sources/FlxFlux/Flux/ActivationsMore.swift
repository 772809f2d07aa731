import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// The rest of NNlib's `ACTIVATIONS`: `hardswish`, `gelu_sigmoid`, `trelu` (alias
/// `thresholdrelu`), `softshrink` and `rrelu`, and NNlib's rule that every activation
/// given an array broadcasts, `f(x::AbstractArray, args...) = f.(x, args...)`.
///
/// Each is written with the language's arithmetic on numbers, so a tracked number
/// (inside `gradient`) records on the tape like any other expression, and constants
/// take the argument's float type as NNlib's `oftf` does (Float32 in, Float32 out).
package enum ActivationsMore {
    static let geluAlpha = 0.044715
    static let geluTwoLambda = (8 / Double.pi).squareRoot()

    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        define(nnlib, "hardswish", 1...1) { x, _, interp in try Ops(interp, x).hardswish() }
        define(nnlib, "gelu_sigmoid", 1...1) { x, _, interp in try Ops(interp, x).geluSigmoid(nnlib) }
        define(nnlib, "trelu", 1...2) { x, p, interp in
            let o = Ops(interp, x)
            let theta = p.first ?? .int(1)
            return try o.less(x, theta, orEqual: true) ? try o.zero() : x
        }
        nnlib.define("thresholdrelu", nnlib.binding("trelu").value)
        define(nnlib, "softshrink", 1...2) { x, p, interp in
            let o = Ops(interp, x)
            if !p.isEmpty, interp.isTracked(p[0]) {
                throw Exceptions.error("Can't differentiate softshrink with respect to λ: flx has no derivative rule for it. Pass λ as a constant (wrap it in `Zygote.dropgrad`).")
            }
            let lambda = p.first.map { o.like(asDouble(OperatorBuiltins.plain($0))) } ?? o.like(0.5)
            let lo = try o.bin(.sub, x, lambda), hi = try o.bin(.add, x, lambda)
            if try !o.less(.int(0), hi, orEqual: false) { return hi }
            return try o.less(lo, .int(0), orEqual: false) ? try o.zero(float: true) : lo
        }
        define(nnlib, "rrelu", 1...3) { x, p, interp in
            let o = Ops(interp, x)
            let l = p.count >= 1 ? asDouble(OperatorBuiltins.plain(p[0])) : 1.0 / 8
            let u = p.count >= 2 ? asDouble(OperatorBuiltins.plain(p[1])) : 1.0 / 3
            // a = (u - l)·rand(float(T)) + l, drawn at the argument's precision.
            let draw = o.isFloat32 ? Double(interp.uniformFloat(nil)) : interp.uniformDouble(nil)
            let slope = o.isFloat32 ? Double(Float(u - l) * Float(draw) + Float(l)) : (u - l) * draw + l
            return try interp.call(nnlib.binding("leakyrelu").value, [x, o.like(slope)])
        }
    }

    /// Defines `name(x, params...)`: `body` on a number, a broadcast over an array.
    static func define(_ nnlib: ModuleValue, _ name: String, _ arity: ClosedRange<Int>,
                       _ body: @escaping (Value, [Value], Interpreter) throws -> Value) {
        nnlib.native(name) { interp, a in
            try a.expect(name, arity)
            let params = Array(a.values.dropFirst())
            switch a[0] {
            case .array, .range: return try broadcast(name, a[0], params, interp)
            case .float64, .float32, .int, .bool, .tracked: return try body(a[0], params, interp)
            default: throw Exceptions.method(.str(name), a.values)
            }
        }
    }

    /// `f.(x, params...)` for the NNlib function `name`.
    package static func broadcast(_ name: String, _ x: Value, _ params: [Value], _ interp: Interpreter) throws -> Value {
        guard let f = interp.modules["NNlib"]?.binding(name).value else { throw Exceptions.undefVar(name) }
        return try Broadcast.evaluate(.call(f, [.leaf(0)] + params.map { .constant($0) }), [x], interp)
    }

    /// Arithmetic on one activation's argument, with constants of its float type.
    struct Ops {
        let interp: Interpreter
        let isFloat32: Bool
        let x: Value

        init(_ interp: Interpreter, _ x: Value) {
            self.interp = interp
            self.x = x
            switch x {
            case .float32: isFloat32 = true
            case .tracked(let s): isFloat32 = s.isFloat32
            default: isFloat32 = false
            }
        }

        func like(_ d: Double) -> Value { isFloat32 ? .float32(Float(d)) : .float64(d) }
        func bin(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value { try OperatorBuiltins.binaryValues(op, a, b, interp) }
        func clamp(_ v: Value, _ lo: Double, _ hi: Double) throws -> Value {
            try MathBuiltins.extremumValues(try MathBuiltins.extremumValues(v, like(lo), interp, max: true), like(hi), interp, max: false)
        }
        func less(_ a: Value, _ b: Value, orEqual: Bool) throws -> Bool {
            let p = asDouble(OperatorBuiltins.plain(a)), q = asDouble(OperatorBuiltins.plain(b))
            return orEqual ? p <= q : p < q
        }

        /// `zero(x)` (`float: true`: of `float(x)`); for a tracked x, x·0, so the result
        /// stays on the tape with derivative 0.
        func zero(float: Bool = false) throws -> Value {
            switch x {
            case .tracked: return try bin(.mul, x, like(0))
            case .int where !float: return .int(0)
            case .bool where !float: return .bool(false)
            default: return like(0)
            }
        }

        /// x · hardσ(x), hardσ(x) = clamp((x + 3) / 6, 0, 1).
        func hardswish() throws -> Value {
            try bin(.mul, x, try clamp(try bin(.div, try bin(.add, x, like(3)), like(6)), 0, 1))
        }

        /// x · σ(√(8/π) · x · (1 + 0.044715 x²)).
        func geluSigmoid(_ nnlib: ModuleValue) throws -> Value {
            let t = try bin(.add, try bin(.mul, try bin(.mul, x, x), like(geluAlpha)), like(1))
            let z = try bin(.mul, try bin(.mul, like(geluTwoLambda), x), t)
            return try bin(.mul, x, try interp.call(nnlib.binding("σ").value, [z]))
        }
    }
}
