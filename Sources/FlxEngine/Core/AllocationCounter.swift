import Synchronization

/// Counts the allocations `@time`, `@timed`, `@allocated` and `@allocations` report:
/// every tensor buffer the engine hands out, and every script-sized array of values the
/// interpreter builds (MemoryGuard). Julia counts each heap object its GC allocates;
/// flx's small values live inline or are reference-counted and are not counted, so the
/// numbers are those of the data a computation allocates.
public enum AllocationCounter {
    private static let allocations = Atomic<Int>(0)
    private static let bytes = Atomic<Int>(0)

    /// One allocation of `size` bytes (relaxed atomics: any thread may allocate).
    @inline(__always) public static func record(bytes size: Int) {
        allocations.wrappingAdd(1, ordering: .relaxed)
        bytes.wrappingAdd(size, ordering: .relaxed)
    }

    /// Totals since the process started; a difference of two is what happened between.
    public static var snapshot: (count: Int, bytes: Int) {
        (allocations.load(ordering: .relaxed), bytes.load(ordering: .relaxed))
    }
}
