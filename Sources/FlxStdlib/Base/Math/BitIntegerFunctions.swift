import FlxSyntax
import FlxCore

/// Functions of the bits of an integer: changing its signedness or width, counting and
/// reordering its bits, and reading its bits as another type.
extension MathBuiltins {
    package static var bitIntegerFunctions: [Builtin] {
        [
            Builtin("unsigned", differentiation: .constant, { _, a in try signedness("unsigned", a, signed: false) },
                help: BuiltinHelp("unsigned(x)  /  unsigned(T)", "The bits of the integer `x` read as the unsigned type of its width (`x % UInt8` for an Int8); of a type, that type.", "unsigned(Int8(-1))  # 0xff")),
            Builtin("signed", differentiation: .constant, { _, a in try signedness("signed", a, signed: true) },
                help: BuiltinHelp("signed(x)  /  signed(T)", "The bits of the integer `x` read as the signed type of its width.", "signed(0xff)  # -1")),
            Builtin("widen", differentiation: .constant, widened,
                help: BuiltinHelp("widen(x)  /  widen(T)", "`x` in the type of twice its width (Int8 → Int16, Int64 → Int128, Float32 → Float64); of a type, that type.", "widen(Int32)  # Int64")),
            Builtin("reinterpret", differentiation: .constant, reinterpreted,
                help: BuiltinHelp("reinterpret(T, x)", "The bits of the number `x` read as the type `T` of the same size.", "reinterpret(UInt64, 1.0)  # 0x3ff0000000000000")),
            bitCount("count_ones", "The number of one bits.", "count_ones(0x0f)  # 4") { f in f.bits.nonzeroBitCount },
            bitCount("count_zeros", "The number of zero bits.", "count_zeros(0x0f)  # 4") { f in f.kind.bitWidth - f.bits.nonzeroBitCount },
            bitCount("leading_zeros", "The number of zero bits before the highest one bit.", "leading_zeros(Int32(1))  # 31") { f in
                f.bits.leadingZeroBitCount - (128 - f.kind.bitWidth)
            },
            bitCount("leading_ones", "The number of one bits before the highest zero bit.", "leading_ones(0xf0)  # 4") { f in
                (~f.bits & f.kind.mask).leadingZeroBitCount - (128 - f.kind.bitWidth)
            },
            bitCount("trailing_zeros", "The number of zero bits after the lowest one bit.", "trailing_zeros(8)  # 3") { f in
                min(f.bits.trailingZeroBitCount, f.kind.bitWidth)
            },
            bitCount("trailing_ones", "The number of one bits after the lowest zero bit.", "trailing_ones(7)  # 3") { f in
                (~f.bits).trailingZeroBitCount
            },
            Builtin("bswap", differentiation: .constant, { _, a in
                try a.expect("bswap", 1...1)
                if case .bool = a[0] { return a[0] }
                guard let f = a[0].fixedInt else { throw Exceptions.method(.str("bswap"), a.values) }
                let swapped = f.bits.byteSwapped >> (128 - f.kind.bitWidth)
                return FixedInt(f.kind, bits: swapped).value
            }, help: BuiltinHelp("bswap(x)", "The integer with its bytes in the reverse order.", "bswap(0x1234)  # 0x3412")),
        ] + checkedArithmetic
    }

    /// `Base.checked_add` & co. (Base.Checked): the wrapping result, or Julia's OverflowError
    /// when the exact result does not fit the promoted type.
    static var checkedArithmetic: [Builtin] {
        let binary: [(String, String, BinaryOperator)] = [("checked_add", "+", .add), ("checked_sub", "-", .sub), ("checked_mul", "*", .mul)]
        return binary.map { name, symbol, op in
            Builtin(name, export: false, differentiation: .constant, { _, a in
                try a.expect(name, 2...2)
                guard let x = a[0].fixedInt, let y = a[1].fixedInt else { throw Exceptions.method(.str(name), a.values) }
                let k = IntKind.promoted(x.kind, y.kind)
                let p = FixedIntArithmetic.wrapped(x, to: k), q = FixedIntArithmetic.wrapped(y, to: k)
                let result = try FixedIntArithmetic.integerOp(op, p, q)
                guard try exactResultFits(op, p, q) else {
                    throw Exceptions.overflow("\(p.decimal) \(symbol) \(q.decimal) overflowed for type \(k.name)")
                }
                return result
            }, help: BuiltinHelp("Base.\(name)(x, y)", "`x \(symbol) y` for integers, with an OverflowError instead of wrapping.", "Base.\(name)(typemax(Int8), Int8(1))  # OverflowError"))
        } + [
            Builtin("checked_neg", export: false, differentiation: .constant, { _, a in
                try a.expect("checked_neg", 1...1)
                guard let x = a[0].fixedInt else { throw Exceptions.method(.str("checked_neg"), a.values) }
                // Only zero negates in an unsigned type; typemin in a signed one does not.
                guard x.kind.isSigned ? x != x.kind.minimum : x.isZero else {
                    throw Exceptions.overflow("checked arithmetic: cannot compute -x for x = \(x.decimal)::\(x.kind.name)")
                }
                return FixedIntArithmetic.negate(x).value
            }, help: BuiltinHelp("Base.checked_neg(x)", "`-x`, with an OverflowError when it does not fit x's type.", "Base.checked_neg(typemin(Int8))  # OverflowError")),
            Builtin("checked_abs", export: false, differentiation: .constant, { _, a in
                try a.expect("checked_abs", 1...1)
                guard let x = a[0].fixedInt else { throw Exceptions.method(.str("checked_abs"), a.values) }
                guard !(x.kind.isSigned && x == x.kind.minimum) else {
                    throw Exceptions.overflow("checked arithmetic: cannot compute |x| for x = \(x.decimal)::\(x.kind.name)")
                }
                return FixedIntArithmetic.absolute(x).value
            }, help: BuiltinHelp("Base.checked_abs(x)", "`abs(x)`, with an OverflowError for typemin of a signed type.", "Base.checked_abs(typemin(Int8))  # OverflowError")),
        ]
    }

    /// Whether `p op q` (both of one kind) is exact in that kind, decided in 256-bit-free
    /// arithmetic: magnitudes below 2^128 with Swift's overflow-reporting operations.
    static func exactResultFits(_ op: BinaryOperator, _ p: FixedInt, _ q: FixedInt) throws -> Bool {
        let k = p.kind
        if k.isSigned {
            let x = p.signedValue, y = q.signedValue
            let (r, o) = op == .add ? x.addingReportingOverflow(y) : op == .sub ? x.subtractingReportingOverflow(y) : x.multipliedReportingOverflow(by: y)
            return !o && FixedInt(k, truncating: r).signedValue == r
        }
        let (r, o) = op == .add ? p.bits.addingReportingOverflow(q.bits) : op == .sub ? p.bits.subtractingReportingOverflow(q.bits) : p.bits.multipliedReportingOverflow(by: q.bits)
        return !o && r <= k.mask
    }

    static func bitCount(_ name: String, _ doc: String, _ example: String, _ count: @escaping (FixedInt) -> Int) -> Builtin {
        Builtin(name, differentiation: .constant, { _, a in
            try a.expect(name, 1...1)
            // A Bool is one byte, 0 or 1.
            if case .bool(let b) = a[0] { return .int(Int64(count(FixedInt(.uint8, bits: b ? 1 : 0)))) }
            guard let f = a[0].fixedInt else { throw Exceptions.method(.str(name), a.values) }
            return .int(Int64(count(f)))
        }, help: BuiltinHelp(name + "(x)", doc, example))
    }

    static func signedness(_ name: String, _ a: Args, signed: Bool) throws -> Value {
        try a.expect(name, 1...1)
        if case .type(let t) = a[0], let k = IntKind(type: t) { return .type((signed ? k.signedKind : k.unsignedKind).type) }
        if case .bool(let b) = a[0] { return .int(b ? 1 : 0) }
        guard let f = a[0].fixedInt else { throw Exceptions.method(.str(name), a.values) }
        return FixedInt(signed ? f.kind.signedKind : f.kind.unsignedKind, bits: f.bits).value
    }

    static func widened(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("widen", 1...1)
        let bigNumbers = "widen: flx has no BigFloat, the type Julia widens Float64 to"
        switch a[0] {
        case .type(let t):
            if let k = IntKind(type: t) {
                // Past 128 bits, BigInt.
                guard let w = k.widened else { return .type(BigIntObject.type) }
                return .type(w.type)
            }
            if t === BigIntObject.type { return a[0] }
            if t === BuiltinTypes.bool { return .type(BuiltinTypes.int64) }
            if t === BuiltinTypes.float32 { return .type(BuiltinTypes.float64) }
            if t === BuiltinTypes.float64 { throw Exceptions.error(bigNumbers) }
        case .int, .sized, .wide:
            let f = a[0].fixedInt!
            guard let w = f.kind.widened else { return .native(BigIntObject(f)) }
            return FixedIntArithmetic.wrapped(f, to: w).value
        case .native(let b as BigIntObject): return .native(b)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float32(let x): return .float64(Double(x))
        case .float64: throw Exceptions.error(bigNumbers)
        default: break
        }
        throw Exceptions.method(.str("widen"), a.values)
    }

    /// `reinterpret(T, x)` of one number: its bits, read as T of the same size.
    static func reinterpreted(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("reinterpret", 2...2)
        guard case .type(let t) = a[0] else { throw Exceptions.method(.str("reinterpret"), a.values) }
        let source: (bits: UInt128, width: Int)
        switch a[1] {
        case .int, .sized, .wide:
            let f = a[1].fixedInt!
            source = (f.bits, f.kind.bitWidth)
        case .float64(let d): source = (UInt128(d.bitPattern), 64)
        case .float32(let x): source = (UInt128(x.bitPattern), 32)
        case .bool(let b): source = (b ? 1 : 0, 8)
        default: throw Exceptions.method(.str("reinterpret"), a.values)
        }
        let width: Int
        if let k = IntKind(type: t) { width = k.bitWidth }
        else if t === BuiltinTypes.float64 { width = 64 }
        else if t === BuiltinTypes.float32 { width = 32 }
        else { throw Exceptions.method(.str("reinterpret"), a.values) }
        guard width == source.width else { throw Exceptions.error("bitcast: argument size does not match size of target type") }
        if let k = IntKind(type: t) { return FixedInt(k, bits: source.bits).value }
        if width == 64 { return .float64(Double(bitPattern: UInt64(source.bits))) }
        return .float32(Float(bitPattern: UInt32(source.bits)))
    }
}
