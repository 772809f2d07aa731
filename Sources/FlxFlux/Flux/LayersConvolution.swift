import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `Conv` / `CrossCor` (WHCN layout, weight `(k..., in, out)`, Conv flips the kernel),
/// `SamePad`, and the pooling layers `MaxPool`, `MeanPool`, `GlobalMaxPool`, `GlobalMeanPool`.
package enum LayersConvolution {
    // Conv field indices, Flux's order.
    package static let σ = 0, weight = 1, bias = 2, stride = 3, pad = 4, dilation = 5, groups = 6

    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        let samePad = FlxType(name: "SamePad", supertype: BuiltinTypes.any)
        samePad.isStruct = true
        samePad.fieldNames = []
        samePad.fieldTypes = []
        TypeBuiltins.setConstructor(samePad) { _, a in
            guard a.count == 0 else { throw Exceptions.method(.type(samePad), a.values) }
            return .object(StructInstance(type: samePad, fields: []))
        }
        flux.define("SamePad", .type(samePad))
        LayerKit.registry(interp).types["SamePad"] = samePad

        for (name, flip) in [("Conv", true), ("CrossCor", false)] {
            LayerKit.define(interp, flux, name, fields: ["σ", "weight", "bias", "stride", "pad", "dilation", "groups"], show: { o, interp in
                guard case .array(let w) = o.fields[weight], w.rank >= 3 else { return name + "(?)" }
                let s = w.rank - 2
                // Flux's _channels_in: the weight holds in ÷ groups channels per filter.
                var str = name + "(" + LayerKit.tupleText(Array(w.dims.prefix(s))) + ", \(w.dims[s] * LayerKit.int(o.fields[groups])) => \(w.dims[s + 1])"
                str += try LayerKit.activationSuffix(o.fields[σ], interp)
                let p = try LayerKit.ints(o.fields[pad], 2 * s, "pad"), st = try LayerKit.ints(o.fields[stride], s, "stride")
                let d = try LayerKit.ints(o.fields[dilation], s, "dilation")
                if !p.allSatisfy({ $0 == 0 }) { str += ", pad=" + LayerKit.maybeTuple(p) }
                if !st.allSatisfy({ $0 == 1 }) { str += ", stride=" + LayerKit.maybeTuple(st) }
                if !d.allSatisfy({ $0 == 1 }) { str += ", dilation=" + LayerKit.maybeTuple(d) }
                if LayerKit.int(o.fields[groups]) != 1 { str += ", groups=\(LayerKit.int(o.fields[groups]))" }
                if case .bool(false) = o.fields[bias] { str += ", bias=false" }
                return str + ")"
            }, make: { interp, a in try makeConv(name, a, interp) },
               forward: { interp, o, a in try convForward(o, a[1], flip: flip, interp) })
        }

        for (name, mode) in [("MaxPool", PoolMode.max), ("MeanPool", PoolMode.mean)] {
            LayerKit.define(interp, flux, name, fields: ["k", "pad", "stride"], show: { o, interp in
                let k = try LayerKit.ints(o.fields[0], 0, "k")
                var str = name + "(" + LayerKit.tupleText(k)
                let p = try LayerKit.ints(o.fields[1], 2 * k.count, "pad"), st = try LayerKit.ints(o.fields[2], k.count, "stride")
                if !p.allSatisfy({ $0 == 0 }) { str += ", pad=" + LayerKit.maybeTuple(p) }
                if st != k { str += ", stride=" + LayerKit.maybeTuple(st) }
                return str + ")"
            }, make: { interp, a in
                guard a.count == 1, case .tuple(let kt) = a[0], !kt.items.isEmpty else { throw Exceptions.method(.str(name), a.values) }
                let k = try LayerKit.ints(a[0], kt.items.count, "window")
                let st = try LayerKit.ints(a.keyword("stride") ?? a[0], k.count, "stride")
                let p = try padding(a.keyword("pad") ?? .int(0), kernel: k, dilation: k.map { _ in 1 }, interp)
                return [a[0], LayerKit.intTuple(p), LayerKit.intTuple(st)]
            }, forward: { interp, o, a in
                let k = try LayerKit.ints(o.fields[0], 0, "k")
                let p = try LayerKit.ints(o.fields[1], 2 * k.count, "pad")
                let geo = ConvGeometry(kernel: k, stride: try LayerKit.ints(o.fields[2], k.count, "stride"), dilation: k.map { _ in 1 },
                                       padLo: stride2(p, 0), padHi: stride2(p, 1))
                let t = try LayerKit.input(a[1], interp, layer: o)
                return LayerKit.wrapArray(try interp.engine { tape in try Pooling.pool(mode, t, geometry: geo, tape: tape) })
            })
        }
        for (name, mode) in [("GlobalMaxPool", PoolMode.max), ("GlobalMeanPool", PoolMode.mean)] {
            LayerKit.define(interp, flux, name, fields: [], show: { _, _ in name + "()" }, make: { interp, a in
                guard a.count == 0 else { throw Exceptions.method(.str(name), a.values) }
                return []
            }, forward: { interp, o, a in
                let t = try LayerKit.input(a[1], interp, layer: o)
                guard t.rank >= 3 else { throw Exceptions.dimensionMismatch("\(name) expects an input with at least 3 dimensions, got size \(t.shape.tupleText)") }
                let k = Array(t.shape.dims.prefix(t.rank - 2))
                let ones = k.map { _ in 1 }, zeros = k.map { _ in 0 }
                let geo = ConvGeometry(kernel: k, stride: ones, dilation: ones, padLo: zeros, padHi: zeros)
                return LayerKit.wrapArray(try interp.engine { tape in try Pooling.pool(mode, t, geometry: geo, tape: tape) })
            })
        }
    }

    /// Every other element of a (lo, hi, lo, hi, …) padding list.
    package static func stride2(_ p: [Int], _ offset: Int) -> [Int] { Swift.stride(from: offset, to: p.count, by: 2).map { p[$0] } }

    /// Flux's padding expansion: an Int for every side, one per dim (both sides), or
    /// (lo, hi) per dim; `SamePad()` keeps the output size at stride 1.
    package static func padding(_ v: Value, kernel: [Int], dilation: [Int], _ interp: Interpreter) throws -> [Int] {
        let s = kernel.count
        if case .object(let o) = v, o.type.name == "SamePad" {
            var out: [Int] = []
            for d in 0..<s {
                // Flux's `calc_padding`: Int arithmetic, which wraps, then cld/fld by 2.
                let total = (kernel[d] &- 1) &* dilation[d]
                out += [IntDivision.cld(total, 2), IntDivision.fld(total, 2)]
            }
            return out
        }
        if case .tuple(let t) = v, t.items.count == s {
            return try LayerKit.ints(v, s, "pad").flatMap { [$0, $0] }
        }
        let p = try LayerKit.ints(v, 2 * s, "pad")
        guard p.count == 2 * s else { throw Exceptions.argument("pad must have \(s) or \(2 * s) entries, got \(p.count)") }
        return p
    }

    package static func makeConv(_ name: String, _ a: Args, _ interp: Interpreter) throws -> [Value] {
        var sigma = interp.base.binding("identity").value
        var weightValue: Value
        var biasValue: Value = a.keyword("bias") ?? .bool(true)
        let kernel: [Int]
        // Grouped convolution is Conv's (DepthwiseConv is Conv with groups = in); Flux's
        // CrossCor has no groups.
        let g = try a.keyword("groups").map { try LayerKit.ints($0, 1, "groups") }?.first ?? 1
        guard g == 1 || name == "Conv" else { throw Exceptions.method(.str(name), a.values, keywords: [("groups", .int(Int64(g)))]) }
        guard g >= 1 else { throw Exceptions.argument("\(name): groups must be positive, got \(g)") }
        if a.count >= 2, case .tuple(let kt) = a[0], case .pair(let ch) = a[1], case .int(let cin) = ch.first, case .int(let cout) = ch.second {
            kernel = try LayerKit.ints(a[0], kt.items.count, "filter")
            if a.count >= 3 { sigma = a[2] }
            guard a.count <= 3 else { throw Exceptions.method(.str(name), a.values) }
            let initFn = a.keyword("init") ?? (interp.modules["Flux"]?.member("glorot_uniform")?.value ?? .nothing)
            // Flux's convfilter: (k..., in ÷ groups, out).
            guard cin % Int64(g) == 0 else { throw Exceptions.assertion("Input channel dimension must be divisible by groups.") }
            guard cout % Int64(g) == 0 else { throw Exceptions.assertion("Output channel dimension must be divisible by groups.") }
            weightValue = try interp.call(initFn, (kernel + [Int(cin) / g, Int(cout)]).map { .int(Int64($0)) })
        } else if a.count >= 1, case .array(let w) = a[0], w.rank >= 3 {
            // Conv(weight, bias = true, σ = identity)
            weightValue = a[0]
            kernel = Array(w.dims.prefix(w.rank - 2))
            if a.count >= 2 { biasValue = a[1] }
            if a.count >= 3 { sigma = a[2] }
        } else {
            throw Exceptions.method(.str(name), a.values)
        }
        guard case .array(let w) = weightValue, let wt = w.tensor else { throw Exceptions.argument("\(name) weight must be an array") }
        let s = kernel.count
        // A weight (from `init`, or given) must be (k..., in ÷ groups, out); without this
        // check a weight of the wrong rank read past its dimensions.
        guard w.rank == s + 2 else {
            throw Exceptions.dimensionMismatch("\(name) with a \(s)-dimensional kernel needs a \(s + 2)-dimensional weight array, got size \(w.shape.tupleText)")
        }
        let cout = w.dims[s + 1]
        guard cout % g == 0 else { throw Exceptions.assertion("Output channel dimension must be divisible by groups.") }
        switch biasValue {
        case .bool(true): biasValue = LayerKit.wrapArray(try interp.engine { try Tensor.zeros(wt.dtype, try Shape([cout])) })
        case .bool(false): break
        case .array(let b) where b.count == cout: break
        default: throw Exceptions.dimensionMismatch("\(name) bias must be true, false or a vector of length \(cout)")
        }
        let st = try LayerKit.ints(a.keyword("stride") ?? .int(1), s, "stride")
        let dil = try LayerKit.ints(a.keyword("dilation") ?? .int(1), s, "dilation")
        guard st.count == s, dil.count == s else { throw Exceptions.argument("stride and dilation need \(s) entries") }
        let p = try padding(a.keyword("pad") ?? .int(0), kernel: kernel, dilation: dil, interp)
        return [sigma, weightValue, biasValue, LayerKit.intTuple(st), LayerKit.intTuple(p), LayerKit.intTuple(dil), .int(Int64(g))]
    }

    package static func convForward(_ o: StructInstance, _ input: Value, flip: Bool, _ interp: Interpreter) throws -> Value {
        guard let w = LayerKit.tensorField(o.fields[weight]) else { throw Exceptions.error("Conv weight is not an array") }
        let s = w.rank - 2
        let t = try LayerKit.matchEltype(input, interp, like: w.dtype, layer: o)
        let g = LayerKit.int(o.fields[groups])
        try sizeCheck(o, t, rank: w.rank, channelsIn: w.shape[s] * g, interp)
        let p = try LayerKit.ints(o.fields[pad], 2 * s, "pad")
        let geo = ConvGeometry(kernel: Array(w.shape.dims.prefix(s)), stride: try LayerKit.ints(o.fields[stride], s, "stride"),
                               dilation: try LayerKit.ints(o.fields[dilation], s, "dilation"), padLo: stride2(p, 0), padHi: stride2(p, 1))
        let y = try interp.engine { tape in try groupedConv(t, w, groups: g, geometry: geo, flip: flip, tape: tape) }
        return try biasAct(y, bias: o.fields[bias], sigma: o.fields[σ], interp)
    }

    /// A convolution in `groups` independent groups: input channels and filters are split
    /// into consecutive equal parts, each part convolved alone, the results concatenated
    /// along the channels; every step is a differentiable engine op.
    package static func groupedConv(_ x: Tensor, _ w: Tensor, groups: Int, geometry: ConvGeometry, flip: Bool, tape: Tape?) throws -> Tensor {
        if groups == 1 { return try Convolution.conv(x, w, geometry: geometry, flip: flip, tape: tape) }
        let s = w.rank - 2
        let cin = w.shape[s], cout = w.shape[s + 1] / groups
        let spatial = [IndexSpec](repeating: .all, count: s)
        var parts: [Tensor] = []
        for k in 0..<groups {
            let xk = try Indexing.getindex(x, spatial + [.range(k * cin + 1, (k + 1) * cin), .all], tape: tape)
            let wk = try Indexing.getindex(w, spatial + [.all, .range(k * cout + 1, (k + 1) * cout)], tape: tape)
            parts.append(try Convolution.conv(xk, wk, geometry: geometry, flip: flip, tape: tape))
        }
        return try Shaping.cat(parts, dim: s + 1, tape: tape)
    }

    /// Flux's `_conv_size_check`: the input's rank, then its channel count.
    package static func sizeCheck(_ o: StructInstance, _ t: Tensor, rank: Int, channelsIn: Int, _ interp: Interpreter) throws {
        func fail(_ what: String) throws -> Never {
            throw Exceptions.dimensionMismatch("layer \(try LayerKit.text(.object(o), interp)) expects \(what), but got \(ArrayDisplay.summary(ArrayValue(tensor: t)))")
        }
        guard t.rank == rank else { try fail("ndims(input) == \(rank)") }
        guard t.shape[rank - 2] == channelsIn else { try fail("size(input, \(rank - 1)) == \(channelsIn)") }
    }

    /// NNlib's `bias_act!(σ, y, b)` for a WHCN result: the bias reshaped onto the channel
    /// dimension, then the activation.
    package static func biasAct(_ y: Tensor, bias: Value, sigma: Value, _ interp: Interpreter) throws -> Value {
        var y = y
        let s = y.rank - 2
        if let b = LayerKit.tensorField(bias) {
            var bshape = [Int](repeating: 1, count: s + 2)
            bshape[s] = b.count
            let br = try interp.engine { tape in try Shaping.reshape(b, bshape, tape: tape) }
            if br.dtype == y.dtype, case .function(let c) = sigma, case .unary(.relu)? = c.elementwise {
                // NNlib's bias_act!: one pass each way (the bias gradient is `sum(dx; dims)`).
                let z = try interp.engine { tape in try Fused.evaluate(.unary(.relu, .binary(.add, .input(0), .input(1))), inputs: [y, br], sumInputs: 0b10, tape: tape) }
                return LayerKit.wrapArray(z)
            }
            y = try interp.engine { tape in try Arithmetic.binary(.add, y, br, tape: tape) }
        }
        return try LayerKit.activate(sigma, y, interp, fast: true)
    }
}
