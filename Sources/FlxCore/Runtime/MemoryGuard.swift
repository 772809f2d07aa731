import FlxSyntax
import FlxEngine

/// Swift traps when an array or string allocation fails, so anything whose size a
/// script chooses is checked here first and answered with Julia's OutOfMemoryError.
package enum MemoryGuard {
    /// Throws OutOfMemoryError unless `count` items of `bytesEach` bytes fit
    /// (the engine's `AllocationGuard` bound, answered with Julia's exception).
    package static func reserve(count: Int, bytesEach: Int) throws {
        if !AllocationGuard.fits(count: count, bytesEach: bytesEach) { throw Exceptions.outOfMemory() }
    }

    /// The checks Julia 1.10 makes before it allocates an Array of `count` elements of
    /// `juliaBytes` bytes each (`_new_array_` in src/array.c): a length of typemax(Int)
    /// or more, or a negative one, is an ArgumentError; a byte size that reaches
    /// typemax(Int) is an ErrorException; then `reserve` for what flx itself will hold.
    package static func reserveArray(count: Int, juliaBytes: Int, bytesEach: Int) throws {
        guard count >= 0, count < Int.max else { throw Exceptions.argument("invalid Array dimensions") }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: juliaBytes)
        guard !overflow, bytes < Int.max else { throw Exceptions.error("invalid Array size") }
        try reserve(count: count, bytesEach: bytesEach)
    }

    /// `count` copies of `v`: the storage of a boxed array whose size a script chose.
    /// `count` zero limbs for a BigInt's arithmetic (a script picks how large its numbers grow).
    package static func limbs(count: Int) throws -> [UInt32] {
        try reserve(count: count, bytesEach: 4)
        return [UInt32](repeating: 0, count: count)
    }

    package static func values(repeating v: Value, count: Int) throws -> [Value] {
        try reserve(count: count, bytesEach: MemoryLayout<Value>.stride)
        AllocationCounter.record(bytes: count * MemoryLayout<Value>.stride)
        return [Value](repeating: v, count: count)
    }

    /// `count` copies of `v`: a plain buffer whose size a script chose (bytes, Int64s).
    package static func buffer<T>(repeating v: T, count: Int) throws -> [T] {
        try reserve(count: count, bytesEach: MemoryLayout<T>.stride)
        return [T](repeating: v, count: count)
    }

    /// `s` repeated `n` times, as `repeat(s, n)` and `s^n` build it.
    package static func repeated(_ s: String, _ n: Int) throws -> String {
        guard n >= 0 else { throw Exceptions.argument("can't repeat a string \(n) times") }
        try reserve(count: n, bytesEach: s.utf8.count)
        return String(repeating: s, count: n)
    }
}
