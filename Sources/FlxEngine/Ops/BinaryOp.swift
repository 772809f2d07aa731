#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Elementwise binary functions, shared by `Arithmetic` and fused broadcasts.
public enum BinaryOp: Sendable, Hashable {
    case add, sub, mul, div, pow, max, min
    case eq, ne, lt, le, gt, ge
    /// Integer `÷` (truncating) and `%` (`rem`, sign of the dividend).
    case intDiv, rem

    public var isComparison: Bool {
        switch self {
        case .eq, .ne, .lt, .le, .gt, .ge: return true
        default: return false
        }
    }

    /// Ops with a nonzero derivative somewhere (the rest are not recorded).
    var isDifferentiable: Bool {
        switch self {
        case .add, .sub, .mul, .div, .pow, .max, .min: return true
        default: return false
        }
    }

    /// Float semantics of each op (Julia's `max` and `min` propagate NaN).
    @inline(__always)
    func eval<T: FloatElement>(_ x: T, _ y: T) -> T {
        switch self {
        case .add: return x + y
        case .sub: return x - y
        case .mul: return x * y
        case .div: return x / y
        case .pow: return T.m_pow(x, y)
        case .max: return x.isNaN || y.isNaN ? T.nan : Swift.max(x, y)
        case .min: return x.isNaN || y.isNaN ? T.nan : Swift.min(x, y)
        case .eq: return x == y ? 1 : 0
        case .ne: return x != y ? 1 : 0
        case .lt: return x < y ? 1 : 0
        case .le: return x <= y ? 1 : 0
        case .gt: return x > y ? 1 : 0
        case .ge: return x >= y ? 1 : 0
        // Julia's div for floats: round((x - rem(x, y)) / y), exact where x / y is not.
        case .intDiv: return ((x - x.truncatingRemainder(dividingBy: y)) / y).rounded(.toNearestOrEven)
        case .rem: return x.truncatingRemainder(dividingBy: y)
        }
    }

    /// The upstream gradient `g` carried back to both operands: `g` times the
    /// partials, except max and min, whose ChainRules partials are Bools
    /// (`(gt, !gt)`), so the losing side gets a zero with `g`'s sign.
    @inline(__always)
    func backprop<T: FloatElement>(_ g: T, _ x: T, _ y: T, _ z: T) -> (T, T) {
        switch self {
        case .max: return (SignedZero.times(g, x > y), SignedZero.times(g, !(x > y)))
        case .min: return (SignedZero.times(g, !(x > y)), SignedZero.times(g, x > y))
        default:
            let (px, py) = partials(x, y, z)
            return (g * px, g * py)
        }
    }

    /// Partial derivatives (∂/∂x, ∂/∂y) at (x, y) with result z. Ties in max/min
    /// go to the second argument for max and the first for min, as in ChainRules.
    @inline(__always)
    func partials<T: FloatElement>(_ x: T, _ y: T, _ z: T) -> (T, T) {
        switch self {
        case .add: return (1, 1)
        case .sub: return (1, -1)
        case .mul: return (y, x)
        case .div: return (1 / y, -z / y)
        case .pow:
            let dx = y == 0 ? 0 : y * T.m_pow(x, y - 1)
            let dy = x == 0 ? 0 : z * T.m_log(x)
            return (dx, dy)
        case .max: return x > y ? (1, 0) : (0, 1)
        case .min: return x > y ? (0, 1) : (1, 0)
        default: return (0, 0)
        }
    }

    /// The DomainError for a negative base with a fractional exponent.
    static func powDomainError(base: Double, _ dtype: DType) -> EngineError {
        .domain(value: base, dtype, "Exponentiation yielding a complex result requires a complex argument.\nReplace x^y with (x+0im)^y, Complex(x)^y, or similar.")
    }
}
