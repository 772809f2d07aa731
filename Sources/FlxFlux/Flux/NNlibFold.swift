import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's `unfold` (im2col: every sliding window of a convolution as a row) and its
/// adjoint `fold` (col2im: windows added back into place), public but not exported.
///
/// `unfold(x, size(w); stride, pad, dilation, flipped = true)` gives (windows, prod(k)·Cin, N):
/// row o holds the window of output position o, kernel offsets first then channels, so
/// `unfold(x, size(w); kws...) ⊠ w` equals `conv(x, w; kws...)`. flipped = false reverses
/// the kernel offsets, as `conv`'s default does. Both are an element gather (or
/// scatter-add) on the zero-padded array, so element types are kept and both are
/// differentiable.
package enum NNlibFold {
    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        nnlib.native("unfold", export: false) { interp, a in
            try a.expect("unfold", 2...2)
            let x = try NNlibPadding.arrayTensor(a[0], "unfold", a, interp)
            let plan = try Plan(a, inputShape: x.shape.dims, kernelSize: a[1], interp)
            let padded = try plan.padded(x, interp)
            let shape = try interp.engine { try Shape([plan.windows, plan.windowSize, plan.batch]) }
            return LayerKit.wrapArray(try interp.engine { tape in
                try BlockIndexing.gather(padded, inner: 1, sources: plan.sources, shape: shape, tape: tape)
            })
        }
        nnlib.native("fold", export: false) { interp, a in
            try a.expect("fold", 3...3)
            let y = try NNlibPadding.arrayTensor(a[0], "fold", a, interp)
            guard case .tuple = a[1] else { throw Exceptions.method(.str("fold"), a.values) }
            let outputSize = try LayerKit.ints(a[1], 0, "output_size")
            let plan = try Plan(a, inputShape: outputSize, kernelSize: a[2], interp)
            guard y.rank == 3, y.shape.dims == [plan.windows, plan.windowSize, plan.batch] else {
                throw Exceptions.dimensionMismatch("fold expects an input of size \(LayerKit.tupleText([plan.windows, plan.windowSize, plan.batch])), got \(y.shape.tupleText)")
            }
            // Windows added into the padded array, then the padding cut away.
            let zeros = try interp.engine { try Tensor.zeros(y.dtype, try Shape(plan.paddedShape)) }
            let summed = try interp.engine { tape in try BlockIndexing.scatterAdd(y, inner: 1, targets: plan.sources, into: zeros, tape: tape) }
            let crop: [IndexSpec] = plan.paddedShape.indices.map { d in
                d < plan.spatial ? .range(plan.padLo[d] + 1, plan.padLo[d] + outputSize[d]) : .all
            }
            return LayerKit.wrapArray(try interp.engine { tape in try Indexing.getindex(summed, crop, tape: tape) })
        }
    }

    /// The windows of a convolution over an input of `inputShape` (spatial..., Cin, N).
    struct Plan {
        let spatial: Int, windows: Int, windowSize: Int, batch: Int
        let padLo: [Int], padHi: [Int]
        let paddedShape: [Int]
        /// For each result element (window o, offset k, channel c, sample b), in that
        /// column-major order, the linear index it reads in the padded input.
        let sources: [Int]

        init(_ a: Args, inputShape: [Int], kernelSize: Value, _ interp: Interpreter) throws {
            let full = try LayerKit.ints(kernelSize, 0, "kernel_size")
            let s = full.count - 2
            guard s >= 1, inputShape.count == s + 2 else {
                throw Exceptions.dimensionMismatch("kernel size \(LayerKit.tupleText(full)) does not fit an input of size \(LayerKit.tupleText(inputShape))")
            }
            let kernel = Array(full.prefix(s)), cin = inputShape[s]
            guard full[s] == cin else { throw Exceptions.dimensionMismatch("Input channels must match! (\(cin) vs. \(full[s]))") }
            let stride = try LayerKit.ints(a.keyword("stride") ?? .int(1), s, "stride")
            let dilation = try LayerKit.ints(a.keyword("dilation") ?? .int(1), s, "dilation")
            guard stride.count == s, dilation.count == s else { throw Exceptions.argument("stride and dilation need \(s) entries") }
            let pad = try LayersConvolution.padding(a.keyword("pad") ?? .int(0), kernel: kernel, dilation: dilation, interp)
            var flipped = true
            if let f = a.keyword("flipped") {
                guard case .bool(let b) = f else { throw Exceptions.method(.str("unfold"), a.values) }
                flipped = b
            }
            let geometry = ConvGeometry(kernel: kernel, stride: stride, dilation: dilation,
                                        padLo: LayersConvolution.stride2(pad, 0), padHi: LayersConvolution.stride2(pad, 1))
            let inSize = Array(inputShape.prefix(s))
            guard let outSize = try interp.engine({ try geometry.outputSize(inSize) }), outSize.allSatisfy({ $0 > 0 }) else {
                throw Exceptions.dimensionMismatch("an input of size \(LayerKit.tupleText(inputShape)) is smaller than the kernel \(LayerKit.tupleText(kernel))")
            }
            let (lo, hi) = (geometry.padLo, geometry.padHi)
            let paddedSpatial = (0..<s).map { inSize[$0] + lo[$0] + hi[$0] }  // in range: outputSize checked the sums
            // Sizes a script chose: every product is checked before it is formed.
            let batch = inputShape[s + 1]
            try interp.engine { try AllocationGuard.reserve(outSize + kernel + [cin, batch], bytesEach: MemoryLayout<Int>.stride) }
            try interp.engine { try AllocationGuard.reserve(paddedSpatial + [cin, batch], bytesEach: 1) }
            let kprod = kernel.reduce(1, *), windows = outSize.reduce(1, *), perPlane = paddedSpatial.reduce(1, *)
            spatial = s
            padLo = lo; padHi = hi
            paddedShape = paddedSpatial + [cin, batch]
            (self.windows, windowSize, self.batch) = (windows, kprod * cin, batch)
            var list: [Int] = []
            for b in 0..<batch {
                for c in 0..<cin {
                    for k in 0..<kprod {
                        // flipped = false reads the kernel offsets in reverse.
                        let ko = Plan.offsets(flipped ? k : kprod - 1 - k, kernel)
                        for o in 0..<windows {
                            let op = Plan.offsets(o, outSize)
                            var lin = 0, mul = 1
                            for d in 0..<s {
                                lin += (op[d] * stride[d] + ko[d] * dilation[d]) * mul
                                mul *= paddedSpatial[d]
                            }
                            list.append(lin + perPlane * (c + cin * b))
                        }
                    }
                }
            }
            sources = list
        }

        /// The per-dimension position of linear index i in an array of size dims.
        static func offsets(_ i: Int, _ dims: [Int]) -> [Int] {
            var r = i
            return dims.map { n in defer { r /= n }; return r % n }
        }

        /// x with zeros added on the low and high side of each spatial dimension.
        func padded(_ x: Tensor, _ interp: Interpreter) throws -> Tensor {
            var t = x
            for d in 0..<spatial where padLo[d] > 0 || padHi[d] > 0 {
                var lo = t.shape.dims, hi = t.shape.dims
                lo[d] = padLo[d]; hi[d] = padHi[d]
                let blocks = try [lo, hi].map { dims in try interp.engine { try Tensor.zeros(t.dtype, try Shape(dims)) } }
                let current = t
                t = try interp.engine { tape in try Shaping.cat([blocks[0], current, blocks[1]], dim: d + 1, tape: tape) }
            }
            return t
        }
    }
}
