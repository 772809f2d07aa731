/// Element-type conversion as an op (`Float32.(x)`), differentiable for floats:
/// the gradient converts back to the input's type.
public enum Conversion {
    /// `T.(x)`; float→integer must be exact (InexactError otherwise), as in Julia.
    public static func convert(_ x: Tensor, to dtype: DType, tape: Tape?) throws -> Tensor {
        let out = try x.converted(to: dtype)
        if dtype.isFloat, x.dtype.isFloat, let tape, tape.isTracked(x) {
            tape.record(.convert, output: out, x)
        }
        return out
    }
}

extension Tensor: CustomStringConvertible {
    /// For logs and engine tests: "Tensor(3, 2) of float32" (the language shows arrays its own way).
    public var description: String { "Tensor\(shape) of \(dtype)" }
}
