import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `AdaptiveMaxPool(out)` / `AdaptiveMeanPool(out)`, which choose the window for a given
/// output size (stride = in ÷ out, window = in - (out - 1)·stride, no padding), and
/// `DepthwiseConv`, which Flux defines as a function returning a grouped `Conv`.
package enum LayersAdaptivePool {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        for (name, mode) in [("AdaptiveMaxPool", PoolMode.max), ("AdaptiveMeanPool", PoolMode.mean)] {
            LayerKit.define(interp, flux, name, fields: ["out"], show: { o, interp in
                name + "(" + (try LayerKit.text(o.fields[0], interp)) + ")"
            }, make: { _, a in
                guard a.count == 1, case .tuple(let t) = a[0], t.items.allSatisfy({ if case .int = $0 { return true }; return false }) else {
                    throw Exceptions.method(.str(name), a.values)
                }
                return [a[0]]
            }, forward: { interp, o, a in
                let out = try LayerKit.ints(o.fields[0], 0, "out")
                let t = try LayerKit.input(a[1], interp, layer: o)
                guard t.rank == out.count + 2 else {
                    throw Exceptions.dimensionMismatch("layer \(try LayerKit.text(.object(o), interp)) expects ndims(input) == \(out.count + 2), but got \(ArrayDisplay.summary(ArrayValue(tensor: t)))")
                }
                var stride: [Int] = [], kernel: [Int] = []
                for d in out.indices {
                    guard out[d] >= 1 else { throw Exceptions.argument("\(name): output sizes must be positive, got \(LayerKit.tupleText(out))") }
                    let st = t.shape[d] / out[d]
                    stride.append(st)
                    kernel.append(t.shape[d] - (out[d] - 1) * st)
                }
                let zeros = out.map { _ in 0 }
                let geo = ConvGeometry(kernel: kernel, stride: stride, dilation: out.map { _ in 1 }, padLo: zeros, padHi: zeros)
                return LayerKit.wrapArray(try interp.engine { tape in try Pooling.pool(mode, t, geometry: geo, tape: tape) })
            })
        }
        flux.native("DepthwiseConv") { interp, a in
            let conv = flux.binding("Conv").value
            let keywords = a.keywords.filter { $0.name != "groups" }
            if a.count >= 2, case .pair(let ch) = a[1] {
                return try interp.call(conv, a.values, keywords: keywords + [("groups", ch.first)])
            }
            // DepthwiseConv(weight (k..., multiplier, in), bias, σ): Conv's weight is (k..., 1, multiplier·in).
            guard a.count >= 1, a.count <= 3, case .array(let w) = a[0], let wt = w.tensor, w.rank >= 3 else {
                throw Exceptions.method(.str("DepthwiseConv"), a.values)
            }
            let groups = w.dims[w.rank - 2]
            let reshaped = try interp.engine { tape in try Shaping.reshape(wt, Array(w.dims.prefix(w.rank - 2)) + [1, -1], tape: tape) }
            return try interp.call(conv, [LayerKit.wrapArray(reshaped)] + Array(a.values.dropFirst()), keywords: keywords + [("groups", .int(Int64(groups)))])
        }
    }
}
