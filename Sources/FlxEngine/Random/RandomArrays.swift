#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The draws `RandomArrays` makes, from whatever generator the caller passes: the engine
/// ships none of its own (flx's generator is the language's `RandomState`).
private extension RandomNumberGenerator {
    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always) mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }
    /// Uniform in [0, 1) with 24 random bits.
    @inline(__always) mutating func nextFloat() -> Float { Float(next() >> 40) * 0x1.0p-24 }

    /// Standard normal by the polar method.
    mutating func nextNormal() -> Double {
        while true {
            let u = 2 * nextDouble() - 1, v = 2 * nextDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }
}

/// `rand`, `randn` and Flux's initialisers.
public enum RandomArrays {
    /// `rand(T, dims...)`: uniform in [0, 1) for floats, uniform over all values for Int64, fair coin for Bool.
    public static func rand(_ dtype: DType, _ shape: Shape, rng: inout some RandomNumberGenerator) throws -> Tensor {
        let t = try Tensor(uninitialized: dtype, shape)
        let n = shape.count
        switch dtype {
        case .float32: let p = t.ptr(Float.self); for i in 0..<n { p[i] = rng.nextFloat() }
        case .float64: let p = t.ptr(Double.self); for i in 0..<n { p[i] = rng.nextDouble() }
        case .int64: let p = t.ptr(Int64.self); for i in 0..<n { p[i] = Int64(bitPattern: rng.next()) }
        case .bool: let p = t.ptr(Bool.self); for i in 0..<n { p[i] = rng.next() >> 63 == 1 }
        }
        return t
    }

    /// `randn(T, dims...)` for Float32/Float64.
    public static func randn(_ dtype: DType, _ shape: Shape, rng: inout some RandomNumberGenerator) throws -> Tensor {
        guard dtype.isFloat else { throw EngineError.argument("randn needs a floating-point type, got \(dtype.juliaName)") }
        let t = try Tensor(uninitialized: dtype, shape)
        for i in 0..<shape.count {
            let z = rng.nextNormal()
            if dtype == .float32 { t.ptr(Float.self)[i] = Float(z) } else { t.ptr(Double.self)[i] = z }
        }
        return t
    }

    /// Flux's fan-in/fan-out: (in, out) = (dims[1], dims[0]) for a matrix, (1, n) for a vector,
    /// and receptive-field-scaled channels for conv kernels.
    static func fans(_ shape: Shape) -> (Double, Double) {
        switch shape.rank {
        case 0: return (1, 1)
        case 1: return (1, Double(shape[0]))
        case 2: return (Double(shape[1]), Double(shape[0]))
        default:
            let receptive = (0..<(shape.rank - 2)).reduce(1.0) { $0 * Double(shape[$1]) }
            return (Double(shape[shape.rank - 2]) * receptive, Double(shape[shape.rank - 1]) * receptive)
        }
    }

    /// `Flux.glorot_uniform(dims...)`: uniform in ±√(6 / (fan_in + fan_out)), Float32 by default.
    public static func glorotUniform(_ shape: Shape, dtype: DType = .float32, rng: inout some RandomNumberGenerator) throws -> Tensor {
        let (fi, fo) = fans(shape)
        let scale = (24 / (fi + fo)).squareRoot()
        let t = try rand(dtype.floatResult, shape, rng: &rng)
        for i in 0..<t.count { try t.set((t.doubleAt(i) - 0.5) * scale, at: i) }
        return t
    }

    /// `Flux.glorot_normal(dims...)`: normal with std √(2 / (fan_in + fan_out)).
    public static func glorotNormal(_ shape: Shape, dtype: DType = .float32, rng: inout some RandomNumberGenerator) throws -> Tensor {
        let (fi, fo) = fans(shape)
        let std = (2 / (fi + fo)).squareRoot()
        let t = try randn(dtype.floatResult, shape, rng: &rng)
        for i in 0..<t.count { try t.set(t.doubleAt(i) * std, at: i) }
        return t
    }
}
