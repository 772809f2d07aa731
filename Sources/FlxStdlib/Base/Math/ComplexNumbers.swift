import FlxSyntax
import FlxCore
import Glibc

/// Base's complex numbers (complex.jl): `im`, `complex`, `Complex(re, im)`, `real`, `imag`,
/// `conj`, `abs`, `abs2`, `angle`, `reim`, `sqrt`, `z'`, arithmetic with real and complex
/// numbers, and Julia's printing (`1 + 2im`, `1.5 - 0.0im`, `1//1 + 2//1*im`, `im`).
/// The parts are combined with the language's operators, so a user's number type works
/// as T (the manual's `Complex{OurRational{Int64}}`).
package enum ComplexNumbers {
    package static var functions: [Builtin] {
        [
            Builtin("real", { interp, a in
                try a.expect("real", 1...1)
                if case .array(let arr) = a[0] { return try elementwise("real", arr, interp, realItself: true) }
                return try part(a[0], imaginary: false, interp)
            },
                help: BuiltinHelp("real(z)", "The real part of a complex number (a real number is its own).", "real(1 + 2im)  # 1")),
            Builtin("imag", { interp, a in
                try a.expect("imag", 1...1)
                if case .array(let arr) = a[0] { return try elementwise("imag", arr, interp, realItself: false) }
                return try part(a[0], imaginary: true, interp)
            },
                help: BuiltinHelp("imag(z)", "The imaginary part of a complex number (zero for a real one).", "imag(1 + 2im)  # 2")),
            Builtin("reim", { interp, a in
                try a.expect("reim", 1...1)
                return .tuple([try part(a[0], imaginary: false, interp), try part(a[0], imaginary: true, interp)])
            }, help: BuiltinHelp("reim(z)", "The tuple `(real(z), imag(z))`.", "reim(1 + 2im)  # (1, 2)")),
            Builtin("conj", { interp, a in
                try a.expect("conj", 1...1)
                if let c = a[0].complex { return .native(ComplexObject(c.re, try call("-", [c.im], interp), partType: c.partType)) }
                if case .array(let arr) = a[0] { return try elementwise("conj", arr, interp, realItself: true) }
                guard interp.typeOf(a[0]).isSubtype(of: BuiltinTypes.real) else { throw Exceptions.method(.str("conj"), a.values) }
                return a[0]
            }, help: BuiltinHelp("conj(z)", "The complex conjugate `re - im*im` (a real number is its own).", "conj(1 + 2im)  # 1 - 2im")),
            Builtin("complex", { interp, a in
                try a.expect("complex", 1...2)
                if a.count == 1, a[0].complex != nil { return a[0] }
                let re = a[0], im = a.count == 2 ? a[1] : try call("zero", [a[0]], interp)
                return try make(re, im, interp)
            }, help: BuiltinHelp("complex(re, im = 0)", "The complex number `re + im*im`, both parts promoted to one type.", "complex(1, 2)  # 1 + 2im")),
            Builtin("isreal", { interp, a in
                try a.expect("isreal", 1...1)
                guard let c = a[0].complex else { return .bool(interp.typeOf(a[0]).isSubtype(of: BuiltinTypes.real)) }
                return try call("iszero", [c.im], interp)
            }, help: BuiltinHelp("isreal(z)", "Whether the imaginary part is zero.", "isreal(1 + 0im)  # true")),
            Builtin("angle", differentiation: .constant, { interp, a in
                try a.expect("angle", 1...1)
                if let c = a[0].complex { return .float64(atan2(asDouble(c.im), asDouble(c.re))) }
                guard scalarRank(a[0]) != nil else { throw Exceptions.method(.str("angle"), a.values) }
                return .float64(asDouble(a[0]) < 0 ? Double.pi : 0)
            }, help: BuiltinHelp("angle(z)", "The argument (phase) of a complex number, in radians.", "angle(1im)  # 1.5707963267948966")),
        ]
    }

    package static func install(_ interp: Interpreter) {
        let family = ComplexObject.family
        TypeBuiltins.setConstructor(family) { interp, a in
            try a.expect("Complex", 1...2)
            let re = a[0], im = a.count == 2 ? a[1] : try call("zero", [a[0]], interp)
            if let t = interp.constructing.last, let p = ComplexObject.partType(of: t) {
                return .native(ComplexObject(try interp.convertElement(re, to: p), try interp.convertElement(im, to: p), partType: p))
            }
            if a.count == 1, a[0].complex != nil { return a[0] }
            return try make(re, im, interp)
        }
        interp.base.define("Complex", .type(family))
        interp.base.define("ComplexF64", .type(ComplexObject.type(BuiltinTypes.float64)))
        interp.base.define("ComplexF32", .type(ComplexObject.type(BuiltinTypes.float32)))
        interp.base.define("im", .native(ComplexObject(.bool(false), .bool(true), partType: BuiltinTypes.bool)))
    }

    /// `real(A)`, `imag(A)`, `conj(A)` of an array: the function applied to each element, as
    /// Julia broadcasts it; `real` and `conj` of an array of reals are the array itself.
    static func elementwise(_ name: String, _ arr: ArrayValue, _ interp: Interpreter, realItself: Bool) throws -> Value {
        if realItself, arr.elementType.isSubtype(of: BuiltinTypes.real) { return .array(arr) }
        guard let f = interp.base.member(name)?.value else { throw Exceptions.method(.str(name), [.array(arr)]) }
        return try Broadcast.evaluate(.call(f, [.leaf(0)]), [.array(arr)], interp)
    }

    /// `x * A`, `A * x` and `A / x` for a number x and an array when the array holds values
    /// other than machine numbers (complex, rational) or x is such a value: Julia defines
    /// them as the broadcasts `x .* A`, `A .* x`, `A ./ x`. Nil for the cases the engine's
    /// tensor kernels handle (an array of reals with a real scalar).
    package static func scaledArray(_ op: BinaryOperator, _ l: Value, _ r: Value, _ interp: Interpreter) throws -> Value? {
        guard op == .mul || op == .div else { return nil }
        let number = BuiltinTypes.number
        switch (l, r) {
        case (.array, .array):
            return nil
        case (.array(let a), _):
            guard interp.typeOf(r).isSubtype(of: number), a.tensor == nil || scalarRank(r) == nil else { return nil }
        case (_, .array(let b)) where op == .mul:
            guard interp.typeOf(l).isSubtype(of: number), b.tensor == nil || scalarRank(l) == nil else { return nil }
        default:
            return nil
        }
        guard let f = interp.base.member(op.rawValue)?.value else { return nil }
        return try Broadcast.evaluate(.call(f, [.leaf(0), .leaf(1)]), [l, r], interp)
    }

    static func call(_ name: String, _ args: [Value], _ interp: Interpreter) throws -> Value {
        guard let f = interp.base.member(name)?.value, !f.isNothing else { throw Exceptions.method(.str(name), args) }
        return try interp.call(f, args)
    }

    /// `Complex(re, im)` with both parts promoted to one real type.
    static func make(_ re: Value, _ im: Value, _ interp: Interpreter) throws -> Value {
        let tr = interp.typeOf(re), ti = interp.typeOf(im)
        guard tr.isSubtype(of: BuiltinTypes.real), ti.isSubtype(of: BuiltinTypes.real) else {
            throw Exceptions.method(.str("Complex"), [re, im])
        }
        if tr === ti { return .native(ComplexObject(re, im, partType: tr)) }
        let promoted = try call("promote", [re, im], interp)
        guard case .tuple(let t) = promoted, t.items.count == 2, interp.typeOf(t.items[0]) === interp.typeOf(t.items[1]) else {
            throw Exceptions.method(.str("Complex"), [re, im])
        }
        return .native(ComplexObject(t.items[0], t.items[1], partType: interp.typeOf(t.items[0])))
    }

    static func part(_ v: Value, imaginary: Bool, _ interp: Interpreter) throws -> Value {
        if let c = v.complex { return imaginary ? c.im : c.re }
        guard interp.typeOf(v).isSubtype(of: BuiltinTypes.real) else { throw Exceptions.method(.str(imaginary ? "imag" : "real"), [v]) }
        return imaginary ? try call("zero", [v], interp) : v
    }

    /// `l op r` when either side is Complex and the other a number, else nil.
    package static func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, _ interp: Interpreter) throws -> Value? {
        let x = l.complex, y = r.complex
        guard x != nil || y != nil else { return nil }
        let number = BuiltinTypes.number
        guard interp.typeOf(l).isSubtype(of: number), interp.typeOf(r).isSubtype(of: number) else { return nil }
        func f(_ name: String, _ p: Value, _ q: Value) throws -> Value { try call(name, [p, q], interp) }
        switch op {
        case .eq, .ne:
            let (a, b) = (x?.re ?? l, x?.im ?? .int(0))
            let (c, d) = (y?.re ?? r, y?.im ?? .int(0))
            let same = try OperatorBuiltins.isEqual(a, c, interp) && OperatorBuiltins.isEqual(b, d, interp)
            return .bool(op == .eq ? same : !same)
        case .add, .sub:
            let name = op == .add ? "+" : "-"
            if let x, let y { return try make(try f(name, x.re, y.re), try f(name, x.im, y.im), interp) }
            if let x { return try make(try f(name, x.re, r), x.im, interp) }
            let y = y!
            return try make(try f(name, l, y.re), op == .add ? y.im : try call("-", [y.im], interp), interp)
        case .mul:
            if let x, let y {
                return try make(try f("-", try f("*", x.re, y.re), try f("*", x.im, y.im)),
                                try f("+", try f("*", x.re, y.im), try f("*", x.im, y.re)), interp)
            }
            let (z, s) = x != nil ? (x!, r) : (y!, l)
            return try make(try f("*", z.re, s), try f("*", z.im, s), interp)
        case .div:
            if let x, y == nil { return try make(try f("/", x.re, r), try f("/", x.im, r), interp) }
            let (a, b) = (x?.re ?? l, x?.im ?? .int(0))
            let (c, d) = (y!.re, y!.im)
            if [a, b, c, d].allSatisfy({ scalarRank($0) != nil }) {
                // Smith's algorithm, as Julia divides complex numbers of reals (integers as floats).
                let (p, q, u, v) = (asDouble(a), asDouble(b), asDouble(c), asDouble(d))
                let re: Double, im: Double
                if Swift.abs(u) <= Swift.abs(v) {
                    let ratio = u / v, den = v + ratio * u
                    (re, im) = ((p * ratio + q) / den, (q * ratio - p) / den)
                } else {
                    let ratio = v / u, den = u + ratio * v
                    (re, im) = ((p + q * ratio) / den, (q - p * ratio) / den)
                }
                let f32 = [a, b, c, d].contains { if case .float32 = $0 { return true }; return false }
                    && ![a, b, c, d].contains { if case .float64 = $0 { return true }; return false }
                return f32 ? .native(ComplexObject(.float32(Float(re)), .float32(Float(im)), partType: BuiltinTypes.float32))
                           : .native(ComplexObject(.float64(re), .float64(im), partType: BuiltinTypes.float64))
            }
            // (a + bi)/(c + di) = ((ac + bd) + (bc - ad)i) / (c² + d²), in T's own arithmetic.
            let den = try f("+", try f("*", c, c), try f("*", d, d))
            return try make(try f("/", try f("+", try f("*", a, c), try f("*", b, d)), den),
                            try f("/", try f("-", try f("*", b, c), try f("*", a, d)), den), interp)
        case .pow:
            guard x != nil, y == nil, let e = r.fixedInt, !e.isNegative else { return nil }
            // By squaring, in the language's products.
            var result = try make(try call("one", [x!.re], interp), try call("zero", [x!.im], interp), interp)
            var base = l, rest = e.magnitude
            while rest > 0 {
                if rest & 1 == 1 { result = try OperatorBuiltins.binaryValues(.mul, result, base, interp) }
                rest >>= 1
                if rest > 0 { base = try OperatorBuiltins.binaryValues(.mul, base, base, interp) }
            }
            return result
        default: return nil
        }
    }

    /// `-z`.
    package static func negate(_ c: ComplexObject, _ interp: Interpreter) throws -> Value {
        .native(ComplexObject(try call("-", [c.re], interp), try call("-", [c.im], interp), partType: c.partType))
    }

    /// The elementary functions Julia defines on complex numbers that flx has: `abs`,
    /// `abs2`, `sqrt` (the principal root), `exp`; nil for the others.
    package static func elementary(_ name: String, _ c: ComplexObject, _ interp: Interpreter) throws -> Value? {
        let x = asDouble(c.re), y = asDouble(c.im)
        guard scalarRank(c.re) != nil || c.re.rational != nil else { return nil }
        let f32 = c.partType === BuiltinTypes.float32
        func complexValue(_ re: Double, _ im: Double) -> Value {
            f32 ? .native(ComplexObject(.float32(Float(re)), .float32(Float(im)), partType: BuiltinTypes.float32))
                : .native(ComplexObject(.float64(re), .float64(im), partType: BuiltinTypes.float64))
        }
        switch name {
        case "abs": return f32 ? .float32(Float(hypot(x, y))) : .float64(hypot(x, y))
        case "abs2": return try OperatorBuiltins.binaryValues(.add, try OperatorBuiltins.binaryValues(.mul, c.re, c.re, interp),
                                                               try OperatorBuiltins.binaryValues(.mul, c.im, c.im, interp), interp)
        case "sqrt":
            let r = hypot(x, y)
            if r == 0 { return complexValue(0, y) }
            let re = Glibc.sqrt((r + Swift.abs(x)) / 2)
            // The principal root: the imaginary part takes the sign of y.
            return x >= 0 ? complexValue(re, y / (2 * re)) : complexValue(Swift.abs(y) / (2 * re), y.sign == .minus ? -re : re)
        case "exp":
            let m = Glibc.exp(x)
            return complexValue(m * Glibc.cos(y), m * Glibc.sin(y))
        default: return nil
        }
    }
}

extension ComplexObject: NativeFields {
    /// `z.re` and `z.im`, Julia's field names.
    public func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "re" ? re : name == "im" ? im : nil
    }
    public func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}

extension ComplexObject: NativeShowable {
    /// Julia's `show(io, ::Complex)`: the real part, ` + ` or ` - `, the imaginary part's
    /// magnitude, `*` unless that part is a non-Bool integer or a finite float, then `im`;
    /// `Complex{Bool}` prints `im` for `im` and `Complex(re,im)` otherwise.
    public func show(_ interp: Interpreter, compact: Bool) throws -> String {
        if case .bool(let r) = re, case .bool(let i) = im {
            return !r && i ? "im" : "Complex(\(r),\(i))"
        }
        func shown(_ v: Value) throws -> String {
            var s = ""
            try Display.show(v, interp, Display.Context(compact: compact), into: &s)
            return s
        }
        var out = try shown(re)
        let negative: Bool
        switch im {
        case .float64(let d): negative = d.sign == .minus && !d.isNaN
        case .float32(let d): negative = d.sign == .minus && !d.isNaN
        default:
            if let f = im.fixedInt { negative = f.isNegative }
            else if let q = im.rational { negative = q.numerator < 0 }
            else if let b = im.bigInt { negative = b.negative }
            else if case .bool(true) = try ComplexNumbers.call("signbit", [im], interp) { negative = true }
            else { negative = false }
        }
        if negative {
            out += compact ? "-" : " - "
            if let f = im.fixedInt, f.kind.isSigned, f.magnitude == UInt128(1) << (f.kind.bitWidth - 1) {
                // -typemin(T) does not fit T: Julia shows -widen(x).
                out += f.magnitude.description
            } else {
                out += try shown(try ComplexNumbers.call("-", [im], interp))
            }
        } else {
            out += compact ? "+" : " + "
            out += try shown(im)
        }
        let plain: Bool
        switch im {
        case .float64(let d): plain = d.isFinite
        case .float32(let d): plain = d.isFinite
        case .bool: plain = false
        default: plain = im.fixedInt != nil || im.bigInt != nil
        }
        return out + (plain ? "" : "*") + "im"
    }

    public func display(_ interp: Interpreter) throws -> String? { nil }
}
