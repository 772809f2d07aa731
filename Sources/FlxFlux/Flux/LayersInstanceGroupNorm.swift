import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `InstanceNorm` (statistics of each sample's channel over the spatial dimensions) and
/// `GroupNorm` (statistics over the spatial dimensions and a group of channels), with
/// BatchNorm's field layout, printing and per-channel affine parameters.
package enum LayersInstanceGroupNorm {
    typealias N = LayersNormalisation

    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        let fields = ["λ", "β", "γ", "μ", "σ²", "ϵ", "momentum", "affine", "track_stats", "active", "chs"]
        LayerKit.define(interp, flux, "InstanceNorm", fields: fields, trainable: ["β", "γ"], mutable: true, show: { o, interp in
            "InstanceNorm(" + (try LayerKit.text(o.fields[N.chs], interp)) + (try suffix(o, interp)) + ")"
        }, make: { interp, a in
            guard a.count >= 1, a.count <= 2, case .int = a[0] else { throw Exceptions.method(.str("InstanceNorm"), a.values) }
            // Flux's defaults here: affine = false, track_stats = false.
            return try parameters(a, channels: a[0], sigma: a.count == 2 ? a[1] : nil, affine: false, track: false, interp)
        }, forward: { interp, o, a in try instanceForward(o, a[1], interp) })

        // GroupNorm's fields: Flux's, G first; μ and σ² are always nothing.
        LayerKit.define(interp, flux, "GroupNorm", fields: ["G"] + fields, trainable: ["β", "γ"], mutable: true, show: { o, interp in
            let fs = Array(o.fields.dropFirst())
            let inner = StructInstance(type: o.type, fields: fs)
            return "GroupNorm(" + (try LayerKit.text(fs[N.chs], interp)) + ", " + (try LayerKit.text(o.fields[0], interp)) + (try suffix(inner, interp)) + ")"
        }, make: { interp, a in
            guard a.count >= 2, a.count <= 3, case .int(let chs) = a[0], case .int(let g) = a[1] else { throw Exceptions.method(.str("GroupNorm"), a.values) }
            guard g > 0, chs % g == 0 else { throw Exceptions.error("The number of groups (\(g)) must divide the number of channels (\(chs))") }
            return [a[1]] + (try parameters(a, channels: a[0], sigma: a.count == 3 ? a[2] : nil, affine: true, track: false, interp))
        }, forward: { interp, o, a in try groupForward(o, a[1], interp) })
    }

    /// ", λ", ", affine=false", ", active=…" as BatchNorm prints them.
    static func suffix(_ o: StructInstance, _ interp: Interpreter) throws -> String {
        var s = try LayerKit.activationSuffix(o.fields[N.λ], interp)
        if case .bool(false) = o.fields[N.affine] { s += ", affine=false" }
        if case .bool(let b) = o.fields[N.active] { s += ", active=\(b)" }
        return s
    }

    /// The BatchNorm-shaped field values from the constructor's keywords.
    static func parameters(_ a: Args, channels: Value, sigma: Value?, affine: Bool, track: Bool, _ interp: Interpreter) throws -> [Value] {
        func flag(_ name: String, _ fallback: Bool) -> Bool {
            if case .bool(let b)? = a.keyword(name) { return b }
            return fallback
        }
        let isAffine = flag("affine", affine), tracking = flag("track_stats", track)
        let flux = interp.modules["Flux"]
        func make(_ key: String?, _ fallback: String) throws -> Value {
            try interp.call((key.flatMap { a.keyword($0) }) ?? flux?.member(fallback)?.value ?? .nothing, [channels])
        }
        return [sigma ?? interp.base.binding("identity").value,
                isAffine ? try make("initβ", "zeros32") : .nothing, isAffine ? try make("initγ", "ones32") : .nothing,
                tracking ? try make(nil, "zeros32") : .nothing, tracking ? try make(nil, "ones32") : .nothing,
                a.keyword("eps") ?? .float32(1e-5), a.keyword("momentum") ?? .float32(0.1),
                .bool(isAffine), .bool(tracking), a.keyword("active") ?? .nothing, channels]
    }

    /// Flux's `_size_check(l, x, N-1 => chs)`.
    static func input(_ o: StructInstance, _ v: Value, channels: Int, _ interp: Interpreter) throws -> Tensor {
        let t = try LayerKit.input(v, interp, layer: o)
        guard t.rank >= 2, t.shape[t.rank - 2] == channels else {
            throw Exceptions.dimensionMismatch("layer \(try LayerKit.text(.object(o), interp)) expects size(input, \(max(t.rank - 1, 1))) == \(channels), but got \(ArrayDisplay.summary(ArrayValue(tensor: t)))")
        }
        return t
    }

    static func instanceForward(_ o: StructInstance, _ v: Value, _ interp: Interpreter) throws -> Value {
        let channels = LayerKit.int(o.fields[N.chs])
        let t = try input(o, v, channels: channels, interp)
        let cd = t.rank - 2
        let spatial = DimSet(mask: (UInt64(1) << UInt64(cd)) &- 1)
        let eps = LayerKit.num(o.fields[N.ϵ])
        let training = LayerKit.isActive(o.fields[N.active], interp)
        let tracking: Bool = { if case .bool(true) = o.fields[N.trackStats] { return true }; return false }()
        var y: Tensor
        if training || !tracking {
            y = try LayersNormalisation.normalise(t, dims: spatial, eps: eps, interp)
            if training && tracking, let runMu = LayerKit.tensorField(o.fields[N.μ]), let runVar = LayerKit.tensorField(o.fields[N.σ²]) {
                // The batch's per-instance statistics, averaged over the samples.
                let m = max(t.count / max(channels * t.shape[cd + 1], 1), 1)
                let mean = try Reductions.reduce(.mean, t, dims: spatial, tape: nil)
                let d = try Arithmetic.binary(.sub, t, mean, tape: nil)
                let variance = try Reductions.reduce(.mean, try Arithmetic.binary(.mul, d, d, tape: nil), dims: spatial, tape: nil)
                let mom = LayerKit.num(o.fields[N.momentum])
                let correction = m > 1 ? Double(m) / Double(m - 1) : 1
                let n = t.shape[cd + 1]
                for c in 0..<channels {
                    var mu = 0.0, va = 0.0
                    for b in 0..<n { mu += mean.numericValue(c + channels * b); va += variance.numericValue(c + channels * b) }
                    runMu.setNumeric((1 - mom) * runMu.numericValue(c) + mom * mu / Double(n), c)
                    runVar.setNumeric((1 - mom) * runVar.numericValue(c) + mom * correction * va / Double(n), c)
                }
            }
        } else {
            guard let runMu = LayerKit.tensorField(o.fields[N.μ]), let runVar = LayerKit.tensorField(o.fields[N.σ²]) else {
                throw Exceptions.error("InstanceNorm has no running statistics")
            }
            y = try interp.engine { tape in
                let shape = channelShape(t.rank, channels)
                let d = try Arithmetic.binary(.sub, t, try Shaping.reshape(runMu, shape, tape: tape), tape: tape)
                let s = try Unary.apply(.sqrt, try Arithmetic.binary(.add, try Shaping.reshape(runVar, shape, tape: tape),
                                                                       try Tensor.scalar(eps, dtype: runVar.dtype), tape: tape), tape: tape)
                return try Arithmetic.binary(.div, d, s, tape: tape)
            }
        }
        return try affine(o.fields, y, channels: channels, interp)
    }

    static func groupForward(_ o: StructInstance, _ v: Value, _ interp: Interpreter) throws -> Value {
        let fs = Array(o.fields.dropFirst())
        let channels = LayerKit.int(fs[N.chs]), groups = LayerKit.int(o.fields[0])
        let t = try input(o, v, channels: channels, interp)
        let cd = t.rank - 2
        // (spatial..., C/G, G, N): statistics over everything but the group and the sample.
        let grouped = Array(t.shape.dims.prefix(cd)) + [channels / groups, groups, t.shape[cd + 1]]
        let dims = DimSet(mask: (UInt64(1) << UInt64(cd + 1)) &- 1)
        let g = try interp.engine { tape in try Shaping.reshape(t, grouped, tape: tape) }
        let normed = try LayersNormalisation.normalise(g, dims: dims, eps: LayerKit.num(fs[N.ϵ]), interp)
        let y = try interp.engine { tape in try Shaping.reshape(normed, t.shape.dims, tape: tape) }
        return try affine(fs, y, channels: channels, interp)
    }

    static func channelShape(_ rank: Int, _ channels: Int) -> [Int] {
        (0..<rank).map { $0 == rank - 2 ? channels : 1 }
    }

    /// y .* γ .+ β per channel (when affine), then λ.
    static func affine(_ fields: [Value], _ y: Tensor, channels: Int, _ interp: Interpreter) throws -> Value {
        var y = y
        if let g = LayerKit.tensorField(fields[N.γ]), let b = LayerKit.tensorField(fields[N.β]) {
            let shape = channelShape(y.rank, channels)
            let current = y
            y = try interp.engine { tape in
                try Arithmetic.binary(.add, try Arithmetic.binary(.mul, current, try Shaping.reshape(g, shape, tape: tape), tape: tape),
                                      try Shaping.reshape(b, shape, tape: tape), tape: tape)
            }
        }
        return try LayerKit.activate(fields[N.λ], y, interp)
    }
}
