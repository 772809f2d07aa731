/// The elementwise part of one LSTM step as one op with one tape record. Written as
/// separate broadcasts, a step is fifteen records (two bias additions, four gate slices,
/// five activations, three products and a sum), each a pass over memory and a stop in
/// the backward sweep; for the small matrices of a recurrent step that overhead is most
/// of the time. The values are those of Flux's `LSTMCell` operation for operation:
/// pre = (Wi x + Wh h) + b, gates (input, forget, cell, output) the four row blocks,
/// c′ = σ(f) c + σ(i) tanh(g) and h′ = σ(o) tanh(c′), with NNlib's `sigmoid_fast` and
/// `tanh_fast`.
public enum RecurrentGates {
    /// [h′; c′] (2H, or 2H × B) from gx = Wi x and gh = Wh h (4H or 4H × B), the bias b
    /// (4H, or nil) and the cell state c (H or H × B); vectors broadcast over the batch,
    /// and their gradients are summed over it.
    public static func lstm(_ gx: Tensor, _ gh: Tensor, _ bias: Tensor?, _ c: Tensor, tape: Tape?) throws -> Tensor {
        let rows = gx.shape[0], hidden = rows / 4
        func batch(_ t: Tensor) -> Int { t.rank == 2 ? t.shape[1] : 1 }
        let b = max(batch(gx), batch(gh), batch(c))
        let matrix = gx.rank == 2 || gh.rank == 2 || c.rank == 2
        guard rows % 4 == 0, gh.shape[0] == rows, c.shape[0] == hidden, gx.rank <= 2, gh.rank <= 2, c.rank <= 2,
              [gx, gh, c].allSatisfy({ batch($0) == 1 || batch($0) == b }), bias.map({ $0.count == rows && $0.rank == 1 }) ?? true else {
            throw EngineError.dimensionMismatch("LSTM gates of sizes \(dims: gx.shape.dims), \(dims: gh.shape.dims) and cell state \(dims: c.shape.dims)")
        }
        let dtype = gx.dtype
        guard dtype.isFloat, [gh, c].allSatisfy({ $0.dtype == dtype }), bias.map({ $0.dtype == dtype }) ?? true else {
            throw EngineError.argument("LSTM gates need one floating-point element type")
        }
        let out = try Tensor(uninitialized: dtype, try Shape(matrix ? [2 * hidden, b] : [2 * hidden]))
        // Kept for the backward pass: σ(i), σ(f), tanh(g), σ(o) and tanh(c′), each H × B.
        let saved = try Tensor(uninitialized: dtype, try Shape([5 * hidden, b]))
        if dtype == .float32 {
            forward(Float.self, gx, gh, bias, c, out, saved, hidden, b)
        } else {
            forward(Double.self, gx, gh, bias, c, out, saved, hidden, b)
        }
        let inputs = [gx, gh, bias, c].compactMap { $0 }
        guard let tape, inputs.contains(where: { tape.isTracked($0) }) else { return out }
        guard fusable(tape: tape) else {
            throw EngineError.argument("the fused LSTM step has only a first derivative; use the unfused gates under nested differentiation")
        }
        CustomRuleOp.record(out, inputs: inputs, rule: CustomRule { g in
            try backward(g, gx, gh, bias, c, saved, hidden, b)
        }, tape: tape)
        return out
    }

    /// Whether the fused step may run on this tape: its record has a first derivative only,
    /// so under nested differentiation (a gradient of a gradient) the cell uses separate ops.
    public static func fusable(tape: Tape?) -> Bool { (tape?.nesting ?? 0) == 0 }

    @inline(__always) static func sigmoidFast<T: FloatElement>(_ x: T) -> T {
        x > 40 ? 1 : (x < -80 ? 0 : UnaryOp.sigmoid(x))
    }

    /// Unit k of one column of an LSTM step, shared by the one-step op and the sequence op
    /// (`RecurrentSequence`): the pre-activations are gx[r] + gh[r] (+ b[r]) for the four
    /// gate rows r = k, H + k, 2H + k, 3H + k; the gates and tanh(c′) go to `saved` rows
    /// k, H + k, ..., 4H + k. Returns (h′, c′).
    @inline(__always) static func cellForward<T: FloatElement>(_ gx: UnsafeMutablePointer<T>, _ gh: UnsafeMutablePointer<T>,
                                                               _ b: UnsafeMutablePointer<T>?, _ c: T,
                                                               _ saved: UnsafeMutablePointer<T>, _ k: Int, _ hidden: Int) -> (T, T) {
        @inline(__always) func pre(_ r: Int) -> T {
            let v = gx[r] + gh[r]
            guard let b else { return v }
            return v + b[r]
        }
        let i = sigmoidFast(pre(k)), f = sigmoidFast(pre(hidden + k))
        let g = UnaryOp.tanhFast(pre(2 * hidden + k)), o = sigmoidFast(pre(3 * hidden + k))
        let cNew = f * c + i * g
        let tc = UnaryOp.tanhFast(cNew)
        saved[k] = i; saved[hidden + k] = f; saved[2 * hidden + k] = g; saved[3 * hidden + k] = o; saved[4 * hidden + k] = tc
        return (o * tc, cNew)
    }

    /// The backward of `cellForward` for unit k: from dh′ and dc′ (and c, the cell state the
    /// step started from) the four pre-activation gradients into `dpre` rows k, H + k, ...;
    /// returns dc, the gradient of that starting cell state.
    @inline(__always) static func cellBackward<T: FloatElement>(dh: T, dc: T, _ c: T, _ saved: UnsafeMutablePointer<T>,
                                                                _ dpre: UnsafeMutablePointer<T>, _ k: Int, _ hidden: Int) -> T {
        let i = saved[k], f = saved[hidden + k], g = saved[2 * hidden + k], o = saved[3 * hidden + k], tc = saved[4 * hidden + k]
        // dc′ from c′ itself and through h′ = σ(o) tanh(c′)
        let dcNew = dc + dh * o * (1 - tc * tc)
        dpre[k] = dcNew * g * (i * (1 - i))
        dpre[hidden + k] = dcNew * c * (f * (1 - f))
        dpre[2 * hidden + k] = dcNew * i * (1 - g * g)
        dpre[3 * hidden + k] = dh * tc * (o * (1 - o))
        return dcNew * f
    }

    private static func forward<T: FloatElement>(_: T.Type, _ gx: Tensor, _ gh: Tensor, _ bias: Tensor?, _ c: Tensor,
                                                 _ out: Tensor, _ saved: Tensor, _ hidden: Int, _ b: Int) {
        let px = gx.ptr(T.self), ph = gh.ptr(T.self), pc = c.ptr(T.self)
        let pb = bias?.ptr(T.self), po = out.ptr(T.self), ps = saved.ptr(T.self)
        let rows = 4 * hidden
        // A vector operand is read at column 0 for every column (its stride is 0).
        let sx = gx.rank == 2 ? rows : 0, sh = gh.rank == 2 ? rows : 0, sc = c.rank == 2 ? hidden : 0
        for j in 0..<b {
            let x = px + j * sx, h = ph + j * sh, cj = pc + j * sc
            let o = po + j * 2 * hidden, s = ps + j * 5 * hidden
            for k in 0..<hidden {
                let (hNew, cNew) = cellForward(x, h, pb, cj[k], s, k, hidden)
                o[k] = hNew
                o[hidden + k] = cNew
            }
        }
    }

    /// Gradients of gx, gh, b and c from the gradient of [h′; c′].
    private static func backward(_ g: Tensor, _ gx: Tensor, _ gh: Tensor, _ bias: Tensor?, _ c: Tensor,
                                 _ saved: Tensor, _ hidden: Int, _ b: Int) throws -> [Tensor?] {
        let dtype = saved.dtype
        let dpre = try Tensor(uninitialized: dtype, try Shape([4 * hidden, b]))
        let dcFull = try Tensor(uninitialized: dtype, try Shape([hidden, b]))
        let grad = g.dtype == dtype ? g : try g.promoted(to: dtype)
        if dtype == .float32 {
            gates(Float.self, grad, c, saved, dpre, dcFull, hidden, b)
        } else {
            gates(Double.self, grad, c, saved, dpre, dcFull, hidden, b)
        }
        // A vector operand took the same value in every column: its gradient is the sum.
        func fitted(_ full: Tensor, to t: Tensor) throws -> Tensor {
            if t.rank == 2 { return full }
            return try Shaping.reshape(try Reductions.sum(full, dims: DimSet(mask: 2), tape: nil), t.shape, tape: nil)
        }
        var grads: [Tensor?] = [try fitted(dpre, to: gx), try fitted(dpre, to: gh)]
        if let bias { grads.append(try fitted(dpre, to: bias)) }
        grads.append(try fitted(dcFull, to: c))
        return grads
    }

    private static func gates<T: FloatElement>(_: T.Type, _ g: Tensor, _ c: Tensor, _ saved: Tensor, _ dpre: Tensor, _ dc: Tensor,
                                               _ hidden: Int, _ b: Int) {
        let pg = g.ptr(T.self), pc = c.ptr(T.self), ps = saved.ptr(T.self), pd = dpre.ptr(T.self), pdc = dc.ptr(T.self)
        let sc = c.rank == 2 ? hidden : 0
        for j in 0..<b {
            let gj = pg + j * 2 * hidden, s = ps + j * 5 * hidden, cj = pc + j * sc
            let d = pd + j * 4 * hidden, dcj = pdc + j * hidden
            for k in 0..<hidden {
                dcj[k] = cellBackward(dh: gj[k], dc: gj[hidden + k], cj[k], s, d, k, hidden)
            }
        }
    }
}
