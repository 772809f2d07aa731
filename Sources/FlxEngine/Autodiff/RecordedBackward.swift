/// Backward rules whose arithmetic is itself recorded on the tape, for `Tape.backwardRecorded`
/// (a derivative that will be differentiated again). Each computes what its first-order rule
/// computes, with ops given the tape instead of `nil`; elementwise ops take their partials
/// from `SymbolicDerivative`. An op without such a rule raises an error naming it: a
/// derivative of a derivative is never silently short of a term.
enum RecordedBackward {
    static func run(_ rec: TapeRecord, upstream g: Tensor, tape: Tape) throws {
        switch rec.op {
        case .binary(let op):
            guard let a = rec.a, let b = rec.b else { return }
            try elementwise(.binary(op, .input(1), .input(2)), [a, b], rec.output, g, tape)
        case .unary(let op):
            guard let x = rec.a else { return }
            try elementwise(.unary(op, .input(1)), [x], rec.output, g, tape)
        case .fused(let program, _):
            try elementwise(shifted(program.expression), rec.extra, rec.output, g, tape)
        case .reduce(.sum, _):
            guard let x = rec.a else { return }
            try tape.accumulateRecorded(x, tape.recordedBroadcast(g, to: x.shape))
        case .reduce(.mean, _):
            guard let x = rec.a else { return }
            let n = Double(x.count / Swift.max(rec.output.count, 1))
            let scaled = try Fused.evaluate(.binary(.mul, .input(0), .constant(1 / n)), inputs: [g], dtype: rec.output.dtype, tape: tape)
            try tape.accumulateRecorded(x, tape.recordedBroadcast(scaled, to: x.shape))
        case .sumAbs2:
            guard let x = rec.a else { return }
            let twice = FusedExpr.binary(.mul, .constant(2), .binary(.mul, .input(0), .input(1)))
            try tape.accumulateRecorded(x, Fused.evaluate(twice, inputs: [g, x], dtype: x.dtype, tape: tape))
        case .softmax(let dims), .logsoftmax(let dims):
            guard let x = rec.a else { return }
            let y = rec.output
            let dx: Tensor
            if case .logsoftmax = rec.op {
                // g − softmax(x) .* sum(g; dims)
                let total = try Reductions.reduce(.sum, g, dims: dims, tape: tape)
                dx = try Fused.evaluate(.binary(.sub, .input(0), .binary(.mul, .unary(.exp, .input(1)), .input(2))),
                                        inputs: [g, y, total], dtype: y.dtype, tape: tape)
            } else {
                // y .* (g − sum(g .* y; dims))
                let gy = try Arithmetic.binary(.mul, g, y, tape: tape)
                let total = try Reductions.reduce(.sum, gy, dims: dims, tape: tape)
                dx = try Fused.evaluate(.binary(.mul, .input(1), .binary(.sub, .input(0), .input(2))),
                                        inputs: [g, y, total], dtype: y.dtype, tape: tape)
            }
            try tape.accumulateRecorded(x, dx)
        case .reshape, .convert:
            // Same elements (the accumulation reshapes and converts back).
            try tape.accumulateRecorded(rec.a, g)
        case .permute(let p0):
            guard let x = rec.a else { return }
            var inverse = [Int](repeating: 0, count: p0.count)
            for (i, p) in p0.enumerated() { inverse[p] = i + 1 }
            try tape.accumulateRecorded(x, Shaping.permutedims(g, inverse, tape: tape))
        case .matmul(let transA, let transB):
            try matmul(transA: transA, transB: transB, rec, g, tape)
        case .dot:
            guard let a = rec.a, let b = rec.b else { return }
            let product = FusedExpr.binary(.mul, .input(0), .input(1))
            if tape.wantsRecorded(a) { try tape.accumulateRecorded(a, Fused.evaluate(product, inputs: [g, b], dtype: rec.output.dtype, tape: tape)) }
            if tape.wantsRecorded(b) { try tape.accumulateRecorded(b, Fused.evaluate(product, inputs: [g, a], dtype: rec.output.dtype, tape: tape)) }
        case .gather(let plan):
            guard let x = rec.a else { return }
            try tape.accumulateRecorded(x, Indexing.scatterAdd(g, plan: plan, into: x.shape, tape: tape))
        case .scatterAdd(let plan):
            guard let x = rec.a else { return }
            try tape.accumulateRecorded(x, Indexing.gather(g, plan: plan, tape: tape))
        case .cat(let d):
            var offset = 0
            for x in rec.extra {
                let width = d < x.rank ? x.shape[d] : 1
                if tape.wantsRecorded(x) {
                    let lists = (0..<g.rank).map { k in k == d ? Array(offset..<offset + width) : Array(0..<g.shape[k]) }
                    try tape.accumulateRecorded(x, Indexing.take(g, lists: lists, tape: tape))
                }
                offset += width
            }
        case .select:
            guard let cond = rec.extra.first else { return }
            let zero = try Tensor.zeros(g.dtype, .scalar)
            if tape.wantsRecorded(rec.a) { try tape.accumulateRecorded(rec.a, Arithmetic.ifelse(cond, g, zero, tape: tape)) }
            if tape.wantsRecorded(rec.b) { try tape.accumulateRecorded(rec.b, Arithmetic.ifelse(cond, zero, g, tape: tape)) }
        case .fromScalar(let node):
            try tape.accumulateScalarRecorded(node, g)
        case .reduce(.prod, _): try prod(rec, g, tape)
        case .reduce(.maximum, let dims), .reduce(.minimum, let dims): try extreme(dims, rec, g, tape)
        case .batchedMatmul(let ta, let tb): try batchedMatmul(transA: ta, transB: tb, rec, g, tape)
        case .tile: break // repeat records a gather instead
        case .blockGather, .blockScatterAdd: throw unsupported("NNlib.gather/scatter")
        case .pointwise: throw unsupported("an elementwise function with a numeric derivative")
        case .norm(let p) where p == 2 || p == 1:
            // g·x/‖x‖ (zero at x = 0) and g·sign(x), as `backwardNorm`.
            guard let x = rec.a else { return }
            let d: FusedExpr = p == 2
                ? .binary(.mul, .binary(.ne, .input(2), .constant(0)), .binary(.div, .binary(.mul, .input(0), .input(1)),
                                                                           .binary(.add, .input(2), .binary(.eq, .input(2), .constant(0)))))
                : .binary(.mul, .input(0), .unary(.sign, .input(1)))
            try tape.accumulateRecorded(x, Fused.evaluate(d, inputs: [g, x, rec.output], dtype: rec.output.dtype, tape: tape))
        case .norm(let p): throw unsupported("norm(x, \(p))")
        case .det: try det(rec, g, tape)
        case .logabsdet: try logabsdet(rec, g, tape)
        case .inverse: try inverse(rec, g, tape)
        case .solve: try solve(rec, g, tape)
        case .kron: try kron(rec, g, tape)
        case .opnorm: throw unsupported("opnorm")
        case .loss(let kind): try loss(kind, rec, g, tape)
        case .conv(let p): try conv(p, rec, g, tape)
        case .convTranspose(let p): try convTranspose(p, rec, g, tape)
        case .pool(let p): try pool(p, rec, g, tape)
        case .resample: throw unsupported("upsampling")
        case .custom(let rule): try CustomRuleOp.backwardRecorded(rule, rec, g, tape)
        }
    }

    private static func unsupported(_ name: String) -> EngineError {
        .argument("Can't differentiate the derivative of \(name): flx has only its first derivative (nested differentiation, hessian)")
    }

    /// `Losses.backward`'s formulas as recorded ops (the log-softmax recomputed on the tape).
    private static func loss(_ kind: LossKind, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let yhat = rec.a, let y = rec.b else { return }
        let t = rec.output.dtype
        switch kind {
        case .mse:
            // ∂/∂ŷ = 2g(ŷ − y)/n, ∂/∂y its negative.
            let n = Double(Swift.max(yhat.count, y.count, 1))
            let scaled = FusedExpr.binary(.mul, .binary(.mul, .constant(2 / n), .input(0)), .binary(.sub, .input(1), .input(2)))
            let gd = try Fused.evaluate(scaled, inputs: [g, yhat, y], dtype: t, tape: tape)
            try tape.accumulateRecorded(yhat, gd)
            if tape.wantsRecorded(y) { try tape.accumulateRecorded(y, Unary.apply(.neg, gd, tape: tape)) }
        case .crossentropy:
            // ∂/∂ŷ = −g/batch · y/(ŷ + ϵ), ∂/∂y = −g/batch · log(ŷ + ϵ).
            let eps = yhat.dtype.floatResult == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
            let scale = FusedExpr.binary(.mul, .constant(-1 / Losses.batchCount(yhat)), .input(0))
            let shifted = FusedExpr.binary(.add, .input(1), .constant(eps))
            if tape.wantsRecorded(yhat) {
                try tape.accumulateRecorded(yhat, Fused.evaluate(.binary(.mul, scale, .binary(.div, .input(2), shifted)),
                                                                 inputs: [g, yhat, y], dtype: t, tape: tape))
            }
            if tape.wantsRecorded(y) {
                try tape.accumulateRecorded(y, Fused.evaluate(.binary(.mul, scale, .unary(.log, shifted)), inputs: [g, yhat], dtype: t, tape: tape))
            }
        case .logitcrossentropy:
            // ∂/∂ŷ = g/batch · (softmax(ŷ) .* sum(y; dims=1) .− y), ∂/∂y = −g/batch · logsoftmax(ŷ).
            let ls = try Reductions.logsoftmax(yhat, tape: tape)
            let scale = FusedExpr.binary(.mul, .constant(1 / Losses.batchCount(yhat)), .input(0))
            if tape.wantsRecorded(yhat) {
                let sy = try Reductions.sum(y, dims: DimSet(mask: 1), tape: tape)
                let d = FusedExpr.binary(.sub, .binary(.mul, .unary(.exp, .input(1)), .input(2)), .input(3))
                try tape.accumulateRecorded(yhat, Fused.evaluate(.binary(.mul, scale, d), inputs: [g, ls, sy, y], dtype: t, tape: tape))
            }
            if tape.wantsRecorded(y) {
                try tape.accumulateRecorded(y, Fused.evaluate(.unary(.neg, .binary(.mul, scale, .input(1))), inputs: [g, ls], dtype: t, tape: tape))
            }
        }
    }

    /// `g · ∂e/∂inputs[k]` for each input the differentiation wants, evaluated as one
    /// recorded fused op (input 0 of the derivative expression is `g`, input k+1 is inputs[k]).
    private static func elementwise(_ e: FusedExpr, _ inputs: [Tensor], _ out: Tensor, _ g: Tensor, _ tape: Tape) throws {
        for (k, x) in inputs.enumerated() where tape.wantsRecorded(x) {
            let d = SymbolicDerivative.times(.input(0), SymbolicDerivative.partial(of: e, wrt: k + 1))
            if case .constant(0) = d { continue }
            try tape.accumulateRecorded(x, Fused.evaluate(d, inputs: [g] + inputs, dtype: out.dtype, tape: tape))
        }
    }

    /// `e` with every input index moved up by one (input 0 becomes the upstream gradient).
    private static func shifted(_ e: FusedExpr) -> FusedExpr {
        switch e {
        case .input(let k): return .input(k + 1)
        case .constant: return e
        case .unary(let op, let x): return .unary(op, shifted(x))
        case .binary(let op, let x, let y): return .binary(op, shifted(x), shifted(y))
        }
    }

    /// out = op(A)·op(B): dA = G·op(B)ᵀ (transposed back when A was), dB = op(A)ᵀ·G (likewise),
    /// vectors read as one-column matrices, all recorded.
    private static func matmul(transA: Bool, transB: Bool, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let a = rec.a, let b = rec.b else { return }
        func matrix(_ t: Tensor) throws -> Tensor {
            t.rank == 2 ? t : try Shaping.reshape(t, try Shape(t.count, 1), tape: tape)
        }
        let A = try matrix(a), B = try matrix(b)
        let m = transA ? A.shape[1] : A.shape[0]
        let n = transB ? B.shape[0] : B.shape[1]
        let G = g.rank == 2 ? g : try Shaping.reshape(g, try Shape(m, n), tape: tape)
        try productRule(a, A, transA: transA, b, B, transB: transB, G, tape) { x, tx, y, ty in
            try LinearAlgebra.matmul(x, transA: tx, y, transB: ty, tape: tape)
        }
    }

    /// The rule of a product op(A)·op(B), recorded: dA = G·op(B)ᵀ (transposed back when A
    /// was), dB = op(A)ᵀ·G (likewise), each by `multiply(x, transX, y, transY)` (a matrix or
    /// batched product) and accumulated into `a` and `b` (of which A and B are views).
    static func productRule(_ a: Tensor, _ A: Tensor, transA: Bool, _ b: Tensor, _ B: Tensor, transB: Bool, _ G: Tensor, _ tape: Tape,
                            multiply: (Tensor, Bool, Tensor, Bool) throws -> Tensor) throws {
        if tape.wantsRecorded(a) {
            try tape.accumulateRecorded(a, transA ? multiply(B, transB, G, true) : multiply(G, false, B, !transB))
        }
        if tape.wantsRecorded(b) {
            try tape.accumulateRecorded(b, transB ? multiply(G, true, A, transA) : multiply(A, !transA, G, false))
        }
    }
}
