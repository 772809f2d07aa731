#if canImport(Glibc)
import Glibc
#endif

/// The one bound on allocations whose size a script chooses. Swift traps when an array
/// allocation fails, and the kernel's overcommit lets an oversized one succeed only to
/// kill the process later, so every count a script controls is checked here first: one
/// multiply with overflow and one compare. The language's `MemoryGuard` asks the same
/// question and answers with Julia's OutOfMemoryError.
public enum AllocationGuard {
    /// More than the machine's physical memory can never succeed.
    public static let limitBytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return 1 << 40 }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return overflow ? Int.max : bytes
    }()

    /// Whether `count` items of `bytesEach` bytes can be allocated at all.
    @inlinable public static func fits(count: Int, bytesEach: Int) -> Bool {
        guard count > 0 else { return true }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: Swift.max(bytesEach, 1))
        return !overflow && bytes <= limitBytes
    }

    /// Throws `EngineError.outOfMemory` unless a buffer of `factors` multiplied together
    /// items of `bytesEach` bytes fits (a scratch buffer, such as convolution's patch
    /// matrix, whose size is a product of sizes a script chose).
    public static func reserve(_ factors: [Int], bytesEach: Int) throws {
        var count = 1
        for f in factors {
            let (c, overflow) = count.multipliedReportingOverflow(by: f)
            if overflow { throw EngineError.outOfMemory }
            count = c
        }
        try reserve(count: count, bytesEach: bytesEach)
    }

    /// Throws `EngineError.outOfMemory` unless `count` items of `bytesEach` bytes fit.
    @inlinable public static func reserve(count: Int, bytesEach: Int) throws {
        if !fits(count: count, bytesEach: bytesEach) { throw EngineError.outOfMemory }
    }
}
