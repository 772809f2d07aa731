/// Linear interpolation along one dimension, the building block of NNlib's
/// `upsample_linear` / `upsample_bilinear` / `upsample_trilinear`.
///
/// Output position j along the dimension reads `w0[j]·x[i0[j]] + w1[j]·x[i1[j]]`. NNlib's
/// kernels compute h0·(w0·a + w1·b) + h1·(w0·c + w1·d) for two dimensions; resampling
/// the first dimension, then the second on that result, performs the same operations
/// in the same order, so the values agree bit for bit. The weights are computed at the
/// array's precision (NNlib's `source_idx_and_λ` in T) and stored exactly as Doubles.
public final class LinearResample {
    /// The 0-based dimension resampled, its new size, and per output position the two
    /// source positions and their weights.
    let dim: Int
    let size: Int
    let i0: [Int], i1: [Int]
    let w0: [Double], w1: [Double]

    /// The interpolation from `inSize` to `outSize` positions, with NNlib's
    /// `align_corners` convention, for `dtype` (Float32 weights for Float32 arrays).
    public init(dim: Int, inSize: Int, outSize: Int, alignCorners: Bool, dtype: DType) throws {
        guard inSize > 0, outSize > 0 else { throw EngineError.argument("upsample: sizes must be positive, got \(inSize) → \(outSize)") }
        try AllocationGuard.reserve(count: outSize, bytesEach: 4 * MemoryLayout<Double>.stride)
        self.dim = dim
        size = outSize
        var i0: [Int] = [], i1: [Int] = [], w0: [Double] = [], w1: [Double] = []
        func fill<T: BinaryFloatingPoint>(_: T.Type) {
            // The ratio is divided in Float64 and then rounded to T, as `real(T)(a / b)`.
            let ratio = T(alignCorners ? Double(inSize - 1) / Double(outSize - 1) : Double(inSize) / Double(outSize))
            for j in 0..<outSize {
                let real = alignCorners ? ratio * T(j) : Swift.max(0, ratio * (T(j) + T(0.5)) - T(0.5))
                // Within [0, inSize - 1] for every finite ratio; clamped so NaN or Inf
                // (an output of size 1 with align_corners) cannot index outside.
                let floored = real.rounded(.down)
                let lo = Swift.min(Swift.max(floored.isFinite ? Int(exactly: floored) ?? 0 : 0, 0), inSize - 1)
                let hi = lo < inSize - 1 ? lo + 1 : lo
                let l1 = real - T(lo)
                i0.append(lo); i1.append(hi); w0.append(Double(1 - l1)); w1.append(Double(l1))
            }
        }
        if dtype == .float32 { fill(Float.self) } else { fill(Double.self) }
        self.i0 = i0; self.i1 = i1; self.w0 = w0; self.w1 = w1
    }
}

public enum Resample {
    /// `x` linearly resampled along `plan.dim`.
    public static func linear(_ x: Tensor, _ plan: LinearResample, tape: Tape?) throws -> Tensor {
        guard x.dtype.isFloat else { throw EngineError.argument("upsample_linear needs a floating-point array, got \(x.dtype)") }
        guard plan.dim < x.rank, plan.i0.allSatisfy({ $0 < x.shape[plan.dim] }) else {
            throw EngineError.dimensionMismatch("upsample_linear: the plan does not fit an array of size \(x.shape)")
        }
        var dims = x.shape.dims
        dims[plan.dim] = plan.size
        let out = try Tensor(uninitialized: x.dtype, Shape(dims))
        let inner = x.shape.stride(plan.dim), n = x.shape[plan.dim], m = plan.size
        let outer = n == 0 || inner == 0 ? 0 : x.count / (inner * n)
        func run<T: FloatElement>(_: T.Type) {
            let px = x.ptr(T.self), po = out.ptr(T.self)
            for o in 0..<outer {
                for j in 0..<m {
                    let a = T(plan.w0[j]), b = T(plan.w1[j])
                    let s0 = inner * (plan.i0[j] + n * o), s1 = inner * (plan.i1[j] + n * o), d = inner * (j + m * o)
                    for k in 0..<inner { po[d + k] = a * px[s0 + k] + b * px[s1 + k] }
                }
            }
        }
        if x.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        if let tape, tape.isTracked(x) { tape.record(.resample(plan), output: out, x) }
        return out
    }

    /// The adjoint: each output position's gradient goes back to its two sources, weighted.
    static func backward(_ plan: LinearResample, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        let gc = g.dtype == x.dtype ? g : try g.converted(to: x.dtype)
        let dx = try Tensor.zeros(x.dtype, x.shape)
        let inner = x.shape.stride(plan.dim), n = x.shape[plan.dim], m = plan.size
        let outer = n == 0 || inner == 0 ? 0 : x.count / (inner * n)
        func run<T: FloatElement>(_: T.Type) {
            let pg = gc.ptr(T.self), pd = dx.ptr(T.self)
            for o in 0..<outer {
                for j in 0..<m {
                    let a = T(plan.w0[j]), b = T(plan.w1[j])
                    let s0 = inner * (plan.i0[j] + n * o), s1 = inner * (plan.i1[j] + n * o), d = inner * (j + m * o)
                    for k in 0..<inner {
                        pd[s0 + k] += a * pg[d + k]
                        pd[s1 + k] += b * pg[d + k]
                    }
                }
            }
        }
        if x.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        try tape.accumulate(x, dx)
    }
}
