import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's window functions for spectral analysis: `hamming_window(N, T = Float32;
/// periodic = true, α = 0.54, β = 0.46)` and `hann_window(N, T; periodic)`, which is the
/// Hamming window with α = β = 0.5. w[k] = α - β cos(2πk / n), n = N (periodic) or N - 1,
/// computed in T as NNlib does.
package enum NNlibWindows {
    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        nnlib.native("hamming_window") { interp, a in
            try window("hamming_window", a, alpha: a.keyword("α") ?? .float64(0.54), beta: a.keyword("β") ?? .float64(0.46), interp)
        }
        nnlib.native("hann_window") { interp, a in
            try window("hann_window", a, alpha: .float64(0.5), beta: .float64(0.5), interp)
        }
    }

    static func window(_ name: String, _ a: Args, alpha: Value, beta: Value, _ interp: Interpreter) throws -> Value {
        try a.expect(name, 1...2)
        guard case .int(let length) = a[0] else { throw Exceptions.method(.str(name), a.values) }
        var dtype = DType.float32
        if a.count == 2 {
            guard case .type(let t) = a[1], let d = ArrayValue.dtype(of: t), d.isFloat else { throw Exceptions.method(.str(name), a.values) }
            dtype = d
        }
        guard length >= 1 else { throw Exceptions.argument("`window_length` must be > 0, instead: `\(length)`.") }
        var periodic = true
        if let p = a.keyword("periodic") {
            guard case .bool(let b) = p else { throw Exceptions.method(.str(name), a.values) }
            periodic = b
        }
        let n = Int(length)
        let t = try interp.engine { try Tensor.zeros(dtype, try Shape([n])) }
        let (al, be) = (asDouble(OperatorBuiltins.plain(alpha)), asDouble(OperatorBuiltins.plain(beta)))
        let denominator = periodic ? n : n - 1
        if dtype == .float32 {
            // T(2) * π: Julia's Float32(π) is the nearest Float (Swift's Float.pi rounds
            // toward zero); every step after it is Float32 arithmetic.
            let scale = Float(2) * Float(Double.pi) / Float(denominator)
            for k in 0..<n { t.setFloat(Float(al) - Float(be) * Float.m_cos(scale * Float(k)), k) }
        } else {
            let scale = 2 * Double.pi / Double(denominator)
            for k in 0..<n { t.setDouble(al - be * Double.m_cos(scale * Double(k)), k) }
        }
        return LayerKit.wrapArray(t)
    }
}
