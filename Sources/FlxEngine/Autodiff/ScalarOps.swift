/// A number as the tape's scalar operations take and give it: its value, its element
/// type, and the node of the scalar record that produced it (-1: a constant, not on the
/// tape). Integers and Bools are constants here; only float numbers are tracked.
public struct ScalarValue: Sendable {
    public var value: Double
    public var dtype: DType
    public var node: Int32

    public init(_ value: Double, _ dtype: DType, node: Int32 = -1) {
        self.value = value
        self.dtype = dtype
        self.node = node
    }

    @inlinable public var isTracked: Bool { node >= 0 }
}

/// Arithmetic on single numbers, recorded as scalar records (see `ScalarRecords`) rather
/// than as rank-0 tensors: the same element types, values, rounding and derivatives as
/// the tensor ops (`Arithmetic.binary`, `Unary.apply`, `Pointwise.apply`) on one element,
/// at the cost of a few dozen bytes per op.
extension Tape {
    /// `x op y`, recorded when either is tracked. nil when the result is not a float (integer
    /// arithmetic, comparisons) or `op` has no derivative: the tensor op handles those.
    public func scalarBinary(_ op: BinaryOp, _ x: ScalarValue, _ y: ScalarValue) throws -> ScalarValue? {
        var t = DType.arithmetic(x.dtype, y.dtype)
        if op == .div && !t.isFloat { t = .float64 }
        guard t.isFloat, op.isDifferentiable else { return nil }
        return t == .float32 ? try binary(op, x, y, Float.self) : try binary(op, x, y, Double.self)
    }

    private func binary<T: FloatElement>(_ op: BinaryOp, _ x: ScalarValue, _ y: ScalarValue, _: T.Type) throws -> ScalarValue {
        let a = T(x.value), b = T(y.value)
        let z = op.eval(a, b)
        if op == .pow && z.isNaN && !a.isNaN && !b.isNaN { throw BinaryOp.powDomainError(base: Double(a), T.dtype) }
        guard x.isTracked || y.isTracked else { return ScalarValue(Double(z), T.dtype) }
        let (pa, pb) = op.partials(a, b, z)
        let selects = op == .max || op == .min
        let flag = Tape.typeFlag(T.dtype) | (selects ? ScalarFlag.boolPartials : 0)
        let node = try scalars.append(flag, x.isTracked ? (x.node, Double(pa)) : nil, y.isTracked ? (y.node, Double(pb)) : nil)
        if nesting > 0 { scalarOperations[node] = .binary(op, x, y) }
        return ScalarValue(Double(z), T.dtype, node: node)
    }

    /// `op(x)` for a float `x`, recorded when `x` is tracked (piecewise-constant ops never
    /// are). nil for an integer or Bool `x`: the tensor op keeps Julia's integer rules.
    public func scalarUnary(_ op: UnaryOp, _ x: ScalarValue) throws -> ScalarValue? {
        switch x.dtype {
        case .float32: return try unary(op, x, Float.self)
        case .float64: return try unary(op, x, Double.self)
        default: return nil
        }
    }

    private func unary<T: FloatElement>(_ op: UnaryOp, _ x: ScalarValue, _: T.Type) throws -> ScalarValue {
        let a = T(x.value)
        let y = op.eval(a)
        if op.hasDomainLimit && y.isNaN && !a.isNaN, let e = op.domainError(Double(a), T.dtype) { throw e }
        guard x.isTracked && !op.isPiecewiseConstant else { return ScalarValue(Double(y), T.dtype) }
        let node: Int32
        if case .relu = op {
            node = try scalars.append(Tape.typeFlag(T.dtype) | ScalarFlag.boolPartials, (x.node, a > 0 ? 1 : 0))
        } else {
            node = try scalars.append(Tape.typeFlag(T.dtype), (x.node, Double(op.derivative(a, y))))
        }
        if nesting > 0 { scalarOperations[node] = .unary(op, x) }
        return ScalarValue(Double(y), T.dtype, node: node)
    }

    /// f(x) for a smooth function the caller computes in Float64 with its derivative, the
    /// result in `dtype` (as `Pointwise.apply` on the value converted to `dtype`).
    /// `name` is the function's, for the error a derivative of its derivative raises.
    public func scalarPointwise(_ x: ScalarValue, dtype: DType, name: String = "an elementwise function", value: (Double) -> Double,
                                derivative: (Double) -> Double) throws -> ScalarValue {
        let a = Tape.rounded(x.value, dtype)
        let y = Tape.rounded(value(a), dtype)
        guard x.isTracked else { return ScalarValue(y, dtype) }
        let node = try scalars.append(Tape.typeFlag(dtype), (x.node, Tape.rounded(derivative(a), dtype)))
        if nesting > 0 { scalarOperations[node] = .numeric(name) }
        return ScalarValue(y, dtype, node: node)
    }

    /// f(x, y) with both partials, as `scalarPointwise` (both converted to `dtype` first).
    public func scalarPointwise(_ x: ScalarValue, _ y: ScalarValue, dtype: DType, name: String = "a function of two numbers",
                                value: (Double, Double) -> Double,
                                partials: (Double, Double) -> (Double, Double)) throws -> ScalarValue {
        let a = Tape.rounded(x.value, dtype), b = Tape.rounded(y.value, dtype)
        let z = Tape.rounded(value(a, b), dtype)
        guard x.isTracked || y.isTracked else { return ScalarValue(z, dtype) }
        let (p, q) = partials(a, b)
        let node = try scalars.append(Tape.typeFlag(dtype), x.isTracked ? (x.node, Tape.rounded(p, dtype)) : nil,
                                      y.isTracked ? (y.node, Tape.rounded(q, dtype)) : nil)
        if nesting > 0 { scalarOperations[node] = .numeric(name) }
        return ScalarValue(z, dtype, node: node)
    }

    // MARK: bridges between scalar records and tensor records

    /// The node standing for the tracked rank-0 tensor `t`: its gradient is passed on to `t`.
    /// nil when `t` is not tracked on this tape (or is not a float number).
    public func scalarNode(of t: Tensor) throws -> ScalarValue? {
        guard isTracked(t), t.rank == 0, t.dtype.isFloat else { return nil }
        let index = Int32(truncatingIfNeeded: scalars.bridged.count)
        let node = try scalars.append(ScalarFlag.fromTensor | Tape.typeFlag(t.dtype), (index, 1))
        scalars.bridged.append(t)
        return ScalarValue(t.numericValue(0), t.dtype, node: node)
    }

    /// A rank-0 tensor holding `s`, for a tensor op; tracked when `s` is, its gradient going
    /// back to `s`'s node.
    public func tensor(of s: ScalarValue) throws -> Tensor {
        let t = try Tensor.scalar(s.value, dtype: s.dtype)
        if s.isTracked { record(.fromScalar(node: s.node), output: t, nil) }
        return t
    }

    /// Scalar records made so far (for tests and diagnostics).
    public var scalarRecordCount: Int { scalars.count }

    /// Bytes the scalar records hold (for tests and diagnostics).
    public var scalarRecordBytes: Int { scalars.bytesInUse }

    @inline(__always)
    static func typeFlag(_ dtype: DType) -> UInt8 { dtype == .float32 ? ScalarFlag.float32 : 0 }

    /// `v` as an element of `dtype` holds it (Float32 rounding; integers as they are).
    @inline(__always)
    static func rounded(_ v: Double, _ dtype: DType) -> Double { dtype == .float32 ? Double(Float(v)) : v }
}
