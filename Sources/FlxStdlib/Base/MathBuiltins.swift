import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// Elementary functions, rounding, min/max, and numeric queries. A function that
/// the engine knows elementwise also broadcasts as one fused kernel.
package enum MathBuiltins {
    package static func install(_ interp: Interpreter) {
        let b = interp.base
        let unary: [(String, UnaryOp?, (Double) -> Double)] = [
            ("exp", .exp, { Glibc.exp($0) }), ("log", .log, { Glibc.log($0) }), ("log1p", .log1p, { Glibc.log1p($0) }),
            ("sqrt", .sqrt, { Glibc.sqrt($0) }), ("sin", .sin, { Glibc.sin($0) }), ("cos", .cos, { Glibc.cos($0) }),
            ("tan", .tan, { Glibc.tan($0) }), ("tanh", .tanh, { Glibc.tanh($0) }), ("expm1", nil, { Glibc.expm1($0) }),
            ("log2", nil, { Glibc.log2($0) }), ("log10", nil, { Glibc.log10($0) }), ("asin", nil, { Glibc.asin($0) }),
            ("acos", nil, { Glibc.acos($0) }), ("atan", nil, { Glibc.atan($0) }), ("sinh", nil, { Glibc.sinh($0) }),
            ("cosh", nil, { Glibc.cosh($0) }), ("cbrt", nil, { Glibc.cbrt($0) }), ("exp2", nil, { Glibc.exp2($0) }),
            ("exp10", nil, { Glibc.pow(10, $0) }),
        ]
        for (name, op, f) in unary {
            let g = b.native(name) { interp, a in
                if name == "log" && a.count == 2 {
                    return try ScalarArithmetic.apply(.div, .float64(Glibc.log(asDouble(a[1]))), .float64(Glibc.log(asDouble(a[0])))) ?? .nothing
                }
                try a.expect(name, 1...1)
                return try elementary(name, op, f, a[0], interp)
            }
            if let op { Broadcast.register(.function(g), .unary(op)) }
        }
        b.define("√", b.binding("sqrt").value)
        let absG = b.native("abs") { interp, a in
            try a.expect("abs", 1...1)
            switch a[0] {
            case .int(let n): return .int(n < 0 ? 0 &- n : n)
            case .bool: return a[0]
            default: return try elementary("abs", .abs, { Swift.abs($0) }, a[0], interp)
            }
        }
        Broadcast.register(.function(absG), .unary(.abs))
        let abs2G = b.native("abs2") { interp, a in
            try a.expect("abs2", 1...1)
            if case .int(let n) = a[0] { return .int(n &* n) }
            return try elementary("abs2", .abs2, { $0 * $0 }, a[0], interp)
        }
        Broadcast.register(.function(abs2G), .unary(.abs2))
        let signG = b.native("sign") { interp, a in
            try a.expect("sign", 1...1)
            if case .int(let n) = a[0] { return .int(n > 0 ? 1 : n < 0 ? -1 : 0) }
            return try elementary("sign", .sign, { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 }, a[0], interp)
        }
        Broadcast.register(.function(signG), .unary(.sign))
        b.native("identity") { _, a in try a.expect("identity", 1...1); return a[0] }
        b.native("ifelse") { interp, a in
            try a.expect("ifelse", 3...3)
            // Both branches are already evaluated (unlike `?:`); arrays go through broadcasting.
            guard case .bool(let c) = a[0] else {
                if case .array = a[0] {
                    return try Broadcast.evaluate(.call(interp.base.binding("ifelse").value, [.leaf(0), .leaf(1), .leaf(2)]), a.values, interp)
                }
                throw Exceptions.typeError("ifelse", expected: "Bool", got: a[0])
            }
            return c ? a[1] : a[2]
        }

        for (name, mode) in [("round", FloatingPointRoundingRule.toNearestOrEven), ("floor", .down), ("ceil", .up), ("trunc", .towardZero)] {
            b.native(name) { interp, a in try rounding(name, mode, a, interp) }
        }
        let minG = b.native("min") { interp, a in try extremum(a, interp, max: false) }
        let maxG = b.native("max") { interp, a in try extremum(a, interp, max: true) }
        Broadcast.register(.function(minG), .binary(.min))
        Broadcast.register(.function(maxG), .binary(.max))
        b.native("minmax") { interp, a in
            try a.expect("minmax", 2...2)
            let less = try OperatorBuiltins.binaryValues(.lt, a[1], a[0], interp)
            if case .bool(true) = less { return .tuple([a[1], a[0]]) }
            return .tuple([a[0], a[1]])
        }
        b.native("clamp") { interp, a in
            try a.expect("clamp", 3...3)
            if case .array(let arr) = a[0] {
                return try Broadcast.evaluate(.call(interp.base.binding("clamp").value, [.leaf(0), .constant(a[1]), .constant(a[2])]), [.array(arr)], interp)
            }
            let lo = try extremumValues(a[0], a[1], interp, max: true)
            return try extremumValues(lo, a[2], interp, max: false)
        }
        b.native("mod") { interp, a in
            try a.expect("mod", 2...2)
            if case .int(let p) = a[0], case .int(let q) = a[1] {
                if q == 0 { throw Exceptions.divide() }
                if q == -1 { return .int(0) }
                let r = p % q
                return .int(r != 0 && (r < 0) != (q < 0) ? r + q : r)
            }
            let p = asDouble(a[0]), q = asDouble(a[1])
            let r = p - q * (p / q).rounded(.down)
            return interp.number(r, like: a[0])
        }
        b.native("fld") { interp, a in
            try a.expect("fld", 2...2)
            if case .int(let p) = a[0], case .int(let q) = a[1] {
                if q == 0 { throw Exceptions.divide() }
                let d = p / q
                return .int((p % q != 0) && ((p < 0) != (q < 0)) ? d - 1 : d)
            }
            return interp.number((asDouble(a[0]) / asDouble(a[1])).rounded(.down), like: a[0])
        }
        b.native("cld") { interp, a in
            try a.expect("cld", 2...2)
            if case .int(let p) = a[0], case .int(let q) = a[1] {
                if q == 0 { throw Exceptions.divide() }
                let d = p / q
                return .int((p % q != 0) && ((p < 0) == (q < 0)) ? d + 1 : d)
            }
            return interp.number((asDouble(a[0]) / asDouble(a[1])).rounded(.up), like: a[0])
        }
        b.native("gcd") { _, a in
            try a.expect("gcd", 2...2)
            // On magnitudes: `abs(typemin(Int))` traps in Swift; Julia throws OverflowError.
            var p = asInt(a[0]).magnitude, q = asInt(a[1]).magnitude
            while q != 0 { (p, q) = (q, p % q) }
            guard p <= UInt64(Int64.max) else { throw Exceptions.make("OverflowError", [.str("gcd(\(asInt(a[0])), \(asInt(a[1]))) overflows")]) }
            return .int(Int64(p))
        }
        b.native("isnan") { _, a in try a.expect("isnan", 1...1); return .bool(scalarRank(OperatorBuiltins.plain(a[0])) != nil && asDouble(OperatorBuiltins.plain(a[0])).isNaN) }
        b.native("isinf") { _, a in try a.expect("isinf", 1...1); return .bool(asDouble(OperatorBuiltins.plain(a[0])).isInfinite) }
        b.native("isfinite") { _, a in
            try a.expect("isfinite", 1...1)
            let v = OperatorBuiltins.plain(a[0])
            guard scalarRank(v) != nil else { throw Exceptions.method(.str("isfinite"), [v]) }
            return .bool(asDouble(v).isFinite)
        }
        b.native("iszero") { interp, a in try a.expect("iszero", 1...1); return .bool(try OperatorBuiltins.isEqual(a[0], .int(0), interp)) }
        b.native("isone") { interp, a in try a.expect("isone", 1...1); return .bool(try OperatorBuiltins.isEqual(a[0], .int(1), interp)) }
        b.native("iseven") { _, a in try a.expect("iseven", 1...1); return .bool(asInt(a[0]) % 2 == 0) }
        b.native("isodd") { _, a in try a.expect("isodd", 1...1); return .bool(asInt(a[0]) % 2 != 0) }
        b.native("isinteger") { _, a in try a.expect("isinteger", 1...1); let d = asDouble(a[0]); return .bool(d == d.rounded()) }
        b.native("isapprox") { interp, a in try isApprox(a, interp) }
        b.native("hypot") { _, a in try a.expect("hypot", 2...2); return .float64(Glibc.hypot(asDouble(a[0]), asDouble(a[1]))) }
        b.native("atan2") { _, a in try a.expect("atan2", 2...2); return .float64(Glibc.atan2(asDouble(a[0]), asDouble(a[1]))) }
        b.native("float") { interp, a in
            try a.expect("float", 1...1)
            switch a[0] {
            case .int, .bool: return .float64(asDouble(a[0]))
            case .array(let arr):
                if arr.elementType === BuiltinTypes.float32 || arr.elementType === BuiltinTypes.float64 { return a[0] }
                return .array(try interp.convertArray(arr, to: BuiltinTypes.float64))
            default: return a[0]
            }
        }
        b.native("zero") { interp, a in try a.expect("zero", 1...1); return try unitLike(a[0], 0, interp) }
        b.native("one") { interp, a in try a.expect("one", 1...1); return try unitLike(a[0], 1, interp) }
        b.native("oneunit") { interp, a in try a.expect("oneunit", 1...1); return try unitLike(a[0], 1, interp) }
        b.native("typemax") { _, a in
            try a.expect("typemax", 1...1)
            guard case .type(let t) = a[0] else { throw Exceptions.method(.str("typemax"), a.values) }
            if t === BuiltinTypes.int64 { return .int(Int64.max) }
            if t === BuiltinTypes.float64 { return .float64(.infinity) }
            if t === BuiltinTypes.float32 { return .float32(.infinity) }
            if t === BuiltinTypes.bool { return .bool(true) }
            throw Exceptions.method(.str("typemax"), a.values)
        }
        b.native("typemin") { _, a in
            try a.expect("typemin", 1...1)
            guard case .type(let t) = a[0] else { throw Exceptions.method(.str("typemin"), a.values) }
            if t === BuiltinTypes.int64 { return .int(Int64.min) }
            if t === BuiltinTypes.float64 { return .float64(-.infinity) }
            if t === BuiltinTypes.float32 { return .float32(-.infinity) }
            if t === BuiltinTypes.bool { return .bool(false) }
            throw Exceptions.method(.str("typemin"), a.values)
        }
        b.native("floatmax") { _, a in
            if a.count == 1, case .type(let t) = a[0], t === BuiltinTypes.float32 { return .float32(.greatestFiniteMagnitude) }
            return .float64(.greatestFiniteMagnitude)
        }
        b.native("floatmin") { _, a in
            if a.count == 1, case .type(let t) = a[0], t === BuiltinTypes.float32 { return .float32(.leastNormalMagnitude) }
            return .float64(.leastNormalMagnitude)
        }
        b.native("eps") { _, a in
            if a.count == 0 { return .float64(Double.ulpOfOne) }
            switch a[0] {
            case .type(let t) where t === BuiltinTypes.float32: return .float32(Float.ulpOfOne)
            case .type: return .float64(Double.ulpOfOne)
            case .float32(let f): return .float32(f.ulp)
            case .float64(let d): return .float64(d.ulp)
            default: throw Exceptions.method(.str("eps"), a.values)
            }
        }
        b.native("convert") { interp, a in
            try a.expect("convert", 2...2)
            guard case .type(let t) = a[0] else { throw Exceptions.method(.str("convert"), a.values) }
            return try interp.convertElement(a[1], to: t)
        }
        b.native("promote_type") { _, a in
            try a.expect("promote_type", 2...2)
            guard case .type(let p) = a[0], case .type(let q) = a[1] else { throw Exceptions.method(.str("promote_type"), a.values) }
            let order = [BuiltinTypes.bool, BuiltinTypes.int64, BuiltinTypes.float32, BuiltinTypes.float64]
            guard let i = order.firstIndex(where: { $0 === p }), let j = order.firstIndex(where: { $0 === q }) else { return .type(BuiltinTypes.any) }
            return .type(order[max(i, j)])
        }
    }

    /// An elementary function of a number, a tracked number or (as Julia refuses) an array.
    package static func elementary(_ name: String, _ op: UnaryOp?, _ f: (Double) -> Double, _ v: Value, _ interp: Interpreter) throws -> Value {
        switch v {
        case .float64(let d):
            if (name == "sqrt" || name == "log" || name == "log2" || name == "log10") && d < 0 { throw domainError(name, v) }
            if name == "log1p" && d < -1 { throw domainError(name, v) }
            return .float64(f(d))
        case .float32(let s):
            if (name == "sqrt" || name == "log" || name == "log2" || name == "log10") && s < 0 { throw domainError(name, v) }
            return .float32(Float(f(Double(s))))
        case .int, .bool:
            let d = asDouble(v)
            if (name == "sqrt" || name == "log" || name == "log2" || name == "log10") && d < 0 { throw domainError(name, .float64(d)) }
            return .float64(f(d))
        case .tracked(let t):
            guard let op else { throw Exceptions.error("\(name) is not differentiable in flx yet") }
            if (name == "sqrt" || name == "log") && t.value < 0 { throw domainError(name, t.plain) }
            return interp.wrap(try interp.engine { try Unary.apply(op, t.tensor, tape: interp.activeTape) })
        case .array:
            throw Exceptions.method(.str(name), [v])
        default:
            throw Exceptions.method(.str(name), [v])
        }
    }

    package static func domainError(_ name: String, _ v: Value) -> FlxError {
        switch name {
        case "sqrt":
            return Exceptions.domain(v, "sqrt was called with a negative real argument but will only return a complex result if called with a complex argument. Try sqrt(Complex(x)).")
        default:
            return Exceptions.domain(v, "\(name) was called with a negative real argument but will only return a complex result if called with a complex argument. Try \(name)(Complex(x)).")
        }
    }

    package static func rounding(_ name: String, _ mode: FloatingPointRoundingRule, _ a: Args, _ interp: Interpreter) throws -> Value {
        guard a.count >= 1 else { throw Exceptions.method(.str(name), []) }
        var target: FlxType? = nil
        var v = a[0]
        if case .type(let t) = a[0], a.count == 2 { target = t; v = a[1] }
        v = OperatorBuiltins.plain(v)
        if case .int = v { return target.map { t in (try? interp.convertElement(v, to: t)) ?? v } ?? v }
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
            if t === BuiltinTypes.int64 {
                guard d.isFinite, d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else { throw Exceptions.inexact(name, "Int64", v) }
                return .int(Int64(d))
            }
            return try interp.convertElement(.float64(d), to: t)
        }
        if case .float32 = v { return .float32(Float(d)) }
        return .float64(d)
    }

    package static func extremumValues(_ p: Value, _ q: Value, _ interp: Interpreter, max: Bool) throws -> Value {
        if scalarRank(p) != nil && scalarRank(q) != nil {
            let dp = asDouble(p), dq = asDouble(q)
            if dp.isNaN { return try promote(p, q) }
            if dq.isNaN { return try promote(q, p) }
            let pickFirst = max ? dp > dq : dp < dq
            // Julia promotes the result to the common type: max(1, 2.0) == 2.0.
            return try promote(pickFirst ? p : q, pickFirst ? q : p)
        }
        if case .tracked = p, let op = max ? BinaryOp.max as BinaryOp? : BinaryOp.min {
            let lt = try interp.requireTensor(p, "max", args: [p, q]), rt = try interp.requireTensor(q, "max", args: [p, q])
            return interp.wrap(try interp.engine { try Arithmetic.binary(op, lt, rt, tape: interp.activeTape) })
        }
        if case .tracked = q {
            let lt = try interp.requireTensor(p, "max", args: [p, q]), rt = try interp.requireTensor(q, "max", args: [p, q])
            return interp.wrap(try interp.engine { try Arithmetic.binary(max ? .max : .min, lt, rt, tape: interp.activeTape) })
        }
        let less = try OperatorBuiltins.binaryValues(.lt, p, q, interp)
        guard case .bool(let l) = less else { return p }
        return max ? (l ? q : p) : (l ? p : q)
    }

    /// `v` converted to the type that it and `other` promote to.
    package static func promote(_ v: Value, _ other: Value) throws -> Value {
        guard let r1 = scalarRank(v), let r2 = scalarRank(other), r2.rawValue > r1.rawValue else { return v }
        switch r2 {
        case .int: return .int(asInt(v))
        case .float32: return .float32(Float(asDouble(v)))
        case .float64: return .float64(asDouble(v))
        case .bool: return v
        }
    }

    package static func extremum(_ a: Args, _ interp: Interpreter, max: Bool) throws -> Value {
        let name = max ? "max" : "min"
        guard a.count >= 2 else {
            throw Exceptions.method(.str(name), a.values)
        }
        var acc = a[0]
        for i in 1..<a.count { acc = try extremumValues(acc, a[i], interp, max: max) }
        return acc
    }

    package static func unitLike(_ v: Value, _ n: Int, _ interp: Interpreter) throws -> Value {
        switch v {
        case .int: return .int(Int64(n))
        case .float64: return .float64(Double(n))
        case .float32: return .float32(Float(n))
        case .bool: return .bool(n == 1)
        case .tracked(let t): return t.isFloat32 ? .float32(Float(n)) : .float64(Double(n))
        case .type(let t):
            if t === BuiltinTypes.int64 { return .int(Int64(n)) }
            if t === BuiltinTypes.float64 { return .float64(Double(n)) }
            if t === BuiltinTypes.float32 { return .float32(Float(n)) }
            if t === BuiltinTypes.bool { return .bool(n == 1) }
        case .array(let a):
            if n == 0 { return .array(try interp.makeArray([Value](repeating: try unitLike(.type(a.elementType), 0, interp), count: a.count), shape: a.shape, elementType: a.elementType)) }
        default: break
        }
        throw Exceptions.method(.str(n == 0 ? "zero" : "one"), [v])
    }

    /// `isapprox(a, b; rtol, atol)` / `a ≈ b`: default rtol is √eps of the looser type.
    package static func isApprox(_ a: Args, _ interp: Interpreter) throws -> Value {
        try a.expect("isapprox", 2...2)
        let p = OperatorBuiltins.plain(a[0]), q = OperatorBuiltins.plain(a[1])
        let atol = a.keyword("atol").map { asDouble($0) } ?? 0
        func defaultRtol(_ v: Value) -> Double {
            switch v {
            case .float32: return Double(Float.ulpOfOne).squareRoot()
            case .array(let arr) where arr.elementType === BuiltinTypes.float32: return Double(Float.ulpOfOne).squareRoot()
            case .int, .bool: return 0
            default: return Double.ulpOfOne.squareRoot()
            }
        }
        let rtol = a.keyword("rtol").map { asDouble($0) } ?? (atol > 0 ? 0 : Swift.max(defaultRtol(p), defaultRtol(q)))
        if scalarRank(p) != nil && scalarRank(q) != nil {
            let u = asDouble(p), v = asDouble(q)
            if u == v { return .bool(true) }
            return .bool(u.isFinite && v.isFinite && Swift.abs(u - v) <= Swift.max(atol, rtol * Swift.max(Swift.abs(u), Swift.abs(v))))
        }
        let pa = try interp.materialize(p), qa = try interp.materialize(q)
        guard pa.shape == qa.shape else { throw Exceptions.dimensionMismatch("dimensions must match: a has dims \(OperatorBuiltins.axes(pa)), b has dims \(OperatorBuiltins.axes(qa))") }
        var diff = 0.0, na = 0.0, nb = 0.0
        for i in 0..<pa.count {
            let u = asDouble(pa.element(i)), v = asDouble(qa.element(i))
            diff += (u - v) * (u - v)
            na += u * u
            nb += v * v
        }
        return .bool(diff.squareRoot() <= Swift.max(atol, rtol * Swift.max(na.squareRoot(), nb.squareRoot())))
    }
}
