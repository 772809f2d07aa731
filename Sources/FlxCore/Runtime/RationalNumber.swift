import FlxSyntax

/// Base's `Rational{T}`: an exact fraction of two integers of type T, kept in lowest
/// terms with a positive denominator (`1//0` is allowed, `0//0` is not). The numbers are
/// computed in 128 bits and must fit T after reduction, else Julia's OverflowError.
public final class RationalObject: NativeObject, NativeShowable, NativeImmutableValue {
    public let numerator: Int128
    public let denominator: Int128
    public let kind: IntKind

    private init(_ n: Int128, _ d: Int128, _ kind: IntKind) {
        numerator = n
        denominator = d
        self.kind = kind
    }

    /// `Rational{T}`, interned per T.
    public static let family: FlxType = {
        let t = FlxType(name: "Rational", supertype: BuiltinTypes.real)
        t.parameterNames = ["T"]
        t.parameterBounds = [BuiltinTypes.integer]
        return t
    }()

    public static func type(_ kind: IntKind) -> FlxType { family.instantiate([.type(kind.type)]) }

    public override var flxType: FlxType { RationalObject.type(kind) }

    /// `n//d` in lowest terms, as Julia's `Rational{T}(n, d)`.
    public static func make(_ n: Int128, _ d: Int128, kind: IntKind) throws -> RationalObject {
        if n == 0 && d == 0 {
            throw Exceptions.argument("invalid rational: zero(\(kind.name))//zero(\(kind.name))")
        }
        var (n, d) = (n, d)
        if d < 0 {
            guard kind.isSigned else { throw Exceptions.overflow("rational numerator is too large") }
            n = -n
            d = -d
        }
        let g = gcd(n.magnitude, d.magnitude)
        if g > 1 {
            n /= Int128(g)
            d /= Int128(g)
        }
        guard fits(n, kind), fits(d, kind) else { throw Exceptions.overflow("\(n)//\(d) does not fit Rational{\(kind.name)}") }
        return RationalObject(n, d, kind)
    }

    static func fits(_ v: Int128, _ kind: IntKind) -> Bool {
        let lowest: Int128 = kind.isSigned ? kind.minimum.signedValue : 0
        return v >= lowest && (v < 0 || UInt128(v) <= kind.maximum.bits)
    }

    private static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    public var double: Double { Double(numerator) / Double(denominator) }

    /// Numerator or denominator as a value of T.
    public func part(_ v: Int128) -> Value { FixedInt(kind, truncating: v).value }

    public func show(_ interp: Interpreter, compact: Bool) throws -> String {
        "\(numerator)//\(denominator)"
    }

    public func display(_ interp: Interpreter) throws -> String? { nil }

    package func isIdentical(to other: NativeObject) -> Bool {
        guard let o = other as? RationalObject else { return false }
        return o.kind == kind && o.numerator == numerator && o.denominator == denominator
    }
}

extension Value {
    /// This value as a Rational, if it is one.
    public var rational: RationalObject? {
        if case .native(let r as RationalObject) = self { return r }
        return nil
    }
}
