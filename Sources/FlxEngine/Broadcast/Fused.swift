import Synchronization

/// A fused expression compiled once for repeated evaluation.
public final class FusedKernel: @unchecked Sendable {
    // Immutable after init, hence safe to share.
    let program: FusedProgram
    public let inputCount: Int

    public init(_ expr: FusedExpr, inputCount: Int) throws {
        program = try FusedProgram(expr, inputCount: inputCount)
        self.inputCount = inputCount
    }
}

/// Evaluates a whole broadcast expression in one pass over the output, in blocks
/// of `chunk` elements: every node's values for a block stay in cache, and only
/// the result is written to memory. The backward pass is elementwise as well:
/// it recomputes a block's node values from the saved inputs, then runs the
/// adjoints back through the instructions.
public enum Fused {
    static let chunk = 256

    /// `expr` over `inputs` with Julia broadcasting. Computes in the promoted float
    /// type of the inputs (Float64 for integer inputs) unless `dtype` overrides it
    /// (pass `.float64` when the source has a Float64 literal among Float32 arrays).
    /// Comparisons yield 1 or 0 in that float type.
    /// `sumInputs` (a bit per input) marks inputs whose gradient Julia takes through
    /// `sum(dx; dims)`, like Flux's bias in `bias_act!`.
    public static func evaluate(_ expr: FusedExpr, inputs: [Tensor], dtype: DType? = nil, sumInputs: Int = 0, tape: Tape?) throws -> Tensor {
        try evaluate(FusedKernel(expr, inputCount: inputs.count), inputs: inputs, dtype: dtype, sumInputs: sumInputs, tape: tape)
    }

    /// Same as above with a kernel compiled once (the language can compile each
    /// dotted expression when it first sees it and reuse it every iteration).
    public static func evaluate(_ kernel: FusedKernel, inputs: [Tensor], dtype: DType? = nil, sumInputs: Int = 0, tape: Tape?) throws -> Tensor {
        let program = kernel.program
        guard inputs.count == program.inputCount else {
            throw EngineError.argument("fused kernel takes \(program.inputCount) inputs, got \(inputs.count)")
        }
        var shape = inputs.first?.shape ?? .scalar
        var t = dtype ?? inputs.first?.dtype ?? .float64
        var sameType = true
        for x in inputs {
            shape = try BroadcastShape.combine(shape, x.shape)
            if dtype == nil { t = DType.promote(t, x.dtype) }
        }
        t = t.floatResult
        for x in inputs where x.dtype != t { sameType = false }
        let out = try Tensor(uninitialized: t, shape)
        // Convert only when needed: the common case passes the caller's array through.
        let converted = sameType ? inputs : try inputs.map { try $0.promoted(to: t) }
        if let layout = biasGeluLayout(program, converted, t, shape) {
            biasGeluForward(converted[0], converted[1], out, layout)
        } else if let layout = biasReluLayout(program, converted, t, shape) {
            if t == .float32 {
                biasReluForward(converted[0], converted[1], out, layout, Float.self)
            } else {
                biasReluForward(converted[0], converted[1], out, layout, Double.self)
            }
        } else if t == .float32 {
            try run(program, converted, out, grad: nil, gradsOut: [], Float.self)
        } else {
            try run(program, converted, out, grad: nil, gradsOut: [], Double.self)
        }
        if let tape, inputs.contains(where: { tape.isTracked($0) }) {
            tape.record(.fused(program, sumInputs: sumInputs), output: out, nil, extra: inputs)
        }
        return out
    }

    static func backward(_ program: FusedProgram, sumInputs: Int, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        let out = rec.output, t = out.dtype
        if g.dtype == t, g.shape == out.shape, biasReluLayout(program, rec.extra, t, out.shape) != nil {
            return try biasReluBackward(rec, g, tape)
        }
        if g.dtype == t, g.shape == out.shape, let layout = biasGeluLayout(program, rec.extra, t, out.shape) {
            return try biasGeluBackward(rec, g, layout, tape)
        }
        let inputs = try rec.extra.map { try $0.promoted(to: t) }
        // Sums of contributions start at -0.0 so a single -0.0 survives (see `SignedZero`),
        // except where Julia reduces with `sum(dx; dims)`, whose sums start at +0.0
        // (Base's `reducedim_init` for `+`, Julia 1.10/1.11).
        let gradsOut: [Tensor?] = try rec.extra.enumerated().map { k, x in
            guard tape.isTracked(x) && x.dtype.isFloat else { return nil }
            let start = sumInputs & (1 << k) != 0 ? 0.0 : SignedZero.accumulatorStart
            return try Tensor.filled(value: start, dtype: t, shape: out.shape)
        }
        let gg = try g.promoted(to: t)
        if t == .float32 {
            try run(program, inputs, out, grad: gg, gradsOut: gradsOut, Float.self)
        } else {
            try run(program, inputs, out, grad: gg, gradsOut: gradsOut, Double.self)
        }
        for (x, gx) in zip(rec.extra, gradsOut) { if let gx { try tape.accumulate(x, gx) } }
    }

    /// Forward-only evaluation into an existing buffer (used by `assign`).
    static func runPublic<T: FloatElement>(_ program: FusedProgram, _ inputs: [Tensor], _ out: Tensor, _: T.Type) throws {
        try run(program, inputs, out, grad: nil, gradsOut: [], T.self)
    }

    /// How one input's element for output position `lin` is found.
    private enum Access {
        case same            // same shape as the output: offset = lin
        case scalar          // one element
        case leading(Int)    // matches the output's leading dims, 1 after: lin % n
        case general         // full decomposition of lin
    }

    private static func access(_ x: Shape, _ out: Shape) -> Access {
        if x == out || x.count == out.count { return .same }
        if x.count == 1 { return .scalar }
        var r = 0
        while r < out.rank && x[r] == out[r] { r += 1 }
        var rest = true
        for i in r..<Swift.max(out.rank, x.rank) where x[i] != 1 { rest = false }
        if rest && r > 0 { return .leading(x.count) }
        return .general
    }

    /// Forward over all blocks; with `grad` set, also the reverse sweep accumulating
    /// d(output)/d(input k) · grad into gradsOut[k] (laid out in the output's shape).
    /// Runs of blocks go to threads; each writes only its blocks' outputs and gradient
    /// entries. The error raised is the first failing block's, as in one pass.
    private static func run<T: FloatElement>(_ program: FusedProgram, _ inputs: [Tensor], _ out: Tensor,
                                             grad: Tensor?, gradsOut: [Tensor?], _: T.Type) throws {
        let C = Swift.max(Swift.min(chunk, out.count), 1)  // small outputs need small registers
        let firstFailure = Mutex<(block: Int, error: EngineError)?>(nil)
        Parallel.forEach((out.count + C - 1) / C, elementsPerItem: C) { blocks in
            guard let failure = runBlocks(blocks, size: C, program, inputs, out, grad: grad, gradsOut: gradsOut, T.self) else { return }
            firstFailure.withLock { first in
                if let f = first, f.block < failure.block { return }
                first = failure
            }
        }
        if let first = firstFailure.withLock({ $0 }) { throw first.error }
    }

    /// Blocks `blocks` of `C` outputs each, in order; stops at the first block with a
    /// domain error and returns it with the block's index.
    private static func runBlocks<T: FloatElement>(_ blocks: Range<Int>, size C: Int, _ program: FusedProgram, _ inputs: [Tensor],
                                                   _ out: Tensor, grad: Tensor?, gradsOut: [Tensor?],
                                                   _: T.Type) -> (block: Int, error: EngineError)? {
        let code = program.code, nInstr = code.count, total = out.count
        let outShape = out.shape
        let po = out.ptr(T.self)
        let pg = grad?.ptr(T.self)
        var failure: EngineError? = nil
        return withUnsafeTemporaryAllocation(of: T.self, capacity: nInstr * C * (grad == nil ? 1 : 2)) { regs -> (block: Int, error: EngineError)? in
            guard let base = regs.baseAddress else { return nil }
            let adj = base + nInstr * C
            var start = blocks.lowerBound * C
            let end = Swift.min(blocks.upperBound * C, total)
            while start < end {
                let len = Swift.min(C, end - start)
                // Forward: each instruction fills its register for this block.
                for (i, ins) in code.enumerated() {
                    let r = base + i * C
                    switch ins {
                    case .load(let k):
                        let px = inputs[k].ptr(T.self)
                        switch access(inputs[k].shape, outShape) {
                        case .same: r.update(from: px + start, count: len)
                        case .scalar: r.update(repeating: px[0], count: len)
                        case .leading(let n):
                            // A bias along the leading dims: walk it with a wrapping offset
                            // (an integer division per element cost more than the rest of the block).
                            var o = start % n
                            for j in 0..<len {
                                r[j] = px[o]
                                o &+= 1
                                if o == n { o = 0 }
                            }
                        case .general:
                            let xs = inputs[k].shape
                            for j in 0..<len { r[j] = px[broadcastOffset(start + j, outShape, xs)] }
                        }
                    case .constant(let c):
                        r.update(repeating: T(c), count: len)
                    case .unary(let op, let a):
                        let x = base + a * C
                        switch op {
                        case .relu: for j in 0..<len { let v = x[j]; r[j] = v > 0 ? v : (v.isNaN ? v : 0) }
                        default: for j in 0..<len { r[j] = op.eval(x[j]) }
                        }
                        if op.hasDomainLimit {
                            for j in 0..<len where r[j].isNaN && !x[j].isNaN {
                                if let e = op.domainError(Double(x[j]), T.dtype) { failure = e }
                            }
                        }
                    case .binary(let op, let a, let b):
                        let x = base + a * C, y = base + b * C
                        if op == .pow, case .constant(2) = code[b] {
                            // `x .^ 2` is Julia's `literal_pow`: x * x, not a call to pow.
                            for j in 0..<len { r[j] = x[j] * x[j] }
                            continue
                        }
                        switch op {
                        case .add: for j in 0..<len { r[j] = x[j] + y[j] }
                        case .sub: for j in 0..<len { r[j] = x[j] - y[j] }
                        case .mul: for j in 0..<len { r[j] = x[j] * y[j] }
                        case .div: for j in 0..<len { r[j] = x[j] / y[j] }
                        default: for j in 0..<len { r[j] = op.eval(x[j], y[j]) }
                        }
                        if op == .pow {
                            for j in 0..<len where r[j].isNaN && !x[j].isNaN && !y[j].isNaN { failure = BinaryOp.powDomainError(base: Double(x[j]), T.dtype) }
                        }
                    }
                }
                if let failure { return (start / C, failure) }
                let result = base + (nInstr - 1) * C
                guard let pg else {
                    (po + start).update(from: result, count: len)
                    start += len
                    continue
                }
                // Reverse: adjoints of every register for this block.
                adj.update(repeating: T(SignedZero.accumulatorStart), count: nInstr * C)
                (adj + (nInstr - 1) * C).update(from: pg + start, count: len)
                var i = nInstr - 1
                while i >= 0 {
                    let r = base + i * C, dr = adj + i * C
                    switch code[i] {
                    case .load(let k):
                        if let gk = gradsOut[k] {
                            let pk = gk.ptr(T.self) + start
                            for j in 0..<len { pk[j] += dr[j] }
                        }
                    case .constant: break
                    case .unary(let op, let a):
                        let x = base + a * C, da = adj + a * C
                        if op == .relu {
                            // Its own loop so it vectorises; the same rule as `backprop`.
                            for j in 0..<len { da[j] += SignedZero.times(dr[j], x[j] > 0) }
                        } else {
                            for j in 0..<len { da[j] += op.backprop(dr[j], x[j], r[j]) }
                        }
                    case .binary(let op, let a, let b):
                        let x = base + a * C, y = base + b * C, da = adj + a * C, db = adj + b * C
                        switch op {
                        // The common ones get loops of their own (no switch per element);
                        // the products are `backprop`'s, g·1, g·(-1), g·y, g·x.
                        case .add: for j in 0..<len { let g = dr[j]; da[j] += g * 1; db[j] += g * 1 }
                        case .sub: for j in 0..<len { let g = dr[j]; da[j] += g * 1; db[j] += g * -1 }
                        case .mul: for j in 0..<len { let g = dr[j]; da[j] += g * y[j]; db[j] += g * x[j] }
                        case .pow where { if case .constant(2) = code[b] { return true }; return false }():
                            // A constant exponent has no gradient to take; d(x²) = 2x, as
                            // `backprop` gives it (pow(x, 1) is x) without its log(x).
                            for j in 0..<len { da[j] += dr[j] * (2 * x[j]) }
                        default:
                            for j in 0..<len {
                                let (gx, gy) = op.backprop(dr[j], x[j], y[j], r[j])
                                da[j] += gx
                                db[j] += gy
                            }
                        }
                    }
                    i -= 1
                }
                start += len
            }
            return nil
        }
    }

    /// Offset into an operand of shape `x` for output linear index `lin` under broadcasting.
    @inline(__always)
    private static func broadcastOffset(_ lin: Int, _ out: Shape, _ x: Shape) -> Int {
        var rem = lin, off = 0, stride = 1
        for d in 0..<out.rank {
            let n = out[d]
            let i = rem % n
            rem /= n
            let xd = x[d]
            if xd != 1 { off += i * stride }
            stride *= xd
        }
        return off
    }
}
