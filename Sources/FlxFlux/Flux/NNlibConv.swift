import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's functional `conv(x, w; stride = 1, pad = 0, dilation = 1, flipped = false,
/// groups = 1)`, the operation under the `Conv` layer: x is (spatial..., Cin, N), w is
/// (kernel..., Cin, Cout). `flipped = false` flips the kernel (a true convolution, as
/// `Conv`); `flipped = true` does not (a cross-correlation, as `CrossCor`).
///
/// Float arrays go to the engine's convolution (differentiable in x and w). Integer
/// arrays are convolved in Float64 and converted back, which is exact while every sum
/// stays below 2^53; past that the call is refused rather than rounded.
package enum NNlibConv {
    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        nnlib.native("conv") { interp, a in
            try a.expect("conv", 2...2)
            let x = try NNlibPadding.arrayTensor(a[0], "conv", a, interp)
            let w = try NNlibPadding.arrayTensor(a[1], "conv", a, interp)
            guard w.rank >= 3 else { throw Exceptions.method(.str("conv"), a.values) }
            let s = w.rank - 2
            if let g = a.keyword("groups"), LayerKit.int(g) != 1 { throw Exceptions.argument("conv: groups ≠ 1 is not supported in flx") }
            let flipped: Bool
            switch a.keyword("flipped") ?? .bool(false) {
            case .bool(let b): flipped = b
            default: throw Exceptions.method(.str("conv"), a.values)
            }
            let kernel = Array(w.shape.dims.prefix(s))
            let stride = try LayerKit.ints(a.keyword("stride") ?? .int(1), s, "stride")
            let dilation = try LayerKit.ints(a.keyword("dilation") ?? .int(1), s, "dilation")
            guard stride.count == s, dilation.count == s else { throw Exceptions.argument("stride and dilation need \(s) entries") }
            let pad = try LayersConvolution.padding(a.keyword("pad") ?? .int(0), kernel: kernel, dilation: dilation, interp)
            let geometry = ConvGeometry(kernel: kernel, stride: stride, dilation: dilation,
                                        padLo: LayersConvolution.stride2(pad, 0), padHi: LayersConvolution.stride2(pad, 1))
            let integer = !x.dtype.isFloat && !w.dtype.isFloat
            let y = try interp.engine { tape in try Convolution.conv(x, w, geometry: geometry, flip: !flipped, tape: tape) }
            guard integer else { return LayerKit.wrapArray(y) }
            let out = try interp.engine { try Tensor.zeros(.int64, y.shape) }
            for i in 0..<y.count {
                let v = try y.double(at: i)
                guard abs(v) < 9007199254740992, let n = Int64(exactly: v) else {
                    throw Exceptions.argument("conv: an Int result past 2^53 cannot be computed exactly in flx")
                }
                out.setInt(n, i)
            }
            return LayerKit.wrapArray(out)
        }
    }
}
