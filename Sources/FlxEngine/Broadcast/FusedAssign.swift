/// In-place broadcast assignment: `dest .= expr` (and so `.+=`, `.-=`, optimiser
/// updates) in one pass, with no result allocation when types already agree.
extension Fused {
    /// Writes `kernel(inputs...)` into `dest`, broadcasting to `dest`'s shape and
    /// converting to its element type (InexactError for 1.5 into an Int64 array).
    /// Refused with Zygote's mutation error when `dest` is tracked on `tape`.
    public static func assign(_ kernel: FusedKernel, inputs: [Tensor], into dest: Tensor, dtype: DType? = nil, tape: Tape?) throws {
        if let tape, tape.isTracked(dest) {
            throw EngineError.mutation(function: "copyto!", dest.shape, dest.dtype)
        }
        guard inputs.count == kernel.inputCount else {
            throw EngineError.argument("fused kernel takes \(kernel.inputCount) inputs, got \(inputs.count)")
        }
        var t = dtype ?? inputs.first?.dtype ?? dest.dtype
        for x in inputs {
            let combined = try? BroadcastShape.combine(dest.shape, x.shape)
            guard combined == dest.shape else {
                throw EngineError.dimensionMismatch("array could not be broadcast to match destination")
            }
            if dtype == nil { t = DType.promote(t, x.dtype) }
        }
        t = t.floatResult
        // An input sharing dest's memory but read with broadcasting would see
        // already-overwritten values (Julia unaliases these too): copy it first.
        let owner = dest.base ?? dest
        let safeInputs = try inputs.map { x -> Tensor in
            let xt = try x.promoted(to: t)
            if xt === x && (x.base ?? x) === owner && x.count != dest.count { return try x.copy() }
            return xt
        }
        let target = dest.dtype == t ? dest : try Tensor(uninitialized: t, dest.shape)
        if t == .float32 {
            try runPublic(kernel.program, safeInputs, target, Float.self)
        } else {
            try runPublic(kernel.program, safeInputs, target, Double.self)
        }
        if target !== dest {
            let converted = try target.converted(to: dest.dtype)
            rawCopy(dest.raw, converted.raw, dest.count * dest.dtype.byteWidth)
        }
    }

    /// `dest .= expr` for a one-off expression.
    public static func assign(_ expr: FusedExpr, inputs: [Tensor], into dest: Tensor, dtype: DType? = nil, tape: Tape?) throws {
        try assign(FusedKernel(expr, inputCount: inputs.count), inputs: inputs, into: dest, dtype: dtype, tape: tape)
    }
}
