/// A numeric field with the Julia type it was given: `Adam(1f-3).eta` is a Float32,
/// `Descent(1)` keeps an Int (and `Descent(true)` a Bool).
public enum RuleNumber: Equatable, Sendable {
    case float32(Float), float64(Double), int(Int), bool(Bool)

    init?(hyper h: HyperValue) {
        switch h {
        case .real(let d, let f32): self = f32 ? .float32(Float(d)) : .float64(d)
        case .int(let i): self = .int(i)
        case .bool(let b): self = .bool(b)
        case .pair: return nil
        }
    }

    var hyper: HyperValue {
        switch self {
        case .float32(let f): return .f32(f)
        case .float64(let d): return .f64(d)
        case .int(let i): return .int(i)
        case .bool(let b): return .bool(b)
        }
    }

    /// The value as a Double, which holds every case exactly.
    var double: Double {
        switch self {
        case .float32(let f): return Double(f)
        case .float64(let d): return d
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        }
    }

    /// A float's value and whether it is a Float32; nil for an Int or a Bool.
    var float: (value: Double, float32: Bool)? {
        switch self {
        case .float32(let f): return (Double(f), true)
        case .float64(let d): return (d, false)
        case .int, .bool: return nil
        }
    }

    /// `T(x)` in the parameter's element type, as the rules' `ofeltype(x, ·)` does; through
    /// Double, so a Float32 field reaches Float64 parameters widened exactly.
    @inline(__always) func value<F: FloatElement>(_: F.Type) -> F { F(double) }
}

/// A field that is a pair of numbers (`beta`, Rprop's `ell` and `gamma`), each as given.
struct RulePair: Equatable, Sendable {
    var first: RuleNumber, second: RuleNumber

    init(_ first: RuleNumber, _ second: RuleNumber) {
        self.first = first
        self.second = second
    }

    /// A pair of Float64 literals (the defaults).
    init(_ first: Double, _ second: Double) { self.init(.float64(first), .float64(second)) }

    init?(hyper h: HyperValue) {
        guard case .pair(let a, let b) = h, let x = RuleNumber(hyper: a), let y = RuleNumber(hyper: b) else { return nil }
        self.init(x, y)
    }

    var hyper: HyperValue { .pair(first.hyper, second.hyper) }

    var doubles: (Double, Double) { (first.double, second.double) }

    @inline(__always) func values<F: FloatElement>(_: F.Type) -> (F, F) { (first.value(F.self), second.value(F.self)) }
}
