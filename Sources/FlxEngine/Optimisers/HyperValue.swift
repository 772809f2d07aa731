/// A hyper-parameter exactly as the user gave it (after Julia's `float(x)` where the
/// constructor applies one): `Adam(1f-3).eta` stays Float32, `Descent(1)` keeps an Int.
/// Values are converted to the parameter's element type only when a rule is applied.
public enum HyperValue: Equatable, Sendable {
    /// A float; `float32: true` means a Float32 (the Double holds it exactly).
    case real(Double, float32: Bool)
    case int(Int)
    case bool(Bool)
    indirect case pair(HyperValue, HyperValue)

    /// Float64 literal.
    public static func f64(_ x: Double) -> HyperValue { .real(x, float32: false) }
    /// Float32 literal (rounded to Float32 first).
    public static func f32(_ x: Float) -> HyperValue { .real(Double(x), float32: true) }

    /// The numeric value (nil for a pair).
    public var number: Double? {
        switch self {
        case .real(let d, _): return d
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .pair: return nil
        }
    }

    public var isNumber: Bool { if case .pair = self { return false } else { return true } }

    /// Julia's `float(x)`: Int and Bool become Float64, floats keep their type.
    public var floated: HyperValue {
        switch self {
        case .real: return self
        case .int(let i): return .real(Double(i), float32: false)
        case .bool(let b): return .real(b ? 1 : 0, float32: false)
        case .pair(let a, let b): return .pair(a.floated, b.floated)
        }
    }

    public var isFloat64: Bool { if case .real(_, let f) = self { return !f } else { return false } }
    public var isNegative: Bool { (number ?? 0) < 0 }

    /// A value stored as given used as a pair of numbers (a number stands for both members;
    /// a member that is not a number counts as 0), as AdamW reads a `beta` it did not convert.
    var pairNumbers: (Double, Double) {
        if case .pair(let a, let b) = self { return (a.number ?? 0, b.number ?? 0) }
        let x = number ?? 0
        return (x, x)
    }
}
