import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's functional `dropout([rng], A, p; dims = :)`: always applied (the `Dropout`
/// layer is what switches with train/test mode). Each element, or each slice along
/// `dims`, is zeroed with probability p and the rest scaled by 1/(1 - p). The mask is
/// drawn at the array's float precision, as `rand!` on a `similar` array, and the result
/// is `x .* mask`, so the gradient is the same mask times the upstream one.
package enum NNlibDropout {
    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        nnlib.native("dropout") { interp, a in
            let (rngObject, rest) = RandomBuiltins.splitRNG(a)
            guard rest.count == 2 else { throw Exceptions.method(.str("dropout"), a.values) }
            let x = try NNlibPadding.arrayTensor(rest[0], "dropout", a, interp)
            // The session's generator (`default_rng()`) draws through the interpreter.
            return try drop(x, rest[1], rngObject.flatMap { $0.isDefault ? nil : $0 }, a, interp)
        }
    }

    static func drop(_ x: Tensor, _ pv: Value, _ rng: RNGObject?, _ a: Args, _ interp: Interpreter) throws -> Value {
        switch OperatorBuiltins.plain(pv) {
        case .int, .float64, .float32, .bool: break
        default: throw Exceptions.method(.str("dropout"), a.values)
        }
        let p = asDouble(OperatorBuiltins.plain(pv))
        guard p >= 0, p <= 1 else { throw Exceptions.argument("dropout expects a probability 0 <= p <= 1") }
        let dtype = x.dtype.floatResult
        if p == 0 { return LayerKit.wrapArray(try interp.engine { tape in try Conversion.convert(x, to: dtype, tape: tape) }) }
        var maskDims = x.shape.dims
        if let d = a.keyword("dims"), !isColon(d) {
            let keep = try NNlibPadding.dimList(d, "dropout", a, interp)
            for i in maskDims.indices where !keep.contains(i + 1) { maskDims[i] = 1 }
        }
        return try applyMask(x, p, maskDims, rng, interp)
    }

    /// `x .* mask`, the mask of `maskDims` kept where a uniform draw exceeds p (NNlib's `_dropout!`).
    static func applyMask(_ x: Tensor, _ p: Double, _ maskDims: [Int], _ rng: RNGObject?, _ interp: Interpreter) throws -> Value {
        let dtype = x.dtype.floatResult
        let mask = try interp.engine { try Tensor.zeros(dtype, try Shape(maskDims)) }
        // 1/(1 - p) rounded to the element type first, as NNlib's convert(T, 1/(1-p)).
        let scale = p == 1 ? 0 : (dtype == .float32 ? Double(Float(1 / (1 - p))) : 1 / (1 - p))
        let threshold = dtype == .float32 ? Double(Float(p)) : p
        // NNlib fills the mask with `rand!(rng, similar(x, T, mask size))` (Julia's bulk
        // stream for that size) and keeps the elements above p.
        RandomBuiltins.withGenerator(rng, interp) { mask.fillUniform(&$0) }
        for i in 0..<mask.count {
            mask.setNumeric(try mask.double(at: i) > threshold ? scale : 0, i)
        }
        return LayerKit.wrapArray(try interp.engine { tape in try Arithmetic.binary(.mul, x, mask, tape: tape) })
    }

    static func isColon(_ v: Value) -> Bool {
        if case .native(let c) = v, c is ColonObject { return true }
        return false
    }
}
