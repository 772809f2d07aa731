/// Process-wide controls: OpenBLAS threading and allocator statistics.
public enum Engine {
    /// `BLAS.set_num_threads(n)`; n must be ≥ 1.
    public static func setBLASThreads(_ n: Int) throws {
        guard n >= 1, n <= Int(Int32.max) else { throw EngineError.argument("number of BLAS threads must be ≥ 1, got \(n)") }
        BLAS.setThreads(n)
    }

    /// `BLAS.get_num_threads()`.
    public static var blasThreads: Int { BLAS.threads }

    /// The CPU kernel set OpenBLAS picked (e.g. "Haswell").
    public static var blasCoreName: String {
        BLAS.coreName
    }

    /// Buffers currently held by tensors created on this thread, and buffers parked
    /// in this thread's pool for reuse. Equal numbers before and after a workload
    /// mean the workload leaked nothing.
    public static var bufferStats: (live: Int, pooled: Int) {
        let pool = BufferPool.current
        return (pool.liveBuffers, pool.pooledBuffers)
    }
}
