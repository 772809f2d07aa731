/// Moves elements by width only (1, 4 or 8 bytes), so layout ops such as
/// permutedims and gather are written once for every dtype.
@inline(__always)
func withElementWidth(_ dtype: DType, _ body1: () -> Void, _ body4: () -> Void, _ body8: () -> Void) {
    switch dtype.byteWidth {
    case 1: body1()
    case 4: body4()
    default: body8()
    }
}

/// out[lin] = src[offset(lin)] over `shape`, with `strides` giving src's offsets.
func stridedCopy(from src: Tensor, strides: UnsafeMutableBufferPointer<Int>, into out: Tensor) {
    let r = Swift.max(out.rank, 1)
    withUnsafeTemporaryAllocation(of: Int.self, capacity: r) { zero in
        zero.initialize(repeating: 0)
        func go<T>(_: T.Type) {
            // Raw loads/stores: the buffers are bound to Float/Int64/Bool, not to these
            // same-width integer types, and raw access makes no aliasing assumptions.
            let ps = UnsafeRawPointer(src.raw), po = out.raw, w = MemoryLayout<T>.stride
            stridedWalk(out.shape, strides, zero) { i, s, _ in
                po.storeBytes(of: ps.load(fromByteOffset: s &* w, as: T.self), toByteOffset: i &* w, as: T.self)
            }
        }
        withElementWidth(out.dtype, { go(UInt8.self) }, { go(UInt32.self) }, { go(UInt64.self) })
    }
}
