import FlxSyntax
import FlxCore
import FlxEngine

/// `UpperTriangular`, `LowerTriangular`, `Symmetric` and `Hermitian`: Julia's views of one
/// triangle of a parent matrix. As with `Diagonal`, flx keeps their elements dense (the
/// other triangle zero, or mirrored) and the type tells them apart: the triangles print
/// `⋅` where Julia's `replace_in_print_matrix` does, and the factorizations read the
/// symmetric ones' `uplo`.
package enum StructuredMatrices {
    package static let upperTriangular = family("UpperTriangular") { r, c in r > c }
    package static let lowerTriangular = family("LowerTriangular") { r, c in r < c }
    package static let symmetric = family("Symmetric", zero: nil)
    package static let hermitian = family("Hermitian", zero: nil)

    private static func family(_ name: String, zero: ((Int, Int) -> Bool)?) -> FlxType {
        let t = FlxType(name: name, supertype: BuiltinTypes.abstractArrayOf(nil, 2))
        t.parameterNames = ["T", "S"]
        t.arrayStyle = ArrayStyle(structuralZero: zero)
        return t
    }

    /// `UpperTriangular{T, Matrix{T}}` (and the others) of a dense matrix whose other
    /// triangle the caller has already made zero (or mirrored).
    static func typed(_ family: FlxType, _ t: Tensor) -> Value {
        let element = ArrayValue.flxType(of: t.dtype)
        let type = family.instantiate([.type(element), .type(BuiltinTypes.arrayOf(element, 2))], supertype: BuiltinTypes.abstractArrayOf(element, 2))
        return .array(ArrayValue(tensor: t, type: type))
    }

    /// The family of a structured matrix value, nil for a plain one.
    static func family(of v: Value) -> FlxType? {
        guard case .array(let a) = v, a.type.arrayPresentation != nil, let f = a.type.family else { return nil }
        return [upperTriangular, lowerTriangular, symmetric, hermitian].first { $0 === f }
    }

    /// The square matrix with only the upper (lower) triangle of `t`.
    static func triangle(_ t: Tensor, upper: Bool) throws -> Tensor {
        let n = t.shape[0]
        return try DenseBlocks.block(t, rows: n, cols: t.shape[1]) { i, j in upper ? i <= j : i >= j }
    }

    /// The symmetric matrix mirrored from the upper (lower) triangle of the square `t`.
    static func mirrored(_ t: Tensor, upper: Bool) throws -> Tensor {
        try DenseBlocks.matrix(t.shape[0], t.shape[1], t.dtype) { i, j in
            (upper ? i <= j : i >= j) ? DenseBlocks.at(t, i, j) : DenseBlocks.at(t, j, i)
        }
    }

    /// A square matrix argument, else Julia's `checksquare` DimensionMismatch.
    static func square(_ v: Value, _ name: String) throws -> Tensor {
        let t = try DenseBlocks.plainMatrix(v, name)
        guard t.shape[0] == t.shape[1] else {
            throw Exceptions.dimensionMismatch("matrix is not square: dimensions are (\(t.shape[0]), \(t.shape[1]))")
        }
        return t
    }

    /// `Symmetric(A, uplo = :U)` / `Hermitian(A, uplo = :U)`.
    static func wrap(_ family: FlxType, _ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect(family.name, 1...2)
        var upper = true
        if a.count == 2 {
            guard case .symbol(let s) = a[1], s.name == "U" || s.name == "L" else {
                throw Exceptions.argument("uplo argument must be either :U (upper) or :L (lower), got \(try Display.repr(a[1], interp))")
            }
            upper = s.name == "U"
        }
        let t = try square(a[0], family.name)
        return typed(family, try mirrored(t, upper: upper))
    }

    static func wrapTriangle(_ family: FlxType, _ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect(family.name, 1...1)
        let t = try square(a[0], family.name)
        return typed(family, try triangle(t, upper: family === upperTriangular))
    }

    static func install(_ interp: Interpreter) {
        let b = interp.base
        for f in [symmetric, hermitian] {
            TypeBuiltins.setConstructor(f) { interp, a in try wrap(f, interp, a) }
            b.define(f.name, .type(f))
        }
        for f in [upperTriangular, lowerTriangular] {
            TypeBuiltins.setConstructor(f) { interp, a in try wrapTriangle(f, interp, a) }
            b.define(f.name, .type(f))
        }
    }

    static let help: [(String, BuiltinHelp)] = [
        ("Symmetric", BuiltinHelp("Symmetric(A, uplo = :U)", "The symmetric matrix read from the upper (`:U`) or lower (`:L`) triangle of the square `A`; `eigen` and `cholesky` of it use the symmetric algorithms.", "Symmetric([1 2; 3 4])  # [1 2; 2 4]")),
        ("Hermitian", BuiltinHelp("Hermitian(A, uplo = :U)", "The Hermitian matrix read from one triangle of `A` (for real matrices the same as `Symmetric`).", "Hermitian([1.0 2.0; 0.0 4.0])  # [1.0 2.0; 2.0 4.0]")),
        ("UpperTriangular", BuiltinHelp("UpperTriangular(A)", "The upper triangle of the square `A`, printed with `⋅` below the diagonal; what `cholesky(A).U` returns.", "UpperTriangular([1 2; 3 4])")),
        ("LowerTriangular", BuiltinHelp("LowerTriangular(A)", "The lower triangle of the square `A`, printed with `⋅` above the diagonal.", "LowerTriangular([1 2; 3 4])")),
    ]
}
