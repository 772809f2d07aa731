/// Routes a tape record to its op family's backward rule.
enum Backward {
    static func run(_ rec: TapeRecord, upstream g: Tensor, tape: Tape) throws {
        switch rec.op {
        case .binary(let op): try Arithmetic.backwardBinary(op, rec, g, tape)
        case .unary(let op): try Unary.backward(op, rec, g, tape)
        case .matmul(let ta, let tb): try LinearAlgebra.backwardMatmul(transA: ta, transB: tb, rec, g, tape)
        case .batchedMatmul(let ta, let tb): try BatchedMatmul.backward(transA: ta, transB: tb, rec, g, tape)
        case .reduce(let op, let dims): try Reductions.backward(op, dims, rec, g, tape)
        case .sumAbs2: try Reductions.backwardSumAbs2(rec, g, tape)
        case .softmax(let dims): try Reductions.backwardSoftmax(dims, log: false, rec, g, tape)
        case .logsoftmax(let dims): try Reductions.backwardSoftmax(dims, log: true, rec, g, tape)
        case .reshape: try Shaping.backwardReshape(rec, g, tape)
        case .convert: if let x = rec.a { try tape.accumulate(x, g) }
        case .permute(let p): try Shaping.backwardPermute(p, rec, g, tape)
        case .cat(let d): try Shaping.backwardCat(d, rec, g, tape)
        case .tile: break // repeat records a gather instead
        case .gather(let plan): try Indexing.backwardGather(plan, rec, g, tape)
        case .scatterAdd(let plan): try Indexing.backwardScatterAdd(plan, rec, g, tape)
        case .blockGather(let map): try BlockIndexing.backwardGather(map, rec, g, tape)
        case .blockScatterAdd(let map): try BlockIndexing.backwardScatterAdd(map, rec, g, tape)
        case .fused(let program, let sumInputs): try Fused.backward(program, sumInputs: sumInputs, rec, g, tape)
        case .select: try Arithmetic.backwardSelect(rec, g, tape)
        case .pointwise: try Pointwise.backward(rec, g, tape)
        case .custom(let rule): try CustomRuleOp.backward(rule, rec, g, tape)
        case .dot: try LinearAlgebra.backwardDot(rec, g, tape)
        case .norm(let p): try LinearAlgebra.backwardNorm(p, rec, g, tape)
        case .det: try LinearAlgebra.backwardDet(rec, g, tape)
        case .logabsdet: try LinearAlgebra.backwardLogabsdet(rec, g, tape)
        case .inverse: try LinearAlgebra.backwardInverse(rec, g, tape)
        case .solve: try LinearAlgebra.backwardSolve(rec, g, tape)
        case .kron: try LinearAlgebra.backwardKron(rec, g, tape)
        case .opnorm(let p): try LinearAlgebra.backwardOpnorm(p, rec, g, tape)
        case .loss(let kind): try Losses.backward(kind, rec, g, tape)
        case .conv(let p): try Convolution.backward(p, rec, g, tape)
        case .convTranspose(let p): try Convolution.backwardTranspose(p, rec, g, tape)
        case .pool(let p): try Pooling.backward(p, rec, g, tape)
        case .resample(let plan): try Resample.backward(plan, rec, g, tape)
        case .fromScalar(let node): tape.accumulateScalar(node, g.numericValue(0))
        }
    }
}
