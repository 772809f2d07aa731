/// Elementwise one-argument functions, shared by `Unary` and fused broadcasts.
/// Activation definitions follow NNlib (gelu is the tanh approximation NNlib uses).
public enum UnaryOp: Sendable, Hashable {
    case neg, exp, log, log1p, sqrt, abs, abs2, sin, cos, tan, tanh
    case sigmoid, relu, leakyrelu(slope: Double), elu(alpha: Double), gelu, softplus, swish
    /// NNlib's `tanh_fast` and `sigmoid_fast`: approximations with their own rounding,
    /// which `Dense` and `Conv` use for `tanh` and `σ` as Flux's `fast_act` does.
    case tanhFast, sigmoidFast
    case sign, floor, ceil, round, identity

    /// NNlib's default slope 0.01 and alpha 1.
    public static let leakyreluDefault = UnaryOp.leakyrelu(slope: 0.01)
    public static let eluDefault = UnaryOp.elu(alpha: 1)
    /// `silu` is NNlib's other name for swish.
    public static let silu = UnaryOp.swish

    /// Ops that map integers to integers in Julia (`abs(-2) == 2`); the others
    /// (`exp(1)`) return Float64 for integer input.
    var keepsIntegers: Bool {
        switch self {
        case .neg, .abs, .abs2, .sign, .floor, .ceil, .round, .identity, .relu: return true
        default: return false
        }
    }

    /// Derivative is zero almost everywhere: not worth recording.
    var isPiecewiseConstant: Bool {
        switch self {
        case .sign, .floor, .ceil, .round: return true
        default: return false
        }
    }

    @inline(__always)
    func eval<T: FloatElement>(_ x: T) -> T {
        switch self {
        case .neg: return -x
        case .exp: return T.m_exp(x)
        case .log: return T.m_log(x)
        case .log1p: return T.m_log1p(x)
        case .sqrt: return x.squareRoot()
        case .abs: return Swift.abs(x)
        case .abs2: return x * x
        case .sin: return T.m_sin(x)
        case .cos: return T.m_cos(x)
        case .tan: return T.m_tan(x)
        case .tanh: return T.m_tanh(x)
        case .sigmoid: return UnaryOp.sigmoid(x)
        case .relu: return x > 0 ? x : (x.isNaN ? x : 0)
        case .leakyrelu(let a): return x > 0 ? x : T(a) * x
        // NNlib writes exp(x) - 1 (not expm1), so the same rounding is used here.
        case .elu(let a): return x >= 0 ? x : T(a) * (T.m_exp(x) - 1)
        case .gelu:
            // NNlib's gelu_tanh, operation for operation: x/2 · (1 + tanh_fast(λ(x + α x³))).
            return x / 2 * (1 + UnaryOp.tanhFast(T(0.7978845608028654) * (x + T(0.044715) * (x * x * x))))
        case .softplus:
            // log1p(exp(-|x|)) + max(x, 0): never overflows.
            return T.m_log1p(T.m_exp(-Swift.abs(x))) + Swift.max(x, 0)
        case .swish: return x * UnaryOp.sigmoid(x)
        case .tanhFast: return UnaryOp.tanhFast(x)
        case .sigmoidFast:
            // NNlib clamps far out: exactly 1 above 40, exactly 0 below -80.
            return x > 40 ? 1 : (x < -80 ? 0 : UnaryOp.sigmoid(x))
        case .sign: return x > 0 ? 1 : (x < 0 ? -1 : x)
        case .floor: return x.rounded(.down)
        case .ceil: return x.rounded(.up)
        case .round: return x.rounded(.toNearestOrEven)
        case .identity: return x
        }
    }

    /// NNlib's `tanh_fast`: for Float32 a rational function (exact sign past |x|² = 66);
    /// for Float64 (e^2x - 1)/(e^2x + 1), with an odd polynomial near 0 where that form
    /// loses accuracy. Horner steps are fused multiply-adds, as Julia's `evalpoly`'s muladd.
    @inline(__always)
    public static func tanhFast<T: FloatElement>(_ x: T) -> T {
        let x2 = x * x
        let sign: T = x > 0 ? 1 : (x < 0 ? -1 : x)
        if T.self == Float.self {
            // Coefficients as Float literals, the Float32 values NNlib writes. Each Horner
            // step is a Float32 fused multiply-add: the product of two Floats is exact in
            // Double, so one Double sum rounded to Float is the fma's result (short of a
            // double-rounding tie), without a call to libm's fmaf, which the baseline
            // x86-64 target would make per step and which keeps the loop scalar.
            @inline(__always) func fma(_ a: Float, _ b: Float, _ c: Float) -> Float { Float(Double(a) * Double(b) + Double(c)) }
            let y2 = Float(x2)
            var n: Float = 1.587199e-8, d: Float = 8.7767893e-7
            n = fma(y2, n, 2.2332108e-5); d = fma(y2, d, 0.0003453992)
            n = fma(y2, n, 0.0035974074); d = fma(y2, d, 0.026262015)
            n = fma(y2, n, 0.1346604); d = fma(y2, d, 0.4679937)
            n = fma(y2, n, 1); d = fma(y2, d, 1)
            return x2 < 66 ? x * T(n / d) : sign
        }
        let e = T.m_exp(x + x)
        let y = (e - 1) / (e + 1)
        var p = T(-0.008697141630499953)
        p = T(0.02186660872609521).addingProduct(x2, p)
        p = T(-0.05396823125794372).addingProduct(x2, p)
        p = T(0.13333333325511604).addingProduct(x2, p)
        p = T(-0.33333333333324583).addingProduct(x2, p)
        p = T(1).addingProduct(x2, p)
        return x2 > 900 ? sign : (x2 < 0.017 ? x * p : y)
    }

    /// Stable logistic: exp of a non-positive number only.
    @inline(__always)
    static func sigmoid<T: FloatElement>(_ x: T) -> T {
        if x >= 0 { return 1 / (1 + T.m_exp(-x)) }
        let e = T.m_exp(x)
        return e / (1 + e)
    }

    /// The upstream gradient `g` carried back through this op: `g * dy/dx`, except
    /// relu, whose derivative NNlib writes as a Bool (`Ω > 0`), so an inactive unit
    /// passes back a zero with `g`'s sign (see `SignedZero`).
    @inline(__always)
    func backprop<T: FloatElement>(_ g: T, _ x: T, _ y: T) -> T {
        if case .relu = self { return SignedZero.times(g, x > 0) }
        return g * derivative(x, y)
    }

    /// dy/dx at input x with output y (y lets exp, tanh, σ reuse the forward value).
    @inline(__always)
    func derivative<T: FloatElement>(_ x: T, _ y: T) -> T {
        switch self {
        case .neg: return -1
        case .exp: return y
        case .log: return 1 / x
        case .log1p: return 1 / (1 + x)
        case .sqrt: return 1 / (2 * y)
        case .abs: return x > 0 ? 1 : (x < 0 ? -1 : x)  // sign(x): ±0 and NaN are their own sign
        case .abs2: return 2 * x
        case .sin: return T.m_cos(x)
        case .cos: return -T.m_sin(x)
        case .tan: return 1 + y * y
        case .tanh, .tanhFast: return 1 - y * y
        case .sigmoid, .sigmoidFast: return y * (1 - y)
        case .relu: return x > 0 ? 1 : 0
        case .leakyrelu(let a): return x > 0 ? 1 : T(a)
        case .elu(let a): return x >= 0 ? 1 : y + T(a)
        case .gelu:
            // NNlib's deriv_gelu_tanh.
            let λ = T(0.7978845608028654), x2 = x * x
            let t = T(1).addingProduct(x2, T(0.044715))
            let Ω = UnaryOp.tanhFast(λ * x * t)
            let sech2 = 1 - Ω * Ω
            return (1 + Ω) / 2 + x * λ * t.addingProduct(x2, T(0.08943)) * sech2 / 2
        case .softplus: return UnaryOp.sigmoid(x)
        case .swish:
            let s = UnaryOp.sigmoid(x)
            return s + x * s * (1 - s)
        case .sign, .floor, .ceil, .round: return 0
        case .identity: return 1
        }
    }

    /// Julia's DomainError text when a real input would need a complex result.
    /// The DomainError for `x` (of element type `dtype`) outside this op's real domain, if it is.
    func domainError(_ x: Double, _ dtype: DType) -> EngineError? {
        switch self {
        case .log where x < 0:
            return .domain(value: x, dtype, "log was called with a negative real argument but will only return a complex result if called with a complex argument. Try log(Complex(x)).")
        case .sqrt where x < 0:
            return .domain(value: x, dtype, "sqrt was called with a negative real argument but will only return a complex result if called with a complex argument. Try sqrt(Complex(x)).")
        case .log1p where x < -1:
            return .domain(value: x, dtype, "log1p was called with a real argument < -1 but will only return a complex result if called with a complex argument. Try log1p(Complex(x)).")
        default: return nil
        }
    }

    /// Whether this op can produce a DomainError at all (checked only for these).
    var hasDomainLimit: Bool {
        switch self {
        case .log, .sqrt, .log1p: return true
        default: return false
        }
    }
}
