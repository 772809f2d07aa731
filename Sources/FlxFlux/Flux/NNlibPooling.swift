import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's functional pooling, the operations under `MaxPool` and `MeanPool`:
/// `maxpool(x, k; pad = 0, stride = k)`, `meanpool(x, k; pad = 0, stride = k)` and
/// `lpnormpool(x, p, k; pad = 0, stride = k)` = (Σ over the window of xᵖ)^(1/p). They run
/// the engine's pooling (lpnormpool as a mean pool of xᵖ scaled by the window size), so
/// they are differentiable. `meanpool`'s padding counts in the mean, NNlib's default;
/// `count_include_pad = false` is not available in flx.
package enum NNlibPooling {
    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        for (name, mode) in [("maxpool", PoolMode.max), ("meanpool", PoolMode.mean)] {
            nnlib.native(name) { interp, a in
                try a.expect(name, 2...2)
                if name == "meanpool", case .bool(false)? = a.keyword("count_include_pad"), !isZero(a.keyword("pad")) {
                    throw Exceptions.argument("meanpool: count_include_pad = false is not supported in flx")
                }
                let (x, geometry) = try plan(a, kernelAt: 1, name, interp)
                return LayerKit.wrapArray(try interp.engine { tape in try Pooling.pool(mode, x, geometry: geometry, tape: tape) })
            }
        }
        PoolDimsObject.install(interp, nnlib)
        NNlibSampling.install(interp, nnlib)
        nnlib.native("lpnormpool") { interp, a in
            try a.expect("lpnormpool", 3...3)
            let pValue = OperatorBuiltins.plain(a[1])
            let p = asDouble(pValue)
            guard p.isFinite, p >= 0 else {
                throw Exceptions.error("p value of Lp norm pool expects `0 < p < Inf`, but p is \(try LayerKit.text(pValue, interp)) now.")
            }
            let (x, geometry) = try plan(a, kernelAt: 2, "lpnormpool", interp)
            let window = Double(geometry.kernel.reduce(1, *))
            return LayerKit.wrapArray(try interp.engine { tape -> Tensor in
                let dtype = x.dtype.floatResult
                let powered = try Arithmetic.binary(.pow, x, try Tensor.scalar(p, dtype: dtype), tape: tape)
                let mean = try Pooling.pool(.mean, powered, geometry: geometry, tape: tape)
                let sum = try Arithmetic.binary(.mul, mean, try Tensor.scalar(window, dtype: dtype), tape: tape)
                return try Arithmetic.binary(.pow, sum, try Tensor.scalar(1 / p, dtype: dtype), tape: tape)
            })
        }
    }

    static func isZero(_ v: Value?) -> Bool {
        guard let v else { return true }
        if case .int(0) = v { return true }
        return false
    }

    /// The input and the window geometry from `k` (a tuple of ndims(x) - 2 Ints) and the
    /// `pad` / `stride` keywords, as NNlib's PoolDims reads them.
    static func plan(_ a: Args, kernelAt i: Int, _ name: String, _ interp: Interpreter) throws -> (Tensor, ConvGeometry) {
        let x = try NNlibPadding.arrayTensor(a[0], name, a, interp)
        if case .native(let dims as PoolDimsObject) = a[i] {
            // `maxpool(x, pdims)`: the geometry made for an input of this size.
            guard Array(x.shape.dims.dropLast(2)) == dims.inputSize, x.rank >= 2, x.shape[x.rank - 2] == dims.channels else {
                throw Exceptions.dimensionMismatch("\(name): the PoolDims were made for an input of size \(LayerKit.tupleText(dims.inputSize + [dims.channels])) (without the batch), got \(x.shape.tupleText)")
            }
            return (x, dims.geometry)
        }
        guard case .tuple = a[i] else { throw Exceptions.method(.str(name), a.values) }
        let k = try LayerKit.ints(a[i], 0, "k")
        guard k.count == x.rank - 2 else {
            throw Exceptions.dimensionMismatch("\(name): a window of \(k.count) dimensions for an input of size \(x.shape.tupleText)")
        }
        let stride = try LayerKit.ints(a.keyword("stride") ?? a[i], k.count, "stride")
        let pad = try LayersConvolution.padding(a.keyword("pad") ?? .int(0), kernel: k, dilation: k.map { _ in 1 }, interp)
        guard stride.count == k.count else { throw Exceptions.argument("stride needs \(k.count) entries") }
        return (x, ConvGeometry(kernel: k, stride: stride, dilation: k.map { _ in 1 },
                                padLo: LayersConvolution.stride2(pad, 0), padHi: LayersConvolution.stride2(pad, 1)))
    }
}
