/// im2col and col2im for 2-d convolutions (the common case) as direct loops over
/// output rows: a row of outputs reads a strided row of the input, so there is no
/// per-element table lookup, and unit-stride rows are plain copies between the padding
/// on either side (padding after the row, as `SamePad` gives an even kernel, included).
///
/// Layouts match `Convolution.im2col`: the patch matrix is (P·N × K·Cin) column-major,
/// row (o, b) with o = ox + outW·oy, column (k, ci) with k = kx + kernelX·ky.
struct PlanarConv {
    let inW: Int, inH: Int, outW: Int, outH: Int
    let kernelX: Int, kernelY: Int, strideX: Int, strideY: Int
    let dilationX: Int, dilationY: Int, padX: Int, padY: Int

    init?(_ g: ConvGeometry, inSize: [Int], outSize: [Int]) {
        guard g.kernel.count == 2 else { return nil }
        inW = inSize[0]; inH = inSize[1]; outW = outSize[0]; outH = outSize[1]
        kernelX = g.kernel[0]; kernelY = g.kernel[1]; strideX = g.stride[0]; strideY = g.stride[1]
        dilationX = g.dilation[0]; dilationY = g.dilation[1]; padX = g.padLo[0]; padY = g.padLo[1]
    }

    /// Calls body once per output row of every (input channel, kernel offset, sample):
    /// the row's offset in the patch matrix, the offset of the input row it reads (nil
    /// when that row lies in the padding), and the kernel column.
    /// Samples go to threads in blocks: each writes only its samples' rows of the patch
    /// matrix (im2col) or its samples' inputs (col2im), in the one-thread order;
    /// `prepare` runs first on each block of samples.
    @inline(__always)
    private func eachRow(cin: Int, n: Int, prepare: (_ samples: Range<Int>) -> Void = { _ in },
                         _ body: (_ colRow: Int, _ srcRow: Int?, _ kx: Int) -> Void) {
        let perSample = outW * outH * kernelX * kernelY * cin
        Parallel.forEach(n, elementsPerItem: perSample) { samples in
            prepare(samples)
            eachRow(cin: cin, n: n, samples: samples, body)
        }
    }

    @inline(__always)
    private func eachRow(cin: Int, n: Int, samples: Range<Int>,
                         _ body: (_ colRow: Int, _ srcRow: Int?, _ kx: Int) -> Void) {
        let p = outW * outH, rowsPN = p * n, inP = inW * inH, kprod = kernelX * kernelY
        for ci in 0..<cin {
            for ky in 0..<kernelY {
                for kx in 0..<kernelX {
                    let colBase = rowsPN &* (kx &+ kernelX &* ky &+ kprod &* ci)
                    for b in samples {
                        let xBase = inP &* (ci &+ cin &* b), rowBase = colBase &+ p &* b
                        for oy in 0..<outH {
                            let iy = oy &* strideY &+ ky &* dilationY &- padY
                            let inside = iy >= 0 && iy < inH
                            body(rowBase &+ outW &* oy, inside ? xBase &+ iy &* inW : nil, kx)
                        }
                    }
                }
            }
        }
    }

    /// The input column an output column ox reads for kernel column kx, or nil in the padding.
    @inline(__always)
    private func inputColumn(_ ox: Int, _ kx: Int) -> Int? {
        let ix = ox &* strideX &+ kx &* dilationX &- padX
        return ix >= 0 && ix < inW ? ix : nil
    }

    /// For unit x-stride, the output columns [lo, hi) whose input column ox + shift lies
    /// inside the row; the rest read the padding (before or after, on either side).
    @inline(__always)
    private func unitStrideSpan(_ kx: Int) -> (shift: Int, lo: Int, hi: Int) {
        let shift = kx &* dilationX &- padX
        let lo = Swift.min(Swift.max(0, -shift), outW)
        let hi = Swift.max(lo, Swift.min(outW, inW &- shift))
        return (shift, lo, hi)
    }

    func im2col<T: FloatElement>(_ src: UnsafeMutablePointer<T>, _ dst: UnsafeMutablePointer<T>, cin: Int, n: Int) {
        eachRow(cin: cin, n: n) { colRow, srcRow, kx in
            guard let srcRow else {
                for ox in 0..<outW { dst[colRow &+ ox] = 0 }
                return
            }
            if strideX == 1 {
                let (shift, lo, hi) = unitStrideSpan(kx)
                for ox in 0..<lo { dst[colRow &+ ox] = 0 }
                let from = srcRow &+ shift
                for ox in lo..<hi { dst[colRow &+ ox] = src[from &+ ox] }
                for ox in hi..<outW { dst[colRow &+ ox] = 0 }
            } else {
                for ox in 0..<outW {
                    if let ix = inputColumn(ox, kx) { dst[colRow &+ ox] = src[srcRow &+ ix] } else { dst[colRow &+ ox] = 0 }
                }
            }
        }
    }

    /// The adjoint: each patch entry adds back into the input element it was read from.
    /// dx need not be initialised: each block of samples zeroes its inputs first.
    func col2im<T: FloatElement>(_ col: UnsafeMutablePointer<T>, _ dx: UnsafeMutablePointer<T>, cin: Int, n: Int) {
        let inputs = inW * inH * cin
        let zero = { (samples: Range<Int>) in (dx + inputs &* samples.lowerBound).update(repeating: 0, count: inputs &* samples.count) }
        eachRow(cin: cin, n: n, prepare: zero) { colRow, srcRow, kx in
            guard let srcRow else { return }
            if strideX == 1 {
                let (shift, lo, hi) = unitStrideSpan(kx)
                let to = srcRow &+ shift
                for ox in lo..<hi { dx[to &+ ox] += col[colRow &+ ox] }
            } else {
                for ox in 0..<outW {
                    if let ix = inputColumn(ox, kx) { dx[srcRow &+ ix] += col[colRow &+ ox] }
                }
            }
        }
    }
}
