
/// A matmul operand as BLAS sees it: stored column-major with leading dimension
/// `ld`, read transposed when `trans` is set. Vectors are stored n×1.
struct MatOperand {
    let tensor: Tensor
    let storedRows: Int
    let storedCols: Int
    let trans: Bool
    /// Where the stored matrix starts in the tensor, and its column stride (a block of
    /// rows of a larger matrix starts past the first row and keeps that matrix's stride).
    let offset: Int
    let ld: Int
    var rows: Int { trans ? storedCols : storedRows }
    var cols: Int { trans ? storedRows : storedCols }

    init(_ t: Tensor, trans: Bool) throws {
        tensor = t
        self.trans = trans
        offset = 0
        switch t.rank {
        case 1: storedRows = t.shape[0]; storedCols = 1
        case 2: storedRows = t.shape[0]; storedCols = t.shape[1]
        default:
            throw EngineError.argument("matrix multiplication needs vectors or matrices, got a \(array: t.shape, t.dtype)")
        }
        ld = Swift.max(storedRows, 1)
    }

    /// Rows `r` of the matrix `t`, read in place.
    init(rowsOf t: Tensor, _ r: Range<Int>, trans: Bool) throws {
        guard t.rank == 2, r.lowerBound >= 0, r.upperBound <= t.shape[0] else {
            throw EngineError.argument("rows \(r) are not rows of a \(array: t.shape, t.dtype)")
        }
        tensor = t
        self.trans = trans
        storedRows = r.count; storedCols = t.shape[1]
        offset = r.lowerBound
        ld = Swift.max(t.shape[0], 1)
    }

    private init(_ o: MatOperand, tensor t: Tensor) {
        tensor = t; storedRows = o.storedRows; storedCols = o.storedCols; trans = o.trans; offset = o.offset; ld = o.ld
    }

    /// The first stored element.
    func base<T: TensorElement>(_: T.Type) -> UnsafeMutablePointer<T> { tensor.ptr(T.self) + offset }

    func converted(to d: DType) throws -> MatOperand { MatOperand(self, tensor: try tensor.promoted(to: d)) }
}

/// Which kernel Julia's LinearAlgebra would call for a product; the engine calls
/// the same one so Float results match Julia's bit for bit (same OpenBLAS).
enum MatmulRoute {
    /// Matrix·matrix: `gemm`, except Julia's own 2×2 and 3×3 loops (matmul2x2!/matmul3x3!).
    case gemm
    /// op(A)·x with x a vector: `gemv`.
    case gemvB
    /// xᵀ·op(B) with x a vector: computed as op(B)ᵀ·x with `gemv`, as Julia does for x' * M.
    case gemvA
    /// xᵀ·y of two vectors: BLAS `dot`.
    case dot
}

/// C = op(A)·op(B) kernels.
///
/// Float products go to OpenBLAS except the square 2×2 and 3×3 cases, which Julia
/// computes with plain loops (no FMA, left-to-right sums) and so do we. Measured
/// (BenchmarkTests.matmulLoopVersusBLASThreshold, OpenBLAS 0.3.21, Cooperlake, release):
/// the loop only beats BLAS below ~20 multiply-adds (1×1×1: 8 vs 23 ns; 1×7×2: 16 vs
/// 28 ns); from there BLAS's small-matrix kernels win (7×3×2: 37 vs 25 ns; 8×8×8: 330
/// vs 44 ns; 64³: 170 vs 4.5 µs). So the speed threshold (`loopThreshold`) would only
/// change a few tiny non-square shapes by ~15 ns, and we use Julia's rule instead:
/// identical numbers are worth more than 15 ns.
enum MatmulKernel {
    /// Multiply-adds below which a loop is faster than a BLAS call (measured; see above).
    static let loopThreshold = 20

    /// Whether Julia's gemm_wrapper! takes its matmul2x2!/matmul3x3! loop for this product.
    @inline(__always) static func juliaUsesLoop(_ m: Int, _ k: Int, _ n: Int) -> Bool {
        (m == 2 && k == 2 && n == 2) || (m == 3 && k == 3 && n == 3)
    }

    static func multiply(_ a: MatOperand, _ b: MatOperand, into c: Tensor, route: MatmulRoute = .gemm,
                         forceLoop: Bool = false, forceBLAS: Bool = false) throws {
        let m = a.rows, k = a.cols, n = b.cols
        let useBLAS = !forceLoop && (forceBLAS || route != .gemm || !juliaUsesLoop(m, k, n)) && BLAS.isAvailable
        if useBLAS {
            guard m <= Int(Int32.max), n <= Int(Int32.max), k <= Int(Int32.max),
                  a.ld <= Int(Int32.max), b.ld <= Int(Int32.max) else {
                throw EngineError.argument("matrix too large for BLAS (dimension exceeds Int32)")
            }
        }
        if m == 0 || n == 0 { return }
        if k == 0 {
            c.fillZero()
            return
        }
        switch c.dtype {
        case .float32:
            if useBLAS { blas(a, b, c, m, n, k, route, Float.self) } else { loop(a, b, c, m, n, k, Float.self) }
        case .float64:
            if useBLAS { blas(a, b, c, m, n, k, route, Double.self) } else { loop(a, b, c, m, n, k, Double.self) }
        default:
            intLoop(a, b, c, m, n, k)
        }
    }

    private static func blas<T: FloatElement>(_ a: MatOperand, _ b: MatOperand, _ c: Tensor, _ m: Int, _ n: Int, _ k: Int,
                                              _ route: MatmulRoute, _: T.Type) {
        // `multiply` checked that the library is there; without it the loop stands in.
        guard let lib = BLAS.library else { return loop(a, b, c, m, n, k, T.self) }
        let pa = UnsafeRawPointer(a.base(T.self)), pb = UnsafeRawPointer(b.base(T.self))
        let pc = UnsafeMutableRawPointer(c.ptr(T.self))
        let isFloat = T.self == Float.self
        switch route {
        case .dot:
            c.ptr(T.self)[0] = BLAS.dot(k, a.base(T.self), b.base(T.self))
        case .gemvB, .gemvA:
            // y = op(M)·x where M is the matrix operand and x the vector one.
            let (mat, vec, trans) = route == .gemvB ? (a, pb, a.trans) : (b, pa, !b.trans)
            let pm = route == .gemvB ? pa : pb
            let t = trans ? BLAS.trans : BLAS.noTrans
            if isFloat {
                lib.sgemv(BLAS.colMajor, t, Int32(mat.storedRows), Int32(mat.storedCols), 1, pm.assumingMemoryBound(to: Float.self), Int32(mat.ld),
                          vec.assumingMemoryBound(to: Float.self), 1, 0, pc.assumingMemoryBound(to: Float.self), 1)
            } else {
                lib.dgemv(BLAS.colMajor, t, Int32(mat.storedRows), Int32(mat.storedCols), 1, pm.assumingMemoryBound(to: Double.self), Int32(mat.ld),
                          vec.assumingMemoryBound(to: Double.self), 1, 0, pc.assumingMemoryBound(to: Double.self), 1)
            }
        case .gemm:
            let ta = a.trans ? BLAS.trans : BLAS.noTrans, tb = b.trans ? BLAS.trans : BLAS.noTrans
            let ldc = Int32(Swift.max(m, 1))
            let size = MemoryLayout<T>.stride
            // Threads take blocks of C's rows (of columns when C is wider than tall: each
            // block packs the other operand again, so the smaller one is repeated).
            // Every element is still one whole-K dot product, and the result does not
            // depend on the split (ThreadedMatmulTests checks the bits) because blocks
            // start on a multiple of every register-tile size the kernels use (so each
            // element sits in the same kind of tile as in one call) and stay above
            // OpenBLAS's small-matrix kernels.
            // The rows past the last whole tile join the last block: alone they could be a
            // product small enough for those kernels.
            let byRows = m >= n
            let extent = byRows ? m : n, other = (byRows ? n : m) * k
            let tiles = Swift.max(extent / gemmAlignment, 1)
            let grain = (gemmPieceWork + other * gemmAlignment - 1) / Swift.max(other * gemmAlignment, 1)
            // Probed only when this product would be split (the probe is a few million multiply-adds).
            let wouldSplit = Parallel.threads > 1 && tiles >= 2 * grain
            let exact = wouldSplit && (isFloat ? BlockedProductCheck.float32 : BlockedProductCheck.float64)
            Parallel.forEach(tiles, grain: grain, maxPieces: exact ? Parallel.threads : 1) { t in
                let lo = t.lowerBound * gemmAlignment
                let r = lo..<(t.upperBound == tiles ? extent : t.upperBound * gemmAlignment)
                // Row block: A's rows lo..<hi (a column offset in a stored transpose); column block: B's columns.
                let offA = byRows ? (a.trans ? lo * a.ld : lo) : 0
                let offB = byRows ? 0 : (b.trans ? lo : lo * b.ld)
                let offC = byRows ? lo : lo * m
                let rows = Int32(byRows ? r.count : m), cols = Int32(byRows ? n : r.count)
                if isFloat {
                    lib.sgemm(BLAS.colMajor, ta, tb, rows, cols, Int32(k), 1, (pa + offA * size).assumingMemoryBound(to: Float.self), Int32(a.ld),
                              (pb + offB * size).assumingMemoryBound(to: Float.self), Int32(b.ld), 0, (pc + offC * size).assumingMemoryBound(to: Float.self), ldc)
                } else {
                    lib.dgemm(BLAS.colMajor, ta, tb, rows, cols, Int32(k), 1, (pa + offA * size).assumingMemoryBound(to: Double.self), Int32(a.ld),
                              (pb + offB * size).assumingMemoryBound(to: Double.self), Int32(b.ld), 0, (pc + offC * size).assumingMemoryBound(to: Double.self), ldc)
                }
            }
        }
    }

    /// Multiply-adds a thread's block of a product must have (M·N·K): above OpenBLAS's
    /// small-matrix limit (its permit functions take products of at most 10⁶), so blocks
    /// and whole products take the same kernels.
    static let gemmPieceWork = 1_250_000
    /// Block starts are multiples of this: 48 is a multiple of OpenBLAS's register-tile
    /// sides on x86-64 (2, 4, 6, 8, 16, 24).
    static let gemmAlignment = 48

    /// Plain loop in Julia's matmul2x2!/matmul3x3! order: C[i,j] = A[i,1]B[1,j] + A[i,2]B[2,j] + …,
    /// summed left to right from the first product (so -0.0 survives as in Julia).
    private static func loop<T: FloatElement>(_ a: MatOperand, _ b: MatOperand, _ c: Tensor, _ m: Int, _ n: Int, _ k: Int, _: T.Type) {
        let pa = a.base(T.self), pb = b.base(T.self), pc = c.ptr(T.self)
        let lda = a.ld, ldb = b.ld
        let ra = a.trans ? lda : 1, ca = a.trans ? 1 : lda   // steps for A(i, p): row i, column p
        let rb = b.trans ? ldb : 1, cb = b.trans ? 1 : ldb   // steps for B(p, j)
        for j in 0..<n {
            for i in 0..<m {
                var s = pa[i * ra] * pb[j * cb]
                var p = 1
                while p < k {
                    s += pa[i * ra + p * ca] * pb[p * rb + j * cb]
                    p += 1
                }
                pc[i + j * m] = s
            }
        }
    }

    private static func intLoop(_ a: MatOperand, _ b: MatOperand, _ c: Tensor, _ m: Int, _ n: Int, _ k: Int) {
        let pa = a.base(Int64.self), pb = b.base(Int64.self), pc = c.ptr(Int64.self)
        let lda = a.ld, ldb = b.ld
        for j in 0..<n {
            for i in 0..<m {
                var s: Int64 = 0
                for p in 0..<k {
                    let x = a.trans ? pa[p + i * lda] : pa[i + p * lda]
                    let y = b.trans ? pb[j + p * ldb] : pb[p + j * ldb]
                    s = s &+ x &* y
                }
                pc[i + j * m] = s
            }
        }
    }
}

/// Whether blocks of a product give the bits of one call with the OpenBLAS kernel this
/// CPU got. The block layout above holds for the kernels it was measured on (Prescott,
/// SkylakeX, both element types), but OpenBLAS's Zen kernel rounds Float32 blocks
/// differently from the whole product (found on an AMD EPYC), and a result must not
/// depend on the thread count. So each element type is probed once, on first use, with
/// a row split and a column split of products just above the block threshold; where the
/// bits differ, products of that type run as one call (OpenBLAS itself stays at one thread).
enum BlockedProductCheck {
    static let float32 = exact(Float.self)
    static let float64 = exact(Double.self)

    private static func exact<T: FloatElement>(_: T.Type) -> Bool {
        guard let lib = BLAS.library else { return true }
        // 192 × 128 × 128 in halves of 96: each half is above `MatmulKernel.gemmPieceWork` multiply-adds.
        let long = 2 * 2 * MatmulKernel.gemmAlignment, short = 128, k = 128
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func values(_ n: Int) -> [T] {
            (0..<n).map { _ in
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                return T(Double(Int64(bitPattern: seed >> 11) % 2001 - 1000) / 997)
            }
        }
        let a = values(long * k), b = values(k * long)
        // gemm(rows m, cols n) of A (m×k, lda m) and B (k×n, ldb k) into a fresh C.
        func product(_ pa: UnsafePointer<T>, _ lda: Int, _ pb: UnsafePointer<T>, _ m: Int, _ n: Int) -> [T] {
            var c = [T](repeating: 0, count: m * n)
            c.withUnsafeMutableBufferPointer { pc in
                if T.self == Float.self {
                    lib.sgemm(BLAS.colMajor, BLAS.noTrans, BLAS.noTrans, Int32(m), Int32(n), Int32(k), 1,
                              UnsafeRawPointer(pa).assumingMemoryBound(to: Float.self), Int32(lda),
                              UnsafeRawPointer(pb).assumingMemoryBound(to: Float.self), Int32(k), 0,
                              UnsafeMutableRawPointer(pc.baseAddress!).assumingMemoryBound(to: Float.self), Int32(m))
                } else {
                    lib.dgemm(BLAS.colMajor, BLAS.noTrans, BLAS.noTrans, Int32(m), Int32(n), Int32(k), 1,
                              UnsafeRawPointer(pa).assumingMemoryBound(to: Double.self), Int32(lda),
                              UnsafeRawPointer(pb).assumingMemoryBound(to: Double.self), Int32(k), 0,
                              UnsafeMutableRawPointer(pc.baseAddress!).assumingMemoryBound(to: Double.self), Int32(m))
                }
            }
            return c
        }
        func same(_ x: T, _ y: T) -> Bool { x == y && x.sign == y.sign }
        let half = long / 2
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                let A = pa.baseAddress!, B = pb.baseAddress!
                // Rows: A is long × k; its two row blocks against B's first `short` columns.
                let whole = product(A, long, B, long, short)
                let top = product(A, long, B, half, short), bottom = product(A + half, long, B, half, short)
                var rowsExact = true
                for j in 0..<short {
                    for i in 0..<long {
                        let blockValue = i < half ? top[i + j * half] : bottom[i - half + j * half]
                        if !same(whole[i + j * long], blockValue) { rowsExact = false }
                    }
                }
                // Columns: A's first `short` rows against B (k × long) and its two column blocks.
                let wide = product(A, long, B, short, long)
                let left = product(A, long, B, short, half), right = product(A, long, B + half * k, short, half)
                let columnsExact = zip(wide, left + right).allSatisfy { same($0, $1) }
                return rowsExact && columnsExact
            }
        }
    }
}

