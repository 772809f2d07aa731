/// N-d convolution in Flux's WHCN layout (spatial dims first, then channels, then
/// batch): im2col, one GEMM, and col2im for the input gradient.
///
/// Flux's `Conv` is a true convolution: the kernel is flipped along every spatial
/// dim (`flipped = false` in NNlib's terms means "flip"); `CrossCor` is not.
public struct ConvGeometry: Sendable, Equatable {
    /// Spatial kernel size, stride, dilation, and padding before/after, per spatial dim.
    public var kernel: [Int]
    public var stride: [Int]
    public var dilation: [Int]
    public var padLo: [Int]
    public var padHi: [Int]

    public init(kernel: [Int], stride: [Int], dilation: [Int], padLo: [Int], padHi: [Int]) {
        self.kernel = kernel; self.stride = stride; self.dilation = dilation; self.padLo = padLo; self.padHi = padHi
    }

    /// Output spatial size for an input spatial size, or nil when the window does not fit.
    public func outputSize(_ input: [Int]) -> [Int]? {
        var out: [Int] = []
        for d in input.indices {
            let span = dilation[d] * (kernel[d] - 1) + 1
            let n = input[d] + padLo[d] + padHi[d] - span
            if n < 0 { return nil }
            out.append(n / stride[d] + 1)
        }
        return out
    }
}

public struct ConvParams: Sendable {
    var geometry: ConvGeometry
    var flip: Bool
}

public enum Convolution {
    /// `conv(x, w)`: x is (spatial..., Cin, N), w is (kernel..., Cin, Cout); the result
    /// is (outspatial..., Cout, N). `flip` (Flux `Conv`) flips the kernel.
    public static func conv(_ x: Tensor, _ w: Tensor, geometry g: ConvGeometry, flip: Bool = true, tape: Tape?) throws -> Tensor {
        let s = g.kernel.count
        guard x.rank == s + 2, w.rank == s + 2 else {
            throw EngineError.dimensionMismatch("conv expects a \(s + 2)-dimensional input and weight, got sizes \(x.shape) and \(w.shape)")
        }
        guard Array(w.shape.dims.prefix(s)) == g.kernel else { throw EngineError.argument("kernel size does not match the weight") }
        let cin = x.shape[s], n = x.shape[s + 1], cout = w.shape[s + 1]
        guard w.shape[s] == cin else {
            throw EngineError.dimensionMismatch("Input channels must match! (\(cin) vs. \(w.shape[s]))")
        }
        let inSize = Array(x.shape.dims.prefix(s))
        guard let outSize = g.outputSize(inSize), outSize.allSatisfy({ $0 > 0 }) else {
            throw EngineError.dimensionMismatch("conv: input of size \(x.shape) is smaller than the kernel \(g.kernel) with the given padding and dilation")
        }
        let dtype = DType.arithmetic(x.dtype, w.dtype).floatResult
        let col = try im2col(x, g, inSize: inSize, outSize: outSize, dtype: dtype)
        let wf = try flatWeight(w, g, flip: flip, dtype: dtype)
        // (P·N × K) · (K × Cout) = (P·N × Cout), rows ordered (spatial, batch).
        let y = try LinearAlgebra.matmul(col, wf, tape: nil)
        let p = outSize.reduce(1, *)
        let out = try Tensor(uninitialized: dtype, Shape(outSize + [cout, n]))
        try reorder(y, into: out, p: p, n: n, c: cout, toWHCN: true)
        if let tape, Tape.anyTracked(tape, x, w) {
            tape.record(.conv(ConvParams(geometry: g, flip: flip)), output: out, x, w)
        }
        return out
    }

    /// Moves between (P·N × C) GEMM layout and (P, C, N) WHCN layout.
    static func reorder(_ src: Tensor, into dst: Tensor, p: Int, n: Int, c: Int, toWHCN: Bool) throws {
        for b in 0..<n {
            for ch in 0..<c {
                for i in 0..<p {
                    let gemm = (i + p * b) + p * n * ch
                    let whcn = i + p * (ch + c * b)
                    if toWHCN { dst.setNumeric(src.numericValue(gemm), whcn) } else { dst.setNumeric(src.numericValue(whcn), gemm) }
                }
            }
        }
    }

    /// Kernel as a (K × Cout) matrix with rows ordered (kernel offsets..., Cin), flipped if asked.
    static func flatWeight(_ w: Tensor, _ g: ConvGeometry, flip: Bool, dtype: DType) throws -> Tensor {
        let s = g.kernel.count
        let kprod = g.kernel.reduce(1, *)
        let cin = w.shape[s], cout = w.shape[s + 1]
        let rows = kprod * cin
        let out = try Tensor(uninitialized: dtype, Shape(rows, cout))
        for co in 0..<cout {
            for ci in 0..<cin {
                for k in 0..<kprod {
                    let src = (flip ? kprod - 1 - k : k) + kprod * (ci + cin * co)
                    out.setNumeric(w.numericValue(src), (k + kprod * ci) + rows * co)
                }
            }
        }
        return out
    }

    /// Spatial offset of kernel element `k` along each dim.
    static func unflatten(_ i: Int, _ dims: [Int]) -> [Int] {
        var r = i
        var out = [Int](repeating: 0, count: dims.count)
        for d in dims.indices { out[d] = r % dims[d]; r /= dims[d] }
        return out
    }

    /// Visits every (column row, col column, input element or -1 for padding).
    static func forEachPatch(_ g: ConvGeometry, inSize: [Int], outSize: [Int], cin: Int, n: Int,
                             _ body: (_ row: Int, _ col: Int, _ src: Int) -> Void) {
        let s = g.kernel.count
        let p = outSize.reduce(1, *), kprod = g.kernel.reduce(1, *)
        let inP = inSize.reduce(1, *)
        let kOffsets = (0..<kprod).map { unflatten($0, g.kernel) }
        let oPositions = (0..<p).map { unflatten($0, outSize) }
        for b in 0..<n {
            for ci in 0..<cin {
                for k in 0..<kprod {
                    let ko = kOffsets[k]
                    let row = k + kprod * ci
                    for o in 0..<p {
                        let op = oPositions[o]
                        var lin = 0, mul = 1, inside = true
                        for d in 0..<s {
                            let pos = op[d] * g.stride[d] + ko[d] * g.dilation[d] - g.padLo[d]
                            if pos < 0 || pos >= inSize[d] { inside = false; break }
                            lin += pos * mul
                            mul *= inSize[d]
                        }
                        body(row, o + p * b, inside ? lin + inP * (ci + cin * b) : -1)
                    }
                }
            }
        }
    }

    static func im2col(_ x: Tensor, _ g: ConvGeometry, inSize: [Int], outSize: [Int], dtype: DType) throws -> Tensor {
        let s = g.kernel.count
        let cin = x.shape[s], n = x.shape[s + 1]
        let rowsPN = outSize.reduce(1, *) * n
        let k = g.kernel.reduce(1, *) * cin
        let col = try Tensor.zeros(dtype, Shape(rowsPN, k))
        forEachPatch(g, inSize: inSize, outSize: outSize, cin: cin, n: n) { row, c, src in
            if src >= 0 { col.setNumeric(x.numericValue(src), c + rowsPN * row) }
        }
        return col
    }

    static func backward(_ params: ConvParams, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a, let w = rec.b else { return }
        let geo = params.geometry
        let s = geo.kernel.count
        let inSize = Array(x.shape.dims.prefix(s))
        let outSize = Array(g.shape.dims.prefix(s))
        let cin = x.shape[s], n = x.shape[s + 1], cout = w.shape[s + 1]
        let p = outSize.reduce(1, *)
        let dtype = g.dtype
        let gy = try Tensor(uninitialized: dtype, Shape(p * n, cout))
        try reorder(g, into: gy, p: p, n: n, c: cout, toWHCN: false)
        if tape.isTracked(w) {
            let col = try im2col(x, geo, inSize: inSize, outSize: outSize, dtype: dtype)
            let dwf = try LinearAlgebra.matmul(col, transA: true, gy, tape: nil) // K × Cout
            let kprod = geo.kernel.reduce(1, *), rows = kprod * cin
            let dw = try Tensor(uninitialized: dtype, w.shape)
            for co in 0..<cout {
                for ci in 0..<cin {
                    for k in 0..<kprod {
                        let dst = (params.flip ? kprod - 1 - k : k) + kprod * (ci + cin * co)
                        dw.setNumeric(dwf.numericValue((k + kprod * ci) + rows * co), dst)
                    }
                }
            }
            try tape.accumulate(w, dw)
        }
        if tape.isTracked(x) {
            let wf = try flatWeight(w, geo, flip: params.flip, dtype: dtype)
            let dcol = try LinearAlgebra.matmul(gy, wf, transB: true, tape: nil) // P·N × K
            let dx = try Tensor.zeros(dtype, x.shape)
            let rowsPN = p * n
            // col2im: every column entry adds back into the input element it was read from.
            forEachPatch(geo, inSize: inSize, outSize: outSize, cin: cin, n: n) { row, c, src in
                if src >= 0 { dx.setNumeric(dx.numericValue(src) + dcol.numericValue(c + rowsPN * row), src) }
            }
            try tape.accumulate(x, dx)
        }
    }
}

extension Tensor {
    /// Stores a Double into a float tensor (rounded for Float32).
    @inlinable public func setNumeric(_ v: Double, _ i: Int) {
        switch dtype {
        case .float32: setFloat(Float(v), i)
        case .float64: setDouble(v, i)
        case .int64: setInt(Int64(v), i)
        case .bool: setBool(v != 0, i)
        }
    }
}
