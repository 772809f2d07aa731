import CBLAS

/// A matmul operand as BLAS sees it: stored column-major with leading dimension
/// `ld`, read transposed when `trans` is set. Vectors are stored n×1.
struct MatOperand {
    let tensor: Tensor
    let storedRows: Int
    let storedCols: Int
    let trans: Bool
    var rows: Int { trans ? storedCols : storedRows }
    var cols: Int { trans ? storedRows : storedCols }
    var ld: Int { Swift.max(storedRows, 1) }

    init(_ t: Tensor, trans: Bool) throws {
        tensor = t
        self.trans = trans
        switch t.rank {
        case 1: storedRows = t.shape[0]; storedCols = 1
        case 2: storedRows = t.shape[0]; storedCols = t.shape[1]
        default:
            throw EngineError.argument("matrix multiplication needs vectors or matrices, got a \(t.shape.summary(t.dtype))")
        }
    }

    func converted(to d: DType) throws -> MatOperand { try MatOperand(tensor.promoted(to: d), trans: trans) }
}

/// C = op(A)·op(B) kernels: OpenBLAS from `blasThreshold` multiply-adds up, a plain
/// loop below it, where the ~25 ns BLAS call overhead dominates.
enum MatmulKernel {
    /// m·n·k at or above which BLAS is used. Measured (BenchmarkTests.matmulLoopVersusBLASThreshold,
    /// OpenBLAS 0.3 on Cooperlake, release build): the loop wins below ~20 multiply-adds
    /// (1×1×1: 8 vs 23 ns, 1×7×2: 16 vs 28 ns) and BLAS wins from there on
    /// (7×3×2: 37 vs 25 ns, 8×8×8: 330 vs 44 ns), thanks to OpenBLAS's small-matrix kernels.
    static let blasThreshold = 24

    static func multiply(_ a: MatOperand, _ b: MatOperand, into c: Tensor, forceLoop: Bool = false, forceBLAS: Bool = false) throws {
        let m = a.rows, k = a.cols, n = b.cols
        let work = m.multipliedReportingOverflow(by: n).partialValue.multipliedReportingOverflow(by: k)
        let useBLAS = !forceLoop && (forceBLAS || work.overflow || work.partialValue >= blasThreshold)
        if useBLAS {
            guard m <= Int(Int32.max), n <= Int(Int32.max), k <= Int(Int32.max),
                  a.ld <= Int(Int32.max), b.ld <= Int(Int32.max) else {
                throw EngineError.argument("matrix too large for BLAS (dimension exceeds Int32)")
            }
        }
        if m == 0 || n == 0 { return }
        if k == 0 {
            c.raw.initializeMemory(as: UInt8.self, repeating: 0, count: c.count * c.dtype.byteWidth)
            return
        }
        switch c.dtype {
        case .float32:
            if useBLAS { blas(a, b, c, m, n, k, Float.self) } else { loop(a, b, c, m, n, k, Float.self) }
        case .float64:
            if useBLAS { blas(a, b, c, m, n, k, Double.self) } else { loop(a, b, c, m, n, k, Double.self) }
        default:
            intLoop(a, b, c, m, n, k)
        }
    }

    private static func blas<T: FloatElement>(_ a: MatOperand, _ b: MatOperand, _ c: Tensor, _ m: Int, _ n: Int, _ k: Int, _: T.Type) {
        let ta = a.trans ? CblasTrans : CblasNoTrans
        let pa = a.tensor.ptr(T.self), pb = b.tensor.ptr(T.self), pc = c.ptr(T.self)
        if n == 1 {
            // op(A)·x: B's k elements are contiguous whether or not it is transposed.
            let (r, cc) = (Int32(a.storedRows), Int32(a.storedCols))
            if T.self == Float.self {
                cblas_sgemv(CblasColMajor, ta, r, cc, 1, UnsafeRawPointer(pa).assumingMemoryBound(to: Float.self), Int32(a.ld),
                            UnsafeRawPointer(pb).assumingMemoryBound(to: Float.self), 1, 0, UnsafeMutableRawPointer(pc).assumingMemoryBound(to: Float.self), 1)
            } else {
                cblas_dgemv(CblasColMajor, ta, r, cc, 1, UnsafeRawPointer(pa).assumingMemoryBound(to: Double.self), Int32(a.ld),
                            UnsafeRawPointer(pb).assumingMemoryBound(to: Double.self), 1, 0, UnsafeMutableRawPointer(pc).assumingMemoryBound(to: Double.self), 1)
            }
            return
        }
        let tb = b.trans ? CblasTrans : CblasNoTrans
        if T.self == Float.self {
            cblas_sgemm(CblasColMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1,
                        UnsafeRawPointer(pa).assumingMemoryBound(to: Float.self), Int32(a.ld),
                        UnsafeRawPointer(pb).assumingMemoryBound(to: Float.self), Int32(b.ld), 0,
                        UnsafeMutableRawPointer(pc).assumingMemoryBound(to: Float.self), Int32(Swift.max(m, 1)))
        } else {
            cblas_dgemm(CblasColMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1,
                        UnsafeRawPointer(pa).assumingMemoryBound(to: Double.self), Int32(a.ld),
                        UnsafeRawPointer(pb).assumingMemoryBound(to: Double.self), Int32(b.ld), 0,
                        UnsafeMutableRawPointer(pc).assumingMemoryBound(to: Double.self), Int32(Swift.max(m, 1)))
        }
    }

    private static func loop<T: FloatElement>(_ a: MatOperand, _ b: MatOperand, _ c: Tensor, _ m: Int, _ n: Int, _ k: Int, _: T.Type) {
        let pa = a.tensor.ptr(T.self), pb = b.tensor.ptr(T.self), pc = c.ptr(T.self)
        let lda = a.ld, ldb = b.ld
        for j in 0..<n {
            let cj = pc + j * m
            if !a.trans {
                // One dot product per element, accumulated in a register: for the small
                // sizes this path serves, avoiding store/reload of C beats vector width.
                for i in 0..<m {
                    var s: T = 0
                    if b.trans { for p in 0..<k { s += pa[i + p * lda] * pb[j + p * ldb] } } else {
                        let bj = pb + j * ldb
                        for p in 0..<k { s += pa[i + p * lda] * bj[p] }
                    }
                    cj[i] = s
                }
            } else {
                // Aᵀ: row i of op(A) is column i of A, contiguous: a dot product per element.
                for i in 0..<m {
                    let ai = pa + i * lda
                    var s: T = 0
                    if b.trans { for p in 0..<k { s += ai[p] * pb[j + p * ldb] } } else {
                        let bj = pb + j * ldb
                        for p in 0..<k { s += ai[p] * bj[p] }
                    }
                    cj[i] = s
                }
            }
        }
    }

    private static func intLoop(_ a: MatOperand, _ b: MatOperand, _ c: Tensor, _ m: Int, _ n: Int, _ k: Int) {
        let pa = a.tensor.ptr(Int64.self), pb = b.tensor.ptr(Int64.self), pc = c.ptr(Int64.self)
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
