/// The transposed convolution (NNlib's `∇conv_data` called forward, which is what Flux's
/// `ConvTranspose` layer does): the adjoint of `Convolution.conv` with respect to its input.
///
/// For a convolution whose input y is (ySize..., Cy, N), weight w (kernel..., Cy, Cx) and
/// output x (xSize..., Cx, N), this maps x back to y's shape: x·wᵀ as a patch matrix,
/// then col2im adds each patch entry into the element of y it came from. It reuses the
/// convolution's own pieces, so both directions agree exactly:
/// - forward: x reordered to (P·N × Cx) times the flat weight transposed, then col2im;
/// - d/dx: a plain convolution of the upstream gradient (im2col then the flat weight);
/// - d/dw: the convolution's weight gradient with the roles of its operands swapped
///   (patches of the upstream gradient against x).
extension Convolution {
    /// `∇conv_data(x, w)`: x is (xSize..., Cx, N), w is (kernel..., Cy, Cx); the result is
    /// (outputSize..., Cy, N), and `geometry` applied to `outputSize` must give xSize.
    public static func transpose(_ x: Tensor, _ w: Tensor, geometry g: ConvGeometry, outputSize: [Int],
                                 flip: Bool = true, tape: Tape?) throws -> Tensor {
        let s = g.kernel.count
        guard x.rank == s + 2, w.rank == s + 2, outputSize.count == s else {
            throw EngineError.dimensionMismatch("conv_transpose expects a \(s + 2)-dimensional input and weight, got sizes \(x.shape) and \(w.shape)")
        }
        guard Array(w.shape.dims.prefix(s)) == g.kernel else { throw EngineError.argument("kernel size does not match the weight") }
        let cx = x.shape[s], n = x.shape[s + 1], cy = w.shape[s]
        guard w.shape[s + 1] == cx else {
            throw EngineError.dimensionMismatch("Input channels must match! (\(cx) vs. \(w.shape[s + 1]))")
        }
        try g.validate()
        let xSize = Array(x.shape.dims.prefix(s))
        guard outputSize.allSatisfy({ $0 > 0 }), let back = try g.outputSize(outputSize), back == xSize else {
            throw EngineError.dimensionMismatch("conv_transpose: an output of spatial size \(outputSize) does not convolve back to the input's \(xSize)")
        }
        let outShape = try Shape(outputSize + [cy, n])
        let dtype = DType.arithmetic(x.dtype, w.dtype).floatResult
        let p = xSize.reduce(1, *), kprod = g.kernel.reduce(1, *)
        try AllocationGuard.reserve([p, n, kprod, cy], bytesEach: dtype.byteWidth)
        let xc = x.dtype == dtype ? x : try x.converted(to: dtype)
        let wc = w.dtype == dtype ? w : try w.converted(to: dtype)
        let gx = try Tensor(uninitialized: dtype, Shape(p * n, cx))
        reorder(xc, into: gx, p: p, n: n, c: cx, toWHCN: false)
        let col = try LinearAlgebra.matmul(gx, try flatWeight(wc, kprod: kprod, flip: flip), transB: true, tape: nil) // P·N × K·Cy
        let out = try scatterPatches(col, geometry: g, size: outputSize, shape: outShape, xSize: xSize, channels: cy, n: n)
        if let tape, Tape.anyTracked(tape, x, w) {
            tape.record(.convTranspose(ConvParams(geometry: g, flip: flip, patches: nil)), output: out, x, w)
        }
        return out
    }

    /// col2im into a fresh (size..., channels, N) array: the planar loops for 2-d kernels
    /// (they zero each sample themselves), the offset table otherwise.
    static func scatterPatches(_ col: Tensor, geometry g: ConvGeometry, size: [Int], shape: Shape, xSize: [Int],
                               channels: Int, n: Int) throws -> Tensor {
        let p = xSize.reduce(1, *), kprod = g.kernel.reduce(1, *)
        if let plane = PlanarConv(g, inSize: size, outSize: xSize) {
            let out = try Tensor(uninitialized: col.dtype, shape)
            if col.dtype == .float32 {
                plane.col2im(col.ptr(Float.self), out.ptr(Float.self), cin: channels, n: n)
            } else {
                plane.col2im(col.ptr(Double.self), out.ptr(Double.self), cin: channels, n: n)
            }
            return out
        }
        let out = try Tensor.zeros(col.dtype, shape)
        col2im(col, try sourceTable(g, inSize: size, outSize: xSize), into: out, p: p, kprod: kprod, cin: channels, n: n)
        return out
    }

    static func backwardTranspose(_ params: ConvParams, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a, let w = rec.b else { return }
        let geo = params.geometry
        let s = geo.kernel.count
        let dtype = rec.output.dtype
        let gc = g.dtype == dtype ? g : try g.converted(to: dtype)
        if tape.isTracked(x) {
            let wc = w.dtype == dtype ? w : try w.converted(to: dtype)
            try tape.accumulate(x, try conv(gc, wc, geometry: geo, flip: params.flip, tape: nil))
        }
        if tape.isTracked(w) {
            let ySize = Array(g.shape.dims.prefix(s)), xSize = Array(x.shape.dims.prefix(s))
            let cy = g.shape[s], n = g.shape[s + 1], cx = x.shape[s]
            let p = xSize.reduce(1, *), kprod = geo.kernel.reduce(1, *)
            let col = try patches(gc, geo, inSize: ySize, outSize: xSize, cin: cy, n: n)
            let xc = x.dtype == dtype ? x : try x.converted(to: dtype)
            let gx = try Tensor(uninitialized: dtype, Shape(p * n, cx))
            reorder(xc, into: gx, p: p, n: n, c: cx, toWHCN: false)
            let dwf = try weightGradient(col, gx) // K·Cy × Cx
            let dw = try flatWeight(Tensor(viewOf: dwf, shape: w.shape), kprod: kprod, flip: params.flip)
            try tape.accumulate(w, Tensor(viewOf: dw, shape: w.shape))
        }
    }
}
