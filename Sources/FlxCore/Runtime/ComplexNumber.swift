import FlxSyntax

/// Base's `Complex{T}`: a real and an imaginary part of one type T (any `Real`, a user's
/// number type too, as the manual's `Complex{OurRational{Int64}}`). `im` is
/// `Complex{Bool}(false, true)`. Arithmetic on the parts goes through the language's own
/// operators (`FlxStdlib`'s `ComplexNumbers`), so T's methods are the ones used.
public final class ComplexObject: NativeObject, NativeImmutableValue {
    public let re: Value
    public let im: Value
    /// T, the type both parts have.
    public let partType: FlxType

    public init(_ re: Value, _ im: Value, partType: FlxType) {
        self.re = re
        self.im = im
        self.partType = partType
    }

    /// `Complex{T}`, interned per T.
    public static let family: FlxType = {
        let t = FlxType(name: "Complex", supertype: BuiltinTypes.number)
        t.parameterNames = ["T"]
        t.parameterBounds = [BuiltinTypes.real]
        return t
    }()

    public static func type(_ part: FlxType) -> FlxType { family.instantiate([.type(part)]) }

    public override var flxType: FlxType { ComplexObject.type(partType) }

    /// The part type of a `Complex{T}` type, if it is one.
    public static func partType(of t: FlxType) -> FlxType? {
        guard t.family === family, case .type(let p)? = t.parameters.first else { return nil }
        return p
    }

    /// Julia's aliases: `Complex{Float64}` prints as `ComplexF64`.
    static func alias(_ t: FlxType) -> String? {
        guard let p = partType(of: t) else { return nil }
        if p === BuiltinTypes.float64 { return "ComplexF64" }
        if p === BuiltinTypes.float32 { return "ComplexF32" }
        return nil
    }

    package func isIdentical(to other: NativeObject) -> Bool {
        guard let o = other as? ComplexObject else { return false }
        return o.partType === partType && Value.egal(o.re, re) && Value.egal(o.im, im)
    }
}

extension Value {
    /// This value as a Complex, if it is one.
    public var complex: ComplexObject? {
        if case .native(let c as ComplexObject) = self { return c }
        return nil
    }
}
