/// Julia's bulk generation (stdlib/Random/src/XoshiroSimd.jl), which `rand!` and `rand(T, dims)`
/// use for `Array`s of Float64, Float32, bit integers and Bool. Above a size threshold the
/// parent generator seeds eight interleaved child generators (lanes) and the array is
/// filled from them, lane after lane, 64 bytes per step; whatever the lanes leave (and
/// every smaller array) comes from the parent's own sequential stream. The stream therefore
/// depends on the array's size, exactly as in Julia.
public enum XoshiroBulkKind: Sendable {
    /// Integers: each draw's 8 bytes, little-endian.
    case raw
    /// Float64: each draw's top 53 bits scaled to [0, 1).
    case float64
    /// Float32, two per draw: the low half's top 24 bits make the first, the high half's the second.
    case float32
    /// Bool, one bit per byte: draw d's bit 8b+k goes to byte b of the k-th 8-byte group it fills.
    case bool

    /// Bytes below which Julia does not fork lanes (`simdThreshold`).
    var laneThreshold: Int { self == .bool ? 640 : 64 }

    /// The 8 bytes one draw becomes (for everything but Bool).
    @inline(__always) func bytes(of x: UInt64) -> UInt64 {
        switch self {
        case .raw, .bool: return x
        case .float64: return (Double(x >> 11) * 0x1.0p-53).bitPattern
        case .float32:
            let high = Float(x >> 40) * 0x1.0p-24
            let low = Float(UInt32(truncatingIfNeeded: x) >> 8) * 0x1.0p-24
            return UInt64(high.bitPattern) << 32 | UInt64(low.bitPattern)
        }
    }
}

extension Xoshiro {
    /// The number of lanes (`xoshiroWidth`), part of the stream's definition.
    static let laneCount = 8
    /// Each lane's state words are the parent's draws times these odd constants
    /// (Julia's `forkRand`; they are `hash(UInt(k)) | 1` for k = 1...4).
    static let laneMultipliers: (UInt64, UInt64, UInt64, UInt64) =
        (0x02011ce34bce797f, 0x5a94851fb48a6e05, 0x3688cf5d48899fa7, 0x867b4bb4c42e5661)

    /// Fills `byteCount` bytes at `dst` as Julia's `xoshiro_bulk` does for `kind`.
    public mutating func fillBulk(_ dst: UnsafeMutableRawPointer, byteCount: Int, kind: XoshiroBulkKind) {
        var done = 0
        if byteCount >= kind.laneThreshold {
            done = kind == .bool ? fillLanesBool(dst, byteCount) : fillLanes(dst, byteCount, kind)
        }
        if byteCount > done {
            if kind == .bool { fillSequentialBool(dst + done, byteCount - done) } else { fillSequential(dst + done, byteCount - done, kind) }
        }
    }

    /// Stores the low `count` bytes of `word` (little-endian) at `dst`.
    @inline(__always) private func storeLow(_ word: UInt64, _ count: Int, at dst: UnsafeMutableRawPointer) {
        for b in 0..<count { dst.storeBytes(of: UInt8(truncatingIfNeeded: word >> UInt64(8 * b)), toByteOffset: b, as: UInt8.self) }
    }

    private mutating func fillSequential(_ dst: UnsafeMutableRawPointer, _ len: Int, _ kind: XoshiroBulkKind) {
        var i = 0
        while i + 8 <= len {
            dst.storeBytes(of: kind.bytes(of: next()).littleEndian, toByteOffset: i, as: UInt64.self)
            i += 8
        }
        if i < len { storeLow(kind.bytes(of: next()), len - i, at: dst + i) }
    }

    private mutating func fillSequentialBool(_ dst: UnsafeMutableRawPointer, _ len: Int) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        var i = 0
        while i + 8 <= len {
            let x = next()
            var shift: UInt64 = 0
            while i + 8 <= len && shift < 8 {
                dst.storeBytes(of: ((x >> shift) & ones).littleEndian, toByteOffset: i, as: UInt64.self)
                i += 8
                shift += 1
            }
        }
        if i < len { storeLow(next() & ones, len - i, at: dst + i) }
    }

    /// The eight lanes Julia forks from this generator (32 draws: every lane's s0, then s1, ...).
    private mutating func forkLanes() -> (SIMD8<UInt64>, SIMD8<UInt64>, SIMD8<UInt64>, SIMD8<UInt64>) {
        func words(_ c: UInt64) -> SIMD8<UInt64> {
            var v = SIMD8<UInt64>()
            for k in 0..<Xoshiro.laneCount { v[k] = c &* next() }
            return v
        }
        let m = Xoshiro.laneMultipliers
        let a = words(m.0), b = words(m.1), c = words(m.2), d = words(m.3)
        return (a, b, c, d)
    }

    /// One Xoshiro256++ step of all eight lanes at once: each lane's output.
    @inline(__always) private static func stepLanes(_ s0: inout SIMD8<UInt64>, _ s1: inout SIMD8<UInt64>,
                                                    _ s2: inout SIMD8<UInt64>, _ s3: inout SIMD8<UInt64>) -> SIMD8<UInt64> {
        let tmp = s0 &+ s3
        let res = (tmp &<< 23 | tmp &>> 41) &+ s0
        let t = s1 &<< 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 &<< 45 | s3 &>> 19
        return res
    }

    /// Fills whole 64-byte steps from the lanes; returns the bytes written.
    private mutating func fillLanes(_ dst: UnsafeMutableRawPointer, _ len: Int, _ kind: XoshiroBulkKind) -> Int {
        var (s0, s1, s2, s3) = forkLanes()
        var i = 0
        // One loop per kind, so the conversion is not decided again for every element.
        switch kind {
        case .raw, .bool:
            while i + 64 <= len {
                let res = Xoshiro.stepLanes(&s0, &s1, &s2, &s3)
                for k in 0..<8 { dst.storeBytes(of: res[k].littleEndian, toByteOffset: i + 8 * k, as: UInt64.self) }
                i += 64
            }
        case .float64:
            while i + 64 <= len {
                let res = Xoshiro.stepLanes(&s0, &s1, &s2, &s3)
                for k in 0..<8 { dst.storeBytes(of: Double(res[k] >> 11) * 0x1.0p-53, toByteOffset: i + 8 * k, as: Double.self) }
                i += 64
            }
        case .float32:
            while i + 64 <= len {
                let res = Xoshiro.stepLanes(&s0, &s1, &s2, &s3)
                for k in 0..<8 {
                    let x = res[k]
                    dst.storeBytes(of: Float(UInt32(truncatingIfNeeded: x) >> 8) * 0x1.0p-24, toByteOffset: i + 8 * k, as: Float.self)
                    dst.storeBytes(of: Float(x >> 40) * 0x1.0p-24, toByteOffset: i + 8 * k + 4, as: Float.self)
                }
                i += 64
            }
        }
        return i
    }

    /// Bool lanes: 512 bytes per step, the k-th 64-byte block holding bit k of each byte.
    private mutating func fillLanesBool(_ dst: UnsafeMutableRawPointer, _ len: Int) -> Int {
        var (s0, s1, s2, s3) = forkLanes()
        let ones = SIMD8<UInt64>(repeating: 0x0101_0101_0101_0101)
        var i = 0
        while i + 512 <= len {
            let res = Xoshiro.stepLanes(&s0, &s1, &s2, &s3)
            for k in 0..<8 {
                let bits = (res &>> UInt64(k)) & ones
                for l in 0..<8 { dst.storeBytes(of: bits[l].littleEndian, toByteOffset: i + 64 * k + 8 * l, as: UInt64.self) }
            }
            i += 512
        }
        return i
    }
}
