/// Recorded backward rules (see `RecordedBackward`) for convolution, transposed convolution
/// and pooling. Their first-order rules move numbers with loops (im2col, col2im, a pooling
/// window's scatter); here each such move is a recorded gather or scatter-add over the same
/// positions, and each product a recorded matmul, so the gradient can be differentiated
/// again and the numbers are those of the first-order rule.
extension RecordedBackward {
    /// y = conv(x, w): w̄ = patches(x)ᵀ·ȳ and x̄ = col2im(ȳ·flat(w)ᵀ), in the GEMM layout
    /// the forward pass uses.
    static func conv(_ params: ConvParams, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a, let w = rec.b, tape.wantsRecorded(x) || tape.wantsRecorded(w) else { return }
        let geo = params.geometry, s = geo.kernel.count, dtype = rec.output.dtype
        let inSize = Array(x.shape.dims.prefix(s)), outSize = Array(g.shape.dims.prefix(s))
        let cin = x.shape[s], n = x.shape[s + 1]
        let map = try PatchMap(geo, inSize: inSize, outSize: outSize, channels: cin, n: n)
        let gy = try map.gemmLayout(converted(g, dtype, tape), tape)
        let wc = try converted(w, dtype, tape)
        if tape.wantsRecorded(w) {
            let col = try map.patches(converted(x, dtype, tape), tape)
            let dwFlat = try LinearAlgebra.matmul(col, transA: true, gy, tape: tape)
            try tape.accumulateRecorded(w, PatchMap.unflattenWeight(dwFlat, like: w, flip: params.flip, tape))
        }
        if tape.wantsRecorded(x) {
            let dcol = try LinearAlgebra.matmul(gy, PatchMap.flatWeight(wc, flip: params.flip, tape), transB: true, tape: tape)
            try tape.accumulateRecorded(x, map.scatter(dcol, into: x.shape, tape))
        }
    }

    /// y = ∇conv_data(x, w) (a transposed convolution): x̄ is the convolution of ȳ by w,
    /// w̄ = patches(ȳ)ᵀ·x in the GEMM layout.
    static func convTranspose(_ params: ConvParams, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a, let w = rec.b, tape.wantsRecorded(x) || tape.wantsRecorded(w) else { return }
        let geo = params.geometry, s = geo.kernel.count, dtype = rec.output.dtype
        let gc = try converted(g, dtype, tape)
        if tape.wantsRecorded(x) {
            try tape.accumulateRecorded(x, Convolution.conv(gc, converted(w, dtype, tape), geometry: geo, flip: params.flip, tape: tape))
        }
        if tape.wantsRecorded(w) {
            let ySize = Array(g.shape.dims.prefix(s)), xSize = Array(x.shape.dims.prefix(s))
            let map = try PatchMap(geo, inSize: ySize, outSize: xSize, channels: g.shape[s], n: g.shape[s + 1])
            let col = try map.patches(gc, tape)
            let gx = try map.gemmLayout(converted(x, dtype, tape), tape)
            let dwFlat = try LinearAlgebra.matmul(col, transA: true, gx, tape: tape)
            try tape.accumulateRecorded(w, PatchMap.unflattenWeight(dwFlat, like: w, flip: params.flip, tape))
        }
    }

    /// Max pooling sends each output's gradient to the input element it came from (fixed
    /// under a small change of x); mean pooling spreads it over the window, 1/k each.
    static func pool(_ params: PoolParams, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a, tape.wantsRecorded(x) else { return }
        let gc = try Shaping.reshape(converted(g, x.dtype, tape), try Shape([g.count]), tape: tape)
        var outputs: [Int] = [], inputs: [Int] = []
        let scaled: Tensor
        switch params.mode {
        case .max:
            for (o, src) in params.argmax.enumerated() where src >= 0 { outputs.append(o); inputs.append(src) }
            scaled = gc
        case .mean:
            let geo = params.geometry, s = geo.kernel.count
            let inSize = Array(x.shape.dims.prefix(s)), outSize = Array(g.shape.dims.prefix(s))
            let channels = x.shape[s] * x.shape[s + 1]
            let p = outSize.reduce(1, *), inP = inSize.reduce(1, *), kprod = geo.kernel.reduce(1, *)
            let table = try Convolution.sourceTable(geo, inSize: inSize, outSize: outSize)
            for c in 0..<channels {
                for o in 0..<p {
                    for k in 0..<kprod where table[k * p + o] >= 0 {
                        outputs.append(o + p * c)
                        inputs.append(inP * c + table[k * p + o])
                    }
                }
            }
            scaled = try Fused.evaluate(.binary(.mul, .input(0), .constant(1 / Double(kprod))), inputs: [gc], dtype: gc.dtype, tape: tape)
        }
        let picked = try Indexing.gather(scaled, plan: IndexPlan(lists: [outputs], source: scaled.shape), tape: tape)
        let spread = try Indexing.scatterAdd(picked, plan: IndexPlan(lists: [inputs], source: try Shape([x.count])), into: try Shape([x.count]), tape: tape)
        try tape.accumulateRecorded(x, Shaping.reshape(spread, x.shape, tape: tape))
    }
}

/// Where each entry of a convolution's (P·N × K·C) patch matrix is read from in the input
/// (spatial..., C, N), for the entries that do not fall in the padding: the positions that
/// `Convolution.im2col` and `col2im` move numbers between, as lists a recorded gather and
/// scatter-add use.
struct PatchMap {
    let entries: [Int]
    let inputs: [Int]
    let rows: Int, columns: Int, p: Int, n: Int

    init(_ geo: ConvGeometry, inSize: [Int], outSize: [Int], channels: Int, n: Int) throws {
        let p = outSize.reduce(1, *), kprod = geo.kernel.reduce(1, *)
        let table = try Convolution.sourceTable(geo, inSize: inSize, outSize: outSize)
        try AllocationGuard.reserve([p, n, kprod, channels, 2], bytesEach: MemoryLayout<Int>.stride)
        var entries: [Int] = [], inputs: [Int] = []
        Convolution.eachPatchEntry(table, inP: inSize.reduce(1, *), p: p, kprod: kprod, cin: channels, n: n) { entry, input in
            if input >= 0 { entries.append(entry); inputs.append(input) }
        }
        self.entries = entries
        self.inputs = inputs
        rows = p * n
        columns = kprod * channels
        self.p = p
        self.n = n
    }

    /// im2col of `x`, recorded: the read elements gathered, then scattered into a zero matrix.
    func patches(_ x: Tensor, _ tape: Tape) throws -> Tensor {
        let flat = try Shaping.reshape(x, try Shape([x.count]), tape: tape)
        let read = try Indexing.gather(flat, plan: IndexPlan(lists: [inputs], source: flat.shape), tape: tape)
        let total = try Shape([rows * columns])
        let col = try Indexing.scatterAdd(read, plan: IndexPlan(lists: [entries], source: total), into: total, tape: tape)
        return try Shaping.reshape(col, try Shape(rows, columns), tape: tape)
    }

    /// col2im of `col`, recorded: each entry added back into the element it was read from.
    func scatter(_ col: Tensor, into shape: Shape, _ tape: Tape) throws -> Tensor {
        let flat = try Shaping.reshape(col, try Shape([col.count]), tape: tape)
        let read = try Indexing.gather(flat, plan: IndexPlan(lists: [entries], source: flat.shape), tape: tape)
        let total = try Shape([shape.count])
        let back = try Indexing.scatterAdd(read, plan: IndexPlan(lists: [inputs], source: total), into: total, tape: tape)
        return try Shaping.reshape(back, shape, tape: tape)
    }

    /// An array laid out (spatial..., C, N) as the (P·N × C) matrix the products use.
    func gemmLayout(_ t: Tensor, _ tape: Tape) throws -> Tensor {
        let c = t.count / Swift.max(p * n, 1)
        let pcn = try Shaping.reshape(t, try Shape([p, c, n]), tape: tape)
        return try Shaping.reshape(Shaping.permutedims(pcn, [1, 3, 2], tape: tape), try Shape(p * n, c), tape: tape)
    }

    /// A weight (kernel..., Cin, Cout) as the (K·Cin × Cout) matrix, kernel reversed for a
    /// flipping convolution (`Convolution.flatWeight`), recorded.
    static func flatWeight(_ w: Tensor, flip: Bool, _ tape: Tape) throws -> Tensor {
        let cout = w.shape[w.rank - 1]
        return try rekerneled(w, like: w, flip: flip, to: try Shape(w.count / Swift.max(cout, 1), cout), tape)
    }

    /// The inverse of `flatWeight`: a (K·Cin × Cout) matrix back to `like`'s shape (flipping
    /// is its own inverse).
    static func unflattenWeight(_ flat: Tensor, like w: Tensor, flip: Bool, _ tape: Tape) throws -> Tensor {
        try rekerneled(flat, like: w, flip: flip, to: w.shape, tape)
    }

    /// `t` (a weight's elements, kernel offsets first, then Cin, then Cout, as `w` has them)
    /// with the kernel offsets reversed if `flip`, reshaped to `shape`.
    private static func rekerneled(_ t: Tensor, like w: Tensor, flip: Bool, to shape: Shape, _ tape: Tape) throws -> Tensor {
        let cin = w.shape[w.rank - 2], cout = w.shape[w.rank - 1], kprod = w.count / Swift.max(cin * cout, 1)
        var kcc = try Shaping.reshape(t, try Shape([kprod, cin, cout]), tape: tape)
        if flip { kcc = try Indexing.take(kcc, lists: [Array((0..<kprod).reversed()), Array(0..<cin), Array(0..<cout)], tape: tape) }
        return try Shaping.reshape(kcc, shape, tape: tape)
    }
}
