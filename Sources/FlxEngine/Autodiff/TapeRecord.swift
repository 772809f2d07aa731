/// What a tape record must undo. Each case carries only plain values; the tensors
/// a backward rule needs are in the record's `a`, `b`, `extra` slots.
enum TapeOp {
    /// a op b → output.
    case binary(BinaryOp)
    /// op(a) → output.
    case unary(UnaryOp)
    /// op(a) · op(b), operands stored untransposed with flags.
    case matmul(transA: Bool, transB: Bool)
    /// op(a[:, :, k]) · op(b[:, :, k]) for every k (a batch of 1 shared).
    case batchedMatmul(transA: Bool, transB: Bool)
    /// Reduction of `a` over dims (all dims when `dims` is all).
    case reduce(ReduceOp, DimSet)
    /// sum(abs2, a).
    case sumAbs2
    case softmax(DimSet)
    case logsoftmax(DimSet)
    /// Same elements, new shape (reshape, vec, dtype-preserving views).
    case reshape
    /// Element type conversion; the gradient converts back.
    case convert
    case permute([Int])
    /// cat of `extra` along 0-based dim.
    case cat(dim: Int)
    /// repeat(a, counts...).
    case tile([Int])
    case gather(IndexPlan)
    /// The gather's adjoint (made only by `backwardRecorded`): `a` added into zeros at the
    /// plan's source positions.
    case scatterAdd(IndexPlan)
    /// NNlib's gather and scatter(+): whole blocks moved by a block index.
    case blockGather(BlockMap)
    case blockScatterAdd(BlockMap)
    /// A fused broadcast; bit k of `sumInputs` marks input k whose gradient Julia forms
    /// with `sum(dx; dims)` even when no dimension is broadcast (see `Fused.backward`).
    case fused(FusedProgram, sumInputs: Int)
    /// ifelse(extra[0] (Bool condition), a, b).
    case select
    /// An elementwise function with its partials in `extra` (one per input; see `Pointwise`).
    case pointwise
    case dot
    case norm(Double)
    /// det(a) → output.
    case det
    /// log|det a| → output (`logabsdet`, `logdet`).
    case logabsdet
    /// inv(a) → output.
    case inverse
    /// a \ b → output.
    case solve
    case kron
    /// opnorm(a, p) for p = 1, 2, Inf.
    case opnorm(Double)
    case loss(LossKind)
    case conv(ConvParams)
    /// The transposed convolution (input gradient of `conv` run forward).
    case convTranspose(ConvParams)
    case pool(PoolParams)
    /// Linear interpolation along one dimension (a class: records stay small).
    case resample(LinearResample)
    /// A scalar record's number as a rank-0 tensor (`Tape.tensor(of:)`): the gradient goes
    /// back to that scalar node.
    case fromScalar(node: Int32)
    /// A derivative the caller gave as a closure (`CustomRuleOp`); inputs in `extra`.
    case custom(CustomRule)
}

/// One recorded operation. Inputs are found again through their tensors' tape
/// slots, so a record holds no per-op array unless the op is n-ary.
struct TapeRecord {
    var op: TapeOp
    var output: Tensor
    var a: Tensor?
    var b: Tensor?
    var extra: [Tensor] = []
    /// How many scalar records existed when this one was made (they run after it backward).
    var scalarMark: Int = 0
}
