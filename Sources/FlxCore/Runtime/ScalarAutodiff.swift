import FlxEngine

/// Scalar code under `gradient` (`s += sin(x) * i` a million times): numbers go through
/// the tape's scalar operations, a few dozen bytes per op, instead of rank-0 tensors.
/// Each entry point answers nil when it does not apply (no differentiation under way, a
/// value that is not a number, integer arithmetic), and the caller takes the tensor path.
extension Interpreter {
    /// `l op r` (+ - * / ^) for a tracked number and a number, straight onto the tape: the
    /// operator nodes' fast path, as `ScalarArithmetic` is for plain numbers (no method
    /// dispatch, which would only arrive at `scalarBinary` after it).
    @inline(__always)
    package func trackedArithmetic(_ op: BinaryOperator, _ l: Value, _ r: Value) throws -> Value? {
        guard activeTape != nil else { return nil }
        switch (l, r) {
        case (.tracked, _), (_, .tracked): break
        default: return nil
        }
        let bop: BinaryOp
        switch op {
        case .add: bop = .add
        case .sub: bop = .sub
        case .mul: bop = .mul
        case .div: bop = .div
        case .pow: bop = .pow
        default: return nil
        }
        return try scalarBinary(bop, l, r)
    }

    /// `l op r` for two numbers, at least one tracked.
    package func scalarBinary(_ op: BinaryOp, _ l: Value, _ r: Value) throws -> Value? {
        guard let tape = activeTape, let x = try scalarOperand(l, tape), let y = try scalarOperand(r, tape) else { return nil }
        guard let z = try engine({ try tape.scalarBinary(op, x, y) }) else { return nil }
        return scalarResult(z, tape)
    }

    /// `op(v)` for a tracked float number.
    package func scalarUnary(_ op: UnaryOp, _ v: Value) throws -> Value? {
        guard let tape = activeTape, let x = try scalarOperand(v, tape) else { return nil }
        guard let y = try engine({ try tape.scalarUnary(op, x) }) else { return nil }
        return scalarResult(y, tape)
    }

    /// f(v) for a tracked float number, with f′ given (computed in Float64, the result in
    /// `v`'s element type).
    package func scalarPointwise(_ v: Value, value: (Double) -> Double, derivative: (Double) -> Double) throws -> Value? {
        guard let tape = activeTape, let x = try scalarOperand(v, tape), x.dtype.isFloat else { return nil }
        return scalarResult(try engine { try tape.scalarPointwise(x, dtype: x.dtype, value: value, derivative: derivative) }, tape)
    }

    /// f(x, y) for two numbers, at least one tracked, with both partials; the result in `dtype`.
    package func scalarPointwise(_ l: Value, _ r: Value, dtype: DType, value: (Double, Double) -> Double,
                                 partials: (Double, Double) -> (Double, Double)) throws -> Value? {
        guard let tape = activeTape, dtype.isFloat, let x = try scalarOperand(l, tape), let y = try scalarOperand(r, tape) else { return nil }
        return scalarResult(try engine { try tape.scalarPointwise(x, y, dtype: dtype, value: value, partials: partials) }, tape)
    }

    /// A number as the tape's scalar operations take it; nil for anything else, and for a
    /// tracked number that is not on `tape` (an enclosing `gradient`'s, or one left over):
    /// the method call then answers as before, the differentiation guard included, instead
    /// of a silent constant.
    private func scalarOperand(_ v: Value, _ tape: Tape) throws -> ScalarValue? {
        switch v {
        case .tracked(let s):
            let x = try engine { try s.scalar(on: tape) }
            return x.isTracked ? x : nil
        case .float64(let d): return ScalarValue(d, .float64)
        case .float32(let f): return ScalarValue(Double(f), .float32)
        case .int(let n): return ScalarValue(Double(n), .int64)
        case .bool(let b): return ScalarValue(b ? 1 : 0, .bool)
        default: return nil
        }
    }

    /// A scalar operation's result as a value: tracked when it was recorded.
    private func scalarResult(_ s: ScalarValue, _ tape: Tape) -> Value {
        if s.isTracked { return .tracked(TrackedScalar(s, on: tape)) }
        return s.dtype == .float32 ? .float32(Float(s.value)) : .float64(s.value)
    }
}
