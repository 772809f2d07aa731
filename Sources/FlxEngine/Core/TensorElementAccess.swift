/// Unchecked element access for callers that have already checked the index and
/// the element type (the language's indexing and printing do): no throw, no closure.
extension Tensor {
    @inlinable public func floatValue(_ i: Int) -> Float { ptr(Float.self)[i] }
    @inlinable public func doubleValue(_ i: Int) -> Double { ptr(Double.self)[i] }
    @inlinable public func intValue(_ i: Int) -> Int64 { ptr(Int64.self)[i] }
    @inlinable public func boolValue(_ i: Int) -> Bool { ptr(Bool.self)[i] }
    @inlinable public func setFloat(_ v: Float, _ i: Int) { ptr(Float.self)[i] = v }
    @inlinable public func setDouble(_ v: Double, _ i: Int) { ptr(Double.self)[i] = v }
    @inlinable public func setInt(_ v: Int64, _ i: Int) { ptr(Int64.self)[i] = v }
    @inlinable public func setBool(_ v: Bool, _ i: Int) { ptr(Bool.self)[i] = v }

    /// Any numeric element as a Double.
    @inlinable public func numericValue(_ i: Int) -> Double {
        switch dtype {
        case .float32: return Double(ptr(Float.self)[i])
        case .float64: return ptr(Double.self)[i]
        case .int64: return Double(ptr(Int64.self)[i])
        case .bool: return ptr(Bool.self)[i] ? 1 : 0
        }
    }
}

extension Tensor {
    /// Copies all elements of `other` (same element type and count) into this tensor.
    public func copyElements(from other: Tensor) throws {
        guard other.dtype == dtype, other.count == count else {
            throw EngineError.dimensionMismatch("cannot copy \(other.count) elements of \(other.dtype) into \(count) of \(dtype)")
        }
        if other.raw != raw { raw.copyMemory(from: other.raw, byteCount: count * dtype.byteWidth) }
    }
}

extension Tensor {
    /// A vector view of the first `n` elements, sharing memory (for amortised `push!`).
    public func prefixVector(_ n: Int) throws -> Tensor {
        guard n >= 0 && n <= count else {
            throw EngineError.bounds(try Shape([count]), dtype, index: [.range(1, n)])
        }
        return Tensor(viewOf: self, shape: try Shape([n]))
    }

    /// The `n` elements from element `offset` on, as a tensor of `shape` sharing this one's
    /// memory (a contiguous SubArray).
    public func contiguousSlice(offset: Int, shape: Shape) throws -> Tensor {
        guard offset >= 0, shape.count <= count - offset else {
            throw EngineError.bounds(try Shape([count]), dtype, index: [.range(start: offset + 1, step: 1, stop: offset + shape.count)])
        }
        return Tensor(sliceOf: self, offset: offset, shape: shape)
    }

    /// Copies all of `other` into the start of this tensor (same element type).
    public func copyPrefix(from other: Tensor) throws {
        guard other.dtype == dtype, other.count <= count else {
            throw EngineError.dimensionMismatch("cannot copy \(other.count) elements into \(count)")
        }
        raw.copyMemory(from: other.raw, byteCount: other.count * dtype.byteWidth)
    }
}
