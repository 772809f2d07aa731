#if canImport(Glibc)
import Glibc
#endif

/// The one bound on allocations whose size a script chooses. Swift traps when an array
/// allocation fails, and the kernel's overcommit lets an oversized one succeed only to
/// kill the process later, so every count a script controls is checked here first: one
/// multiply with overflow and one compare. The language's `MemoryGuard` asks the same
/// question and answers with Julia's OutOfMemoryError.
public enum AllocationGuard {
    /// More than the machine's physical memory can never succeed, nor more than the
    /// process may map (`ulimit -v`, `ulimit -d`): Swift traps when such an allocation fails.
    public static let limitBytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        var limit = 1 << 40
        if pages > 0, pageSize > 0 {
            let (bytes, overflow) = pages.multipliedReportingOverflow(by: pageSize)
            limit = overflow ? Int.max : bytes
        }
        #if os(Linux)
        for bound in [addressSpaceLimit, softLimit(RLIMIT_DATA)] { if let bound { limit = Swift.min(limit, bound) } }
        #endif
        return limit
    }()

    /// Whether `count` items of `bytesEach` bytes can be allocated at all.
    @inlinable public static func fits(count: Int, bytesEach: Int) -> Bool {
        guard count > 0 else { return true }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: Swift.max(bytesEach, 1))
        guard !overflow && bytes <= limitBytes else { return false }
        return bytes < largeAllocation || fitsInAddressSpace(bytes)
    }

    /// From this size on, an allocation is also checked against what the address-space
    /// limit leaves (reading /proc costs a few microseconds, nothing beside such a buffer).
    public static let largeAllocation = 1 << 26

    /// The soft `ulimit -v`, when one is set.
    @usableFromInline static let addressSpaceLimit: Int? = {
        #if os(Linux)
        return softLimit(RLIMIT_AS)
        #else
        return nil
        #endif
    }()

    #if os(Linux)
    /// The soft limit of `resource` in bytes; nil when unlimited.
    private static func softLimit(_ resource: __rlimit_resource) -> Int? {
        var r = rlimit()
        guard getrlimit(__rlimit_resource_t(resource.rawValue), &r) == 0, r.rlim_cur != rlim_t.max, r.rlim_cur < rlim_t(Int.max) else { return nil }
        return Int(r.rlim_cur)
    }
    #endif

    /// Whether `bytes` more fit under the address-space limit beside what is mapped now.
    @usableFromInline static func fitsInAddressSpace(_ bytes: Int) -> Bool {
        guard let limit = addressSpaceLimit else { return true }
        #if os(Linux)
        // /proc/self/statm: the first field is the mapped size in pages.
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        let n = withUnsafeMutableBytes(of: &buffer) { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return true }
        var pages = 0
        withUnsafeBytes(of: &buffer) { bytes in
            for i in 0..<n {
                let c = bytes[i]
                guard c >= 48 && c <= 57 else { break }
                pages = pages &* 10 &+ Int(c - 48)
            }
        }
        let mapped = pages &* Int(sysconf(Int32(_SC_PAGESIZE)))
        return bytes <= limit - mapped
        #else
        return true
        #endif
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
