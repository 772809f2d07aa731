import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `BatchNorm` (batch statistics while training, running statistics in test mode)
/// and `LayerNorm` (0.16.11: ϵ added to the variance, PyTorch-like).
package enum LayersNormalisation {
    // BatchNorm field indices, in Flux's order.
    package static let λ = 0, β = 1, γ = 2, μ = 3, σ² = 4, ϵ = 5, momentum = 6, affine = 7, trackStats = 8, active = 9, chs = 10

    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "BatchNorm",
                        fields: ["λ", "β", "γ", "μ", "σ²", "ϵ", "momentum", "affine", "track_stats", "active", "chs"],
                        trainable: ["β", "γ"], mutable: true, show: { o, interp in
            var s = "BatchNorm(" + (try LayerKit.text(o.fields[chs], interp))
            s += try LayerKit.activationSuffix(o.fields[λ], interp)
            if case .bool(false) = o.fields[affine] { s += ", affine=false" }
            if case .bool(let b) = o.fields[active] { s += ", active=\(b)" }
            return s + ")"
        }, make: makeBatchNorm, forward: batchNormForward)

        LayerKit.define(interp, flux, "LayerNorm", fields: ["λ", "diag", "ϵ", "size", "affine"], show: { o, interp in
            var s = "LayerNorm(" + (try interp.collect(o.fields[3]).map { try LayerKit.text($0, interp) }.joined(separator: ", "))
            s += try LayerKit.activationSuffix(o.fields[0], interp)
            if case .bool(false) = o.fields[4] { s += ", affine=false" }
            return s + ")"
        }, make: { interp, a in
            var args = a.values
            var sigma = interp.base.binding("identity").value
            if case .function = args.last { sigma = args.removeLast() }
            if args.count == 1, case .tuple(let t) = args[0] { args = t.items }
            guard !args.isEmpty, args.allSatisfy({ if case .int = $0 { return true }; return false }) else {
                throw Exceptions.method(.str("LayerNorm"), a.values)
            }
            let isAffine = a.keyword("affine").map { if case .bool(let b) = $0 { return b }; return true } ?? true
            let diag: Value
            if isAffine, let scale = LayerKit.type(interp, "Scale") {
                diag = try interp.call(.type(scale), args, keywords: [(name: "bias", value: .bool(true))])
            } else {
                diag = interp.base.binding("identity").value
            }
            return [sigma, diag, a.keyword("eps") ?? .float32(1e-5), .tuple(args), .bool(isAffine)]
        }, forward: { interp, o, a in
            let t = try LayerKit.input(a[1], interp, layer: o)
            let n = try interp.collect(o.fields[3]).count
            let sizes = try interp.collect(o.fields[3]).map { LayerKit.int($0) }
            for (d, size) in sizes.enumerated() where d >= t.rank || t.shape[d] != size {
                throw Exceptions.dimensionMismatch("layer \(try LayerKit.text(.object(o), interp)) expects size(input, \(d + 1)) == \(size), but got \(ArrayDisplay.summary(ArrayValue(tensor: t)))")
            }
            let dims = DimSet(mask: (1 << UInt64(n)) - 1)
            let y = try normalise(t, dims: dims, eps: LayerKit.num(o.fields[2]), interp)
            var out = LayerKit.wrapArray(y)
            if case .object = o.fields[1] { out = try interp.call(o.fields[1], [out]) }
            guard case .array(let oa) = out, let ot = oa.tensor else { return try interp.call(o.fields[0], [out]) }
            return try LayerKit.activate(o.fields[0], ot, interp)
        })
    }

    /// (x − mean) / √(biased var + ϵ) over `dims`, differentiable.
    package static func normalise(_ t: Tensor, dims: DimSet, eps: Double, _ interp: Interpreter) throws -> Tensor {
        try interp.engine { tape in
            let mean = try Reductions.reduce(.mean, t, dims: dims, tape: tape)
            let d = try Arithmetic.binary(.sub, t, mean, tape: tape)
            let v = try Reductions.reduce(.mean, try Arithmetic.binary(.mul, d, d, tape: tape), dims: dims, tape: tape)
            let e = try Tensor.scalar(eps, dtype: t.dtype.floatResult)
            let s = try Unary.apply(.sqrt, try Arithmetic.binary(.add, v, e, tape: tape), tape: tape)
            return try Arithmetic.binary(.div, d, s, tape: tape)
        }
    }

    package static func makeBatchNorm(_ interp: Interpreter, _ a: Args) throws -> [Value] {
        guard a.count >= 1, a.count <= 2, case .int(let ch) = a[0] else { throw Exceptions.method(.str("BatchNorm"), a.values) }
        let sigma = a.count == 2 ? a[1] : interp.base.binding("identity").value
        func flag(_ name: String) -> Bool {
            if case .bool(let b)? = a.keyword(name) { return b }
            return true
        }
        let isAffine = flag("affine"), track = flag("track_stats")
        let flux = interp.modules["Flux"]
        func initArray(_ key: String, _ fallback: String) throws -> Value {
            try interp.call(a.keyword(key) ?? flux?.member(fallback)?.value ?? .nothing, [.int(ch)])
        }
        let beta = isAffine ? try initArray("initβ", "zeros32") : .nothing
        let gamma = isAffine ? try initArray("initγ", "ones32") : .nothing
        let mu = track ? try interp.call(flux?.member("zeros32")?.value ?? .nothing, [.int(ch)]) : .nothing
        let sigma2 = track ? try interp.call(flux?.member("ones32")?.value ?? .nothing, [.int(ch)]) : .nothing
        return [sigma, beta, gamma, mu, sigma2, a.keyword("eps") ?? .float32(1e-5), a.keyword("momentum") ?? .float32(0.1),
                .bool(isAffine), .bool(track), a.keyword("active") ?? .nothing, .int(ch)]
    }

    package static func batchNormForward(_ interp: Interpreter, _ o: StructInstance, _ a: Args) throws -> Value {
        let t = try LayerKit.input(a[1], interp, layer: o)
        let channels = LayerKit.int(o.fields[chs])
        guard t.rank >= 2, t.shape[t.rank - 2] == channels else {
            throw Exceptions.dimensionMismatch("layer \(try LayerKit.text(.object(o), interp)) expects size(input, \(max(t.rank - 1, 1))) == \(channels), but got \(ArrayDisplay.summary(ArrayValue(tensor: t)))")
        }
        let cd = t.rank - 2
        let dims = DimSet(mask: UInt64.max & ~(1 << UInt64(cd)))
        var bshape = [Int](repeating: 1, count: t.rank)
        bshape[cd] = channels
        let training = LayerKit.isActive(o.fields[active], interp)
        let tracking: Bool = { if case .bool(false) = o.fields[trackStats] { return false }; return true }()
        let eps = LayerKit.num(o.fields[ϵ])
        let dtype = t.dtype.floatResult
        var y: Tensor
        if training || !tracking {
            let m = t.count / max(channels, 1)
            if training && m == 1 {
                throw Exceptions.argument("BatchNorm expected more than 1 value per channel when training, got input of size \(t.shape.tupleText). The batch variance of a single value is undefined; use a larger batch or call `testmode!` for inference.")
            }
            let mean = try interp.engine { tape in try Reductions.reduce(.mean, t, dims: dims, tape: tape) }
            let d = try interp.engine { tape in try Arithmetic.binary(.sub, t, mean, tape: tape) }
            let v = try interp.engine { tape in try Reductions.reduce(.mean, try Arithmetic.binary(.mul, d, d, tape: tape), dims: dims, tape: tape) }
            let s = try interp.engine { tape in try Unary.apply(.sqrt, try Arithmetic.binary(.add, v, try Tensor.scalar(eps, dtype: dtype), tape: tape), tape: tape) }
            y = try interp.engine { tape in try Arithmetic.binary(.div, d, s, tape: tape) }
            if training && tracking, let runMu = LayerKit.tensorField(o.fields[μ]), let runVar = LayerKit.tensorField(o.fields[σ²]) {
                // Running statistics: (1 − momentum)·old + momentum·batch, variance made unbiased by m/(m − 1).
                let mom = LayerKit.num(o.fields[momentum])
                // Updated in place: inside `gradient` the layer may be a copy, but its arrays are shared.
                let correction = Double(m) / Double(m - 1)
                for c in 0..<channels {
                    runMu.setNumeric((1 - mom) * runMu.numericValue(c) + mom * mean.numericValue(c), c)
                    runVar.setNumeric((1 - mom) * runVar.numericValue(c) + mom * correction * v.numericValue(c), c)
                }
            }
        } else {
            guard let runMu = LayerKit.tensorField(o.fields[μ]), let runVar = LayerKit.tensorField(o.fields[σ²]) else {
                throw Exceptions.error("BatchNorm has no running statistics")
            }
            let muR = try interp.engine { tape in try Shaping.reshape(runMu, bshape, tape: tape) }
            let varR = try interp.engine { tape in try Shaping.reshape(runVar, bshape, tape: tape) }
            let d = try interp.engine { tape in try Arithmetic.binary(.sub, t, muR, tape: tape) }
            let s = try interp.engine { tape in try Unary.apply(.sqrt, try Arithmetic.binary(.add, varR, try Tensor.scalar(eps, dtype: runVar.dtype), tape: tape), tape: tape) }
            y = try interp.engine { tape in try Arithmetic.binary(.div, d, s, tape: tape) }
        }
        if let g = LayerKit.tensorField(o.fields[γ]), let b = LayerKit.tensorField(o.fields[β]) {
            let gr = try interp.engine { tape in try Shaping.reshape(g, bshape, tape: tape) }
            let br = try interp.engine { tape in try Shaping.reshape(b, bshape, tape: tape) }
            y = try interp.engine { tape in try Arithmetic.binary(.add, try Arithmetic.binary(.mul, y, gr, tape: tape), br, tape: tape) }
        }
        return try LayerKit.activate(o.fields[λ], y, interp)
    }
}
