import CFlxKernels

/// `gelu.(A .+ b)` for Float32 with b along A's first dimension (Dense's `bias_act!` with
/// gelu, a transformer's MLP) as one vectorised pass each way (CFlxKernels/bias_gelu.c),
/// instead of the general block interpreter, which evaluates gelu and its derivative one
/// element at a time. The arithmetic is UnaryOp's gelu and derivative, operation for
/// operation. As in `biasReluBackward`, both inputs take the one gradient Δ·gelu′(A + b),
/// the bias's summed over the batch by `Tape.accumulate`.
extension Fused {
    static func biasGeluLayout(_ program: FusedProgram, _ inputs: [Tensor], _ t: DType, _ shape: Shape) -> BiasLayout? {
        guard program.isBiasGelu, t == .float32, let layout = biasLayout(inputs, t, shape), layout.inner == 1 else { return nil }
        return layout
    }

    static func biasGeluForward(_ a: Tensor, _ b: Tensor, _ out: Tensor, _ layout: BiasLayout) {
        let pa = a.ptr(Float.self), pb = b.ptr(Float.self), po = out.ptr(Float.self), rows = layout.length
        Parallel.forEach(layout.outer, elementsPerItem: rows) { columns in
            let at = columns.lowerBound * rows
            flx_bias_gelu_f32(rows, columns.count, pa + at, pb, po + at)
        }
    }

    static func biasGeluBackward(_ rec: TapeRecord, _ g: Tensor, _ layout: BiasLayout, _ tape: Tape) throws {
        let a = rec.extra[0], b = rec.extra[1]
        let dz = try Tensor(uninitialized: .float32, rec.output.shape)
        let pg = g.ptr(Float.self), pa = a.ptr(Float.self), pb = b.ptr(Float.self), pd = dz.ptr(Float.self), rows = layout.length
        Parallel.forEach(layout.outer, elementsPerItem: rows) { columns in
            let at = columns.lowerBound * rows
            flx_bias_gelu_back_f32(rows, columns.count, pg + at, pa + at, pb, pd + at)
        }
        for x in rec.extra { try tape.accumulate(x, dz) }
    }
}
