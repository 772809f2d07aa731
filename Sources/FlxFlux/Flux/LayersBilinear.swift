import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Flux's `Bilinear`: `z[o, s] = σ(Σᵢⱼ W[o, i, j] x[i, s] y[j, s] + b[o])`, built from
/// differentiable engine ops in Flux's order (one matrix product, then a batched
/// contraction), so gradients reach the weight, the bias and both inputs.
package enum LayersBilinear {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "Bilinear", fields: ["weight", "bias", "σ"], show: { o, interp in
            guard case .array(let w) = o.fields[0], w.rank == 3 else { return "Bilinear(?)" }
            var s = w.dims[1] == w.dims[2]
                ? "Bilinear(\(w.dims[1]) => \(w.dims[0])"
                : "Bilinear((\(w.dims[1]), \(w.dims[2])) => \(w.dims[0])"
            s += try LayerKit.activationSuffix(o.fields[2], interp)
            if case .bool(false) = o.fields[1] { s += "; bias=false" }
            return s + ")"
        }, make: make, forward: { interp, o, a in
            let inputs = Array(a.values.dropFirst())
            switch inputs.count {
            case 1:
                // B((x, y)) takes a pair; B(x) means B(x, x).
                if case .tuple(let t) = inputs[0] {
                    guard t.items.count == 2 else { throw Exceptions.method(.object(o), inputs) }
                    return try forward(o, t.items[0], t.items[1], interp)
                }
                return try forward(o, inputs[0], inputs[0], interp)
            case 2: return try forward(o, inputs[0], inputs[1], interp)
            default: throw Exceptions.method(.object(o), inputs)
            }
        })
    }

    package static func make(_ interp: Interpreter, _ a: Args) throws -> [Value] {
        let type: Value = .type(LayerKit.type(interp, "Bilinear") ?? BuiltinTypes.any)
        var sigma = interp.base.binding("identity").value
        var bias: Value = a.keyword("bias") ?? .bool(true)
        let weight: Value
        if a.count >= 3, a.count <= 4, case .int(let n1) = a[0], case .int(let n2) = a[1], case .int(let nOut) = a[2] {
            // The v0.13 form Bilinear(in1, in2, out, σ = identity), still accepted by Flux.
            guard n1 >= 0, n2 >= 0, nOut >= 0 else {
                throw Exceptions.argument("Bilinear sizes must be non-negative, got (\(n1), \(n2)) => \(nOut)")
            }
            if a.count == 4 { sigma = a[3] }
            let initFn = a.keyword("init") ?? (interp.modules["Flux"]?.member("glorot_uniform")?.value ?? .nothing)
            weight = try interp.call(initFn, [.int(nOut), .int(n1), .int(n2)])
        } else if a.count >= 1, case .pair(let p) = a[0] {
            // Bilinear((in1, in2) => out, σ; bias, init) or Bilinear(in => out, σ; ...)
            let inputs: (Int64, Int64)
            switch p.first {
            case .int(let n): inputs = (n, n)
            case .tuple(let t) where t.items.count == 2:
                guard case .int(let n1) = t.items[0], case .int(let n2) = t.items[1] else { throw Exceptions.method(type, a.values) }
                inputs = (n1, n2)
            default: throw Exceptions.method(type, a.values)
            }
            guard case .int(let nOut) = p.second, a.count <= 2 else { throw Exceptions.method(type, a.values) }
            guard inputs.0 >= 0, inputs.1 >= 0, nOut >= 0 else {
                throw Exceptions.argument("Bilinear sizes must be non-negative, got (\(inputs.0), \(inputs.1)) => \(nOut)")
            }
            if a.count == 2 { sigma = a[1] }
            let initFn = a.keyword("init") ?? (interp.modules["Flux"]?.member("glorot_uniform")?.value ?? .nothing)
            weight = try interp.call(initFn, [.int(nOut), .int(inputs.0), .int(inputs.1)])
        } else if a.count >= 1, case .array = a[0] {
            // Bilinear(W, bias = true, σ = identity), the output along W's first dimension.
            guard a.count <= 3 else { throw Exceptions.method(type, a.values) }
            weight = a[0]
            if a.count >= 2 { bias = a[1] }
            if a.count == 3 { sigma = a[2] }
        } else {
            throw Exceptions.method(type, a.values)
        }
        guard case .array(let w) = weight, let wt = w.tensor, w.rank == 3 else {
            throw Exceptions.argument("expected a 3-array of weights")
        }
        switch bias {
        case .bool(true):
            bias = LayerKit.wrapArray(try interp.engine { try Tensor.zeros(wt.dtype, try Shape([w.dims[0]])) })
        case .bool(false): break
        case .array(let b) where b.tensor != nil:
            guard b.count == w.dims[0] else {
                throw Exceptions.dimensionMismatch("Bilinear bias has \(b.count) elements, but the weight has \(w.dims[0]) outputs")
            }
        default: throw Exceptions.argument("bias must be true, false or a vector")
        }
        return [weight, bias, sigma]
    }

    package static func forward(_ o: StructInstance, _ xv: Value, _ yv: Value, _ interp: Interpreter) throws -> Value {
        guard let w = LayerKit.tensorField(o.fields[0]) else { throw Exceptions.error("Bilinear weight is not an array") }
        var a = try LayerKit.input(xv, interp, like: w.dtype, layer: o)
        var b = try LayerKit.input(yv, interp, like: w.dtype, layer: o)
        guard a.rank == b.rank, a.rank == 1 || a.rank == 2 else { throw Exceptions.method(.object(o), [xv, yv]) }
        let vectors = a.rank == 1
        if vectors {
            a = try interp.engine { tape in try Shaping.reshape(a, [a.count, 1], tape: tape) }
            b = try interp.engine { tape in try Shaping.reshape(b, [b.count, 1], tape: tape) }
        }
        let (dz, dx, dy) = (w.shape[0], w.shape[1], w.shape[2])
        guard dx == a.shape[0], dy == b.shape[0] else { throw Exceptions.dimensionMismatch("number of rows in data must match W") }
        let batch = a.shape[1]
        guard batch == b.shape[1] else {
            throw Exceptions.dimensionMismatch("Data inputs must agree on number of columns, got \(batch) and \(b.shape[1])")
        }
        let z = try interp.engine { tape -> Tensor in
            // Wy[o, i, s] = Σⱼ W[o, i, j] y[j, s]
            let wy = try LinearAlgebra.matmul(try Shaping.reshape(w, [dz * dx, dy], tape: tape), b, tape: tape)
            let wy3 = try Shaping.reshape(wy, [dz, dx, batch], tape: tape)
            // Z[o, s] = Σᵢ Wy[o, i, s] x[i, s]
            let prod = try Arithmetic.binary(.mul, wy3, try Shaping.reshape(a, [1, dx, batch], tape: tape), tape: tape)
            let summed = try Reductions.reduce(.sum, prod, dims: try DimSet.julia(2), tape: tape)
            var z = try Shaping.reshape(summed, [dz, batch], tape: tape)
            if let bias = LayerKit.tensorField(o.fields[1]) { z = try Arithmetic.binary(.add, z, bias, tape: tape) }
            return z
        }
        let out = try LayerKit.activate(o.fields[2], z, interp, fast: true)
        guard vectors, case .array(let arr) = out, let t = arr.tensor else { return out }
        return LayerKit.wrapArray(try interp.engine { tape in try Shaping.reshape(t, [t.count], tape: tape) })
    }
}
