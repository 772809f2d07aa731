/// An elementwise function of one or two arrays whose value and partial derivatives the
/// caller computes (a scalar rule such as `cbrt`, `hypot`, `atan(y, x)`): the engine stores
/// the partials with the record, and the backward pass multiplies the incoming gradient by
/// them. One record per call whatever the array size, and any smooth function the library
/// can write in Swift becomes differentiable without an op of its own.
public enum Pointwise {
    /// y = f(x) with ∂y/∂x given elementwise; `x` floating point.
    public static func apply(_ x: Tensor, value: (Double) -> Double, derivative: (Double) -> Double, tape: Tape?) throws -> Tensor {
        let y = try Tensor.zeros(x.dtype, x.shape)
        let tracked = tape?.isTracked(x) ?? false
        let d = tracked ? try Tensor.zeros(x.dtype, x.shape) : nil
        for i in 0..<x.count {
            let v = x.numericValue(i)
            y.setNumeric(value(v), i)
            d?.setNumeric(derivative(v), i)
        }
        if let tape, let d { tape.record(.pointwise, output: y, x, extra: [d]) }
        return y
    }

    /// z = f(x, y) for two arrays of the same shape and element type, with both partials.
    public static func apply(_ x: Tensor, _ y: Tensor, value: (Double, Double) -> Double,
                             partials: (Double, Double) -> (Double, Double), tape: Tape?) throws -> Tensor {
        guard x.shape == y.shape, x.dtype == y.dtype else {
            throw EngineError.dimensionMismatch("arrays could not be broadcast to a common size: got \(dims: x.shape.dims) and \(dims: y.shape.dims)")
        }
        let z = try Tensor.zeros(x.dtype, x.shape)
        let tracked = (tape?.isTracked(x) ?? false) || (tape?.isTracked(y) ?? false)
        let dx = tracked ? try Tensor.zeros(x.dtype, x.shape) : nil
        let dy = tracked ? try Tensor.zeros(x.dtype, x.shape) : nil
        for i in 0..<x.count {
            let a = x.numericValue(i), b = y.numericValue(i)
            z.setNumeric(value(a, b), i)
            if let dx, let dy {
                let (p, q) = partials(a, b)
                dx.setNumeric(p, i)
                dy.setNumeric(q, i)
            }
        }
        if let tape, let dx, let dy { tape.record(.pointwise, output: z, x, y, extra: [dx, dy]) }
        return z
    }

    static func backward(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        if let a = rec.a, tape.isTracked(a), rec.extra.count > 0 {
            try tape.accumulate(a, try Arithmetic.binary(.mul, g, rec.extra[0], tape: nil))
        }
        if let b = rec.b, tape.isTracked(b), rec.extra.count > 1 {
            try tape.accumulate(b, try Arithmetic.binary(.mul, g, rec.extra[1], tape: nil))
        }
    }
}
