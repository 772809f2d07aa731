/// Counts the allocations `@time`, `@timed`, `@allocated` and `@allocations` report:
/// every tensor buffer the engine hands out, and every script-sized array of values the
/// interpreter builds (MemoryGuard). Julia counts each heap object its GC allocates;
/// flx's small values live inline or are reference-counted and are not counted, so the
/// numbers are those of the data a computation allocates.
///
/// The counts are the calling thread's (kept in its BufferPool), so a measurement sees
/// the program it times and not another session running in the same process.
public enum AllocationCounter {
    /// One allocation of `size` bytes on this thread.
    @inline(__always) public static func record(bytes size: Int) {
        BufferPool.current.noteAllocation(bytes: size)
    }

    /// This thread's totals; a difference of two is what happened between.
    public static var snapshot: (count: Int, bytes: Int) {
        let pool = BufferPool.current
        return (pool.allocationCount, pool.allocatedBytes)
    }
}
