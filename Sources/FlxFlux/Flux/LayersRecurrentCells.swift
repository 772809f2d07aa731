import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Flux 0.16's recurrent cells: one time step each, `cell(x, state) -> (output, state)`.
/// - `RNNCell(in => out, σ = tanh)`: h′ = σ(Wi x + Wh h + b);
/// - `LSTMCell(in => out)`: the gates `input, forget, cell, output` are the four row
///   blocks of Wi x + Wh h + b; c′ = σ(f) c + σ(i) tanh(g), h′ = σ(o) tanh(c′);
/// - `GRUCell(in => out)`: r, z and h̃ from three row blocks, h′ = (1 - z) h̃ + z h;
/// - `GRUv3Cell(in => out)`: as GRU, but h̃ = tanh(Wxh x + Wh_h̃ (r ⊙ h) + b).
/// Gates use `sigmoid_fast` and `tanh_fast` as Flux's do; every step is an engine op, so
/// the cells are differentiable. `x` is a vector or an (in, batch) matrix.
package enum LayersRecurrentCells {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "RNNCell", fields: ["σ", "Wi", "Wh", "bias"], show: { o, interp in
            guard let wi = LayerKit.tensorField(o.fields[1]), wi.rank == 2 else { return "RNNCell(?)" }
            return "RNNCell(\(wi.shape[1]) => \(wi.shape[0]), " + (try LayerDisplay.activationName(o.fields[0]) ?? LayerKit.text(o.fields[0], interp)) + ")"
        }, make: { interp, a in
            guard a.count >= 1, a.count <= 2, case .pair(let p) = a[0] else {
                // The struct's own RNNCell(σ, Wi, Wh, bias).
                if a.count == 4 { return a.values }
                throw Exceptions.method(.str("RNNCell"), a.values)
            }
            let sigma = a.count == 2 ? a[1] : interp.base.binding("tanh").value
            let (wi, wh, b) = try weights(p, blocks: 1, a, interp)
            return [sigma, wi, wh, b]
        }, forward: { interp, o, a in
            let (x, state) = try stepInput(o, a, interp)
            let m = Math(interp)
            let pre = try m.add(try m.add(try m.mm(o.fields[1], x), try m.mm(o.fields[2], state)), o.fields[3])
            let h = try LayerKit.activate(o.fields[0], try m.tensor(pre), interp, fast: true)
            return .tuple([h, h])
        })

        LayerKit.define(interp, flux, "LSTMCell", fields: ["Wi", "Wh", "bias"], show: { o, _ in
            guard let wi = LayerKit.tensorField(o.fields[0]), wi.rank == 2 else { return "LSTMCell(?)" }
            return "LSTMCell(\(wi.shape[1]) => \(wi.shape[0] / 4))"
        }, make: { interp, a in
            if a.count == 3 { return a.values }
            guard a.count == 1, case .pair(let p) = a[0] else { throw Exceptions.method(.str("LSTMCell"), a.values) }
            let (wi, wh, b) = try weights(p, blocks: 4, a, interp)
            return [wi, wh, b]
        }, forward: { interp, o, a in
            let (x, state) = try stepInput(o, a, interp)
            guard case .tuple(let hc) = state, hc.items.count == 2 else { throw Exceptions.method(.object(o), Array(a.values.dropFirst())) }
            let m = Math(interp)
            if let fused = try fusedLSTMStep(o, x, hc.items[0], hc.items[1], m) { return fused }
            let g = try m.add(try m.add(try m.mm(o.fields[0], x), try m.mm(o.fields[1], hc.items[0])), o.fields[2])
            let (input, forget, cell, output) = (try m.block(g, 0, of: 4), try m.block(g, 1, of: 4), try m.block(g, 2, of: 4), try m.block(g, 3, of: 4))
            let c = try m.add(try m.mul(try m.act(.sigmoidFast, forget), hc.items[1]), try m.mul(try m.act(.sigmoidFast, input), try m.act(.tanhFast, cell)))
            let h = try m.mul(try m.act(.sigmoidFast, output), try m.act(.tanhFast, c))
            return .tuple([h, .tuple([h, c])])
        })

        for name in ["GRUCell", "GRUv3Cell"] {
            let v3 = name == "GRUv3Cell"
            LayerKit.define(interp, flux, name, fields: v3 ? ["Wi", "Wh", "b", "Wh_h̃"] : ["Wi", "Wh", "b"], show: { o, _ in
                guard let wi = LayerKit.tensorField(o.fields[0]), wi.rank == 2 else { return name + "(?)" }
                return "\(name)(\(wi.shape[1]) => \(wi.shape[0] / 3))"
            }, make: { interp, a in
                if a.count == (v3 ? 4 : 3) { return a.values }
                guard a.count == 1, case .pair(let p) = a[0] else { throw Exceptions.method(.str(name), a.values) }
                let (wi, wh, b) = try weights(p, blocks: 3, a, interp)
                guard v3 else { return [wi, wh, b] }
                // Wh_h̃ is out × out, from the recurrent initialiser.
                let initRecurrent = a.keyword("init_recurrent_kernel") ?? (flux.member("glorot_uniform")?.value ?? .nothing)
                return [wi, wh, b, try interp.call(initRecurrent, [p.second, p.second])]
            }, forward: { interp, o, a in
                let (x, h) = try stepInput(o, a, interp)
                let m = Math(interp)
                let gx = try m.mm(o.fields[0], x)
                let bias = o.fields[2]
                func b(_ k: Int) throws -> Value { LayerKit.tensorField(bias) == nil ? .bool(false) : try m.block(bias, k, of: 3) }
                let r = try m.act(.sigmoidFast, try m.add(try m.add(try m.block(gx, 0, of: 3), try m.block(try m.mm(o.fields[1], h), 0, of: 3)), try b(0)))
                let z = try m.act(.sigmoidFast, try m.add(try m.add(try m.block(gx, 1, of: 3), try m.block(try m.mm(o.fields[1], h), 1, of: 3)), try b(1)))
                let candidate: Value
                if v3 {
                    // tanh_fast(gx₃ + Wh_h̃ (r ⊙ h) + b₃)
                    candidate = try m.add(try m.add(try m.block(gx, 2, of: 3), try m.mm(o.fields[3], try m.mul(r, h))), try b(2))
                } else {
                    // tanh_fast(gx₃ + r ⊙ gh₃ + b₃)
                    candidate = try m.add(try m.add(try m.block(gx, 2, of: 3), try m.mul(r, try m.block(try m.mm(o.fields[1], h), 2, of: 3))), try b(2))
                }
                let hTilde = try m.act(.tanhFast, candidate)
                // (1 - z) ⊙ h̃ + z ⊙ h
                let out = try m.add(try m.mul(try m.rsub(1, z), hTilde), try m.mul(z, h))
                return .tuple([out, out])
            })
        }
    }

    /// One LSTM step with its elementwise part fused (`RecurrentGates.lstm`): (h′, (h′, c′)),
    /// or nil where the separate ops must run (nested differentiation, element types that
    /// differ, a bias that is not a plain vector). `gx` is Wi x when the caller has it
    /// already (a sequence layer makes one product for all its steps).
    static func fusedLSTMStep(_ o: StructInstance, _ x: Value, _ h: Value, _ c: Value, _ m: Math, gx given: Tensor? = nil) throws -> Value? {
        let interp = m.interp
        guard let wi = LayerKit.tensorField(o.fields[0]), let ct = try interp.tensor(of: c), c.isLayerArrayInput,
              wi.dtype.isFloat, ct.dtype == wi.dtype, ct.rank <= 2 else { return nil }
        var bias: Tensor? = nil
        if case .bool(false) = o.fields[2] {} else {
            guard let b = try interp.tensor(of: o.fields[2]), b.rank == 1, b.dtype == wi.dtype else { return nil }
            bias = b
        }
        let gh = try m.tensor(try m.mm(o.fields[1], h))
        let gx = try given ?? m.tensor(try m.mm(o.fields[0], x))
        guard gx.dtype == wi.dtype, gh.dtype == wi.dtype else { return nil }
        let both: Tensor? = try interp.engine { tape in
            guard RecurrentGates.fusable(tape: tape) else { return nil }
            return try RecurrentGates.lstm(gx, gh, bias, ct, tape: tape)
        }
        guard let both else { return nil }
        let hc = LayerKit.wrapArray(both)
        let hNew = try m.block(hc, 0, of: 2), cNew = try m.block(hc, 1, of: 2)
        return .tuple([hNew, .tuple([hNew, cNew])])
    }

    /// (Wi, Wh, bias) for `blocks` stacked gates: Wi is (blocks·out, in), Wh (blocks·out, out),
    /// from `init_kernel` / `init_recurrent_kernel` (glorot_uniform), bias zeros or false.
    static func weights(_ p: PairValue, blocks: Int, _ a: Args, _ interp: Interpreter) throws -> (Value, Value, Value) {
        guard case .int(let nIn) = p.first, case .int(let nOut) = p.second else { throw Exceptions.method(.str("Pair"), [.pair(p)]) }
        let glorot = interp.modules["Flux"]?.member("glorot_uniform")?.value ?? .nothing
        let rows = Int64(blocks) * nOut
        let wi = try interp.call(a.keyword("init_kernel") ?? glorot, [.int(rows), .int(nIn)])
        let wh = try interp.call(a.keyword("init_recurrent_kernel") ?? glorot, [.int(rows), .int(nOut)])
        var bias: Value = a.keyword("bias") ?? .bool(true)
        if case .bool(true) = bias, let t = LayerKit.tensorField(wi) {
            bias = LayerKit.wrapArray(try interp.engine { try Tensor.zeros(t.dtype, try Shape([Int(rows)])) })
        }
        return (wi, wh, bias)
    }

    /// The step's input (checked as Flux's `_size_check(m, x, 1 => in)`) and its state,
    /// `initialstates(m)` when none is given.
    static func stepInput(_ o: StructInstance, _ a: Args, _ interp: Interpreter) throws -> (Value, Value) {
        guard a.count == 2 || a.count == 3 else { throw Exceptions.method(.object(o), Array(a.values.dropFirst())) }
        let wiField = o.type.name == "RNNCell" ? o.fields[1] : o.fields[0]
        guard let wi = LayerKit.tensorField(wiField), let x = try interp.tensor(of: a[1]), a[1].isLayerArrayInput, x.rank >= 1, x.rank <= 2 else {
            throw Exceptions.method(.object(o), Array(a.values.dropFirst()))
        }
        guard x.shape[0] == wi.shape[1] else {
            throw Exceptions.dimensionMismatch("layer \(try LayerKit.text(.object(o), interp)) expects size(input, 1) == \(wi.shape[1]), but got \(ArrayDisplay.summary(ArrayValue(tensor: x)))")
        }
        let state = a.count == 3 ? a[2] : try LayersRecurrent.initialStates(.object(o), interp)
        return (a[1], state)
    }

    /// Engine arithmetic on values (arrays, tracked arrays), recorded on the tape.
    struct Math {
        let interp: Interpreter
        init(_ interp: Interpreter) { self.interp = interp }

        func tensor(_ v: Value) throws -> Tensor {
            guard let t = try interp.tensor(of: v) else { throw Exceptions.method(.str("*"), [v]) }
            return t
        }
        func mm(_ w: Value, _ x: Value) throws -> Value {
            let (wt, xt) = (try tensor(w), try tensor(x))
            return LayerKit.wrapArray(try interp.engine { tape in try LinearAlgebra.matmul(wt, xt, tape: tape) })
        }
        /// a .+ b, where a `false` bias adds nothing.
        func add(_ a: Value, _ b: Value) throws -> Value {
            if case .bool(false) = b { return a }
            let (at, bt) = (try tensor(a), try tensor(b))
            return LayerKit.wrapArray(try interp.engine { tape in try Arithmetic.binary(.add, at, bt, tape: tape) })
        }
        func mul(_ a: Value, _ b: Value) throws -> Value {
            let (at, bt) = (try tensor(a), try tensor(b))
            return LayerKit.wrapArray(try interp.engine { tape in try Arithmetic.binary(.mul, at, bt, tape: tape) })
        }
        /// k .- a, with k in a's element type.
        func rsub(_ k: Double, _ a: Value) throws -> Value {
            let at = try tensor(a)
            return LayerKit.wrapArray(try interp.engine { tape in try Arithmetic.binary(.sub, try Tensor.scalar(k, dtype: at.dtype), at, tape: tape) })
        }
        func act(_ op: UnaryOp, _ a: Value) throws -> Value {
            let at = try tensor(a)
            return LayerKit.wrapArray(try interp.engine { tape in try Unary.apply(op, at, tape: tape) })
        }
        /// Flux's `chunk(g, n; dims = 1)[k + 1]`: the k-th of n equal row blocks.
        func block(_ g: Value, _ k: Int, of n: Int) throws -> Value {
            let t = try tensor(g)
            let rows = t.shape[0] / n
            var specs: [IndexSpec] = [.range(k * rows + 1, (k + 1) * rows)]
            if t.rank == 2 { specs.append(.all) }
            return LayerKit.wrapArray(try interp.engine { tape in try Indexing.getindex(t, specs, tape: tape) })
        }
    }
}
