/// Element types the engine stores, ordered as Julia promotes them:
/// Bool < Int64 < Float32 < Float64.
public enum DType: UInt8, Sendable, CaseIterable {
    case bool = 0, int64 = 1, float32 = 2, float64 = 3

    /// Bytes one element occupies in a buffer (Bool is one byte, 0 or 1).
    @inlinable public var byteWidth: Int {
        switch self {
        case .float32: return 4
        case .float64, .int64: return 8
        case .bool: return 1
        }
    }

    @inlinable public var isFloat: Bool { self == .float32 || self == .float64 }

    /// `promote_type` for the four engine types: the wider type wins, and
    /// Int64 with Float32 gives Float32 exactly as Julia does.
    @inlinable public static func promote(_ a: DType, _ b: DType) -> DType {
        a.rawValue >= b.rawValue ? a : b
    }

    /// The type arithmetic (+ - *) produces: Bool arithmetic yields Int64 in Julia.
    @inlinable public static func arithmetic(_ a: DType, _ b: DType) -> DType {
        let p = promote(a, b)
        return p == .bool ? .int64 : p
    }

    /// The float type a transcendental function returns (`exp(1)` is Float64).
    @inlinable public var floatResult: DType { isFloat ? self : .float64 }
}
