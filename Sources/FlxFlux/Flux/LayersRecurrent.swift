import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Flux 0.16's sequence layers: `Recurrence(cell)`, `RNN`, `LSTM`, `GRU`, `GRUv3`, which
/// run a cell over the second dimension of x (in × len, or in × len × batch) and stack the
/// outputs along it (Flux's `scan`), and `Flux.initialstates`. With `return_state = true`
/// they return (outputs, final state). Flux keeps return_state in the layer's type; flx
/// keeps it in a second field, which neither prints nor trains.
package enum LayersRecurrent {
    static let wrappers: [(name: String, cell: String, hasActivation: Bool)] = [
        ("RNN", "RNNCell", true), ("LSTM", "LSTMCell", false), ("GRU", "GRUCell", false), ("GRUv3", "GRUv3Cell", false),
    ]

    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "Recurrence", fields: ["cell", "return_state"], container: true, show: { o, interp in
            "Recurrence(" + (try LayerKit.text(o.fields[0], interp)) + ")"
        }, make: { _, a in
            guard a.count == 1 else { throw Exceptions.method(.str("Recurrence"), a.values) }
            return [a[0], try returnState(a)]
        }, forward: { interp, o, a in try run(o, a, interp) })

        for (name, cellName, hasActivation) in wrappers {
            LayerKit.define(interp, flux, name, fields: ["cell", "return_state"], show: { o, interp in
                guard case .object(let cell) = o.fields[0], let wi = LayerKit.tensorField(cell.fields[hasActivation ? 1 : 0]), wi.rank == 2 else { return name + "(?)" }
                let blocks = ["RNN": 1, "LSTM": 4][name] ?? 3
                var s = "\(name)(\(wi.shape[1]) => \(wi.shape[0] / blocks)"
                if hasActivation { s += ", " + (try LayerDisplay.activationName(cell.fields[0]) ?? LayerKit.text(cell.fields[0], interp)) }
                return s + ")"
            }, make: { interp, a in
                // NAME(in => out[, σ]; return_state, cell keywords...) or NAME(cell; return_state).
                if a.count == 1, LayerKit.instance(a[0], cellName, interp) != nil { return [a[0], try returnState(a)] }
                guard let cellType = LayerKit.type(interp, cellName) else { throw Exceptions.undefVar(cellName) }
                let keywords = a.keywords.filter { $0.name != "return_state" }
                let cell = try interp.call(.type(cellType), a.values, keywords: keywords)
                return [cell, try returnState(a)]
            }, forward: { interp, o, a in
                if let x = try interp.tensor(of: a[1]), x.rank != 2 && x.rank != 3 {
                    throw Exceptions.assertion("ndims(x) == 2 || ndims(x) == 3")
                }
                return try run(o, a, interp)
            })
        }

        flux.native("initialstates", export: false) { interp, a in
            try a.expect("initialstates", 1...1)
            return try initialStates(a[0], interp)
        }
    }

    static func returnState(_ a: Args) throws -> Value {
        guard let v = a.keyword("return_state") else { return .bool(false) }
        guard case .bool = v else { throw Exceptions.typeError("keyword argument", expected: "Bool", got: v) }
        return v
    }

    /// Zeros of the hidden size (LSTM: a pair of them), of the recurrent weight's type.
    package static func initialStates(_ v: Value, _ interp: Interpreter) throws -> Value {
        guard case .object(let o) = v else { throw Exceptions.method(.str("initialstates"), [v]) }
        if o.type.name == "Recurrence" || wrappers.contains(where: { $0.name == o.type.name }) {
            return try initialStates(o.fields[0], interp)
        }
        guard let whIndex = o.type.fieldNames.firstIndex(of: "Wh"), let wh = LayerKit.tensorField(o.fields[whIndex]), wh.rank == 2 else {
            throw Exceptions.method(.str("initialstates"), [v])
        }
        func zeros() throws -> Value { LayerKit.wrapArray(try interp.engine { try Tensor.zeros(wh.dtype, try Shape([wh.shape[1]])) }) }
        if o.type.name == "LSTMCell" { return .tuple([try zeros(), try zeros()]) }
        return try zeros()
    }

    /// Flux's `scan`: the cell over each slice x[:, t, ...], outputs stacked along dimension 2.
    static func run(_ o: StructInstance, _ a: Args, _ interp: Interpreter) throws -> Value {
        guard a.count == 2 || a.count == 3, let x = try interp.tensor(of: a[1]), a[1].isLayerArrayInput, x.rank >= 2 else {
            throw Exceptions.method(.object(o), Array(a.values.dropFirst()))
        }
        var state = a.count == 3 ? a[2] : try initialStates(.object(o), interp)
        if let y = try fusedLSTM(o, x, state, interp) { return y }
        var outputs: [Tensor] = []
        for t in 1...max(x.shape[1], 1) where x.shape[1] > 0 {
            let specs: [IndexSpec] = (0..<x.rank).map { $0 == 1 ? .scalar(t) : .all }
            let xt = LayerKit.wrapArray(try interp.engine { tape in try Indexing.getindex(x, specs, tape: tape) })
            guard case .tuple(let step) = try interp.call(o.fields[0], [xt, state]), step.items.count == 2, let yt = try interp.tensor(of: step.items[0]) else {
                throw Exceptions.error("a recurrent cell must return (output, state)")
            }
            state = step.items[1]
            // (out[, batch...]) becomes (out, 1[, batch...]) for the stacking.
            outputs.append(try interp.engine { tape in try Shaping.reshape(yt, [yt.shape[0], 1] + Array(yt.shape.dims.dropFirst()), tape: tape) })
        }
        guard !outputs.isEmpty else { throw Exceptions.argument("cannot scan over a sequence of length 0") }
        let y = LayerKit.wrapArray(try interp.engine { tape in try Shaping.cat(outputs, dim: 2, tape: tape) })
        if case .bool(true) = o.fields[1] { return .tuple([y, state]) }
        return y
    }

    /// An LSTM over a sequence as cuDNN and PyTorch run it: one product Wi·x for every
    /// time step at once, then the whole recurrence as one engine op (`RecurrentSequence`)
    /// with one tape record. The values are those of the step-by-step scan; nil when the
    /// cell, its state or the tape needs the general path.
    static func fusedLSTM(_ o: StructInstance, _ x: Tensor, _ initial: Value, _ interp: Interpreter) throws -> Value? {
        guard let cell = LayerKit.instance(o.fields[0], "LSTMCell", interp), x.shape[1] > 0, x.dtype.isFloat, x.rank <= 3,
              let wi = LayerKit.tensorField(cell.fields[0]), wi.rank == 2, wi.dtype == x.dtype, x.shape[0] == wi.shape[1],
              let wh = LayerKit.tensorField(cell.fields[1]), wh.dtype == x.dtype, wh.rank == 2,
              wh.shape[0] == wi.shape[0], wh.shape[0] == 4 * wh.shape[1],
              case .tuple(let hc0) = initial, hc0.items.count == 2, hc0.items.allSatisfy({ $0.isLayerArrayInput }),
              let h0 = try interp.tensor(of: hc0.items[0]), let c0 = try interp.tensor(of: hc0.items[1]),
              h0.dtype == x.dtype, c0.dtype == x.dtype,
              RecurrentGates.fusable(tape: try interp.engine { tape in tape }) else { return nil }
        var bias: Tensor? = nil
        if case .bool(false) = cell.fields[2] {} else {
            guard let b = try interp.tensor(of: cell.fields[2]), b.rank == 1, b.dtype == x.dtype else { return nil }
            bias = b
        }
        let hidden = wh.shape[0] / 4, batch = x.rank == 3 ? x.shape[2] : 1
        // A state of another shape (a batch of states for one sequence, say) broadcasts
        // as the general path decides.
        for s in [h0, c0] where !(s.rank == 1 || (s.rank == 2 && x.rank == 3 && s.shape[1] == batch)) || s.shape[0] != hidden { return nil }
        let len = x.shape[1], rest = Array(x.shape.dims.dropFirst(2))
        let withCell: Bool
        if case .bool(true) = o.fields[1] { withCell = true } else { withCell = false }
        let result = try interp.engine { tape -> (Tensor, Tensor?) in
            // (4H, len, batch...) = Wi · reshape(x, in, :)
            let flat = try Shaping.reshape(x, [x.shape[0], -1], tape: tape)
            let product = try LinearAlgebra.matmul(wi, flat, tape: tape)
            let gx = try Shaping.reshape(product, [wi.shape[0], len] + rest, tape: tape)
            let out = try RecurrentSequence.lstm(gx, wh, bias, h0, c0, withCell: withCell, tape: tape)
            guard withCell else { return (out, nil) }
            // The outputs, then the final cell state, cut from the one vector.
            let ySize = hidden * len * batch
            let y = try Shaping.reshape(try Indexing.getindex(out, [.range(1, ySize)], tape: tape), [hidden, len] + rest, tape: tape)
            let c = try Shaping.reshape(try Indexing.getindex(out, [.range(ySize + 1, out.count)], tape: tape), [hidden] + rest, tape: tape)
            return (y, c)
        }
        let y = LayerKit.wrapArray(result.0)
        guard let cLast = result.1 else { return y }
        // h_len is the outputs' last column block, as the scan's state is its last output.
        let last: [IndexSpec] = (0..<result.0.rank).map { $0 == 1 ? .scalar(len) : .all }
        let hLast = try interp.engine { tape in try Indexing.getindex(result.0, last, tape: tape) }
        return .tuple([y, .tuple([LayerKit.wrapArray(hLast), LayerKit.wrapArray(cLast)])])
    }
}
