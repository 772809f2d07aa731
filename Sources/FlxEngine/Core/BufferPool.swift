import CFlxKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Size-bucketed free lists of 64-byte-aligned buffers.
///
/// Training loops allocate and drop the same few small shapes thousands of times,
/// so a freed buffer goes back to a bucket (power-of-two byte size) and is handed
/// out again without calling the system allocator.
///
/// One pool per thread: a pool is touched only by its own thread, so it needs no
/// lock, and its live-buffer count is exact for work done on that thread (which is
/// what the leak test checks). A buffer freed on another thread simply joins that
/// thread's pool.
final class BufferPool {
    static let alignment = 64
    /// Buckets hold sizes 64 << k bytes.
    static let bucketCount = 40
    /// Cap per bucket so a burst of big temporaries does not stay resident forever.
    static let maxPooledPerBucket = 32
    /// Buffers above this size go straight back to the system.
    static let maxPooledBytes = 64 << 20

    /// Free buffers: bucket k's stack is slots[k * maxPooledPerBucket ..< + counts[k]].
    /// Raw memory rather than [[pointer]], so take/give are a load and a store.
    private let slots: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let counts: UnsafeMutablePointer<Int>
    /// Buffers handed out by this thread's pool and not yet returned to any pool.
    // Single-threaded by construction (one pool per thread), so the dynamic
    // exclusivity checks Swift adds to class properties are pure overhead here.
    @exclusivity(unchecked) private(set) var liveBuffers = 0
    /// Buffers waiting for reuse.
    @exclusivity(unchecked) private(set) var pooledBuffers = 0
    /// Allocations and bytes this thread has made, for `@time` (AllocationCounter).
    @exclusivity(unchecked) private(set) var allocationCount = 0
    @exclusivity(unchecked) private(set) var allocatedBytes = 0

    @inline(__always) func noteAllocation(bytes: Int) {
        allocationCount &+= 1
        allocatedBytes &+= bytes
    }

    init() {
        slots = .allocate(capacity: BufferPool.bucketCount * BufferPool.maxPooledPerBucket)
        slots.initialize(repeating: nil, count: BufferPool.bucketCount * BufferPool.maxPooledPerBucket)
        counts = .allocate(capacity: BufferPool.bucketCount)
        counts.initialize(repeating: 0, count: BufferPool.bucketCount)
    }

    deinit {
        for k in 0..<BufferPool.bucketCount {
            for i in 0..<counts[k] { if let p = slots[k * BufferPool.maxPooledPerBucket + i] { Glibc_free(p) } }
        }
        slots.deallocate()
        counts.deallocate()
    }

    /// Bucket index whose size 64 << k is ≥ bytes.
    @inline(__always) static func bucket(forBytes bytes: Int) -> Int {
        if bytes <= 64 { return 0 }
        let bits = Int.bitWidth - (bytes &- 1).leadingZeroBitCount  // ceil(log2(bytes))
        return bits &- 6
    }

    /// A buffer of at least `bytes` bytes and its bucket, or nil when memory is exhausted.
    @inline(__always) func take(bytes: Int) -> (UnsafeMutableRawPointer, Int)? {
        let k = BufferPool.bucket(forBytes: bytes)
        guard k < BufferPool.bucketCount else { return nil }
        liveBuffers &+= 1
        let c = counts[k]
        if c > 0, let p = slots[k &* BufferPool.maxPooledPerBucket &+ c &- 1] {
            counts[k] = c &- 1
            pooledBuffers &-= 1
            return (p, k)
        }
        var raw: UnsafeMutableRawPointer? = nil
        guard posix_memalign(&raw, BufferPool.alignment, 64 << k) == 0, let p = raw else {
            liveBuffers &-= 1
            return nil
        }
        return (p, k)
    }

    @inline(__always) func give(_ p: UnsafeMutableRawPointer, bucket k: Int) {
        liveBuffers &-= 1
        let c = counts[k]
        if (64 << k) <= BufferPool.maxPooledBytes && c < BufferPool.maxPooledPerBucket {
            slots[k &* BufferPool.maxPooledPerBucket &+ c] = p
            counts[k] = c &+ 1
            pooledBuffers &+= 1
        } else {
            Glibc_free(p)
        }
    }

    /// The calling thread's pool, created on first use and freed when the thread exits.
    /// Found through a C thread-local (one load; `pthread_getspecific` and the key's lazy
    /// global were a call each per tensor); the pthread key only frees it at thread exit.
    @inline(__always) static var current: BufferPool {
        if let p = flx_thread_pool_get() {
            return Unmanaged<BufferPool>.fromOpaque(p).takeUnretainedValue()
        }
        return makeCurrent()
    }

    @inline(never) private static func makeCurrent() -> BufferPool {
        let pool = BufferPool()
        let p = Unmanaged.passRetained(pool).toOpaque()
        pthread_setspecific(poolKey, p)
        flx_thread_pool_set(p)
        return pool
    }
}

@inline(__always) private func Glibc_free(_ p: UnsafeMutableRawPointer) { free(p) }

/// Thread-specific slot holding each thread's pool; the destructor releases it at thread exit.
/// A `let` global is initialised once, thread-safely, by the Swift runtime.
private let poolKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { p in
        // Runs on the exiting thread: a tensor freed after this must not reach the old pool.
        flx_thread_pool_set(nil)
        #if canImport(Glibc)
        if let p { Unmanaged<BufferPool>.fromOpaque(p).release() }
        #else
        Unmanaged<BufferPool>.fromOpaque(p).release()
        #endif
    }
    return key
}()
