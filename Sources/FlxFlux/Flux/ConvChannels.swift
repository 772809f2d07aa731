import FlxSyntax
import FlxCore
import FlxStdlib

/// Flux's internal `_channels_in(l)` / `_channels_out(l)` of the convolution layers, which
/// Flux's own tests call: read off the weight, (k..., in ÷ groups, out) for `Conv` and
/// `CrossCor`, (k..., out ÷ groups, in) for `ConvTranspose`.
package enum ConvChannels {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        for (name, wantIn) in [("_channels_in", true), ("_channels_out", false)] {
            flux.hidden(name) { interp, a in
                try a.expect(name, 1...1)
                guard case .object(let o) = a[0], let count = try channels(o, input: wantIn, interp) else {
                    throw Exceptions.method(.str(name), a.values)
                }
                return .int(Int64(count))
            }
        }
    }

    /// The channel count, or nil when `o` is not a convolution layer.
    static func channels(_ o: StructInstance, input: Bool, _ interp: Interpreter) throws -> Int? {
        let names = o.type.fieldNames
        guard ["Conv", "CrossCor", "ConvTranspose"].contains(o.type.name), o.type === LayerKit.type(interp, o.type.name),
              let wi = names.firstIndex(of: "weight"), case .array(let w) = o.fields[wi], w.rank >= 3 else { return nil }
        var groups = 1
        if let gi = names.firstIndex(of: "groups"), case .int(let g) = o.fields[gi] { groups = Int(g) }
        let d = w.dims
        if o.type.name == "ConvTranspose" { return input ? d[d.count - 1] : d[d.count - 2] * groups }
        return input ? d[d.count - 2] * groups : d[d.count - 1]
    }
}
