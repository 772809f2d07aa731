import FlxSyntax
import FlxCore

/// Base's rational numbers (rational.jl): `//`, `Rational`, `numerator`, `denominator`,
/// and arithmetic and comparison with integers (exact, in lowest terms) and floats (the
/// float's type wins, as `promote_type(Rational{Int64}, Float64)` is Float64).
package enum RationalNumbers {
    package static var functions: [Builtin] {
        [
            Builtin("//", { interp, a in
                try a.expect("//", 2...2)
                guard let v = try binary(.div, a[0], a[1], interp, exactOnly: true) else { throw Exceptions.method(.str("//"), a.values) }
                return v
            }, help: BuiltinHelp("n // d", "The exact fraction n/d, a `Rational` in lowest terms.", "6 // 4  # 3//2")),
            Builtin("numerator", differentiation: .constant, { interp, a in
                try a.expect("numerator", 1...1)
                if let r = a[0].rational { return r.part(r.numerator) }
                if a[0].fixedInt != nil { return a[0] }
                throw Exceptions.method(.str("numerator"), a.values)
            }, help: BuiltinHelp("numerator(x)", "The numerator of a Rational in lowest terms (an integer is its own).", "numerator(6//4)  # 3")),
            Builtin("denominator", differentiation: .constant, { interp, a in
                try a.expect("denominator", 1...1)
                if let r = a[0].rational { return r.part(r.denominator) }
                if let f = a[0].fixedInt { return FixedInt(f.kind, bits: 1).value }
                throw Exceptions.method(.str("denominator"), a.values)
            }, help: BuiltinHelp("denominator(x)", "The denominator of a Rational in lowest terms (1 for an integer).", "denominator(6//4)  # 2")),
        ]
    }

    package static func install(_ interp: Interpreter) {
        let family = RationalObject.family
        TypeBuiltins.setConstructor(family) { interp, a in
            // `Rational{Int32}(6, 4)`: the type being called names T.
            var kind: IntKind? = nil
            if let t = interp.constructing.last, t.family === family, case .type(let e)? = t.parameters.first { kind = IntKind(type: e) }
            return try construct(a, kind: kind, interp)
        }
        interp.base.define("Rational", .type(family))
    }

    /// `Rational(n, d)`, `Rational(x)`, `Rational{T}(...)`.
    static func construct(_ a: Args, kind: IntKind?, _ interp: Interpreter) throws -> Value {
        try a.expect("Rational", 1...2)
        func exact(_ v: Value) throws -> (Int128, Int128, IntKind) {
            if let r = v.rational { return (r.numerator, r.denominator, r.kind) }
            if case .bool(let b) = v { return (b ? 1 : 0, 1, .int64) }
            if let f = v.fixedInt { return (f.signedValue, 1, f.kind) }
            if case .float64(let d) = v, let (n, m) = exactFraction(d) { return (n, m, .int64) }
            if case .float32(let d) = v, let (n, m) = exactFraction(Double(d)) { return (n, m, .int64) }
            throw Exceptions.method(.str("Rational"), a.values)
        }
        let (n1, d1, k1) = try exact(a[0])
        if a.count == 1 { return .native(try RationalObject.make(n1, d1, kind: kind ?? k1)) }
        let (n2, d2, k2) = try exact(a[1])
        let (n, o1) = n1.multipliedReportingOverflow(by: d2)
        let (d, o2) = d1.multipliedReportingOverflow(by: n2)
        guard !o1, !o2 else { throw Exceptions.overflow("rational construction overflowed") }
        return .native(try RationalObject.make(n, d, kind: kind ?? IntKind.promoted(k1, k2)))
    }

    /// A finite float as an exact fraction of 64-bit integers (nil if it has none).
    private static func exactFraction(_ d: Double) -> (Int128, Int128)? {
        guard d.isFinite else { return nil }
        var n = d, den: Int128 = 1
        while n != n.rounded(.towardZero) {
            guard den < Int128(1) << 62 else { return nil }
            n *= 2
            den *= 2
        }
        guard let whole = Int64(exactly: n) else { return nil }
        return (Int128(whole), den)
    }

    /// The fraction of an integer, Bool or Rational, with its integer type.
    private static func fraction(_ v: Value) -> (n: Int128, d: Int128, kind: IntKind)? {
        if let r = v.rational { return (r.numerator, r.denominator, r.kind) }
        if case .bool(let b) = v { return (b ? 1 : 0, 1, .int8) }   // Bool takes the other side's type
        if let f = v.fixedInt { return (f.signedValue, 1, f.kind) }
        return nil
    }

    /// `l op r` when either side is Rational (`exactOnly`: `//`, which also makes a
    /// Rational of two integers and refuses floats), else nil.
    package static func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, _ interp: Interpreter, exactOnly: Bool = false) throws -> Value? {
        let lr = l.rational, rr = r.rational
        guard lr != nil || rr != nil || exactOnly else { return nil }
        // With a float, the float's arithmetic.
        let other = lr == nil ? l : r
        if !exactOnly, lr == nil || rr == nil, scalarRank(other) == .float64 || scalarRank(other) == .float32 {
            let asFloat: (Value) -> Value = { v in
                guard let q = v.rational else { return v }
                return scalarRank(other) == .float32 ? .float32(Float(q.double)) : .float64(q.double)
            }
            return try OperatorBuiltins.binaryValues(op, asFloat(l), asFloat(r), interp)
        }
        guard let x = fraction(l), let y = fraction(r) else { return nil }
        let kind: IntKind = l.isBool ? y.kind : r.isBool ? x.kind : IntKind.promoted(x.kind, y.kind)
        func mul(_ p: Int128, _ q: Int128) throws -> Int128 {
            let (v, o) = p.multipliedReportingOverflow(by: q)
            if o { throw Exceptions.overflow("rational arithmetic overflowed") }
            return v
        }
        func add(_ p: Int128, _ q: Int128) throws -> Int128 {
            let (v, o) = p.addingReportingOverflow(q)
            if o { throw Exceptions.overflow("rational arithmetic overflowed") }
            return v
        }
        func make(_ n: Int128, _ d: Int128) throws -> Value { .native(try RationalObject.make(n, d, kind: kind)) }
        // Comparisons cross-multiply (denominators are positive).
        func compare() throws -> Int {
            let a = try mul(x.n, y.d), b = try mul(y.n, x.d)
            return a < b ? -1 : a > b ? 1 : 0
        }
        switch op {
        case .add: return try make(try add(try mul(x.n, y.d), try mul(y.n, x.d)), try mul(x.d, y.d))
        case .sub: return try make(try add(try mul(x.n, y.d), -(try mul(y.n, x.d))), try mul(x.d, y.d))
        case .mul: return try make(try mul(x.n, y.n), try mul(x.d, y.d))
        case .div: return try make(try mul(x.n, y.d), try mul(x.d, y.n))
        case .pow:
            guard rr == nil, case .int(let e) = r else { return nil }
            // By squaring: a square that overflows would overflow the result too (bases
            // 0 and ±1 never overflow).
            func power(_ b: Int128) throws -> Int128 {
                var result: Int128 = 1, base = b, rest = e.magnitude
                while rest > 0 {
                    if rest & 1 == 1 { result = try mul(result, base) }
                    rest >>= 1
                    if rest > 0 { base = try mul(base, base) }
                }
                return result
            }
            let n = try power(x.n), d = try power(x.d)
            return e >= 0 ? try make(n, d) : try make(d, n)
        case .eq: return .bool(try compare() == 0)
        case .ne: return .bool(try compare() != 0)
        case .lt: return .bool(try compare() < 0)
        case .le: return .bool(try compare() <= 0)
        case .gt: return .bool(try compare() > 0)
        case .ge: return .bool(try compare() >= 0)
        default: return nil
        }
    }

    /// `-x`, `abs(x)`, `inv(x)` of a Rational.
    package static func unary(_ name: String, _ q: RationalObject) throws -> Value {
        switch name {
        case "-": return .native(try RationalObject.make(-q.numerator, q.denominator, kind: q.kind))
        case "abs": return .native(try RationalObject.make(q.numerator < 0 ? -q.numerator : q.numerator, q.denominator, kind: q.kind))
        default: return .native(try RationalObject.make(q.denominator, q.numerator, kind: q.kind))
        }
    }
}
