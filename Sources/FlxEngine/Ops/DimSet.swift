/// A set of 0-based dimensions as a bit mask (no allocation per reduction).
/// Dims at or beyond the array's rank have size 1, so reducing over them changes nothing.
public struct DimSet: Hashable, Sendable {
    public var mask: UInt64
    /// Every dimension (`dims=:`).
    public static let all = DimSet(mask: .max)

    public init(mask: UInt64) { self.mask = mask }

    /// From Julia's 1-based `dims` (an Int or tuple); dims must be ≥ 1.
    public init(julia dims: [Int]) throws {
        mask = 0
        for d in dims {
            guard d >= 1 else { throw EngineError.argument("region dimension(s) must be ≥ 1, got \(d)") }
            if d <= 64 { mask |= 1 << UInt64(d - 1) }
        }
    }

    /// `dims=d`, 1-based.
    public static func julia(_ d: Int) throws -> DimSet { try DimSet(julia: [d]) }

    @inlinable public func contains(_ dim0: Int) -> Bool { dim0 < 64 && mask & (1 << UInt64(dim0)) != 0 }

    /// Whether every dim of `shape` of size > 1 is reduced (the result is one element).
    func coversAll(_ shape: Shape) -> Bool {
        for i in 0..<shape.rank where !contains(i) && shape[i] != 1 { return false }
        return true
    }

    /// `shape` with each reduced dim set to 1 (Julia keeps them).
    func reducedShape(_ shape: Shape) -> Shape {
        if self == .all { return .scalar }
        var s = shape
        for i in 0..<shape.rank where contains(i) { s = s.replacing(i, with: 1) }
        return s
    }
}
