import Synchronization

/// Source of unique live-tokens. Every tape and every `reset()` takes a fresh one,
/// so a tensor marked by an older epoch or another tape never matches.
private let tapeTokens = Atomic<Int>(0)

/// A flat, reverse-mode autodiff tape.
///
/// Not thread-safe: one tape belongs to one interpreter thread.
/// A tensor is tracked by at most one tape at a time (watching it on a second tape
/// re-marks it), which matches how the language runs one `gradient` call at a time.
public final class Tape {
    /// The token tensors carry when tracked by this tape in its current epoch.
    // Unchecked exclusivity: a tape is confined to one thread and these are never
    // passed inout across calls that could touch them again.
    @exclusivity(unchecked) @usableFromInline var liveToken: Int
    @exclusivity(unchecked) var records: [TapeRecord] = []
    /// Gradient accumulators indexed by tensor slot.
    @exclusivity(unchecked) var grads: [Tensor?] = []
    /// Slots whose accumulator is a buffer only the tape holds (made by
    /// `accumulateScattered`), which may therefore be added into in place.
    @exclusivity(unchecked) var ownedGradSlots = Set<Int>()
    @exclusivity(unchecked) var slotCount = 0
    /// Scalar operations, recorded compactly beside the tensor records (`ScalarRecords`).
    @exclusivity(unchecked) var scalars = ScalarRecords()
    /// The scalar records' gradients during `backward`, and which of them any reached.
    @exclusivity(unchecked) var scalarGrads: [Double] = []
    @exclusivity(unchecked) var scalarTouched: [Bool] = []
    /// The reverse sweep's place in the scalar records: the next record, and its edges' end.
    @exclusivity(unchecked) var scalarNext = -1
    @exclusivity(unchecked) var scalarEdgeEnd = 0
    /// How many differentiations enclose the one recording now (0: a plain `gradient`).
    /// While it is above 0, scalar records keep their operation (`scalarOperations`), so a
    /// recorded backward pass (`backwardRecorded`) can differentiate them again.
    @exclusivity(unchecked) public internal(set) var nesting = 0
    @exclusivity(unchecked) var scalarOperations: [Int32: ScalarOperation] = [:]
    /// During `backwardRecorded`: the first tensor slot and scalar node that belong to the
    /// differentiation under way (gradients are wanted only for those), and the scalar
    /// records' gradients as numbers on this tape.
    @exclusivity(unchecked) var recordedSlotFloor = 0
    @exclusivity(unchecked) var recordedScalarFloor = 0
    @exclusivity(unchecked) var recordedScalarGrads: [Int32: ScalarValue] = [:]

    public init() {
        liveToken = tapeTokens.wrappingAdd(1, ordering: .relaxed).newValue
        records.reserveCapacity(64)
    }

    /// Marks `t` as a leaf whose gradient is wanted. Watching twice is harmless.
    public func watch(_ t: Tensor) {
        if isTracked(t) { return }
        t.tapeMark = liveToken
        t.tapeSlot = slotCount
        slotCount &+= 1
    }

    /// Whether `t` depends on a watched tensor in this tape's current epoch.
    @inlinable public func isTracked(_ t: Tensor) -> Bool { t.tapeMark == liveToken }

    /// Number of recorded tensor operations (for tests and diagnostics).
    public var recordCount: Int { records.count }

    /// Whether nothing is watched or recorded since the last `reset` (a tape free to start a
    /// differentiation on).
    public var isIdle: Bool { slotCount == 0 && records.isEmpty && scalars.count == 0 }

    /// Changes whenever the tape is reset: a number recorded in an older epoch is a constant.
    public var epoch: Int { liveToken }

    /// Forgets every record and invalidates all marks; keeps the arrays' capacity.
    public func reset() {
        records.removeAll(keepingCapacity: true)
        grads.removeAll(keepingCapacity: true)
        ownedGradSlots.removeAll()
        if scalars.count > 0 || !scalarGrads.isEmpty { resetScalars() }
        if !scalarOperations.isEmpty { scalarOperations.removeAll() }
        if !recordedScalarGrads.isEmpty { recordedScalarGrads.removeAll() }
        slotCount = 0
        liveToken = tapeTokens.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Records `op` producing `output` when any input is tracked; returns `output`.
    @inline(__always)
    func record(_ op: TapeOp, output: Tensor, _ a: Tensor?, _ b: Tensor? = nil, extra: [Tensor] = []) {
        output.tapeMark = liveToken
        output.tapeSlot = slotCount
        slotCount &+= 1
        records.append(TapeRecord(op: op, output: output, a: a, b: b, extra: extra, scalarMark: scalars.count))
    }

    /// Whether any of the given tensors is tracked on `tape` (nil tape: never).
    @inline(__always)
    static func anyTracked(_ tape: Tape?, _ a: Tensor, _ b: Tensor? = nil) -> Bool {
        guard let tape else { return false }
        if a.tapeMark == tape.liveToken { return true }
        if let b, b.tapeMark == tape.liveToken { return true }
        return false
    }

    /// Reverse pass from a single-element output, seeding d(output) = 1.
    public func backward(from output: Tensor) throws {
        guard output.count == 1 else {
            throw EngineError.argument("Output should be scalar; gradients are not defined for output of size \(output.shape)")
        }
        guard isTracked(output) else { return }
        // Reuse the accumulator array's capacity across steps.
        grads.removeAll(keepingCapacity: true)
        ownedGradSlots.removeAll()
        grads.append(contentsOf: repeatElement(nil, count: slotCount))
        let seedType = output.dtype.isFloat ? output.dtype : .float64
        grads[output.tapeSlot] = try Tensor.filled(value: 1.0, dtype: seedType, shape: output.shape)
        try startScalarGradients()
        var i = records.count - 1
        while i >= 0 {
            let rec = records[i]
            // The scalar records made after this one run first.
            if scalarNext >= rec.scalarMark { try sweepScalars(downTo: rec.scalarMark) }
            if let g = grads[rec.output.tapeSlot] {
                try Backward.run(rec, upstream: g, tape: self)
            }
            i -= 1
        }
        if scalarNext >= 0 { try sweepScalars(downTo: 0) }
    }

    /// The accumulated gradient of `t`, or nil when `t` did not influence the output.
    public func gradient(of t: Tensor) -> Tensor? {
        guard isTracked(t), t.tapeSlot < grads.count else { return nil }
        return grads[t.tapeSlot]
    }

    /// Adds `g` into `input`'s gradient, first summing broadcast dims away and
    /// converting to the input's element type. Untracked or non-float inputs are skipped.
    func accumulate(_ input: Tensor?, _ g: Tensor) throws {
        guard let input, isTracked(input), input.dtype.isFloat else { return }
        var g = g
        if g.shape != input.shape { g = try Reductions.sumTo(g, input.shape) }
        if g.dtype != input.dtype { g = try g.converted(to: input.dtype) }
        let slot = input.tapeSlot
        if !ownedGradSlots.isEmpty { ownedGradSlots.remove(slot) }
        if let existing = grads[slot] {
            // A fresh sum, never in place: upstream gradients may be shared between inputs.
            grads[slot] = try Arithmetic.binary(.add, existing, g, tape: nil)
        } else {
            grads[slot] = g
        }
    }

    /// Adds `g[i]` at offset `s` of `input`'s gradient for each pair (i, s) of `plan` (an
    /// indexing's adjoint). The first time, the accumulator becomes a buffer of the tape's
    /// own (zeros, or a copy of what was there); after that the additions go into it in
    /// place. Reading slices of a long array (a sequence's time steps) then costs the
    /// slices, not a whole-array sum per slice.
    func accumulateScattered(_ input: Tensor, plan: IndexPlan, _ g: Tensor) throws {
        guard isTracked(input), input.dtype.isFloat else { return }
        let slot = input.tapeSlot
        let buffer: Tensor
        if let existing = grads[slot], ownedGradSlots.contains(slot) {
            buffer = existing
        } else {
            if let existing = grads[slot] {
                var sum = existing.shape == input.shape ? existing : try Reductions.sumTo(existing, input.shape)
                if sum.dtype != input.dtype { sum = try sum.converted(to: input.dtype) }
                buffer = try sum.copy()
            } else {
                buffer = try Tensor.zeros(input.dtype, input.shape)
            }
            grads[slot] = buffer
            ownedGradSlots.insert(slot)
        }
        let source = g.dtype == buffer.dtype ? g : try g.converted(to: buffer.dtype)
        func run<T: FloatElement>(_: T.Type) {
            let pg = source.ptr(T.self), pd = buffer.ptr(T.self)
            plan.forEach { i, s in pd[s] += pg[i] } // repeated indices add up
        }
        if buffer.dtype == .float32 { run(Float.self) } else { run(Double.self) }
    }
}
