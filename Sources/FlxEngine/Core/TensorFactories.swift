#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Constructors and conversions. None of them touch a tape: tensors start untracked.
extension Tensor {
    /// `zeros(T, dims...)`.
    public static func zeros(_ dtype: DType, _ shape: Shape) throws -> Tensor {
        let t = try Tensor(uninitialized: dtype, shape)
        t.fillZero()
        return t
    }

    /// `fill(value, dims...)` converted to `dtype` (throws InexactError like `convert`).
    public static func filled(value: Double, dtype: DType, shape: Shape) throws -> Tensor {
        let t = try Tensor(uninitialized: dtype, shape)
        switch dtype {
        case .float32: t.ptr(Float.self).initialize(repeating: Float(value), count: shape.count)
        case .float64: t.ptr(Double.self).initialize(repeating: value, count: shape.count)
        case .int64: t.ptr(Int64.self).initialize(repeating: try exactInt64(value, from: .float64), count: shape.count)
        case .bool:
            guard value == 0 || value == 1 else { throw EngineError.inexact(target: .bool, value: value, source: .float64) }
            t.ptr(Bool.self).initialize(repeating: value == 1, count: shape.count)
        }
        return t
    }

    public static func filled(value: Int64, dtype: DType, shape: Shape) throws -> Tensor {
        if dtype == .int64 {
            let t = try Tensor(uninitialized: dtype, shape)
            t.ptr(Int64.self).initialize(repeating: value, count: shape.count)
            return t
        }
        if dtype == .bool && value != 0 && value != 1 { throw EngineError.inexact(target: .bool, value: Double(value), source: .int64) }
        return try filled(value: Double(value), dtype: dtype, shape: shape)
    }

    public static func filled(value: Bool, dtype: DType = .bool, shape: Shape) throws -> Tensor {
        try filled(value: value ? 1.0 : 0.0, dtype: dtype, shape: shape)
    }

    /// Rank-0 scalar tensors: the language's tracked scalars.
    public static func scalar(_ value: Double, dtype: DType = .float64) throws -> Tensor {
        try filled(value: value, dtype: dtype, shape: .scalar)
    }

    /// Copies `values` (column-major) into a fresh tensor of `shape` (nil = vector).
    private convenience init<T: TensorElement>(elements values: [T], shape: Shape?) throws {
        let s = try shape ?? Shape(values.count)
        guard s.count == values.count else {
            throw EngineError.dimensionMismatch("new dimensions \(s) must be consistent with array size \(values.count)")
        }
        try self.init(uninitialized: T.dtype, s)
        let dst = ptr(T.self)
        values.withUnsafeBufferPointer { src in
            if let b = src.baseAddress { dst.initialize(from: b, count: values.count) }
        }
    }

    /// Column-major data plus shape (nil shape = vector).
    public convenience init(_ values: [Float], shape: Shape? = nil) throws { try self.init(elements: values, shape: shape) }
    public convenience init(_ values: [Double], shape: Shape? = nil) throws { try self.init(elements: values, shape: shape) }
    public convenience init(_ values: [Int64], shape: Shape? = nil) throws { try self.init(elements: values, shape: shape) }
    public convenience init(_ values: [Bool], shape: Shape? = nil) throws { try self.init(elements: values, shape: shape) }

    /// An independent copy of `other`'s elements and shape.
    convenience init(copying other: Tensor) throws {
        try self.init(uninitialized: other.dtype, other.shape)
        rawCopy(raw, other.raw, other.count &* dtype.byteWidth)
    }

    /// Factory form of the array initialisers (reads better at call sites).
    public static func from(_ values: [Double], shape: Shape? = nil, dtype: DType = .float64) throws -> Tensor {
        let t = try Tensor(values, shape: shape)
        return dtype == .float64 ? t : try t.converted(to: dtype)
    }

    /// An independent copy (untracked).
    public func copy() throws -> Tensor { try Tensor(copying: self) }

    /// `convert(Array{T}, x)`: floats to integers must be exact (InexactError otherwise).
    public func converted(to target: DType) throws -> Tensor {
        if target == dtype { return try copy() }
        let out = try Tensor(uninitialized: target, shape)
        let n = count
        switch (dtype, target) {
        case (.float32, .float64): convertLoop(ptr(Float.self), out.ptr(Double.self), n) { Double($0) }
        case (.float64, .float32): convertLoop(ptr(Double.self), out.ptr(Float.self), n) { Float($0) }
        case (.int64, .float32): convertLoop(ptr(Int64.self), out.ptr(Float.self), n) { Float($0) }
        case (.int64, .float64): convertLoop(ptr(Int64.self), out.ptr(Double.self), n) { Double($0) }
        case (.bool, .float32): convertLoop(ptr(Bool.self), out.ptr(Float.self), n) { $0 ? 1 : 0 }
        case (.bool, .float64): convertLoop(ptr(Bool.self), out.ptr(Double.self), n) { $0 ? 1 : 0 }
        case (.bool, .int64): convertLoop(ptr(Bool.self), out.ptr(Int64.self), n) { $0 ? 1 : 0 }
        default:
            // Narrowing to Int64 or Bool: element by element with Julia's exactness checks.
            for i in 0..<n {
                if target == .int64 { out.ptr(Int64.self)[i] = try int64(at: i) } else { out.ptr(Bool.self)[i] = try bool(at: i) }
            }
        }
        return out
    }

    /// Returns self when already of `target` type (no copy), for internal promotion.
    func promoted(to target: DType) throws -> Tensor {
        target == dtype ? self : try converted(to: target)
    }
}

extension Tensor {
    /// Sets every element to zero (all-zero bytes are 0, 0.0 and false) without
    /// rebinding the memory, unlike initializeMemory(as: UInt8.self).
    func fillZero() {
        rawZero(raw, count &* dtype.byteWidth)
    }
}

@inline(__always)
func convertLoop<A, B>(_ src: UnsafeMutablePointer<A>, _ dst: UnsafeMutablePointer<B>, _ n: Int, _ f: (A) -> B) {
    for i in 0..<n { dst[i] = f(src[i]) }
}
