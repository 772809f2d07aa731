import FlxSyntax
import FlxEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if os(Linux)
/// glibc's `pthread_getattr_np` (a GNU extension the Glibc module does not export).
@_silgen_name("pthread_getattr_np")
private func flx_pthread_getattr_np(_ thread: pthread_t, _ attr: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif

/// A guard for Swift code that recurses on user data (`==` on arrays, model walks):
/// a structure that contains itself would recurse until the thread's stack runs out
/// and the process dies with SIGSEGV. `check()` throws Julia's StackOverflowError
/// while there is still room to unwind.
package enum NativeStack {
    /// Stack left unused when the error is thrown, enough for the error to unwind:
    /// 4 MB, or a quarter of a small thread's stack.
    package static func margin(stackSize: UInt) -> UInt { min(4 << 20, stackSize / 4) }

    /// The lowest address the current thread may recurse down to (0 when unknown),
    /// cached per thread (`ThreadWord`; 1 stands for "unknown, looked up").
    package static func limit() -> UInt {
        #if os(Linux)
        let cached = ThreadWord.value
        if cached != 0 { return cached == 1 ? 0 : cached }
        var attr = pthread_attr_t()
        var limit: UInt = 0
        if flx_pthread_getattr_np(pthread_self(), &attr) == 0 {
            defer { pthread_attr_destroy(&attr) }
            var addr: UnsafeMutableRawPointer? = nil
            var size = 0
            if pthread_attr_getstack(&attr, &addr, &size) == 0, let addr {
                limit = UInt(bitPattern: addr) + margin(stackSize: UInt(size))
            }
        }
        ThreadWord.value = limit == 0 ? 1 : limit
        return limit
        #else
        return 0  // elsewhere the guard is off
        #endif
    }

    @inline(never)
    package static func check() throws {
        var marker: UInt8 = 0
        let sp = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        let lim = limit()
        if lim != 0 && sp < lim { throw Exceptions.stackOverflow() }
    }
}
