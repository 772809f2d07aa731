/// Process-wide controls: threads and allocator statistics.
public enum Engine {
    /// Threads for matrix products and element loops (`--threads`); n must be ≥ 1.
    public static func setThreads(_ n: Int) throws {
        guard n >= 1, n <= 1024 else { throw EngineError.argument("number of threads must be between 1 and 1024, got \(n)") }
        Parallel.setThreads(n)
    }

    /// The thread count in use: `--threads`, else one per online CPU.
    public static var threads: Int { Parallel.threads }

    /// The CPUs this process may run on (its affinity mask), at most 64.
    public static var availableCPUs: Int { Parallel.availableCPUs }

    /// The CPU kernel set OpenBLAS picked (e.g. "Haswell").
    public static var blasCoreName: String {
        BLAS.coreName
    }

    /// How that kernel set was chosen (`BLASKernelChoice`).
    public static var blasKernelExplanation: String { BLASKernelChoice.explanation }

    /// The OpenBLAS library file in use; nil when none could be opened.
    public static var blasLibraryName: String? { BLAS.libraryName }

    /// Buffers currently held by tensors created on this thread, and buffers parked
    /// in this thread's pool for reuse. Equal numbers before and after a workload
    /// mean the workload leaked nothing.
    public static var bufferStats: (live: Int, pooled: Int) {
        let pool = BufferPool.current
        return (pool.liveBuffers, pool.pooledBuffers)
    }
}
