import FlxSyntax

/// Base's `BigInt`: an integer of any size, as a sign and a magnitude in 32-bit limbs
/// (least significant first, no trailing zero limbs; zero is no limbs and not negative).
/// Julia's is GMP's; flx's is schoolbook arithmetic, which is exact and fast enough for
/// the numbers scripts print.
public final class BigIntObject: NativeObject, NativeShowable, NativeImmutableValue {
    public let negative: Bool
    public let limbs: [UInt32]

    public init(negative: Bool, limbs: [UInt32]) {
        var l = limbs
        while l.last == 0 { l.removeLast() }
        self.limbs = l
        self.negative = negative && !l.isEmpty
    }

    public convenience init(_ v: Int128) {
        var m = v.magnitude
        var l: [UInt32] = []
        while m != 0 { l.append(UInt32(truncatingIfNeeded: m)); m >>= 32 }
        self.init(negative: v < 0, limbs: l)
    }

    public convenience init(_ f: FixedInt) {
        var m = f.magnitude
        var l: [UInt32] = []
        while m != 0 { l.append(UInt32(truncatingIfNeeded: m)); m >>= 32 }
        self.init(negative: f.isNegative, limbs: l)
    }

    public static let type: FlxType = FlxType(name: "BigInt", supertype: BuiltinTypes.signed)
    public override var flxType: FlxType { BigIntObject.type }

    public var isZero: Bool { limbs.isEmpty }

    /// The value as Int128 when it fits.
    public var int128: Int128? {
        guard limbs.count <= 4 else { return nil }
        var m: UInt128 = 0
        for l in limbs.reversed() { m = m << 32 | UInt128(l) }
        if negative {
            guard m <= UInt128(1) << 127 else { return nil }
            return m == UInt128(1) << 127 ? Int128.min : -Int128(m)
        }
        guard m < UInt128(1) << 127 else { return nil }
        return Int128(m)
    }

    /// The value in `kind`, when it fits there.
    public func exactly(_ kind: IntKind) -> FixedInt? {
        guard limbs.count <= 4 else { return nil }
        var m: UInt128 = 0
        for l in limbs.reversed() { m = m << 32 | UInt128(l) }
        if negative {
            guard kind.isSigned, m <= UInt128(1) << (kind.bitWidth - 1) else { return nil }
            return FixedInt(kind, bits: 0 &- m)
        }
        guard m <= kind.maximum.bits else { return nil }
        return FixedInt(kind, bits: m)
    }

    /// The nearest Double (rounded from the top 64 bits; Inf past the range).
    public var double: Double {
        var d = 0.0
        for l in limbs.reversed() { d = d * 4294967296.0 + Double(l) }
        return negative ? -d : d
    }

    // MARK: magnitudes

    package static func compareMagnitude(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for i in stride(from: a.count - 1, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        return 0
    }

    package static func addMagnitude(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        var carry: UInt64 = 0
        for i in 0..<Swift.max(a.count, b.count) {
            let s = UInt64(i < a.count ? a[i] : 0) + UInt64(i < b.count ? b[i] : 0) + carry
            out.append(UInt32(truncatingIfNeeded: s))
            carry = s >> 32
        }
        if carry != 0 { out.append(UInt32(carry)) }
        return out
    }

    /// a - b for |a| ≥ |b|.
    package static func subtractMagnitude(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        var borrow: Int64 = 0
        for i in 0..<a.count {
            var d = Int64(a[i]) - Int64(i < b.count ? b[i] : 0) - borrow
            borrow = d < 0 ? 1 : 0
            if d < 0 { d += 1 << 32 }
            out.append(UInt32(d))
        }
        return out
    }

    package static func multiplyMagnitude(_ a: [UInt32], _ b: [UInt32]) throws -> [UInt32] {
        if a.isEmpty || b.isEmpty { return [] }
        var out = try MemoryGuard.limbs(count: a.count + b.count)
        for i in 0..<a.count {
            var carry: UInt64 = 0
            let x = UInt64(a[i])
            for j in 0..<b.count {
                let t = x * UInt64(b[j]) + UInt64(out[i + j]) + carry
                out[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            var k = i + b.count
            while carry != 0 {
                let t = UInt64(out[k]) + carry
                out[k] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
                k += 1
            }
        }
        return out
    }

    /// Quotient and remainder of magnitudes (b non-empty), bit by bit.
    package static func divideMagnitude(_ a: [UInt32], _ b: [UInt32]) throws -> ([UInt32], [UInt32]) {
        if compareMagnitude(a, b) < 0 { return ([], a) }
        if b.count == 1 {
            let d = UInt64(b[0])
            var q = try MemoryGuard.limbs(count: a.count)
            var r: UInt64 = 0
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                let cur = r << 32 | UInt64(a[i])
                q[i] = UInt32(cur / d)
                r = cur % d
            }
            return (q, r == 0 ? [] : [UInt32(r)])
        }
        var q = try MemoryGuard.limbs(count: a.count)
        var r: [UInt32] = []
        for bit in stride(from: a.count * 32 - 1, through: 0, by: -1) {
            // r = r << 1 | bit of a
            var carry = (a[bit / 32] >> UInt32(bit % 32)) & 1
            for i in 0..<r.count {
                let next = r[i] >> 31
                r[i] = r[i] << 1 | carry
                carry = next
            }
            if carry != 0 { r.append(carry) }
            if compareMagnitude(r, b) >= 0 {
                r = subtractMagnitude(r, b)
                while r.last == 0 { r.removeLast() }
                q[bit / 32] |= 1 << UInt32(bit % 32)
            }
        }
        return (q, r)
    }

    // MARK: text

    /// The digits in `radix` (2...36), with a minus sign when negative.
    public func text(radix: Int = 10) -> String {
        if limbs.isEmpty { return "0" }
        var digits: [Character] = []
        var m = limbs
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        while !m.isEmpty {
            var r: UInt64 = 0
            for i in stride(from: m.count - 1, through: 0, by: -1) {
                let cur = r << 32 | UInt64(m[i])
                m[i] = UInt32(cur / UInt64(radix))
                r = cur % UInt64(radix)
            }
            while m.last == 0 { m.removeLast() }
            digits.append(alphabet[Int(r)])
        }
        return (negative ? "-" : "") + String(digits.reversed())
    }

    /// Julia's `parse(BigInt, s)`: an optional sign, then digits of `radix` (or a `0x`,
    /// `0o`, `0b` prefix when no radix is given); nil when the text is not such a number.
    public static func parse(_ s: String, radix given: Int? = nil) -> BigIntObject? {
        var text = Substring(s)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        var negative = false
        if text.first == "-" || text.first == "+" { negative = text.first == "-"; text = text.dropFirst() }
        var radix = given ?? 10
        if given == nil, text.count > 2, text.first == "0", let p = text.dropFirst().first, "xob".contains(p) {
            radix = p == "x" ? 16 : p == "o" ? 8 : 2
            text = text.dropFirst(2)
        }
        guard !text.isEmpty else { return nil }
        var limbs: [UInt32] = []
        for c in text {
            guard let d = c.hexDigitValue ?? (c.isLetter ? c.lowercased().unicodeScalars.first.map { Int($0.value) - 87 } : nil), d < radix, d >= 0 else { return nil }
            // limbs = limbs * radix + d
            var carry = UInt64(d)
            for i in 0..<limbs.count {
                let t = UInt64(limbs[i]) * UInt64(radix) + carry
                limbs[i] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            if carry != 0 { limbs.append(UInt32(carry)) }
        }
        return BigIntObject(negative: negative, limbs: limbs)
    }

    public func show(_ interp: Interpreter, compact: Bool) throws -> String { text() }
    public func display(_ interp: Interpreter) throws -> String? { nil }

    package func isIdentical(to other: NativeObject) -> Bool {
        guard let o = other as? BigIntObject else { return false }
        return o.negative == negative && o.limbs == limbs
    }
}

extension Value {
    /// This value as a BigInt, if it is one.
    public var bigInt: BigIntObject? {
        if case .native(let b as BigIntObject) = self { return b }
        return nil
    }
}
