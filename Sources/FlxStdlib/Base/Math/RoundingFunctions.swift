import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// `round`, `floor`, `ceil` and `trunc`: to an integer value, to `digits` decimals or
/// `sigdigits` significant digits, or converted to a type (`round(Int, x)`).
extension MathBuiltins {
    package static var roundingFunctions: [Builtin] {
        [
            roundingFunction("round", .toNearestOrEven,
                BuiltinHelp("round([T], x; digits, sigdigits)", "Rounds to the nearest integer (ties to even), or to `digits` decimals; with `T`, converts (`round(Int, x)`).", "round(2.5)  # 2.0\nround(Int, 2.7)  # 3")),
            roundingFunction("floor", .down,
                BuiltinHelp("floor([T], x)", "Rounds down; `floor(Int, x)` gives an integer.", "floor(Int, -1.5)  # -2")),
            roundingFunction("ceil", .up,
                BuiltinHelp("ceil([T], x)", "Rounds up; `ceil(Int, x)` gives an integer.", "ceil(1.2)  # 2.0")),
            roundingFunction("trunc", .towardZero,
                BuiltinHelp("trunc([T], x)", "Rounds toward zero.", "trunc(Int, -1.7)  # -1")),
        ]
    }

    static func roundingFunction(_ name: String, _ mode: FloatingPointRoundingRule, _ help: BuiltinHelp) -> Builtin {
        Builtin(name, differentiation: .constant, { interp, a in try rounding(name, mode, a, interp) }, help: help)
    }

    package static func rounding(_ name: String, _ mode: FloatingPointRoundingRule, _ a: Args, _ interp: Interpreter) throws -> Value {
        guard a.count >= 1 else { throw Exceptions.method(.str(name), []) }
        var target: FlxType? = nil
        var v = a[0]
        if case .type(let t) = a[0], a.count == 2 { target = t; v = a[1] }
        v = OperatorBuiltins.plain(v)
        if case .int = v { return try target.map { t in try interp.convertElement(v, to: t) } ?? v }
        if v.isSized { return try target.map { t in try interp.convertElement(v, to: t) } ?? v }
        guard scalarRank(v) != nil else { throw Exceptions.method(.str(name), a.values) }
        var d = asDouble(v)
        if let digits = try a.keywordInt("digits") {
            let scale = Glibc.pow(10.0, Double(digits))
            d = (d * scale).rounded(mode) / scale
        } else if let sig = try a.keywordInt("sigdigits"), d != 0 {
            let e = Glibc.floor(Glibc.log10(Swift.abs(d))) + 1
            let scale = Glibc.pow(10.0, Double(sig) - e)
            d = (d * scale).rounded(mode) / scale
        } else {
            d = d.rounded(mode)
        }
        if let t = target {
            if let k = IntKind(type: t) {
                // Julia rounds, then truncates: `round(Int8, 127.6)` is `InexactError: trunc(Int8, 128.0)`.
                guard let f = FixedInt.exactly(d, k) else {
                    throw Exceptions.inexact("trunc", k.name, { if case .float32 = v { return .float32(Float(d)) }; return .float64(d) }())
                }
                return f.value
            }
            return try interp.convertElement(.float64(d), to: t)
        }
        if case .float32 = v { return .float32(Float(d)) }
        if case .float16 = v { return .float16(Float16(d)) }
        return .float64(d)
    }
}
