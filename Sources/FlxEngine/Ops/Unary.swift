/// Elementwise one-argument functions (`exp.(x)`, `relu.(x)` …), forward and backward.
public enum Unary {
    /// `op.(x)`. Integer input keeps its type for integer-valued ops, otherwise
    /// becomes Float64 (Julia's `exp(1)`); Bool becomes Int64 for arithmetic ones.
    public static func apply(_ op: UnaryOp, _ x: Tensor, tape: Tape?) throws -> Tensor {
        if !x.dtype.isFloat {
            if op.keepsIntegers { return try integerApply(op, x) }
            return try apply(op, x.converted(to: .float64), tape: nil)
        }
        let out = try Tensor(uninitialized: x.dtype, x.shape)
        if x.dtype == .float32 { try floatLoop(op, x, out, Float.self) } else { try floatLoop(op, x, out, Double.self) }
        if !op.isPiecewiseConstant, let tape, tape.isTracked(x) {
            tape.record(.unary(op), output: out, x)
        }
        return out
    }

    @inlinable public static func neg(_ x: Tensor, tape: Tape?) throws -> Tensor { try apply(.neg, x, tape: tape) }
    @inlinable public static func relu(_ x: Tensor, tape: Tape?) throws -> Tensor { try apply(.relu, x, tape: tape) }
    @inlinable public static func sigmoid(_ x: Tensor, tape: Tape?) throws -> Tensor { try apply(.sigmoid, x, tape: tape) }

    private static func floatLoop<T: FloatElement>(_ op: UnaryOp, _ x: Tensor, _ out: Tensor, _: T.Type) throws {
        let px = x.ptr(T.self), po = out.ptr(T.self), n = x.count
        switch op {
        case .relu: for i in 0..<n { let v = px[i]; po[i] = v > 0 ? v : (v.isNaN ? v : 0) }
        case .identity: rawCopy(po, px, n &* MemoryLayout<T>.stride)
        case .neg: for i in 0..<n { po[i] = -px[i] }
        default: for i in 0..<n { po[i] = op.eval(px[i]) }
        }
        if op.hasDomainLimit {
            for i in 0..<n where po[i].isNaN && !px[i].isNaN {
                if let e = op.domainError(Double(px[i]), T.dtype) { throw e }
            }
        }
    }

    private static func integerApply(_ op: UnaryOp, _ x: Tensor) throws -> Tensor {
        let xi = try x.promoted(to: .int64)
        if op == .identity { return try x.copy() }
        let out = try Tensor(uninitialized: .int64, x.shape)
        let px = xi.ptr(Int64.self), po = out.ptr(Int64.self)
        for i in 0..<x.count {
            let v = px[i]
            switch op {
            case .neg: po[i] = 0 &- v
            case .abs: po[i] = v < 0 ? 0 &- v : v
            case .abs2: po[i] = v &* v
            case .sign: po[i] = v > 0 ? 1 : (v < 0 ? -1 : 0)
            case .relu: po[i] = Swift.max(v, 0)
            default: po[i] = v // floor/ceil/round of an integer is itself
            }
        }
        return out
    }

    static func backward(_ op: UnaryOp, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        let y = rec.output
        let dx = try Tensor(uninitialized: y.dtype, y.shape)
        func run<T: FloatElement>(_: T.Type) throws {
            let gg = try g.promoted(to: y.dtype)
            let px = x.ptr(T.self), py = y.ptr(T.self), pg = gg.ptr(T.self), pd = dx.ptr(T.self)
            if op == .relu {
                // The layer activation on every step: its own loop, so it vectorises
                // instead of switching on the op per element. Same rule as backprop.
                for i in 0..<y.count { pd[i] = SignedZero.times(pg[i], px[i] > 0) }
            } else {
                for i in 0..<y.count { pd[i] = op.backprop(pg[i], px[i], py[i]) }
            }
        }
        if y.dtype == .float32 { try run(Float.self) } else { try run(Double.self) }
        try tape.accumulate(x, dx)
    }
}
