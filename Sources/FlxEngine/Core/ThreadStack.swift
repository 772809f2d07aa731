import CFlxKernels

/// A word the current thread keeps for itself (0 until set): where the language's stack
/// guard caches the lowest address the thread may recurse down to, read on every guarded
/// recursion step, so it must be cheaper than `pthread_getspecific`.
public enum ThreadWord {
    @inline(__always) public static var value: UInt {
        get { UInt(flx_thread_word_get()) }
        set { flx_thread_word_set(CUnsignedLong(newValue)) }
    }
}
