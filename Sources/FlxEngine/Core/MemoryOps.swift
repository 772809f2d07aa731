#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Byte copies and zeroing for use from throwing functions.
//
// Why these exist: in release builds LLVM lowered a memset/memmove at the end of a
// throwing function into a tail call (`jmp memset`), skipping the code that clears
// Swift's error register. The caller then saw a garbage "error" and crashed
// (reproduced with matmul of a k = 0 product; see FuzzTests). Keeping the libc call
// inside a separate, never-inlined, non-throwing function removes the tail call
// from every throwing caller.

/// Copies `bytes` bytes (regions may overlap).
@inline(never)
func rawCopy(_ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer, _ bytes: Int) {
    if bytes > 0 { memmove(dst, src, bytes) }
}

/// Zeroes `bytes` bytes without changing the memory's bound type.
@inline(never)
func rawZero(_ dst: UnsafeMutableRawPointer, _ bytes: Int) {
    if bytes > 0 { memset(dst, 0, bytes) }
}
