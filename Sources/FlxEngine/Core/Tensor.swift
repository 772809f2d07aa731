/// An N-dimensional array: contiguous column-major storage in a pooled,
/// 64-byte-aligned buffer, plus the marks autodiff uses to recognise tracked values.
public final class Tensor {
    public let dtype: DType
    public let shape: Shape
    /// Start of the elements. Reading it as the wrong type is undefined, so access
    /// goes through the typed helpers below.
    @usableFromInline let raw: UnsafeMutableRawPointer
    /// Pool bucket the buffer returns to; -1 when `base` owns the memory (views).
    @usableFromInline let bucket: Int
    /// Owner of the memory when this tensor is a reshaped view (keeps it alive).
    @usableFromInline let base: Tensor?

    /// Live-token of the tape that tracks this tensor (0 = untracked). A tape
    /// compares it with its own token: one integer compare per op, no dictionary.
    /// (Unchecked exclusivity: plain integer stores, never accessed through inout.)
    @exclusivity(unchecked) @usableFromInline var tapeMark: Int = 0
    /// Index of this tensor's gradient slot on that tape.
    @exclusivity(unchecked) @usableFromInline var tapeSlot: Int = -1

    @inlinable public var count: Int { shape.count }
    @inlinable public var rank: Int { shape.rank }

    /// Fresh tensor with uninitialised contents.
    @usableFromInline init(uninitialized dtype: DType, _ shape: Shape) throws {
        let (bytes, overflow) = shape.count.multipliedReportingOverflow(by: dtype.byteWidth)
        guard !overflow, let (p, k) = BufferPool.current.take(bytes: bytes) else { throw EngineError.outOfMemory }
        AllocationCounter.record(bytes: bytes)
        // Bind the (possibly reused) buffer to this tensor's element type, so typed
        // access through `ptr` is well-defined; binding costs nothing at run time.
        switch dtype {
        case .float32: p.bindMemory(to: Float.self, capacity: shape.count)
        case .float64: p.bindMemory(to: Double.self, capacity: shape.count)
        case .int64: p.bindMemory(to: Int64.self, capacity: shape.count)
        case .bool: p.bindMemory(to: Bool.self, capacity: shape.count)
        }
        self.dtype = dtype
        self.shape = shape
        self.raw = p
        self.bucket = k
        self.base = nil
    }

    /// A view sharing `base`'s memory with another shape of the same count (Julia's
    /// `reshape` aliases its argument too).
    init(viewOf base: Tensor, shape: Shape) {
        self.dtype = base.dtype
        self.shape = shape
        self.raw = base.raw
        self.bucket = -1
        self.base = base.base ?? base
    }

    /// A view of `shape.count` consecutive elements of `base` starting at element `offset`,
    /// sharing its memory (Julia's contiguous `view(A, :, j)`): writes through either are
    /// seen by the other.
    init(sliceOf base: Tensor, offset: Int, shape: Shape) {
        self.dtype = base.dtype
        self.shape = shape
        self.raw = base.raw + offset * base.dtype.byteWidth
        self.bucket = -1
        self.base = base.base ?? base
    }

    /// The same elements under a new identity: a tape can then track this one reference to an
    /// array (a differentiated argument) without tracking every other name for it, as
    /// Zygote's explicit mode treats a global that happens to be the argument as a constant.
    public func alias() -> Tensor { Tensor(viewOf: self, shape: shape) }

    /// Whether this is another tensor over exactly `other`'s elements (as `alias()` makes).
    public func isAlias(of other: Tensor) -> Bool {
        self !== other && raw == other.raw && dtype == other.dtype && shape == other.shape
    }

    deinit {
        if bucket >= 0 { BufferPool.current.give(raw, bucket: bucket) }
    }

    // MARK: typed access

    @inlinable func ptr<T: TensorElement>(_: T.Type) -> UnsafeMutablePointer<T> {
        raw.assumingMemoryBound(to: T.self)
    }

    /// Typed access to the elements; throws if `T` is not this tensor's element type.
    @inlinable public func withUnsafeMutableBufferPointer<T: TensorElement, R>(
        as type: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R
    ) throws -> R {
        guard T.dtype == dtype else {
            throw EngineError.argument("tensor holds \(dtype), not \(T.dtype)")
        }
        return try body(UnsafeMutableBufferPointer(start: ptr(T.self), count: count))
    }

    /// The elements as a Swift array of doubles (for printing and tests).
    public func toDoubles() -> [Double] { (0..<count).map { doubleAt($0) } }
    public func toInt64s() throws -> [Int64] { try (0..<count).map { try int64(at: $0) } }

    // MARK: element get/set, 0-based linear index

    @usableFromInline func doubleAt(_ i: Int) -> Double {
        switch dtype {
        case .float32: return Double(ptr(Float.self)[i])
        case .float64: return ptr(Double.self)[i]
        case .int64: return Double(ptr(Int64.self)[i])
        case .bool: return ptr(Bool.self)[i] ? 1 : 0
        }
    }

    func checkIndex(_ i: Int) throws {
        guard i >= 0 && i < count else {
            throw EngineError.bounds(shape, dtype, index: [.scalar(i &+ 1)])
        }
    }

    /// Element `i` as Double (exact for floats and Bool; Int64 may round as in `Float64(x)`).
    public func double(at i: Int) throws -> Double {
        try checkIndex(i)
        return doubleAt(i)
    }

    /// Element `i` as Int64; a non-integral float throws `InexactError` like `Int64(1.5)`.
    public func int64(at i: Int) throws -> Int64 {
        try checkIndex(i)
        switch dtype {
        case .int64: return ptr(Int64.self)[i]
        case .bool: return ptr(Bool.self)[i] ? 1 : 0
        case .float32, .float64:
            return try Tensor.exactInt64(doubleAt(i), from: dtype)
        }
    }

    /// Element `i` as Bool; anything but 0 or 1 throws `InexactError` like `Bool(2)`.
    public func bool(at i: Int) throws -> Bool {
        try checkIndex(i)
        let v = doubleAt(i)
        if dtype == .int64 {
            let x = ptr(Int64.self)[i]
            guard x == 0 || x == 1 else { throw EngineError.inexact(target: .bool, value: Double(x), source: .int64) }
            return x == 1
        }
        guard v == 0 || v == 1 else { throw EngineError.inexact(target: .bool, value: v, source: dtype) }
        return v == 1
    }

    public func set(_ value: Double, at i: Int) throws {
        try checkIndex(i)
        switch dtype {
        case .float32: ptr(Float.self)[i] = Float(value)
        case .float64: ptr(Double.self)[i] = value
        case .int64: ptr(Int64.self)[i] = try Tensor.exactInt64(value, from: .float64)
        case .bool:
            guard value == 0 || value == 1 else { throw EngineError.inexact(target: .bool, value: value, source: .float64) }
            ptr(Bool.self)[i] = value == 1
        }
    }

    public func set(_ value: Int64, at i: Int) throws {
        try checkIndex(i)
        switch dtype {
        case .float32: ptr(Float.self)[i] = Float(value)
        case .float64: ptr(Double.self)[i] = Double(value)
        case .int64: ptr(Int64.self)[i] = value
        case .bool:
            guard value == 0 || value == 1 else { throw EngineError.inexact(target: .bool, value: Double(value), source: .int64) }
            ptr(Bool.self)[i] = value == 1
        }
    }

    public func set(_ value: Bool, at i: Int) throws {
        try set(Int64(value ? 1 : 0), at: i)
    }

    /// Julia's `Int64(x)`: only integral, in-range floats convert.
    static func exactInt64(_ v: Double, from dtype: DType) throws -> Int64 {
        guard v.rounded(.towardZero) == v, v >= -9.223372036854775808e18, v < 9.223372036854775808e18 else {
            throw EngineError.inexact(target: .int64, value: v, source: dtype)
        }
        return Int64(v)
    }
}
