/// Derivatives of derivatives (`gradient` inside `gradient`, `hessian`): one tape, with the
/// inner differentiation's backward pass itself recorded on it.
///
/// An inner differentiation starts at a `TapeMark`; its function records after that mark on
/// the same tape as the enclosing one (its arguments get fresh nodes, `identity(_:)`, so only
/// the dependence through them is the inner derivative, while numbers the function captures
/// stay on the tape for the outer one). `backwardRecorded` then sweeps only the records after
/// the mark and computes every gradient with recorded operations (the partials as
/// `SymbolicDerivative` expressions, products as recorded products), so the gradients it
/// returns are values on the tape too, and the enclosing backward pass differentiates
/// through them: PyTorch's `create_graph`, Zygote's reverse-over-reverse.
public struct TapeMark: Sendable {
    let records: Int
    let scalars: Int
    let slots: Int
    /// The scalar records' edge count then (where a sweep ending here starts reading them).
    let edges: Int
}

/// What a scalar record computed, kept while a differentiation is nested (`Tape.nesting`),
/// since the scalar records themselves hold only numbers.
enum ScalarOperation {
    case unary(UnaryOp, ScalarValue)
    case binary(BinaryOp, ScalarValue, ScalarValue)
    /// A function whose derivative flx has only as a number (named for the error).
    case numeric(String)
}

extension Tape {
    /// Starts a differentiation inside the one under way: what is recorded from here on
    /// belongs to it (and keeps what `backwardRecorded` needs). Pair with `endNested`.
    public func beginNested() -> TapeMark {
        nesting += 1
        return currentMark()
    }

    /// Where the tape stands now, without starting a nested differentiation: the end of the
    /// stretch a later `backwardRecorded(seeds:since:until:)` sweeps (a nested `pullback`,
    /// whose `back` runs after the enclosing function has recorded more).
    public func currentMark() -> TapeMark {
        TapeMark(records: records.count, scalars: scalars.count, slots: slotCount, edges: scalars.inputs.count)
    }

    public func endNested() { nesting = Swift.max(nesting - 1, 0) }

    /// A new node standing for the tracked tensor `t` (same elements, gradient passed on to
    /// `t`): an inner differentiation's argument, whose gradient must be told apart from the
    /// gradient of `t` reached other ways.
    public func identity(_ t: Tensor) -> Tensor {
        let out = Tensor(viewOf: t, shape: t.shape)
        if isTracked(t) { record(.reshape, output: out, t) } else { watch(out) }
        return out
    }

    /// The reverse pass from `output` over the records made since `mark`, every gradient
    /// computed by operations recorded on this tape (so it can be differentiated again).
    /// Afterwards `gradient(of:)` answers with those gradients for tensors watched or made
    /// since `mark`.
    public func backwardRecorded(from output: Tensor, since mark: TapeMark) throws {
        guard output.count == 1 else {
            throw EngineError.argument("Output should be scalar; gradients are not defined for output of size \(output.shape)")
        }
        let seedType = output.dtype.isFloat ? output.dtype : .float64
        try backwardRecorded(seeds: [(output, try Tensor.filled(value: 1.0, dtype: seedType, shape: output.shape))],
                             since: mark, until: currentMark())
    }

    /// The reverse pass over the records made between `mark` and `end` only, from the given
    /// gradients of outputs made in that stretch (each `upstream` shaped like its output, or
    /// one element), every gradient computed by recorded operations. What was recorded after
    /// `end` (the enclosing function's use of the outputs, the computation of `upstream`
    /// itself) is not swept: the upstream gradients are given, not differentiated through.
    public func backwardRecorded(seeds: [(output: Tensor, upstream: Tensor)], since mark: TapeMark, until end: TapeMark) throws {
        grads.removeAll(keepingCapacity: true)
        recordedScalarGrads.removeAll()
        let tracked = seeds.filter { isTracked($0.output) && $0.output.tapeSlot >= mark.slots && $0.output.tapeSlot < end.slots }
        guard !tracked.isEmpty else { return }
        let endRecords = end.records, endScalars = end.scalars
        ownedGradSlots.removeAll()
        grads.append(contentsOf: repeatElement(nil, count: slotCount))
        recordedSlotFloor = mark.slots
        recordedScalarFloor = mark.scalars
        for (output, upstream) in tracked {
            let type = output.dtype.isFloat ? output.dtype : .float64
            var g = upstream.dtype == type ? upstream : try Conversion.convert(upstream, to: type, tape: self)
            if g.shape != output.shape {
                guard g.count == 1 || g.count == output.count else {
                    throw EngineError.dimensionMismatch("a gradient of size \(dims: g.shape.dims) for an output of size \(dims: output.shape.dims)")
                }
                g = g.count == output.count ? try Shaping.reshape(g, output.shape, tape: self) : try recordedBroadcast(g, to: output.shape)
            }
            let slot = output.tapeSlot
            grads[slot] = try grads[slot].map { try Arithmetic.binary(.add, $0, g, tape: self) } ?? g
        }
        var next = endScalars - 1, edgeEnd = end.edges
        var i = endRecords - 1
        while i >= mark.records {
            let rec = records[i]
            try sweepScalarsRecorded(&next, &edgeEnd, downTo: Swift.max(rec.scalarMark, mark.scalars))
            if let g = grads[rec.output.tapeSlot] { try RecordedBackward.run(rec, upstream: g, tape: self) }
            i -= 1
        }
        try sweepScalarsRecorded(&next, &edgeEnd, downTo: mark.scalars)
    }

    /// Whether `backwardRecorded` wants the gradient of `t` (made or watched since its mark).
    @inline(__always)
    func wantsRecorded(_ t: Tensor?) -> Bool {
        guard let t else { return false }
        return isTracked(t) && t.tapeSlot >= recordedSlotFloor && t.dtype.isFloat
    }

    /// `accumulate` with recorded operations: summed to `input`'s shape, converted to its
    /// type, added to what it had.
    func accumulateRecorded(_ input: Tensor?, _ g: Tensor) throws {
        guard let input, wantsRecorded(input) else { return }
        var g = g
        if g.shape != input.shape {
            g = g.count == input.count ? try Shaping.reshape(g, input.shape, tape: self) : try recordedSumTo(g, input.shape)
        }
        if g.dtype != input.dtype { g = try Conversion.convert(g, to: input.dtype, tape: self) }
        let slot = input.tapeSlot
        if let existing = grads[slot] {
            grads[slot] = try Arithmetic.binary(.add, existing, g, tape: self)
        } else {
            grads[slot] = g
        }
    }

    /// `Reductions.sumTo` as recorded operations: a sum over the broadcast dims, reshaped.
    func recordedSumTo(_ g: Tensor, _ target: Shape) throws -> Tensor {
        var mask: UInt64 = 0
        for i in 0..<g.rank where i >= target.rank || (target[i] == 1 && g.shape[i] != 1) { mask |= 1 << UInt64(i) }
        let summed = mask == 0 ? g : try Reductions.reduce(.sum, g, dims: DimSet(mask: mask), tape: self)
        guard summed.count == target.count else {
            throw EngineError.dimensionMismatch("cannot reduce gradient of size \(g.shape) to \(target)")
        }
        return summed.shape == target ? summed : try Shaping.reshape(summed, target, tape: self)
    }

    /// `g` broadcast to `shape` by a recorded gather (its derivative is a scatter-add).
    func recordedBroadcast(_ g: Tensor, to shape: Shape) throws -> Tensor {
        if g.shape == shape { return g }
        var dims: [Int] = []
        for i in 0..<shape.rank { dims.append(i < g.rank ? g.shape[i] : 1) }
        let padded = try Shaping.reshape(g, try Shape(dims), tape: self)
        let lists = (0..<shape.rank).map { d in padded.shape[d] == shape[d] ? Array(0..<shape[d]) : Array(repeating: 0, count: shape[d]) }
        return try Indexing.take(padded, lists: lists, tape: self)
    }

    // MARK: scalar records

    /// The recorded counterpart of `sweepScalars`: runs scalar records from `next` down to
    /// `mark`, each contribution `g · ∂f/∂x` evaluated by recorded scalar operations.
    private func sweepScalarsRecorded(_ next: inout Int, _ edgeEnd: inout Int, downTo mark: Int) throws {
        while next >= mark {
            let k = next
            let f = scalars.flags[k]
            let n = Int(f & ScalarFlag.edgeCountMask)
            edgeEnd -= n
            next -= 1
            guard let g = recordedScalarGrads[Int32(truncatingIfNeeded: k)] else { continue }
            if f & ScalarFlag.fromTensor != 0 {
                let t = scalars.bridged[Int(scalars.inputs[edgeEnd])]
                try accumulateRecorded(t, tensor(of: g))
                continue
            }
            let dtype: DType = f & ScalarFlag.float32 != 0 ? .float32 : .float64
            switch scalarOperations[Int32(truncatingIfNeeded: k)] {
            case .unary(let op, let x)?:
                try addRecorded(g, through: .unary(op, .input(1)), wrt: 0, of: [x], dtype: dtype)
            case .binary(let op, let x, let y)?:
                try addRecorded(g, through: .binary(op, .input(1), .input(2)), wrt: 0, of: [x, y], dtype: dtype)
                try addRecorded(g, through: .binary(op, .input(1), .input(2)), wrt: 1, of: [x, y], dtype: dtype)
            case .numeric(let name)?:
                throw EngineError.argument("Can't differentiate the derivative of \(name): flx has only its first derivative (nested differentiation, hessian)")
            case nil:
                throw EngineError.argument("Can't differentiate this derivative: a scalar operation was recorded outside the nested differentiation")
            }
        }
    }

    /// Adds `g · ∂e/∂operands[j]` (e's input j+1 is operand j; input 0 is `g`) to the
    /// operand's gradient, when the operand belongs to the differentiation under way.
    private func addRecorded(_ g: ScalarValue, through e: FusedExpr, wrt j: Int, of operands: [ScalarValue], dtype: DType) throws {
        let x = operands[j]
        guard x.isTracked, Int(x.node) >= recordedScalarFloor else { return }
        let product = SymbolicDerivative.times(.input(0), SymbolicDerivative.partial(of: e, wrt: j + 1))
        try addScalarGradient(try evaluateScalar(product, [g] + operands, dtype: dtype), to: x.node, dtype: x.dtype)
    }

    /// Adds `c` to scalar node `node`'s gradient, by a recorded addition.
    private func addScalarGradient(_ c: ScalarValue, to node: Int32, dtype: DType) throws {
        if let existing = recordedScalarGrads[node] {
            recordedScalarGrads[node] = try evaluateScalar(.binary(.add, .input(0), .input(1)), [existing, c], dtype: dtype)
        } else {
            recordedScalarGrads[node] = c
        }
    }

    /// `e` over numbers, each operation recorded as scalar records (comparisons give 1 or 0).
    func evaluateScalar(_ e: FusedExpr, _ inputs: [ScalarValue], dtype: DType) throws -> ScalarValue {
        switch e {
        case .input(let k): return inputs[k]
        case .constant(let c): return ScalarValue(Tape.rounded(c, dtype), dtype)
        case .unary(let op, let x):
            let v = try evaluateScalar(x, inputs, dtype: dtype)
            return try scalarUnary(op, v) ?? ScalarValue(op.eval(v.value), dtype)
        case .binary(let op, let x, let y):
            let a = try evaluateScalar(x, inputs, dtype: dtype), b = try evaluateScalar(y, inputs, dtype: dtype)
            if let z = try scalarBinary(op, a, b) { return z }
            return ScalarValue(op.eval(a.value, b.value), dtype)
        }
    }

    /// Adds the gradient `g` arriving at a tensor bridged from scalar `node` (the recorded
    /// counterpart of `accumulateScalar`).
    func accumulateScalarRecorded(_ node: Int32, _ g: Tensor) throws {
        guard Int(node) >= recordedScalarFloor, Int(node) < scalars.count else { return }
        let flags = scalars.flags[Int(node)]
        let dtype: DType = flags & ScalarFlag.float32 != 0 ? .float32 : .float64
        var g = g.rank == 0 ? g : try Shaping.reshape(g, Shape.scalar, tape: self)
        if g.dtype != dtype { g = try Conversion.convert(g, to: dtype, tape: self) }
        try addScalarGradient(try scalarNode(of: g) ?? ScalarValue(g.numericValue(0), dtype), to: node, dtype: dtype)
    }
}
