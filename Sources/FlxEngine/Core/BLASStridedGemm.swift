/// C = op(A)·op(B) + β·C on raw column-major storage with explicit leading dimensions, for
/// kernels that multiply blocks of larger arrays in place (a recurrent layer's time step is
/// every len-th column of its sequence array). One OpenBLAS call on the calling thread, or a
/// plain loop when no OpenBLAS can be loaded.
extension BLAS {
    static func stridedGemm<T: FloatElement>(transA: Bool, transB: Bool, _ m: Int, _ n: Int, _ k: Int,
                                             _ a: UnsafePointer<T>, _ lda: Int, _ b: UnsafePointer<T>, _ ldb: Int,
                                             beta: T, _ c: UnsafeMutablePointer<T>, _ ldc: Int) throws {
        if m == 0 || n == 0 { return }
        guard [m, n, k, lda, ldb, ldc].allSatisfy({ $0 <= Int(Int32.max) }) else {
            throw EngineError.argument("matrix too large for BLAS (dimension exceeds Int32)")
        }
        guard let lib = library, k > 0 else { return stridedLoop(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc) }
        let ta = transA ? trans : noTrans, tb = transB ? trans : noTrans
        // Sizes checked above to fit.
        let (m32, n32, k32) = (Int32(m), Int32(n), Int32(k))
        let (lda32, ldb32, ldc32) = (Int32(lda), Int32(ldb), Int32(ldc))
        if T.self == Float.self {
            let pa = UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), pb = UnsafeRawPointer(b).assumingMemoryBound(to: Float.self)
            let pc = UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self)
            lib.sgemm(colMajor, ta, tb, m32, n32, k32, 1, pa, lda32, pb, ldb32, Float(beta), pc, ldc32)
        } else {
            let pa = UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), pb = UnsafeRawPointer(b).assumingMemoryBound(to: Double.self)
            let pc = UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self)
            lib.dgemm(colMajor, ta, tb, m32, n32, k32, 1, pa, lda32, pb, ldb32, Double(beta), pc, ldc32)
        }
    }

    private static func stridedLoop<T: FloatElement>(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
                                                     _ a: UnsafePointer<T>, _ lda: Int, _ b: UnsafePointer<T>, _ ldb: Int,
                                                     _ beta: T, _ c: UnsafeMutablePointer<T>, _ ldc: Int) {
        for j in 0..<n {
            for i in 0..<m {
                var s: T = 0
                for p in 0..<k {
                    s += (transA ? a[p + i * lda] : a[i + p * lda]) * (transB ? b[j + p * ldb] : b[p + j * ldb])
                }
                // β = 0 overwrites, as BLAS does, whatever C held (NaN included).
                c[i + j * ldc] = beta == 0 ? s : s + beta * c[i + j * ldc]
            }
        }
    }
}
