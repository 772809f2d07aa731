#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Matrix products (with transposed operands read in place, never copied),
/// transpose, dot and norm; forward and backward.
public enum LinearAlgebra {
    /// `op(a) * op(b)` where op transposes when the flag is set (`a' * b` is
    /// `matmul(a, transA: true, b)`). A vector is an n×1 column (1×n when transposed).
    /// Result: m×n matrix; an m-vector when `b` is an untransposed vector; rank 0 for `x' * y`.
    public static func matmul(_ a: Tensor, transA: Bool = false, _ b: Tensor, transB: Bool = false, tape: Tape?) throws -> Tensor {
        var oa = try MatOperand(a, trans: transA), ob = try MatOperand(b, trans: transB)
        guard oa.cols == ob.rows else {
            let bText = b.rank == 1 && !transB ? "vector B has length \(ob.rows)" : "matrix B has dimensions (\(ob.rows),\(ob.cols))"
            throw EngineError.dimensionMismatch("matrix A has dimensions (\(oa.rows),\(oa.cols)), \(bText)")
        }
        var t = DType.arithmetic(a.dtype, b.dtype)
        if t == .bool { t = .int64 }
        if a.dtype != t { oa = try oa.converted(to: t) }
        if b.dtype != t { ob = try ob.converted(to: t) }
        let shape: Shape
        if b.rank == 1 && !transB {
            shape = a.rank == 1 && transA ? .scalar : try Shape(oa.rows)
        } else {
            shape = try Shape(oa.rows, ob.cols)
        }
        let out = try Tensor(uninitialized: t, shape)
        try MatmulKernel.multiply(oa, ob, into: out)
        if t.isFloat, let tape, Tape.anyTracked(tape, a, b) {
            tape.record(.matmul(transA: transA, transB: transB), output: out, a, b)
        }
        return out
    }

    /// Matrix view of a vector or matrix (vectors as n×1), sharing memory.
    private static func asMatrix(_ t: Tensor) throws -> Tensor {
        t.rank == 2 ? t : Tensor(viewOf: t, shape: try Shape(t.count, 1))
    }

    static func backwardMatmul(transA: Bool, transB: Bool, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, let b = rec.b else { return }
        let A = try asMatrix(a), B = try asMatrix(b)
        let m = transA ? A.shape[1] : A.shape[0]
        let n = transB ? B.shape[0] : B.shape[1]
        let G = g.rank == 2 ? g : Tensor(viewOf: g, shape: try Shape(m, n))
        if tape.isTracked(a) {
            let dA = transA ? try matmul(B, transA: transB, G, transB: true, tape: nil)
                            : try matmul(G, transA: false, B, transB: !transB, tape: nil)
            try tape.accumulate(a, dA.shape == a.shape ? dA : Tensor(viewOf: dA, shape: a.shape))
        }
        if tape.isTracked(b) {
            let dB = transB ? try matmul(G, transA: true, A, transB: transA, tape: nil)
                            : try matmul(A, transA: !transA, G, transB: false, tape: nil)
            try tape.accumulate(b, dB.shape == b.shape ? dB : Tensor(viewOf: dB, shape: b.shape))
        }
    }

    /// `transpose(x)` materialised: a matrix flips, a vector becomes a 1×n row.
    /// (For products prefer the `transA`/`transB` flags, which copy nothing.)
    public static func transpose(_ x: Tensor, tape: Tape?) throws -> Tensor {
        switch x.rank {
        case 1: return try Shaping.reshape(x, Shape(1, x.count), tape: tape)
        case 2: return try Shaping.permutedims(x, [2, 1], tape: tape)
        default: throw EngineError.argument("transpose not defined for \(x.shape.summary(x.dtype)). Consider using `permutedims` for higher-dimensional arrays.")
        }
    }

    /// `dot(a, b)`: sum of products of equal-length arrays (rank-0 result).
    public static func dot(_ a: Tensor, _ b: Tensor, tape: Tape?) throws -> Tensor {
        guard a.count == b.count else {
            throw EngineError.dimensionMismatch("dot product arguments have lengths \(a.count) and \(b.count)")
        }
        let t = DType.arithmetic(a.dtype, b.dtype)
        let x = try a.promoted(to: t), y = try b.promoted(to: t)
        let out = try Tensor(uninitialized: t, .scalar)
        switch t {
        case .float32:
            var s: Float = 0; let p = x.ptr(Float.self), q = y.ptr(Float.self)
            for i in 0..<a.count { s += p[i] * q[i] }
            out.ptr(Float.self)[0] = s
        case .float64:
            var s: Double = 0; let p = x.ptr(Double.self), q = y.ptr(Double.self)
            for i in 0..<a.count { s += p[i] * q[i] }
            out.ptr(Double.self)[0] = s
        default:
            var s: Int64 = 0; let p = x.ptr(Int64.self), q = y.ptr(Int64.self)
            for i in 0..<a.count { s = s &+ p[i] &* q[i] }
            out.ptr(Int64.self)[0] = s
        }
        if t.isFloat, let tape, Tape.anyTracked(tape, a, b) { tape.record(.dot, output: out, a, b) }
        return out
    }

    static func backwardDot(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, let b = rec.b else { return }
        if tape.isTracked(a) { try tape.accumulate(a, Shaping.reshape(Arithmetic.binary(.mul, b, g, tape: nil), a.shape, tape: nil)) }
        if tape.isTracked(b) { try tape.accumulate(b, Shaping.reshape(Arithmetic.binary(.mul, a, g, tape: nil), b.shape, tape: nil)) }
    }

    /// `norm(x, p)` over all elements: p = 2 (default), 1, Inf, or any other real p.
    public static func norm(_ x: Tensor, p: Double = 2, tape: Tape?) throws -> Tensor {
        let t = x.dtype.floatResult
        let v = try x.promoted(to: .float64)
        let px = v.ptr(Double.self)
        var r: Double = 0
        if p == 2 {
            // Scaled to avoid overflow for huge elements, as LinearAlgebra does.
            var scale: Double = 0
            for i in 0..<x.count { scale = Swift.max(scale, Swift.abs(px[i])) }
            if scale > 0 && scale.isFinite {
                var s: Double = 0
                for i in 0..<x.count { let q = px[i] / scale; s += q * q }
                r = scale * s.squareRoot()
            } else { r = scale }
        } else if p == 1 {
            for i in 0..<x.count { r += Swift.abs(px[i]) }
        } else if p == .infinity {
            for i in 0..<x.count { r = Swift.max(r, Swift.abs(px[i])) }
        } else if p == -.infinity {
            r = x.count == 0 ? 0 : .infinity
            for i in 0..<x.count { r = Swift.min(r, Swift.abs(px[i])) }
        } else if p == 0 {
            for i in 0..<x.count where px[i] != 0 { r += 1 }
        } else {
            for i in 0..<x.count { r += Foundation_pow(Swift.abs(px[i]), p) }
            r = Foundation_pow(r, 1 / p)
        }
        let out = try Tensor.filled(value: r, dtype: t, shape: .scalar)
        if t.isFloat, x.dtype.isFloat, let tape, tape.isTracked(x) { tape.record(.norm(p), output: out, x) }
        return out
    }

    static func backwardNorm(_ p: Double, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        let v = try x.promoted(to: .float64)
        let n = rec.output.doubleAt(0), gs = g.doubleAt(0)
        let dx = try Tensor(uninitialized: .float64, x.shape)
        let px = v.ptr(Double.self), pd = dx.ptr(Double.self)
        var maxTaken = false
        for i in 0..<x.count {
            let xi = px[i], s: Double = xi > 0 ? 1 : (xi < 0 ? -1 : 0)
            if n == 0 { pd[i] = 0; continue }
            if p == 2 { pd[i] = gs * xi / n }
            else if p == 1 { pd[i] = gs * s }
            else if p.isInfinite || p == 0 {
                // The whole gradient goes to the first element attaining the extreme.
                if !maxTaken && Swift.abs(xi) == n && p != 0 { pd[i] = gs * s; maxTaken = true } else { pd[i] = 0 }
            } else { pd[i] = gs * s * Foundation_pow(Swift.abs(xi), p - 1) / Foundation_pow(n, p - 1) }
        }
        try tape.accumulate(x, dx)
    }
}

@inline(__always) private func Foundation_pow(_ a: Double, _ b: Double) -> Double { pow(a, b) }
