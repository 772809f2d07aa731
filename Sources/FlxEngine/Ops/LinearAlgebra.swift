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
        let route: MatmulRoute
        switch (a.rank == 1 && transA, b.rank == 1 && !transB) {
        case (true, true): route = .dot
        case (false, true): route = .gemvB
        case (true, false): route = .gemvA
        case (false, false): route = .gemm
        }
        let out = try Tensor(uninitialized: t, shape)
        try MatmulKernel.multiply(oa, ob, into: out, route: route)
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
            // `W * x` with a vector x: ChainRules' dW = Ȳ * x' is Julia's vector-times-adjoint-
            // vector, a broadcast (`u .* v'`), which keeps -0.0 where BLAS would give +0.0.
            if b.rank == 1 && !transB, g.dtype == b.dtype, g.dtype.isFloat, a.rank == 2 {
                let dA = transA ? try outer(b, g) : try outer(g, b)
                try tape.accumulate(a, dA)
                if tape.isTracked(b) { try backwardMatmulB(transA: transA, transB: transB, A, G, b, tape) }
                return
            }
            let dA = transA ? try matmul(B, transA: transB, G, transB: true, tape: nil)
                            : try matmul(G, transA: false, B, transB: !transB, tape: nil)
            try tape.accumulate(a, dA.shape == a.shape ? dA : Tensor(viewOf: dA, shape: a.shape))
        }
        if tape.isTracked(b) { try backwardMatmulB(transA: transA, transB: transB, A, G, b, tape) }
    }

    private static func backwardMatmulB(transA: Bool, transB: Bool, _ A: Tensor, _ G: Tensor, _ b: Tensor, _ tape: Tape) throws {
        let dB = transB ? try matmul(G, transA: true, A, transB: transA, tape: nil)
                        : try matmul(A, transA: !transA, G, transB: false, tape: nil)
        try tape.accumulate(b, dB.shape == b.shape ? dB : Tensor(viewOf: dB, shape: b.shape))
    }

    /// `u .* v'`: the p×q outer product of two float vectors of one element type.
    static func outer(_ u: Tensor, _ v: Tensor) throws -> Tensor {
        let p = u.count, q = v.count
        let out = try Tensor(uninitialized: u.dtype, try Shape(p, q))
        func run<T: FloatElement>(_: T.Type) {
            let pu = u.ptr(T.self), pv = v.ptr(T.self), po = out.ptr(T.self)
            for j in 0..<q {
                let vj = pv[j], col = po + j * p
                for i in 0..<p { col[i] = pu[i] * vj }
            }
        }
        if u.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        return out
    }

    /// `transpose(x)` materialised: a matrix flips, a vector becomes a 1×n row.
    /// (For products prefer the `transA`/`transB` flags, which copy nothing.)
    public static func transpose(_ x: Tensor, tape: Tape?) throws -> Tensor {
        switch x.rank {
        case 1: return try Shaping.reshape(x, Shape(1, x.count), tape: tape)
        case 2: return try Shaping.permutedims(x, [2, 1], tape: tape)
        default: throw EngineError.argument("transpose not defined for \(array: x.shape, x.dtype). Consider using `permutedims` for higher-dimensional arrays.")
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
        let n = a.count
        switch t {
        case .float32, .float64:
            // Julia's dot on float arrays is BLAS.dot.
            guard n <= Int(Int32.max) else { throw EngineError.argument("array too large for BLAS dot") }
            if t == .float32 {
                out.ptr(Float.self)[0] = n == 0 ? 0 : BLAS.dot(n, x.ptr(Float.self), y.ptr(Float.self))
            } else {
                out.ptr(Double.self)[0] = n == 0 ? 0 : BLAS.dot(n, x.ptr(Double.self), y.ptr(Double.self))
            }
        default:
            var s: Int64 = 0; let p = x.ptr(Int64.self), q = y.ptr(Int64.self)
            for i in 0..<n { s = s &+ p[i] &* q[i] }
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

    /// `norm(x, p)` over all elements: p = 2 (default), 1, ±Inf, 0, or any other real p.
    /// Follows LinearAlgebra's algorithms so results match Julia: BLAS nrm2/asum for
    /// float arrays of 32+ elements, otherwise Float64 accumulation, unscaled when safe.
    public static func norm(_ x: Tensor, p: Double = 2, tape: Tape?) throws -> Tensor {
        let t = x.dtype.floatResult
        let v = try x.promoted(to: t)
        let n = x.count
        // Elements as Double, rounded to t first (Julia's maxabs is of type T).
        func at(_ i: Int) -> Double { t == .float32 ? Double(v.ptr(Float.self)[i]) : v.ptr(Double.self)[i] }
        func roundT(_ d: Double) -> Double { t == .float32 ? Double(Float(d)) : d }
        var maxAbs = 0.0
        for i in 0..<n { let a = Swift.abs(at(i)); if a > maxAbs || a.isNaN { maxAbs = a } }
        var r: Double
        if (p == 2 || p == 1) && n >= 32 && n <= Int(Int32.max) && x.dtype.isFloat {
            if t == .float32 {
                let px = v.ptr(Float.self)
                r = Double(p == 2 ? BLAS.nrm2(n, px) : BLAS.asum(n, px))
            } else {
                let px = v.ptr(Double.self)
                r = p == 2 ? BLAS.nrm2(n, px) : BLAS.asum(n, px)
            }
        } else if n == 0 {
            r = 0
        } else if p == .infinity {
            r = maxAbs
        } else if p == -.infinity {
            r = .infinity
            for i in 0..<n { r = Swift.min(r, Swift.abs(at(i))) }
        } else if p == 0 {
            r = 0
            for i in 0..<n where at(i) != 0 { r += 1 }
        } else if p == 1 {
            r = 0
            for i in 0..<n { r += Swift.abs(at(i)) }
        } else if p > 1 && (maxAbs == 0 || maxAbs.isInfinite || maxAbs.isNaN) {
            r = maxAbs
        } else {
            let unscaledSafe = p >= -1 && p <= 1 ||
                (roundT(Double(n) * libmPow(maxAbs, p)).isFinite && libmPow(maxAbs, p) != 0)
            var sum = 0.0
            if unscaledSafe {
                // abs2 is taken in the element type, then accumulated in Float64 (Julia's norm_sqr).
                for i in 0..<n { sum += p == 2 ? roundT(at(i) * at(i)) : libmPow(Swift.abs(at(i)), p) }
                r = p == 2 ? sum.squareRoot() : libmPow(sum, 1 / p)
            } else {
                for i in 0..<n { sum += libmPow(Swift.abs(at(i)) / maxAbs, p) }
                r = maxAbs * (p == 2 ? sum.squareRoot() : libmPow(sum, 1 / p))
            }
        }
        let out = try Tensor.filled(value: r, dtype: t, shape: .scalar)
        if x.dtype.isFloat, let tape, tape.isTracked(x) { tape.record(.norm(p), output: out, x) }
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
            } else { pd[i] = gs * s * libmPow(Swift.abs(xi), p - 1) / libmPow(n, p - 1) }
        }
        try tape.accumulate(x, dx)
    }
}

@inline(__always) private func libmPow(_ a: Double, _ b: Double) -> Double { pow(a, b) }
