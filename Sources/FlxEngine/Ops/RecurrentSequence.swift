import CFlxKernels

/// A whole LSTM sequence as one op with one tape record, as cuDNN and PyTorch run it. The
/// caller makes the input product for every time step at once (gx = Wi·X, 4H × len × B);
/// per step this op makes one product Wh·h and one vectorised pass over the four gates
/// (`RecurrentGates.cellForward`). Its backward runs the steps in reverse with one product
/// Whᵀ·dpre per step and then one product for dWh over the whole sequence
/// (dpre · [h₀ h₁ … h_{len-1}]ᵀ, 4H × len·B times len·B × H) instead of one per step.
/// The values are Flux's `LSTMCell` scanned over the sequence, operation for operation.
public enum RecurrentSequence {
    /// The outputs h₁ … h_len (H × len × B, or H × len when gx is 4H × len) of an LSTM with
    /// recurrent weight wh (4H × H), bias (4H, or nil) and initial state h0, c0 (H, or H × B:
    /// a vector is the same state for every column). With `withCell`, the result is instead
    /// one vector: those outputs followed by the final cell state c_len (H·B elements), so
    /// that one record carries both (the caller cuts them apart with tracked indexing).
    public static func lstm(_ gx: Tensor, _ wh: Tensor, _ bias: Tensor?, _ h0: Tensor, _ c0: Tensor,
                            withCell: Bool, tape: Tape?) throws -> Tensor {
        let rows = gx.shape[0], hidden = rows / 4
        let len = gx.rank >= 2 ? gx.shape[1] : 0, b = gx.rank == 3 ? gx.shape[2] : 1
        func stateFits(_ t: Tensor) -> Bool {
            t.shape[0] == hidden && (t.rank == 1 || (t.rank == 2 && t.shape[1] == b && gx.rank == 3))
        }
        guard gx.rank == 2 || gx.rank == 3, rows % 4 == 0, len > 0, wh.rank == 2, wh.shape[0] == rows, wh.shape[1] == hidden,
              stateFits(h0), stateFits(c0), bias.map({ $0.rank == 1 && $0.count == rows }) ?? true else {
            throw EngineError.dimensionMismatch("an LSTM sequence of gates \(dims: gx.shape.dims), recurrent weight \(dims: wh.shape.dims) and states \(dims: h0.shape.dims), \(dims: c0.shape.dims)")
        }
        let dtype = gx.dtype
        guard dtype.isFloat, [wh, h0, c0].allSatisfy({ $0.dtype == dtype }), bias.map({ $0.dtype == dtype }) ?? true else {
            throw EngineError.argument("an LSTM sequence needs one floating-point element type")
        }
        let sequence = Layout(hidden: hidden, len: len, batch: b)
        let ySize = hidden * len * b
        let out = try Tensor(uninitialized: dtype, try Shape(withCell ? [ySize + hidden * b] : [hidden] + Array(gx.shape.dims.dropFirst())))
        // For the backward pass: the gates and tanh(c′) of every step (5H × len × B) and the
        // cell state each step started from (H × len × B).
        let saved = try Tensor(uninitialized: dtype, try Shape([5 * hidden, len, b]))
        let cPrev = try Tensor(uninitialized: dtype, try Shape([hidden, len, b]))
        let h0Full = try sequence.columns(h0), c0Full = try sequence.columns(c0)
        if dtype == .float32 {
            try forward(Float.self, sequence, gx, wh, bias, h0Full, c0Full, out, saved, cPrev)
        } else {
            try forward(Double.self, sequence, gx, wh, bias, h0Full, c0Full, out, saved, cPrev)
        }
        let inputs = [gx, wh, bias, h0, c0].compactMap { $0 }
        guard let tape, inputs.contains(where: { tape.isTracked($0) }) else { return out }
        guard RecurrentGates.fusable(tape: tape) else {
            throw EngineError.argument("the fused LSTM sequence has only a first derivative; use the cell step by step under nested differentiation")
        }
        CustomRuleOp.record(out, inputs: inputs, rule: CustomRule { g in
            try backward(g, sequence, gx, wh, bias, h0, c0, h0Full, out, saved, cPrev)
        }, tape: tape)
        return out
    }

    /// Sizes of one sequence and where its columns live: column (t, j) of an R-row array
    /// laid out R × len × B starts at R·(t + len·j).
    struct Layout {
        let hidden: Int, len: Int, batch: Int
        func column(_ rows: Int, _ t: Int, _ j: Int) -> Int { rows * (t + len * j) }

        /// An H × B copy of a state given as H × B or as a vector shared by every column.
        func columns(_ s: Tensor) throws -> Tensor {
            if s.rank == 2 { return s }
            let full = try Tensor(uninitialized: s.dtype, try Shape([hidden, batch]))
            let bytes = hidden * s.dtype.byteWidth
            for j in 0..<batch { rawCopy(full.raw + j * bytes, s.raw, bytes) }
            return full
        }
    }

    private static func forward<T: FloatElement>(_: T.Type, _ s: Layout, _ gx: Tensor, _ wh: Tensor, _ bias: Tensor?,
                                                 _ h0: Tensor, _ c0: Tensor, _ out: Tensor, _ saved: Tensor, _ cPrev: Tensor) throws {
        let hidden = s.hidden, rows = 4 * hidden, len = s.len, b = s.batch
        let px = gx.ptr(T.self), pw = wh.ptr(T.self), pb = bias?.ptr(T.self)
        let py = out.ptr(T.self), ps = saved.ptr(T.self), pcp = cPrev.ptr(T.self)
        let gh = try Tensor(uninitialized: gx.dtype, try Shape([rows, b]))
        let c = try Tensor(uninitialized: gx.dtype, try Shape([hidden, b]))
        let pgh = gh.ptr(T.self), pc = c.ptr(T.self)
        rawCopy(c.raw, c0.raw, hidden * b * gx.dtype.byteWidth)
        for t in 0..<len {
            // gh = Wh · h_{t-1}: h₀, or the outputs' column block t - 1 (stride H·len).
            let (ph, ldh) = t == 0 ? (UnsafePointer(h0.ptr(T.self)), hidden) : (UnsafePointer(py + s.column(hidden, t - 1, 0)), hidden * len)
            try BLAS.stridedGemm(transA: false, transB: false, rows, b, hidden, pw, rows, ph, ldh, beta: 0, pgh, rows)
            if T.self == Float.self {
                // The same arithmetic as the loop below, vectorised (CFlxKernels/lstm_gates.c).
                func f(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> { UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self) }
                flx_lstm_step_f32(hidden, b, f(px + s.column(rows, t, 0)), rows * len, f(pgh), pb.map(f), f(pc),
                                  f(pcp + s.column(hidden, t, 0)), hidden * len, f(ps + s.column(5 * hidden, t, 0)), 5 * hidden * len,
                                  f(py + s.column(hidden, t, 0)), hidden * len)
                continue
            }
            for j in 0..<b {
                let x = px + s.column(rows, t, j), h = pgh + j * rows, cj = pc + j * hidden
                let sv = ps + s.column(5 * hidden, t, j), y = py + s.column(hidden, t, j), cp = pcp + s.column(hidden, t, j)
                for k in 0..<hidden {
                    cp[k] = cj[k]
                    let (hNew, cNew) = RecurrentGates.cellForward(x, h, pb, cj[k], sv, k, hidden)
                    y[k] = hNew
                    cj[k] = cNew
                }
            }
        }
        if out.count > hidden * len * b { rawCopy(out.raw + hidden * len * b * gx.dtype.byteWidth, c.raw, hidden * b * gx.dtype.byteWidth) }
    }

    /// Gradients of gx, wh, bias, h0 and c0 from the gradient of the output (and of the
    /// final cell state, when the output carries it).
    private static func backward(_ g: Tensor, _ s: Layout, _ gx: Tensor, _ wh: Tensor, _ bias: Tensor?, _ h0: Tensor, _ c0: Tensor,
                                 _ h0Full: Tensor, _ out: Tensor, _ saved: Tensor, _ cPrev: Tensor) throws -> [Tensor?] {
        let dtype = gx.dtype, hidden = s.hidden
        let grad = g.dtype == dtype ? g : try g.promoted(to: dtype)
        let dpre = try Tensor(uninitialized: dtype, gx.shape)
        let dwh = try Tensor(uninitialized: dtype, wh.shape)
        let dh = try Tensor(uninitialized: dtype, try Shape([hidden, s.batch]))
        let dc = try Tensor(uninitialized: dtype, try Shape([hidden, s.batch]))
        if dtype == .float32 {
            try reverse(Float.self, s, grad, wh, h0Full, out, saved, cPrev, dpre, dwh, dh, dc)
        } else {
            try reverse(Double.self, s, grad, wh, h0Full, out, saved, cPrev, dpre, dwh, dh, dc)
        }
        // A vector state took the same value in every column: its gradient is the sum.
        func fitted(_ full: Tensor, to t: Tensor) throws -> Tensor {
            if t.rank == 2 { return full }
            return try Shaping.reshape(try Reductions.sum(full, dims: DimSet(mask: 2), tape: nil), t.shape, tape: nil)
        }
        var grads: [Tensor?] = [dpre, dwh]
        if let bias {
            let flat = try Shaping.reshape(dpre, [4 * hidden, s.len * s.batch], tape: nil)
            grads.append(try Shaping.reshape(try Reductions.sum(flat, dims: DimSet(mask: 2), tape: nil), bias.shape, tape: nil))
        }
        grads.append(try fitted(dh, to: h0))
        grads.append(try fitted(dc, to: c0))
        return grads
    }

    private static func reverse<T: FloatElement>(_: T.Type, _ s: Layout, _ g: Tensor, _ wh: Tensor, _ h0: Tensor, _ out: Tensor,
                                                 _ saved: Tensor, _ cPrev: Tensor, _ dpre: Tensor, _ dwh: Tensor,
                                                 _ dh: Tensor, _ dc: Tensor) throws {
        let hidden = s.hidden, rows = 4 * hidden, len = s.len, b = s.batch, ySize = hidden * len * b
        let pg = g.ptr(T.self), pw = wh.ptr(T.self), py = out.ptr(T.self), ps = saved.ptr(T.self), pcp = cPrev.ptr(T.self)
        let pd = dpre.ptr(T.self), pdh = dh.ptr(T.self), pdc = dc.ptr(T.self)
        dh.fillZero()
        // The final cell state's gradient, when the output carries that state.
        if g.count > ySize { rawCopy(dc.raw, g.raw + ySize * g.dtype.byteWidth, hidden * b * g.dtype.byteWidth) } else { dc.fillZero() }
        for t in stride(from: len - 1, through: 0, by: -1) {
            if T.self == Float.self {
                // The same arithmetic as the loop below, vectorised (CFlxKernels/lstm_gates.c).
                func f(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> { UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self) }
                flx_lstm_step_back_f32(hidden, b, f(pg + s.column(hidden, t, 0)), hidden * len, f(pdh), f(pdc),
                                       f(pcp + s.column(hidden, t, 0)), hidden * len, f(ps + s.column(5 * hidden, t, 0)), 5 * hidden * len,
                                       f(pd + s.column(rows, t, 0)), rows * len)
            } else {
                stepBack(s, t, pg, pdh, pdc, pcp, ps, pd)
            }
            // dh_{t-1} = Whᵀ · dpre_t, the step's columns read in place (stride 4H·len).
            try BLAS.stridedGemm(transA: true, transB: false, hidden, b, rows, pw, rows, pd + s.column(rows, t, 0), rows * len, beta: 0, pdh, hidden)
        }
        // dWh = Σ_t dpre_t · h_{t-1}ᵀ as one product: [h₀ h₁ … h_{len-1}] laid out as the
        // outputs are (H × len × B), each column the state its step started from.
        let hPrev = try Tensor(uninitialized: g.dtype, try Shape([hidden, len, b]))
        let php = hPrev.ptr(T.self), ph0 = h0.ptr(T.self)
        let bytes = MemoryLayout<T>.stride
        for j in 0..<b {
            rawCopy(UnsafeMutableRawPointer(php + s.column(hidden, 0, j)), UnsafeMutableRawPointer(ph0 + j * hidden), hidden * bytes)
            if len > 1 {
                rawCopy(UnsafeMutableRawPointer(php + s.column(hidden, 1, j)), UnsafeMutableRawPointer(py + s.column(hidden, 0, j)), hidden * (len - 1) * bytes)
            }
        }
        try BLAS.stridedGemm(transA: false, transB: true, rows, hidden, len * b, pd, rows, php, hidden, beta: 0, dwh.ptr(T.self), rows)
    }

    /// One step of the reverse sweep, in Swift (Float64; Float32 goes to the C kernel).
    private static func stepBack<T: FloatElement>(_ s: Layout, _ t: Int, _ pg: UnsafeMutablePointer<T>, _ pdh: UnsafeMutablePointer<T>,
                                                  _ pdc: UnsafeMutablePointer<T>, _ pcp: UnsafeMutablePointer<T>,
                                                  _ ps: UnsafeMutablePointer<T>, _ pd: UnsafeMutablePointer<T>) {
        let hidden = s.hidden, rows = 4 * hidden
        for j in 0..<s.batch {
            let gy = pg + s.column(hidden, t, j), dhj = pdh + j * hidden, dcj = pdc + j * hidden
            let sv = ps + s.column(5 * hidden, t, j), cp = pcp + s.column(hidden, t, j), d = pd + s.column(rows, t, j)
            for k in 0..<hidden {
                dcj[k] = RecurrentGates.cellBackward(dh: gy[k] + dhj[k], dc: dcj[k], cp[k], sv, d, k, hidden)
            }
        }
    }
}
