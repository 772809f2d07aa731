/// Elementwise binary operations with Julia broadcasting and promotion
/// (`a .+ b`, `a .< b`, `ifelse.(c, a, b)` …), forward and backward.
public enum Arithmetic {
    // MARK: forward

    /// `op.(a, b)`. Result type: comparisons give Bool; `/` on integers gives Float64;
    /// Bool arithmetic gives Int64; otherwise Julia's `promote_type`.
    public static func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, tape: Tape?) throws -> Tensor {
        let shape = try BroadcastShape.combine(a.shape, b.shape)
        var compute = DType.arithmetic(a.dtype, b.dtype)
        if op == .div && !compute.isFloat { compute = .float64 }
        let x = try a.promoted(to: compute), y = try b.promoted(to: compute)
        let out = try Tensor(uninitialized: op.isComparison ? .bool : compute, shape)
        switch compute {
        case .float32: try floatKernel(op, x, y, out, Float.self)
        case .float64: try floatKernel(op, x, y, out, Double.self)
        default: try intKernel(op, x, y, out)
        }
        if op.isDifferentiable, compute.isFloat, let tape, Tape.anyTracked(tape, a, b) {
            tape.record(.binary(op), output: out, a, b)
        }
        // max/min of two Bools stay Bool in Julia (only + - * promote to Int).
        if (op == .max || op == .min) && a.dtype == .bool && b.dtype == .bool { return try out.converted(to: .bool) }
        return out
    }

    @inlinable public static func add(_ a: Tensor, _ b: Tensor, tape: Tape?) throws -> Tensor { try binary(.add, a, b, tape: tape) }
    @inlinable public static func sub(_ a: Tensor, _ b: Tensor, tape: Tape?) throws -> Tensor { try binary(.sub, a, b, tape: tape) }
    @inlinable public static func mul(_ a: Tensor, _ b: Tensor, tape: Tape?) throws -> Tensor { try binary(.mul, a, b, tape: tape) }
    @inlinable public static func div(_ a: Tensor, _ b: Tensor, tape: Tape?) throws -> Tensor { try binary(.div, a, b, tape: tape) }
    @inlinable public static func pow(_ a: Tensor, _ b: Tensor, tape: Tape?) throws -> Tensor { try binary(.pow, a, b, tape: tape) }

    /// `ifelse.(cond, a, b)`: `cond` must hold Bool; result type promotes `a` and `b`.
    public static func ifelse(_ cond: Tensor, _ a: Tensor, _ b: Tensor, tape: Tape?) throws -> Tensor {
        guard cond.dtype == .bool else {
            throw EngineError.argument("non-boolean (\(cond.dtype)) used in boolean context")
        }
        let shape = try BroadcastShape.combine(BroadcastShape.combine(cond.shape, a.shape), b.shape)
        let t = DType.promote(a.dtype, b.dtype)
        let c = try Shaping.broadcastTo(cond, shape)
        let x = try Shaping.broadcastTo(a.promoted(to: t), shape), y = try Shaping.broadcastTo(b.promoted(to: t), shape)
        let out = try Tensor(uninitialized: t, shape)
        let pc = c.ptr(Bool.self), n = shape.count, w = t.byteWidth
        for i in 0..<n {
            let src = pc[i] ? x.raw : y.raw
            (out.raw + i &* w).copyMemory(from: src + i &* w, byteCount: w)
        }
        if t.isFloat, let tape, Tape.anyTracked(tape, a, b) {
            tape.record(.select, output: out, a, b, extra: [c])
        }
        return out
    }

    // MARK: kernels

    private static func floatKernel<T: FloatElement>(_ op: BinaryOp, _ x: Tensor, _ y: Tensor, _ out: Tensor, _: T.Type) throws {
        switch op {
        case .add: BinaryKernel.run(x, y, out, T.self, T.self, T.self) { $0 + $1 }
        case .sub: BinaryKernel.run(x, y, out, T.self, T.self, T.self) { $0 - $1 }
        case .mul: BinaryKernel.run(x, y, out, T.self, T.self, T.self) { $0 * $1 }
        case .div: BinaryKernel.run(x, y, out, T.self, T.self, T.self) { $0 / $1 }
        case .pow:
            var complexBase: T? = nil
            BinaryKernel.run(x, y, out, T.self, T.self, T.self) { a, b in
                let r = T.m_pow(a, b)
                if r.isNaN && !a.isNaN && !b.isNaN { complexBase = a }
                return r
            }
            if let complexBase { throw BinaryOp.powDomainError(base: Double(complexBase), T.dtype) }
        case .eq: BinaryKernel.run(x, y, out, T.self, T.self, Bool.self) { $0 == $1 }
        case .ne: BinaryKernel.run(x, y, out, T.self, T.self, Bool.self) { $0 != $1 }
        case .lt: BinaryKernel.run(x, y, out, T.self, T.self, Bool.self) { $0 < $1 }
        case .le: BinaryKernel.run(x, y, out, T.self, T.self, Bool.self) { $0 <= $1 }
        case .gt: BinaryKernel.run(x, y, out, T.self, T.self, Bool.self) { $0 > $1 }
        case .ge: BinaryKernel.run(x, y, out, T.self, T.self, Bool.self) { $0 >= $1 }
        default: BinaryKernel.run(x, y, out, T.self, T.self, T.self) { op.eval($0, $1) }
        }
    }

    private static func intKernel(_ op: BinaryOp, _ x: Tensor, _ y: Tensor, _ out: Tensor) throws {
        typealias I = Int64
        switch op {
        case .add: BinaryKernel.run(x, y, out, I.self, I.self, I.self) { $0 &+ $1 }
        case .sub: BinaryKernel.run(x, y, out, I.self, I.self, I.self) { $0 &- $1 }
        case .mul: BinaryKernel.run(x, y, out, I.self, I.self, I.self) { $0 &* $1 }
        case .max: BinaryKernel.run(x, y, out, I.self, I.self, I.self) { Swift.max($0, $1) }
        case .min: BinaryKernel.run(x, y, out, I.self, I.self, I.self) { Swift.min($0, $1) }
        case .eq: BinaryKernel.run(x, y, out, I.self, I.self, Bool.self) { $0 == $1 }
        case .ne: BinaryKernel.run(x, y, out, I.self, I.self, Bool.self) { $0 != $1 }
        case .lt: BinaryKernel.run(x, y, out, I.self, I.self, Bool.self) { $0 < $1 }
        case .le: BinaryKernel.run(x, y, out, I.self, I.self, Bool.self) { $0 <= $1 }
        case .gt: BinaryKernel.run(x, y, out, I.self, I.self, Bool.self) { $0 > $1 }
        case .ge: BinaryKernel.run(x, y, out, I.self, I.self, Bool.self) { $0 >= $1 }
        case .intDiv, .rem:
            // Division by zero (and typemin ÷ -1) is Julia's DivideError; remember and throw after the loop.
            var divideError = false
            let isDiv = op == .intDiv
            BinaryKernel.run(x, y, out, I.self, I.self, I.self) { a, b in
                if b == 0 { divideError = true; return 0 }
                if b == -1 {
                    if a == .min && isDiv { divideError = true; return 0 }
                    return isDiv ? 0 &- a : 0
                }
                return isDiv ? a / b : a % b
            }
            if divideError { throw EngineError.divide }
        case .pow:
            var negativeExponent: Int64? = nil
            BinaryKernel.run(x, y, out, I.self, I.self, I.self) { a, p in
                if p < 0 {
                    if a == 1 { return 1 }
                    if a == -1 { return p & 1 == 0 ? 1 : -1 }
                    negativeExponent = p
                    return 0
                }
                return wrappingPower(a, p)
            }
            if let p = negativeExponent {
                // Julia's throw_domerr_powbysq text for an integer base (its missing space before "or" included).
                throw EngineError.domain(value: Double(p), .int64, "Cannot raise an integer x to a negative power \(p).\nMake x or \(p) a float by adding a zero decimal (e.g., 2.0^\(p) or 2^\(p).0 instead of 2^\(p))or write 1/x^\(0 &- p), float(x)^\(p), x^float(\(p)) or (x//1)^\(p).")
            }
        case .div: break // promoted to Float64 before reaching here
        }
    }

    /// Julia's `power_by_squaring` on Int64: wraps on overflow, never traps.
    @inline(__always)
    static func wrappingPower(_ base: Int64, _ exponent: Int64) -> Int64 {
        var result: Int64 = 1, b = base, e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result &* b }
            e >>= 1
            if e > 0 { b = b &* b }
        }
        return result
    }

    // MARK: backward

    static func backwardBinary(_ op: BinaryOp, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, let b = rec.b else { return }
        switch op {
        case .add:
            try tape.accumulate(a, g)
            try tape.accumulate(b, g)
        case .sub:
            try tape.accumulate(a, g)
            if tape.isTracked(b) { try tape.accumulate(b, Unary.apply(.neg, g, tape: nil)) }
        default:
            let (ga, gb) = try partialProducts(op, a, b, rec.output, g,
                                               wantA: tape.isTracked(a), wantB: tape.isTracked(b))
            if let ga { try tape.accumulate(a, ga) }
            if let gb { try tape.accumulate(b, gb) }
        }
    }

    /// g .* ∂op/∂a and g .* ∂op/∂b over the broadcast shape, in one pass.
    static func partialProducts(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ out: Tensor, _ g: Tensor,
                                wantA: Bool, wantB: Bool) throws -> (Tensor?, Tensor?) {
        let t = out.dtype
        let x = try a.promoted(to: t), y = try b.promoted(to: t), gg = try g.promoted(to: t)
        let ga = wantA ? try Tensor(uninitialized: t, out.shape) : nil
        let gb = wantB ? try Tensor(uninitialized: t, out.shape) : nil
        func run<T: FloatElement>(_: T.Type) {
            let px = x.ptr(T.self), py = y.ptr(T.self), pz = out.ptr(T.self), pg = gg.ptr(T.self)
            let pa = ga?.ptr(T.self), pb = gb?.ptr(T.self)
            withBroadcastStrides(x.shape, y.shape, out.shape) { sa, sb in
                // A product's partials are the other operand: one loop per wanted gradient,
                // with no switch on the operation and no optional per element (the
                // transformer's LayerNorm scales spent 6 % of a step in the general walk).
                // Same arithmetic as `backprop` (g * y, g * x), so the same bits.
                if op == .mul {
                    switch (pa, pb) {
                    case let (pa?, pb?): stridedWalk(out.shape, sa, sb) { i, ia, ib in pa[i] = pg[i] * py[ib]; pb[i] = pg[i] * px[ia] }
                    case let (pa?, nil): stridedWalk(out.shape, sa, sb) { i, _, ib in pa[i] = pg[i] * py[ib] }
                    case let (nil, pb?): stridedWalk(out.shape, sa, sb) { i, ia, _ in pb[i] = pg[i] * px[ia] }
                    case (nil, nil): break
                    }
                    return
                }
                stridedWalk(out.shape, sa, sb) { i, ia, ib in
                    let (gx, gy) = op.backprop(pg[i], px[ia], py[ib], pz[i])
                    pa?[i] = gx
                    pb?[i] = gy
                }
            }
        }
        if t == .float32 { run(Float.self) } else { run(Double.self) }
        return (ga, gb)
    }

    static func backwardSelect(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let cond = rec.extra.first else { return }
        let zero = try Tensor.zeros(g.dtype, .scalar)
        if let a = rec.a, tape.isTracked(a) { try tape.accumulate(a, ifelse(cond, g, zero, tape: nil)) }
        if let b = rec.b, tape.isTracked(b) { try tape.accumulate(b, ifelse(cond, zero, g, tape: nil)) }
    }
}
