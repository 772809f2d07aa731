import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Flux's `Upsample` and `PixelShuffle` layers, thin wrappers of NNlib's functions.
/// Flux keeps `Upsample`'s mode in its type (`Upsample{:nearest}`); flx keeps it in a
/// third field, after Flux's `scale` and `size`.
package enum LayersUpsample {
    static let modes = ["nearest": "upsample_nearest", "bilinear": "upsample_bilinear", "trilinear": "upsample_trilinear"]

    static func isNothing(_ v: Value) -> Bool {
        if case .nothing = v { return true }
        return false
    }

    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "Upsample", fields: ["scale", "size", "mode"], show: { o, interp in
            guard case .symbol(let mode) = o.fields[2] else { return "Upsample(?)" }
            var s = "Upsample(:" + mode.name
            if !isNothing(o.fields[0]) { s += ", scale = " + (try LayerKit.text(o.fields[0], interp)) }
            if !isNothing(o.fields[1]) { s += ", size = " + (try LayerKit.text(o.fields[1], interp)) }
            return s + ")"
        }, make: { interp, a in
            // Upsample(mode = :nearest; scale, size) or Upsample(scale, mode = :nearest).
            var mode = "nearest"
            var scale = a.keyword("scale") ?? .nothing
            let size = a.keyword("size") ?? .nothing
            switch a.count {
            case 0: break
            case 1:
                if case .symbol(let m) = a[0] { mode = m.name } else { scale = a[0] }
            case 2:
                guard case .symbol(let m) = a[1], a.keyword("scale") == nil else { throw Exceptions.method(.str("Upsample"), a.values) }
                scale = a[0]; mode = m.name
            default: throw Exceptions.method(.str("Upsample"), a.values)
            }
            guard modes[mode] != nil else { throw Exceptions.argument("mode=:\(mode) is not supported.") }
            guard isNothing(scale) != isNothing(size) else {
                throw Exceptions.argument("Either scale or size should be specified (but not both).")
            }
            return [scale, size, .sym(mode)]
        }, forward: { interp, o, a in
            guard case .symbol(let modeSym) = o.fields[2], case let mode = modeSym.name, let name = modes[mode], let f = interp.modules["NNlib"]?.binding(name).value else {
                throw Exceptions.error("Upsample has no mode")
            }
            let x = a[1]
            if !isNothing(o.fields[1]) { return try interp.call(f, [x], keywords: [("size", o.fields[1])]) }
            // A single Int scales every dimension before channel and batch.
            if mode == "nearest", case .int = o.fields[0], let t = try interp.tensor(of: x) {
                return try interp.call(f, [x, .tuple(Array(repeating: o.fields[0], count: max(t.rank - 2, 0)))])
            }
            return try interp.call(f, [x, o.fields[0]])
        })
        LayerKit.define(interp, flux, "PixelShuffle", fields: ["r"], show: { o, interp in
            "PixelShuffle(" + (try LayerKit.text(o.fields[0], interp)) + ")"
        }, make: { _, a in
            guard a.count == 1, case .int = a[0] else { throw Exceptions.method(.str("PixelShuffle"), a.values) }
            return [a[0]]
        }, forward: { interp, o, a in
            guard let f = interp.modules["NNlib"]?.binding("pixel_shuffle").value else { throw Exceptions.undefVar("pixel_shuffle") }
            return try interp.call(f, [a[1], o.fields[0]])
        })
    }
}
