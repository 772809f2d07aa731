#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libm functions under one generic name, so kernels are written once for
/// Float and Double and still call the single-precision routine for Float32
/// (Julia computes Float32 math in Float32).
public protocol ElementaryFunctionsShim {
    static func m_exp(_ x: Self) -> Self
    static func m_expm1(_ x: Self) -> Self
    static func m_log(_ x: Self) -> Self
    static func m_log1p(_ x: Self) -> Self
    static func m_sin(_ x: Self) -> Self
    static func m_cos(_ x: Self) -> Self
    static func m_tan(_ x: Self) -> Self
    static func m_tanh(_ x: Self) -> Self
    static func m_pow(_ x: Self, _ y: Self) -> Self
}

extension Float: ElementaryFunctionsShim {
    @inlinable public static func m_exp(_ x: Float) -> Float { expf(x) }
    @inlinable public static func m_expm1(_ x: Float) -> Float { expm1f(x) }
    @inlinable public static func m_log(_ x: Float) -> Float { logf(x) }
    @inlinable public static func m_log1p(_ x: Float) -> Float { log1pf(x) }
    @inlinable public static func m_sin(_ x: Float) -> Float { sinf(x) }
    @inlinable public static func m_cos(_ x: Float) -> Float { cosf(x) }
    @inlinable public static func m_tan(_ x: Float) -> Float { tanf(x) }
    @inlinable public static func m_tanh(_ x: Float) -> Float { tanhf(x) }
    @inlinable public static func m_pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

extension Double: ElementaryFunctionsShim {
    @inlinable public static func m_exp(_ x: Double) -> Double { exp(x) }
    @inlinable public static func m_expm1(_ x: Double) -> Double { expm1(x) }
    @inlinable public static func m_log(_ x: Double) -> Double { log(x) }
    @inlinable public static func m_log1p(_ x: Double) -> Double { log1p(x) }
    @inlinable public static func m_sin(_ x: Double) -> Double { sin(x) }
    @inlinable public static func m_cos(_ x: Double) -> Double { cos(x) }
    @inlinable public static func m_tan(_ x: Double) -> Double { tan(x) }
    @inlinable public static func m_tanh(_ x: Double) -> Double { tanh(x) }
    @inlinable public static func m_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
}
