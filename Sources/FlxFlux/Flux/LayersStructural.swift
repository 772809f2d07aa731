import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Dropout, AlphaDropout, Embedding, Scale, SkipConnection, Parallel, Maxout and
/// `Flux.flatten`.
package enum LayersStructural {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        installDropout(interp, flux)
        installEmbeddingAndScale(interp, flux)
        installCombinators(interp, flux)
        flux.native("flatten") { interp, a in
            try a.expect("flatten", 1...1)
            let t = try interp.requireTensor(a[0], "flatten")
            guard t.rank >= 1 else { throw Exceptions.method(.str("flatten"), a.values) }
            return LayerKit.wrapArray(try interp.engine { tape in try Shaping.reshape(t, [-1, t.shape[t.rank - 1]], tape: tape) })
        }
    }

    package static func probability(_ a: Args, _ name: String, _ interp: Interpreter) throws -> Value {
        guard a.count >= 1 else { throw Exceptions.argument("\(name) needs a probability p") }
        let p = asDouble(a[0])
        guard p >= 0 && p <= 1 else { throw Exceptions.argument("\(name) expects 0 ≤ p ≤ 1, got p = \(try LayerKit.text(a[0], interp))") }
        switch a[0] {
        case .int: return .float64(p)
        default: return a[0]
        }
    }

    // MARK: Dropout

    /// The `rng` keyword (default: the session generator, shown as `default_rng()`).
    package static func rngField(_ a: Args) -> Value {
        a.keyword("rng") ?? .native(RNGObject(state: Xoshiro(s0: 0, s1: 0, s2: 0, s3: 0), isDefault: true))
    }

    package static func rngObject(_ v: Value) -> RNGObject? {
        if case .native(let r as RNGObject) = v, !r.isDefault { return r }
        return nil
    }


    package static func installDropout(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "Dropout", fields: ["p", "dims", "active", "rng"], mutable: true, show: { o, interp in
            var s = "Dropout(" + (try LayerKit.text(o.fields[0], interp))
            if case .native(let c) = o.fields[1], c is ColonObject {} else { s += ", dims=" + (try LayerKit.text(o.fields[1], interp)) }
            if case .bool(let b) = o.fields[2] { s += ", active=\(b)" }
            return s + ")"
        }, make: { interp, a in
            let p = try probability(a, "Dropout", interp)
            guard a.count == 1 else { throw Exceptions.method(.str("Dropout"), a.values) }
            return [p, a.keyword("dims") ?? .native(ColonObject.shared), a.keyword("active") ?? .nothing, rngField(a)]
        }, forward: { interp, o, a in
            guard LayerKit.isActive(o.fields[2], interp) else { return a[1] }
            let t = try LayerKit.input(a[1], interp, layer: o)
            let p = LayerKit.num(o.fields[0])
            if p == 0 { return a[1] }
            var maskDims = t.shape.dims
            if case .native(let c) = o.fields[1], c is ColonObject {} else {
                let keep = try LayerKit.ints(o.fields[1], 1, "dims")
                for i in maskDims.indices where !keep.contains(i + 1) { maskDims[i] = 1 }
            }
            // Flux 0.16's Dropout calls NNlib's `dropout(rng, x, p; dims)`.
            return try NNlibDropout.applyMask(t, p, maskDims, rngObject(o.fields[3]), interp)
        })

        LayerKit.define(interp, flux, "AlphaDropout", fields: ["p", "active", "rng"], mutable: true, show: { o, interp in
            var s = "AlphaDropout(" + (try LayerKit.text(o.fields[0], interp))
            if case .bool(let b) = o.fields[1] { s += ", active=\(b)" }
            return s + ")"
        }, make: { interp, a in
            let p = try probability(a, "AlphaDropout", interp)
            guard a.count == 1 else { throw Exceptions.method(.str("AlphaDropout"), a.values) }
            return [p, a.keyword("active") ?? .nothing, rngField(a)]
        }, forward: { interp, o, a in
            guard LayerKit.isActive(o.fields[1], interp) else { return a[1] }
            let t = try LayerKit.input(a[1], interp, layer: o)
            let p = LayerKit.num(o.fields[0])
            if p == 0 { return a[1] }
            let dtype = t.dtype.floatResult
            // A·ifelse(noise > p, x, α′) + B, written as x·(keep·A) + ((1 − keep)·A·α′ + B).
            let alpha = -1.7580993408473766
            let A = p == 1 ? 0 : 1 / ((1 - p) * (1 + p * alpha * alpha)).squareRoot()
            let B = -A * alpha * p
            let scale = try interp.engine { try Tensor.zeros(dtype, t.shape) }
            let shift = try interp.engine { try Tensor.zeros(dtype, t.shape) }
            // Flux: `noise = rand!(rng, similar(x))`, one bulk draw of x's size, compared with p.
            let noise = try interp.engine { try Tensor.zeros(dtype, t.shape) }
            RandomBuiltins.withGenerator(rngObject(o.fields[2]), interp) { noise.fillUniform(&$0) }
            for i in 0..<t.count {
                let keep = try p < 1 && noise.double(at: i) > p
                scale.setNumeric(keep ? A : 0, i)
                shift.setNumeric(keep ? B : A * alpha + B, i)
            }
            let y = try interp.engine { tape in try Arithmetic.binary(.mul, t, scale, tape: tape) }
            return LayerKit.wrapArray(try interp.engine { tape in try Arithmetic.binary(.add, y, shift, tape: tape) })
        })
    }

    // MARK: Embedding, Scale

    package static func installEmbeddingAndScale(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "Embedding", fields: ["weight", "padding_idx"], trainable: ["weight"], show: { o, interp in
            guard case .array(let w) = o.fields[0], w.rank == 2 else { return "Embedding(?)" }
            let pad = LayersUpsample.isNothing(o.fields[1]) ? "" : ", padding_idx=" + (try LayerKit.text(o.fields[1], interp))
            return "Embedding(\(w.dims[1]) => \(w.dims[0])\(pad))"
        }, make: { interp, a in
            let padding = a.keyword("padding_idx") ?? .nothing
            // Embedding(in => out), or the v0.13 form Embedding(in, out) Flux still accepts.
            var sizes: (Int64, Int64)? = nil
            if a.count == 1, case .pair(let p) = a[0], case .int(let nIn) = p.first, case .int(let nOut) = p.second { sizes = (nIn, nOut) }
            if a.count == 2, case .int(let nIn) = a[0], case .int(let nOut) = a[1] { sizes = (nIn, nOut) }
            if let (nIn, nOut) = sizes {
                let initFn = a.keyword("init") ?? (interp.modules["Flux"]?.member("randn32")?.value ?? .nothing)
                let weight = try interp.call(initFn, [.int(nOut), .int(nIn)])
                // The padding column starts at zero (its gradient is masked in the forward pass).
                if case .int(let i) = padding {
                    guard i >= 1, i <= nIn else { throw Exceptions.argument("padding_idx=\(i) must be in 1:\(nIn)") }
                    if let t = LayerKit.tensorField(weight) { for r in 0..<Int(nOut) { t.setNumeric(0, r + Int(nOut) * Int(i - 1)) } }
                }
                return [weight, padding]
            }
            if a.count == 1, case .array(let w) = a[0], w.rank == 2 { return [a[0], padding] }
            // The struct's own Embedding(weight, padding_idx).
            if a.count == 2, case .array(let w) = a[0], w.rank == 2 { return [a[0], a[1]] }
            throw Exceptions.method(.str("Embedding"), a.values)
        }, forward: { interp, o, a in
            let y = try embed(interp, o, a)
            guard case .int(let p) = o.fields[1] else { return y }
            return try maskPadding(y, input: a[1], padding: Int(p), interp)
        })

        LayerKit.define(interp, flux, "Scale", fields: ["scale", "bias", "σ"], show: { o, interp in
            guard case .array(let s) = o.fields[0] else { return "Scale(?)" }
            var str = "Scale(" + s.dims.map(String.init).joined(separator: ", ")
            str += try LayerKit.activationSuffix(o.fields[2], interp)
            if case .bool(false) = o.fields[1] { str += "; bias=false" }
            return str + ")"
        }, make: { interp, a in
            var args = a.values
            var sigma = interp.base.binding("identity").value
            if case .array = args.first {
                // Scale(scale, bias = true, σ = identity)
                let s = args[0]
                var bias: Value = args.count >= 2 ? args[1] : (a.keyword("bias") ?? .bool(true))
                if args.count >= 3 { sigma = args[2] }
                if case .bool(true) = bias, case .array(let sa) = s, let st = sa.tensor {
                    bias = LayerKit.wrapArray(try interp.engine { try Tensor.zeros(st.dtype, st.shape) })
                }
                return [s, bias, sigma]
            }
            if case .function = args.last { sigma = args.removeLast() }
            let dims = try args.map { v -> Value in guard case .int = v else { throw Exceptions.method(.str("Scale"), a.values) }; return v }
            // Flux's Scale(s1::Integer, s23::Integer...): at least one size (`Scale(sin)` has none).
            if dims.isEmpty { throw Exceptions.method(.str("Scale"), a.values) }
            let initFn = a.keyword("init") ?? (interp.modules["Flux"]?.member("ones32")?.value ?? .nothing)
            let scale = try interp.call(initFn, dims)
            var bias: Value = a.keyword("bias") ?? .bool(true)
            if case .bool(true) = bias, case .array(let sa) = scale, let st = sa.tensor {
                bias = LayerKit.wrapArray(try interp.engine { try Tensor.zeros(st.dtype, st.shape) })
            }
            return [scale, bias, sigma]
        }, forward: { interp, o, a in
            guard let s = LayerKit.tensorField(o.fields[0]) else { throw Exceptions.error("Scale has no scale array") }
            let t = try LayerKit.input(a[1], interp, like: s.dtype, layer: o)
            var y = try interp.engine { tape in try Arithmetic.binary(.mul, s, t, tape: tape) }
            if let b = LayerKit.tensorField(o.fields[1]) { y = try interp.engine { tape in try Arithmetic.binary(.add, y, b, tape: tape) } }
            return try LayerKit.activate(o.fields[2], y, interp, fast: true)
        })
    }

    // MARK: SkipConnection, Parallel, Maxout

    package static func installCombinators(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "SkipConnection", fields: ["layers", "connection"], container: true, show: { o, interp in
            "SkipConnection(" + (try LayerKit.text(o.fields[0], interp)) + ", " + (try LayerKit.text(o.fields[1], interp)) + ")"
        }, make: { interp, a in
            guard a.count == 2 else { throw Exceptions.method(.str("SkipConnection"), a.values) }
            return [a[0], a[1]]
        }, forward: { interp, o, a in
            let input = a.count == 2 ? a[1] : .tuple(Array(a.values.dropFirst()))
            return try interp.call(o.fields[1], [try interp.call(o.fields[0], [input]), input])
        })

        LayerKit.define(interp, flux, "Parallel", fields: ["connection", "layers"], container: true, takesNoInput: true, show: { o, interp in
            var s = "Parallel(" + (try LayerKit.text(o.fields[0], interp)) + ", "
            if case .namedTuple(let nt) = o.fields[1] {
                s += try zip(nt.names, nt.values).map { "\($0) = " + (try LayerKit.text($1, interp)) }.joined(separator: ", ")
            } else {
                s += try interp.collect(o.fields[1]).map { try LayerKit.text($0, interp) }.joined(separator: ", ")
            }
            return s + ")"
        }, make: { interp, a in
            guard a.count >= 1 else { throw Exceptions.method(.str("Parallel"), a.values) }
            if !a.keywords.isEmpty {
                guard a.count == 1 else { throw Exceptions.argument("Parallel takes either positional layers or named ones, not both") }
                if a.keywords.contains(where: { $0.name == "layers" || $0.name == "connection" }) {
                    throw Exceptions.argument("a Parallel layer cannot have a named sub-layer called `connection` or `layers`")
                }
                return [a[0], .namedTuple(NamedTupleValue(names: a.keywords.map { $0.name }, values: a.keywords.map { $0.value }))]
            }
            // The struct's own Parallel(connection, layers) with a tuple or NamedTuple of layers.
            if a.count == 2, case .tuple(let t) = a[1], t.items.isEmpty { throw Exceptions.argument("cannot construct a Parallel layer with no sub-layers") }
            if a.count == 1 { throw Exceptions.argument("cannot construct a Parallel layer with no sub-layers") }
            return [a[0], .tuple(Array(a.values.dropFirst()))]
        }, forward: { interp, o, a in
            let layers = try interp.collect(o.fields[1])
            if a.count == 1 { throw Exceptions.argument("Parallel layer cannot take 0 inputs") }
            var inputs = Array(a.values.dropFirst())
            if inputs.count == 1, case .tuple(let t) = inputs[0] { inputs = t.items }
            var outputs: [Value] = []
            if inputs.count == 1 {
                outputs = try layers.map { try interp.call($0, [inputs[0]]) }
            } else if layers.count == 1 {
                outputs = try inputs.map { try interp.call(layers[0], [$0]) }
            } else if layers.count == inputs.count {
                outputs = try zip(layers, inputs).map { try interp.call($0, [$1]) }
            } else {
                throw Exceptions.argument("Parallel with \(layers.count) > 1 sub-layers can take one input or \(layers.count) inputs, but got \(inputs.count) inputs")
            }
            return try interp.call(o.fields[0], outputs)
        })

        LayerKit.define(interp, flux, "Maxout", fields: ["layers"], container: true, show: { o, interp in
            "Maxout(" + (try interp.collect(o.fields[0]).map { try LayerKit.text($0, interp) }.joined(separator: ", ")) + ")"
        }, make: { interp, a in
            // Maxout(layers...) or Maxout(f, n_alts) calling f() n times.
            if a.count == 2, case .function = a[0], case .int(let n) = a[1] {
                return [.tuple(try (0..<Int(n)).map { _ in try interp.call(a[0], []) })]
            }
            guard a.count >= 1 else { throw Exceptions.method(.str("Maxout"), a.values) }
            return [.tuple(a.values)]
        }, forward: { interp, o, a in
            var best: Tensor? = nil
            for layer in try interp.collect(o.fields[0]) {
                let y = try interp.requireTensor(try interp.call(layer, [a[1]]), "Maxout")
                best = try best.map { b in try interp.engine { tape in try Arithmetic.binary(.max, b, y, tape: tape) } } ?? y
            }
            return LayerKit.wrapArray(best!)
        })
    }

    /// Embedding's lookup: a column, columns for an index array, or W * x for one-hot x.
    static func embed(_ interp: Interpreter, _ o: StructInstance, _ a: Args) throws -> Value {
            guard let w = LayerKit.tensorField(o.fields[0]) else { throw Exceptions.error("Embedding weight is not an array") }
            let input = a[1]
            if case .int(let i) = input {
                return LayerKit.wrapArray(try interp.engine { tape in try Indexing.getindex(w, [.all, .scalar(Int(i))], tape: tape) })
            }
            let idx = try LayerKit.input(input, interp, layer: o)
            if idx.dtype.isFloat || idx.dtype == .bool {
                // One-hot (or soft) columns: W * x; more dimensions (a (vocab, len, batch)
                // onehotbatch) as Flux does it, the columns flattened and the result reshaped.
                return LayerKit.wrapArray(try interp.engine { tape -> Tensor in
                    let x = try idx.converted(to: w.dtype)
                    guard x.rank > 2 else { return try LinearAlgebra.matmul(w, x, tape: tape) }
                    let rest = Array(x.shape.dims.dropFirst())
                    let flat = try Shaping.reshape(x, [x.shape[0], rest.reduce(1, *)], tape: tape)
                    return try Shaping.reshape(try LinearAlgebra.matmul(w, flat, tape: tape), [w.shape[0]] + rest, tape: tape)
                })
            }
            let list = try idx.toInt64s().map { Int($0) }
            let cols = try interp.engine { tape in try Indexing.getindex(w, [.all, .list(list)], tape: tape) }
            if idx.rank == 1 { return LayerKit.wrapArray(cols) }
            return LayerKit.wrapArray(try interp.engine { tape in try Shaping.reshape(cols, [w.shape[0]] + idx.shape.dims, tape: tape) })
    }

    /// Flux's `_mask_padding`: outputs of the padding index times zero, so they are zero
    /// and send no gradient to its column.
    static func maskPadding(_ y: Value, input: Value, padding: Int, _ interp: Interpreter) throws -> Value {
        guard let yt = try interp.tensor(of: y) else { return y }
        let out = yt.shape[0], columns = yt.count / max(out, 1)
        // One keep-flag per output column: its index is not the padding (one-hot: that row is off).
        let keep: [Bool]
        if case .int(let i) = input {
            keep = [Int(i) != padding]
        } else {
            guard let x = try interp.tensor(of: input) else { return y }
            if x.dtype == .bool || x.dtype.isFloat {
                let rows = x.shape.dims.first ?? 1
                keep = (0..<columns).map { c in x.numericValue(padding - 1 + rows * c) == 0 }
            } else {
                keep = try x.toInt64s().map { Int($0) != padding }
            }
        }
        guard keep.count == columns else { return y }
        let mask = try interp.engine { try Tensor.zeros(yt.dtype, yt.shape) }
        for c in 0..<columns where keep[c] { for r in 0..<out { mask.setNumeric(1, r + out * c) } }
        return LayerKit.wrapArray(try interp.engine { tape in try Arithmetic.binary(.mul, yt, mask, tape: tape) })
    }
}
