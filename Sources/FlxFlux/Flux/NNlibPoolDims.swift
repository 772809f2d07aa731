import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's `PoolDims(x, k; stride = k, padding = 0, dilation = 1)`: the geometry of a
/// pooling, made once and passed as `maxpool(x, pdims)` / `meanpool(x, pdims)`. `x` is the
/// input array or its size; `k`, `stride` and `dilation` an Int or one per spatial
/// dimension; `padding` an Int, one per dimension, or a (lo, hi) pair per dimension.
package final class PoolDimsObject: NativeObject, NativeShowable, NativeFields {
    let inputSize: [Int]
    let channels: Int
    let geometry: ConvGeometry

    init(inputSize: [Int], channels: Int, geometry: ConvGeometry) {
        self.inputSize = inputSize
        self.channels = channels
        self.geometry = geometry
    }

    static let type: FlxType = FlxType(name: "PoolDims", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { PoolDimsObject.type }

    var padding: [Int] { zip(geometry.padLo, geometry.padHi).flatMap { [$0, $1] } }

    /// Julia's default show of the struct: its parameters (the spatial rank and the lengths
    /// of the kernel, stride, padding and dilation tuples), then its fields.
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        let s = geometry.kernel.count
        let fields = [LayerKit.tupleText(inputSize), LayerKit.tupleText(geometry.kernel), "\(channels)",
                      LayerKit.tupleText(geometry.stride), LayerKit.tupleText(padding), LayerKit.tupleText(geometry.dilation)]
        return "PoolDims{\(s), \(s), \(s), \(2 * s), \(s)}(" + fields.joined(separator: ", ") + ")"
    }

    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "input_size": return LayerKit.intTuple(inputSize)
        case "kernel_size": return LayerKit.intTuple(geometry.kernel)
        case "channels_in": return .int(Int64(channels))
        case "stride": return LayerKit.intTuple(geometry.stride)
        case "padding": return LayerKit.intTuple(padding)
        case "dilation": return LayerKit.intTuple(geometry.dilation)
        default: return nil
        }
    }

    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }

    static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        nnlib.define("PoolDims", .type(type))
        interp.builtinHelp.add(BuiltinHelp("PoolDims(x, k; stride = k, padding = 0, dilation = 1)", "The geometry of a pooling of arrays of x's size (x or its size tuple), made once and passed as `maxpool(x, pdims)` or `meanpool(x, pdims)`.", "maxpool(rand(4, 4, 1, 1), PoolDims((4, 4, 1, 1), 2)) |> size  # (2, 2, 1, 1)"), for: "PoolDims")
        TypeBuiltins.setConstructor(type) { interp, a in
            try a.expect("PoolDims", 2...2)
            // The size of an input array (its spatial part and channels), or a size tuple.
            let full: [Int]
            switch a[0] {
            case .array(let x): full = x.dims
            case .tuple: full = try LayerKit.ints(a[0], 0, "x_size")
            default: throw Exceptions.method(.type(type), a.values)
            }
            guard full.count >= 3 else {
                throw Exceptions.dimensionMismatch("PoolDims needs an input of at least 3 dimensions (spatial..., channels, batch), got \(full.count)")
            }
            let s = full.count - 2
            let kernel = try LayerKit.ints(a[1], s, "k")
            let stride = try LayerKit.ints(a.keyword("stride") ?? a[1], s, "stride")
            let dilation = try LayerKit.ints(a.keyword("dilation") ?? .int(1), s, "dilation")
            guard kernel.count == s, stride.count == s, dilation.count == s else {
                throw Exceptions.dimensionMismatch("PoolDims: the kernel, stride and dilation need \(s) entries for an input of size \(LayerKit.tupleText(full))")
            }
            let pad = try LayersConvolution.padding(a.keyword("padding") ?? .int(0), kernel: kernel, dilation: dilation, interp)
            let geometry = ConvGeometry(kernel: kernel, stride: stride, dilation: dilation,
                                        padLo: LayersConvolution.stride2(pad, 0), padHi: LayersConvolution.stride2(pad, 1))
            try interp.engine { try geometry.validate() }
            return .native(PoolDimsObject(inputSize: Array(full.prefix(s)), channels: full[s], geometry: geometry))
        }
    }
}
