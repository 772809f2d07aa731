import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `ConvTranspose`: the transposed convolution, which grows the spatial size (upsampling).
/// Its weight is (k..., out, in), the reverse of `Conv`'s channel order, and its forward
/// pass is NNlib's `∇conv_data` with the geometry of the `Conv` it undoes.
package enum LayersConvTranspose {
    // Field indices, Flux's order.
    static let σ = 0, weight = 1, bias = 2, stride = 3, pad = 4, outpad = 5, dilation = 6, groups = 7

    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "ConvTranspose", fields: ["σ", "weight", "bias", "stride", "pad", "outpad", "dilation", "groups"],
                        show: { o, interp in try show(o, interp) },
                        make: { interp, a in try make(a, interp) },
                        forward: { interp, o, a in try forward(o, a[1], interp) })
    }

    static func show(_ o: StructInstance, _ interp: Interpreter) throws -> String {
        guard case .array(let w) = o.fields[weight], w.rank >= 3 else { return "ConvTranspose(?)" }
        let s = w.rank - 2
        var str = "ConvTranspose(" + LayerKit.tupleText(Array(w.dims.prefix(s))) + ", \(w.dims[s + 1]) => \(w.dims[s] * LayerKit.int(o.fields[groups]))"
        str += try LayerKit.activationSuffix(o.fields[σ], interp)
        let p = try LayerKit.ints(o.fields[pad], 2 * s, "pad"), st = try LayerKit.ints(o.fields[stride], s, "stride")
        let d = try LayerKit.ints(o.fields[dilation], s, "dilation"), op = try LayerKit.ints(o.fields[outpad], s, "outpad")
        if !p.allSatisfy({ $0 == 0 }) { str += ", pad=" + LayerKit.maybeTuple(p) }
        if !st.allSatisfy({ $0 == 1 }) { str += ", stride=" + LayerKit.maybeTuple(st) }
        if !d.allSatisfy({ $0 == 1 }) { str += ", dilation=" + LayerKit.maybeTuple(d) }
        if LayerKit.int(o.fields[groups]) != 1 { str += ", groups=\(LayerKit.int(o.fields[groups]))" }
        if case .bool(false) = o.fields[bias] { str += ", bias=false" }
        // Flux prints outpad as the tuple it stores, not through _maybetuple_string.
        if !op.allSatisfy({ $0 == 0 }) { str += ", outpad=" + LayerKit.tupleText(op) }
        return str + ")"
    }

    /// `ConvTranspose(k, in => out, σ; init, stride, pad, outpad, dilation, groups, bias)`
    /// or `ConvTranspose(weight, bias = true, σ = identity; stride, pad, outpad, dilation)`.
    static func make(_ a: Args, _ interp: Interpreter) throws -> [Value] {
        var sigma = interp.base.binding("identity").value
        var biasValue: Value = a.keyword("bias") ?? .bool(true)
        let weightValue: Value
        var expectedRank: Int? = nil
        let groups = try a.keyword("groups").map { try LayerKit.ints($0, 1, "groups") }?.first ?? 1
        guard groups >= 1 else { throw Exceptions.argument("ConvTranspose: groups must be positive, got \(groups)") }
        if a.count >= 2, case .tuple(let kt) = a[0], case .pair(let ch) = a[1], case .int(let cin) = ch.first, case .int(let cout) = ch.second {
            guard a.count <= 3 else { throw Exceptions.method(.str("ConvTranspose"), a.values) }
            if a.count == 3 { sigma = a[2] }
            let kernel = try LayerKit.ints(a[0], kt.items.count, "filter")
            // convfilter(k, out => in; groups) checks the reversed pair, with its own words.
            guard cout % Int64(groups) == 0 else { throw Exceptions.assertion("Input channel dimension must be divisible by groups.") }
            guard cin % Int64(groups) == 0 else { throw Exceptions.assertion("Output channel dimension must be divisible by groups.") }
            let initFn = a.keyword("init") ?? (interp.modules["Flux"]?.member("glorot_uniform")?.value ?? .nothing)
            // convfilter(k, reverse(in => out); groups): the weight is (k..., out ÷ groups, in).
            weightValue = try interp.call(initFn, (kernel + [Int(cout) / groups, Int(cin)]).map { .int(Int64($0)) })
            expectedRank = kernel.count + 2
        } else if a.count >= 1, a.count <= 3, case .array(let w) = a[0], w.rank >= 3 {
            weightValue = a[0]
            if a.count >= 2 { biasValue = a[1] }
            if a.count == 3 { sigma = a[2] }
        } else {
            throw Exceptions.method(.str("ConvTranspose"), a.values)
        }
        guard case .array(let w) = weightValue, let wt = w.tensor, w.rank >= 3 else { throw Exceptions.argument("ConvTranspose weight must be an array") }
        if let expectedRank, w.rank != expectedRank {
            throw Exceptions.dimensionMismatch("ConvTranspose with a \(expectedRank - 2)-dimensional kernel needs a \(expectedRank)-dimensional weight array, got size \(w.shape.tupleText)")
        }
        let s = w.rank - 2
        // Each of the groups maps in ÷ groups input channels to the weight's out ÷ groups.
        guard w.dims[s + 1] % groups == 0 else { throw Exceptions.assertion("Input channel dimension must be divisible by groups.") }
        let kernel = Array(w.dims.prefix(s)), cout = w.dims[s] * groups
        switch biasValue {
        case .bool(true): biasValue = LayerKit.wrapArray(try interp.engine { try Tensor.zeros(wt.dtype, try Shape([cout])) })
        case .bool(false): break
        case .array(let b) where b.count == cout: break
        default: throw Exceptions.dimensionMismatch("ConvTranspose bias must be true, false or a vector of length \(cout)")
        }
        let st = try LayerKit.ints(a.keyword("stride") ?? .int(1), s, "stride")
        let dil = try LayerKit.ints(a.keyword("dilation") ?? .int(1), s, "dilation")
        let op = try LayerKit.ints(a.keyword("outpad") ?? .int(0), s, "outpad")
        guard st.count == s, dil.count == s, op.count == s else { throw Exceptions.argument("stride, dilation and outpad need \(s) entries") }
        // SamePad aims at size(x, d) * stride: the Conv padding of the kernel k - stride + 1.
        let padValue = a.keyword("pad") ?? .int(0)
        var padKernel = kernel
        if case .object(let o) = padValue, o.type.name == "SamePad" { padKernel = zip(kernel, st).map { $0 &- $1 &+ 1 } }
        let p = try LayersConvolution.padding(padValue, kernel: padKernel, dilation: dil, interp)
        return [sigma, weightValue, biasValue, LayerKit.intTuple(st), LayerKit.intTuple(p), LayerKit.intTuple(op), LayerKit.intTuple(dil), .int(Int64(groups))]
    }

    static func forward(_ o: StructInstance, _ input: Value, _ interp: Interpreter) throws -> Value {
        guard let w = LayerKit.tensorField(o.fields[weight]) else { throw Exceptions.error("ConvTranspose weight is not an array") }
        let s = w.rank - 2
        let t = try LayerKit.matchEltype(input, interp, like: w.dtype, layer: o)
        try LayersConvolution.sizeCheck(o, t, rank: w.rank, channelsIn: w.shape[s + 1], interp)
        let p = try LayerKit.ints(o.fields[pad], 2 * s, "pad")
        let st = try LayerKit.ints(o.fields[stride], s, "stride"), dil = try LayerKit.ints(o.fields[dilation], s, "dilation")
        let op = try LayerKit.ints(o.fields[outpad], s, "outpad")
        let kernel = Array(w.shape.dims.prefix(s))
        // Flux's conv_transpose_dims: the size whose convolution gives back the input's.
        var size: [Int] = []
        for d in 0..<s {
            let (grown, o1) = (t.shape[d] &- 1).multipliedReportingOverflow(by: st[d])
            let (span, o2) = (kernel[d] &- 1).multipliedReportingOverflow(by: dil[d])
            let n = grown &+ 1 &+ span &- p[2 * d] &- p[2 * d + 1] &+ op[d]
            guard !o1, !o2, n > 0 else {
                throw Exceptions.dimensionMismatch("layer \(try LayerKit.text(.object(o), interp)) gives an empty output for input of size \(t.shape.tupleText)")
            }
            size.append(n)
        }
        let geo = ConvGeometry(kernel: kernel, stride: st, dilation: dil,
                               padLo: LayersConvolution.stride2(p, 0), padHi: LayersConvolution.stride2(p, 1))
        let g = LayerKit.int(o.fields[groups])
        let y = try interp.engine { tape in try groupedTranspose(t, w, groups: g, geometry: geo, outputSize: size, tape: tape) }
        return try LayersConvolution.biasAct(y, bias: o.fields[bias], sigma: o.fields[σ], interp)
    }

    /// The transposed convolution in `groups` independent groups, the adjoint of a grouped
    /// `Conv`: input channels and the weight's last dimension split into consecutive equal
    /// parts, each part transposed alone, the results concatenated along the channels
    /// (as `LayersConvolution.groupedConv`; every step is a differentiable engine op).
    static func groupedTranspose(_ x: Tensor, _ w: Tensor, groups: Int, geometry: ConvGeometry, outputSize: [Int], tape: Tape?) throws -> Tensor {
        if groups == 1 { return try Convolution.transpose(x, w, geometry: geometry, outputSize: outputSize, flip: true, tape: tape) }
        let s = w.rank - 2
        let cin = w.shape[s + 1] / groups
        let spatial = [IndexSpec](repeating: .all, count: s)
        var parts: [Tensor] = []
        for k in 0..<groups {
            let xk = try Indexing.getindex(x, spatial + [.range(k * cin + 1, (k + 1) * cin), .all], tape: tape)
            let wk = try Indexing.getindex(w, spatial + [.all, .range(k * cin + 1, (k + 1) * cin)], tape: tape)
            parts.append(try Convolution.transpose(xk, wk, geometry: geometry, outputSize: outputSize, flip: true, tape: tape))
        }
        return try Shaping.cat(parts, dim: s + 1, tape: tape)
    }
}
