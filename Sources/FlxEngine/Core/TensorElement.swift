/// Swift types that back each DType in a buffer.
public protocol TensorElement {
    static var dtype: DType { get }
}
extension Float: TensorElement { @inlinable public static var dtype: DType { .float32 } }
extension Double: TensorElement { @inlinable public static var dtype: DType { .float64 } }
extension Int64: TensorElement { @inlinable public static var dtype: DType { .int64 } }
extension Bool: TensorElement { @inlinable public static var dtype: DType { .bool } }

/// Float element types, for kernels written once for Float32 and Float64.
public protocol FloatElement: TensorElement, BinaryFloatingPoint, ElementaryFunctionsShim {}
extension Float: FloatElement {}
extension Double: FloatElement {}
