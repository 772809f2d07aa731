/// Recorded backward rules (see `RecordedBackward`) for the matrix functions and the
/// reductions whose first-order rules compute with plain loops: each gives the same numbers
/// as its first-order rule in `Backward`, by operations recorded on the tape so that an
/// enclosing differentiation (`hessian`, `gradient` of `gradient`) goes through them.
extension RecordedBackward {
    /// Ā = ḡ·det(A)·inv(A)ᵀ, with det(A) the record's own output (so its dependence on A is
    /// on the tape as well).
    static func det(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, tape.wantsRecorded(a) else { return }
        let invT = try LinearAlgebra.transpose(LinearAlgebra.inv(a, tape: tape), tape: tape)
        let scale = try Arithmetic.binary(.mul, g, rec.output, tape: tape)
        try tape.accumulateRecorded(a, Arithmetic.binary(.mul, invT, scale, tape: tape))
    }

    /// Ā = ḡ·inv(A)ᵀ (`logabsdet`, `logdet`).
    static func logabsdet(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, tape.wantsRecorded(a) else { return }
        let invT = try LinearAlgebra.transpose(LinearAlgebra.inv(a, tape: tape), tape: tape)
        try tape.accumulateRecorded(a, Arithmetic.binary(.mul, invT, g, tape: tape))
    }

    /// Ω = inv(A): Ā = −Ωᵀ Ḡ Ωᵀ.
    static func inverse(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, tape.wantsRecorded(a) else { return }
        let w = rec.output
        let gw = try LinearAlgebra.matmul(converted(g, w.dtype, tape), w, transB: true, tape: tape)
        try tape.accumulateRecorded(a, Unary.apply(.neg, LinearAlgebra.matmul(w, transA: true, gw, tape: tape), tape: tape))
    }

    /// X = A \ B: B̄ = Aᵀ \ Ḡ, Ā = −B̄ Xᵀ.
    static func solve(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, let b = rec.b else { return }
        guard tape.wantsRecorded(a) || tape.wantsRecorded(b) else { return }
        let x = rec.output
        let at = try LinearAlgebra.transpose(converted(a, x.dtype, tape), tape: tape)
        let bbar = try LinearAlgebra.solve(at, converted(g, x.dtype, tape), tape: tape)
        try tape.accumulateRecorded(b, bbar)
        guard tape.wantsRecorded(a) else { return }
        // A vector B: the outer product B̄ Xᵀ as a one-column matrix times a one-row one.
        let column = x.rank == 1 ? try Shaping.reshape(bbar, try Shape(bbar.count, 1), tape: tape) : bbar
        let row = x.rank == 1 ? try Shaping.reshape(x, try Shape(x.count, 1), tape: tape) : x
        try tape.accumulateRecorded(a, Unary.apply(.neg, LinearAlgebra.matmul(column, row, transB: true, tape: tape), tape: tape))
    }

    /// K = kron(A, B) with A m×n and B p×q: G read as G₄[k, i, l, j] (row (i−1)p + k, column
    /// (j−1)q + l), permuted to [k, l, i, j] and flattened to M (pq × mn); then
    /// vec(Ā) = Mᵀ vec(B) and vec(B̄) = M vec(A).
    static func kron(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, let b = rec.b else { return }
        guard tape.wantsRecorded(a) || tape.wantsRecorded(b) else { return }
        let t = rec.output.dtype
        let (m, n) = (a.shape[0], a.rank == 2 ? a.shape[1] : 1)
        let (p, q) = (b.shape[0], b.rank == 2 ? b.shape[1] : 1)
        let g4 = try Shaping.reshape(converted(g, t, tape), try Shape([p, m, q, n]), tape: tape)
        let klij = try Shaping.permutedims(g4, [1, 3, 2, 4], tape: tape)
        let M = try Shaping.reshape(klij, try Shape(p * q, m * n), tape: tape)
        if tape.wantsRecorded(a) {
            let vb = try Shaping.reshape(converted(b, t, tape), try Shape(p * q, 1), tape: tape)
            try tape.accumulateRecorded(a, LinearAlgebra.matmul(M, transA: true, vb, tape: tape))
        }
        if tape.wantsRecorded(b) {
            let va = try Shaping.reshape(converted(a, t, tape), try Shape(m * n, 1), tape: tape)
            try tape.accumulateRecorded(b, LinearAlgebra.matmul(M, va, tape: tape))
        }
    }

    /// C = op(A) ⊠ op(B), slice by slice: the matmul rule with batched products.
    static func batchedMatmul(transA: Bool, transB: Bool, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, let b = rec.b else { return }
        try productRule(a, a, transA: transA, b, b, transB: transB, g, tape) { x, tx, y, ty in
            try BatchedMatmul.multiply(x, transA: tx, y, transB: ty, tape: tape)
        }
    }

    /// `prod`: x̄ᵢ = ḡ·y/xᵢ. An element equal to zero (whose derivative is the product of
    /// the others, a different function of x) is refused rather than given a wrong term.
    static func prod(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a, tape.wantsRecorded(x) else { return }
        for i in 0..<x.count where x.numericValue(i) == 0 {
            throw EngineError.argument("Can't differentiate the derivative of prod at an array with a zero element: flx has only its first derivative there (nested differentiation, hessian)")
        }
        let y = rec.output
        let d = FusedExpr.binary(.div, .binary(.mul, .input(0), .input(1)), .input(2))
        let gb = try tape.recordedBroadcast(converted(g, y.dtype, tape), to: x.shape)
        let yb = try tape.recordedBroadcast(y, to: x.shape)
        try tape.accumulateRecorded(x, Fused.evaluate(d, inputs: [gb, yb, x], dtype: y.dtype, tape: tape))
    }

    /// `maximum`/`minimum`: the gradient goes to the first extreme element of each slice, as
    /// the first-order rule sends it; which element that is does not change under a small
    /// change of x, so the selection is a constant mask.
    static func extreme(_ dims: DimSet, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a, tape.wantsRecorded(x) else { return }
        let y = rec.output
        let mask = try Tensor.zeros(y.dtype, x.shape)
        if y.dtype == .float32 {
            try Reductions.eachFirstExtreme(x, y, dims, Float.self) { i, _ in mask.setNumeric(1, i) }
        } else {
            try Reductions.eachFirstExtreme(x, y, dims, Double.self) { i, _ in mask.setNumeric(1, i) }
        }
        let gb = try tape.recordedBroadcast(converted(g, y.dtype, tape), to: x.shape)
        try tape.accumulateRecorded(x, Arithmetic.binary(.mul, gb, mask, tape: tape))
    }

    /// `t` in `dtype`, the conversion recorded (the recorded rules' operands).
    static func converted(_ t: Tensor, _ dtype: DType, _ tape: Tape) throws -> Tensor {
        t.dtype == dtype ? t : try Conversion.convert(t, to: dtype, tape: tape)
    }
}
