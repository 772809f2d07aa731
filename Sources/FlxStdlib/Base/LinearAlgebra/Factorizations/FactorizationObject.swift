import FlxSyntax
import FlxCore
import FlxEngine

/// A factorization object: what `lu`, `cholesky`, `qr`, `svd` and `eigen` return. It keeps
/// LAPACK's output as Julia's struct does (its fields), computes the properties Julia's
/// `getproperty` computes (`F.L`, `F.U`, `F.p`, `F.Q`, `F.V`, ...), iterates into the
/// components for destructuring (`L, U, p = lu(A)`), and prints as Julia 1.10's
/// `show(io, MIME"text/plain"(), F)`.
package final class FactorizationObject: NativeObject, NativeShowable, NativeFields, NativeIterable {
    package enum Kind {
        case lu(Factorizations.LU)
        /// The factor in the `upper` (else lower) triangle of `factors`; `info` -1: not
        /// symmetric, > 0: that leading minor is not positive definite.
        case cholesky(factors: Tensor, upper: Bool, info: Int)
        case qr(factors: Tensor, t: Tensor)
        /// `qr(A, ColumnNorm())`: `geqp3`'s factors and τ, their block reflector T (for Q
        /// products) and the 1-based column permutation.
        case qrPivoted(factors: Tensor, tau: Tensor, t: Tensor, jpvt: [Int])
        case svd(u: Tensor, s: Tensor, vt: Tensor)
        case eigen(values: Tensor, vectors: Tensor)
    }

    package let kind: Kind
    package let dtype: DType

    package init(_ kind: Kind, dtype: DType) {
        self.kind = kind
        self.dtype = dtype
    }

    package override var flxType: FlxType {
        let m = FactorizationTypes.matrix(dtype), v = FactorizationTypes.vector(dtype), e = FactorizationTypes.element(dtype)
        switch kind {
        case .lu: return FactorizationTypes.instance(FactorizationTypes.lu, dtype, [e, m, BuiltinTypes.arrayOf(BuiltinTypes.int64, 1)])
        case .cholesky: return FactorizationTypes.instance(FactorizationTypes.cholesky, dtype, [e, m])
        case .qr: return FactorizationTypes.instance(FactorizationTypes.qr, dtype, [e, m, m])
        case .qrPivoted: return FactorizationTypes.instance(FactorizationTypes.qrPivoted, dtype, [e, m, v, BuiltinTypes.arrayOf(BuiltinTypes.int64, 1)])
        case .svd: return FactorizationTypes.instance(FactorizationTypes.svd, dtype, [e, e, m, v])
        case .eigen: return FactorizationTypes.instance(FactorizationTypes.eigen, dtype, [e, e, m, v])
        }
    }

    /// `issuccess(F)`.
    package var succeeded: Bool {
        switch kind {
        case .lu(let f): return f.info == 0
        case .cholesky(_, _, let info): return info == 0
        default: return true
        }
    }

    /// `size(F)`: the size of the factorized matrix.
    package var size: (Int, Int) {
        switch kind {
        case .lu(let f): return (f.factors.shape[0], f.factors.shape[1])
        case .cholesky(let f, _, _): return (f.shape[0], f.shape[1])
        case .qr(let f, _), .qrPivoted(let f, _, _, _): return (f.shape[0], f.shape[1])
        case .svd(let u, _, let vt): return (u.shape[0], vt.shape[1])
        case .eigen(_, let vectors): return (vectors.shape[0], vectors.shape[1])
        }
    }

    /// The property names Julia's `propertynames(F)` lists, in its order.
    package var propertyNames: [String] {
        switch kind {
        case .lu: return ["L", "U", "p", "P"]
        case .cholesky: return ["U", "L", "UL"]
        case .qr: return ["R", "Q"]
        case .qrPivoted: return ["R", "Q", "p", "P"]
        case .svd: return ["U", "S", "V", "Vt"]
        case .eigen: return ["values", "vectors"]
        }
    }

    /// The stored fields, in the struct's order (what the 2-argument `show` prints).
    package var fieldValues: [(String, Value)] {
        switch kind {
        case .lu(let f):
            return [("factors", .array(ArrayValue(tensor: f.factors))), ("ipiv", (try? DenseBlocks.intVector(f.pivots)) ?? .nothing),
                    ("info", .int(Int64(f.info)))]
        case .cholesky(let f, let upper, let info):
            return [("factors", .array(ArrayValue(tensor: f))), ("uplo", .char(upper ? 0x55 : 0x4C)), ("info", .int(Int64(info)))]
        case .qr(let f, let t): return [("factors", .array(ArrayValue(tensor: f))), ("T", .array(ArrayValue(tensor: t)))]
        case .qrPivoted(let f, let tau, _, let jpvt):
            return [("factors", .array(ArrayValue(tensor: f))), ("τ", .array(ArrayValue(tensor: tau))), ("jpvt", (try? DenseBlocks.intVector(jpvt)) ?? .nothing)]
        case .svd(let u, let s, let vt):
            return [("U", .array(ArrayValue(tensor: u))), ("S", .array(ArrayValue(tensor: s))), ("Vt", .array(ArrayValue(tensor: vt)))]
        case .eigen(let values, let vectors):
            return [("values", .array(ArrayValue(tensor: values))), ("vectors", .array(ArrayValue(tensor: vectors)))]
        }
    }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        let (m, n) = size, k = Swift.min(m, n)
        switch (kind, name) {
        case (.lu(let f), "L"):
            return .array(ArrayValue(tensor: try DenseBlocks.matrix(m, k, dtype) { i, j in
                i == j ? 1 : i > j ? DenseBlocks.at(f.factors, i, j) : 0
            }))
        case (.lu(let f), "U"):
            return .array(ArrayValue(tensor: try DenseBlocks.block(f.factors, rows: k, cols: n) { i, j in i <= j }))
        case (.lu(let f), "p"): return try DenseBlocks.intVector(DenseBlocks.permutation(f.pivots, rows: m))
        case (.lu(let f), "P"):
            // Julia: `Matrix{T}(I, m, m)[:, invperm(F.p)]`, so that P * A == L * U.
            let p = DenseBlocks.permutation(f.pivots, rows: m)
            return .array(ArrayValue(tensor: try DenseBlocks.matrix(m, m, dtype) { i, j in p[i] == j + 1 ? 1 : 0 }))
        case (.cholesky(let f, let upper, _), "U"), (.cholesky(let f, let upper, _), "L"), (.cholesky(let f, let upper, _), "UL"):
            // `UL` is the stored triangle itself; `U` and `L` transpose it when it is the other one.
            let wantsUpper = name == "UL" ? upper : name == "U"
            let stored = try StructuredMatrices.triangle(f, upper: upper)
            return StructuredMatrices.typed(wantsUpper ? StructuredMatrices.upperTriangular : StructuredMatrices.lowerTriangular,
                                            wantsUpper == upper ? stored : try DenseBlocks.transposed(stored))
        case (.qr(let f, _), "R"), (.qrPivoted(let f, _, _, _), "R"):
            return .array(ArrayValue(tensor: try DenseBlocks.block(f, rows: k, cols: n) { i, j in i <= j }))
        case (.qr(let f, let t), "Q"): return .native(QRQObject(factors: f, t: t))
        case (.qrPivoted(let f, let tau, let t, _), "Q"): return .native(QRQObject(factors: f, t: t, tau: tau))
        case (.qrPivoted(_, _, _, let jpvt), "p"): return try DenseBlocks.intVector(jpvt)
        case (.qrPivoted(_, _, _, let jpvt), "P"):
            // Julia: P[p[i], i] = 1, so that A * P == Q * R.
            return .array(ArrayValue(tensor: try DenseBlocks.matrix(n, n, dtype) { i, j in jpvt[j] == i + 1 ? 1 : 0 }))
        case (.svd(let u, _, _), "U"): return .array(ArrayValue(tensor: u))
        case (.svd(_, let s, _), "S"): return .array(ArrayValue(tensor: s))
        case (.svd(_, _, let vt), "Vt"): return .array(ArrayValue(tensor: vt))
        case (.svd(_, _, let vt), "V"):
            let element = ArrayValue.flxType(of: dtype)
            return .array(ArrayValue(tensor: try DenseBlocks.transposed(vt),
                                     type: LinearAlgebraTypes.wrapper(LinearAlgebraTypes.adjoint, element: element, parent: BuiltinTypes.arrayOf(element, 2))))
        default:
            if let stored = fieldValues.first(where: { $0.0 == name }) { return stored.1 }
            return nil
        }
    }

    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }

    /// The components destructuring yields, as Julia's `iterate` methods list them.
    private func components(_ interp: Interpreter) throws -> [Value] {
        let names: [String]
        switch kind {
        case .lu: names = ["L", "U", "p"]
        case .cholesky: names = ["L", "U"]
        case .qr: names = ["Q", "R"]
        case .qrPivoted: names = ["Q", "R", "p"]
        case .svd: names = ["U", "S", "V"]
        case .eigen: names = ["values", "vectors"]
        }
        return try names.map { try field($0, interp) ?? .nothing }
    }

    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator { ListIterator(try components(interp)) }
    package var iterationLength: Int? {
        switch kind {
        case .lu, .svd, .qrPivoted: return 3
        default: return 2
        }
    }

    /// The default `show` of the struct: `LU{...}(factors, ipiv, info)`.
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        TypeNames.show(flxType) + "(" + (try fieldValues.map { try Display.repr($0.1, interp) }.joined(separator: ", ")) + ")"
    }

    /// Julia 1.10's `show(io, MIME"text/plain"(), F)` of each factorization.
    package func display(_ interp: Interpreter) throws -> String? {
        let summary = TypeNames.show(flxType)
        guard succeeded else { return "Failed factorization of type \(summary)" }
        func part(_ name: String) throws -> String { try Display.displayString(field(name, interp) ?? .nothing, interp) }
        switch kind {
        case .lu: return summary + "\nL factor:\n" + (try part("L")) + "\nU factor:\n" + (try part("U"))
        case .cholesky(_, let upper, _): return summary + "\n\(upper ? "U" : "L") factor:\n" + (try part("UL"))
        case .qr: return summary + "\nQ factor: " + (try part("Q")) + "\nR factor:\n" + (try part("R"))
        case .qrPivoted:
            return summary + "\nQ factor: " + (try part("Q")) + "\nR factor:\n" + (try part("R")) + "\npermutation:\n" + (try part("p"))
        case .svd: return summary + "\nU factor:\n" + (try part("U")) + "\nsingular values:\n" + (try part("S")) + "\nVt factor:\n" + (try part("Vt"))
        case .eigen: return summary + "\nvalues:\n" + (try part("values")) + "\nvectors:\n" + (try part("vectors"))
        }
    }
}

/// `F.Q` of a `qr`: Julia 1.10's `QRCompactWYQ`, the m×m orthogonal Q kept as the
/// Householder vectors and block reflectors; it multiplies without being formed, and
/// `Matrix(Q)` forms the thin m×min(m, n) one.
package final class QRQObject: NativeObject, NativeShowable, NativeFields {
    package let factors: Tensor
    package let t: Tensor
    /// The Householder scalars of a pivoted QR's Q (Julia's `QRPackedQ`, which keeps τ
    /// rather than T; flx builds T from them to multiply the same way). Nil for `QRCompactWYQ`.
    package let tau: Tensor?
    /// `Q'`: applied transposed.
    package let adjoint: Bool

    package init(factors: Tensor, t: Tensor, tau: Tensor? = nil, adjoint: Bool = false) {
        self.factors = factors
        self.t = t
        self.tau = tau
        self.adjoint = adjoint
    }

    package var order: Int { factors.shape[0] }

    private var qType: FlxType {
        let m = FactorizationTypes.matrix(factors.dtype), e = FactorizationTypes.element(factors.dtype)
        if tau != nil { return FactorizationTypes.qrPackedQ.instantiate([.type(e), .type(m), .type(FactorizationTypes.vector(factors.dtype))]) }
        return FactorizationTypes.qrQ.instantiate([.type(e), .type(m), .type(m)])
    }

    package override var flxType: FlxType {
        guard adjoint else { return qType }
        return FactorizationTypes.adjointQ.instantiate([.type(FactorizationTypes.element(factors.dtype)), .type(qType)])
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        let body = TypeNames.show(qType) + "(" + (try Display.repr(.array(ArrayValue(tensor: factors)), interp)) + ", "
            + (try Display.repr(.array(ArrayValue(tensor: tau ?? t)), interp)) + ")"
        return adjoint ? TypeNames.show(flxType) + "(" + body + ")" : body
    }

    /// Julia 1.10: `show(io, MIME"text/plain"(), Q::AbstractQ)` prints the size and the summary.
    package func display(_ interp: Interpreter) throws -> String? {
        "\(order)×\(order) " + TypeNames.show(flxType)
    }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "factors": return .array(ArrayValue(tensor: factors))
        case "T" where tau == nil: return .array(ArrayValue(tensor: t))
        case "τ": return tau.map { .array(ArrayValue(tensor: $0)) }
        default: return nil
        }
    }

    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }

    /// `Matrix(Q)`: the thin Q (m×min(m, n)); `Matrix(Q')` the square Qᵀ.
    package func matrix() throws -> Tensor {
        let m = order, k = adjoint ? m : Swift.min(m, factors.shape[1])
        let identity = try DenseBlocks.matrix(m, k, factors.dtype) { i, j in i == j ? 1 : 0 }
        return try Factorizations.qrMultiply(left: true, transpose: adjoint, factors: factors, t: t, identity)
    }

    /// `Q * B` (Q on the left) or `B * Q`, with Julia 1.10's size checks: Q and `B * Q'`
    /// also take the thin size (B's rows, or columns, n), zero-extended to m as Julia does.
    package func multiply(_ b: Tensor, qOnLeft: Bool) throws -> Tensor {
        let m = order, n = factors.shape[1]
        let rows = b.shape[0], cols = b.rank == 2 ? b.shape[1] : 1
        let c = b.rank == 2 ? try b.converted(to: factors.dtype) : try Shaping.reshape(b.converted(to: factors.dtype), [rows, 1], tape: nil)
        let dims = "(\(m), \(n))"
        if qOnLeft {
            if !adjoint {
                guard rows == m || rows == n else {
                    throw Exceptions.dimensionMismatch("first dimension of B, \(rows), must equal one of the dimensions of Q, \(dims)")
                }
            } else if rows != m {
                throw Exceptions.dimensionMismatch("second dimension of Q, \(m), must coincide with first dimension of B, \(rows)")
            }
            let padded = rows == m ? c : try DenseBlocks.matrix(m, cols, factors.dtype) { i, j in i < rows ? DenseBlocks.at(c, i, j) : 0 }
            let out = try Factorizations.qrMultiply(left: true, transpose: adjoint, factors: factors, t: t, padded)
            return b.rank == 2 ? out : try Shaping.reshape(out, [m], tape: nil)
        }
        if adjoint {
            guard cols == m || cols == n else {
                throw Exceptions.dimensionMismatch("second dimension of A, \(cols), must equal one of the dimensions of Q, \(dims)")
            }
        } else if cols != m {
            throw Exceptions.dimensionMismatch("second dimension of A, \(cols), must coincide with first dimension of Q, \(m)")
        }
        let padded = cols == m ? c : try DenseBlocks.matrix(rows, m, factors.dtype) { i, j in j < cols ? DenseBlocks.at(c, i, j) : 0 }
        return try Factorizations.qrMultiply(left: false, transpose: adjoint, factors: factors, t: t, padded)
    }
}
