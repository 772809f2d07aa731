import FlxSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Swift traps when an array or string allocation fails, so anything whose size a
/// script chooses is checked here first and answered with Julia's OutOfMemoryError.
package enum MemoryGuard {
    /// More than the machine's physical memory can never succeed; refusing it up front
    /// also keeps the kernel's overcommit from letting the process die later.
    package static let limitBytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return 1 << 40 }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return overflow ? Int.max : bytes
    }()

    /// Throws OutOfMemoryError unless `count` items of `bytesEach` bytes fit.
    package static func reserve(count: Int, bytesEach: Int) throws {
        guard count > 0 else { return }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: max(bytesEach, 1))
        if overflow || bytes > limitBytes { throw Exceptions.outOfMemory() }
    }

    /// `s` repeated `n` times, as `repeat(s, n)` and `s^n` build it.
    package static func repeated(_ s: String, _ n: Int) throws -> String {
        guard n >= 0 else { throw Exceptions.argument("can't repeat a string \(n) times") }
        try reserve(count: n, bytesEach: s.utf8.count)
        return String(repeating: s, count: n)
    }
}
