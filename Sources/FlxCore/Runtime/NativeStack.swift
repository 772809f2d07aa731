import FlxSyntax
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

    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()

    /// The lowest address the current thread may recurse down to (0 when unknown),
    /// cached per thread.
    package static func limit() -> UInt {
        #if os(Linux)
        if let p = pthread_getspecific(key) { return UInt(bitPattern: p) }
        var attr = pthread_attr_t()
        guard flx_pthread_getattr_np(pthread_self(), &attr) == 0 else { return 0 }
        defer { pthread_attr_destroy(&attr) }
        var addr: UnsafeMutableRawPointer? = nil
        var size = 0
        guard pthread_attr_getstack(&attr, &addr, &size) == 0, let addr else { return 0 }
        let limit = UInt(bitPattern: addr) + margin(stackSize: UInt(size))
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: limit))
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
