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

    /// A zero or negative kernel, stride or dilation has no meaning (and a zero stride
    /// would divide by zero below); reported as Julia's ArgumentError.
    public func validate() throws {
        for (name, v) in [("kernel size", kernel), ("stride", stride), ("dilation", dilation)] where v.contains(where: { $0 <= 0 }) {
            throw EngineError.argument("\(name) must be positive in every dimension, got \(v)")
        }
    }

    /// Output spatial size for an input spatial size, or nil when the window does not fit.
    ///
    /// NNlib refuses a window with `input + padLo + padHi < (kernel - 1) * dilation + 1`
    /// computed in Int arithmetic, which wraps: that test is made as Julia makes it, so a
    /// padding whose sum wraps fails as it does in Julia. The sizes themselves are then
    /// computed exactly (in 128 bits): a window that does not fit by the exact sums is
    /// refused too, and a padding so large that positions in the padded input would not
    /// fit in an Int is an error rather than an index that wraps.
    public func outputSize(_ input: [Int]) throws -> [Int]? {
        if (try? validate()) == nil { return nil }
        var out: [Int] = []
        for d in input.indices {
            if input[d] &+ padLo[d] &+ padHi[d] < (kernel[d] &- 1) &* dilation[d] &+ 1 { return nil }
            let lo = Int128(padLo[d]), hi = Int128(padHi[d]), size = Int128(input[d])
            let span = Int128(dilation[d]) * Int128(kernel[d] - 1) + 1
            let n = size + lo + hi - span
            if n < 0 { return nil }
            guard size + lo + hi <= Int128(Int.max), -lo <= Int128(Int.max), size + hi <= Int128(Int.max) else {
                throw EngineError.argument("padding (\(padLo[d]), \(padHi[d])) of an input of size \(input[d]) is out of range")
            }
            out.append(Int(n / Int128(stride[d]) + 1))
        }
        return out
    }
}

struct ConvParams {
    var geometry: ConvGeometry
    var flip: Bool
    /// The forward pass's patch matrix, kept for the weight gradient (rebuilding it
    /// costs as much as the forward im2col).
    var patches: Tensor?
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
        try g.validate()
        guard let outSize = try g.outputSize(inSize), outSize.allSatisfy({ $0 > 0 }) else {
            throw EngineError.dimensionMismatch("conv: input of size \(x.shape) is smaller than the kernel \(g.kernel) with the given padding and dilation")
        }
        // The result's shape first (NNlib allocates it first: a product that overflows is
        // Julia's ArgumentError), then the patch matrix, which must fit in memory.
        let outShape = try Shape(outSize + [cout, n])
        let dtype = DType.arithmetic(x.dtype, w.dtype).floatResult
        let p = outSize.reduce(1, *), kprod = g.kernel.reduce(1, *)
        try AllocationGuard.reserve([p, n, kprod, cin], bytesEach: dtype.byteWidth)
        let xc = x.dtype == dtype ? x : try x.converted(to: dtype)
        let wc = w.dtype == dtype ? w : try w.converted(to: dtype)
        let col = try patches(xc, g, inSize: inSize, outSize: outSize, cin: cin, n: n)
        let wf = try flatWeight(wc, kprod: kprod, flip: flip)
        // (P·N × K) · (K × Cout) = (P·N × Cout), rows ordered (spatial, batch).
        let y = try LinearAlgebra.matmul(col, wf, tape: nil)
        let out = try Tensor(uninitialized: dtype, outShape)
        reorder(y, into: out, p: p, n: n, c: cout, toWHCN: true)
        if let tape, Tape.anyTracked(tape, x, w) {
            tape.record(.conv(ConvParams(geometry: g, flip: flip, patches: tape.isTracked(w) ? col : nil)), output: out, x, w)
        }
        return out
    }

    /// The (P·N × K) patch matrix of `x`: planar loops for 2-d kernels, the offset table otherwise.
    static func patches(_ x: Tensor, _ g: ConvGeometry, inSize: [Int], outSize: [Int], cin: Int, n: Int) throws -> Tensor {
        let p = outSize.reduce(1, *), kprod = g.kernel.reduce(1, *)
        if let plane = PlanarConv(g, inSize: inSize, outSize: outSize) {
            let col = try Tensor(uninitialized: x.dtype, Shape(p * n, kprod * cin))
            if x.dtype == .float32 {
                plane.im2col(x.ptr(Float.self), col.ptr(Float.self), cin: cin, n: n)
            } else {
                plane.im2col(x.ptr(Double.self), col.ptr(Double.self), cin: cin, n: n)
            }
            return col
        }
        return try im2col(x, try sourceTable(g, inSize: inSize, outSize: outSize), p: p, kprod: kprod, cin: cin, n: n)
    }

    /// For each (kernel offset k, output position o): the spatial offset in the input
    /// it reads, or -1 when that lands in the padding. Index k·P + o.
    static func sourceTable(_ g: ConvGeometry, inSize: [Int], outSize: [Int]) throws -> [Int] {
        let s = g.kernel.count
        let p = outSize.reduce(1, *), kprod = g.kernel.reduce(1, *)
        try AllocationGuard.reserve([kprod, p], bytesEach: MemoryLayout<Int>.stride)
        var table = [Int](repeating: -1, count: kprod * p)
        for k in 0..<kprod {
            let ko = unflatten(k, g.kernel)
            for o in 0..<p {
                let op = unflatten(o, outSize)
                var lin = 0, mul = 1, inside = true
                for d in 0..<s {
                    let pos = op[d] * g.stride[d] + ko[d] * g.dilation[d] - g.padLo[d]
                    if pos < 0 || pos >= inSize[d] { inside = false; break }
                    lin += pos * mul
                    mul *= inSize[d]
                }
                if inside { table[k * p + o] = lin }
            }
        }
        return table
    }

    /// Moves between (P·N × C) GEMM layout and (P, C, N) WHCN layout.
    static func reorder(_ src: Tensor, into dst: Tensor, p: Int, n: Int, c: Int, toWHCN: Bool) {
        func run<T: FloatElement>(_: T.Type) {
            let a = src.ptr(T.self), b = dst.ptr(T.self)
            Parallel.forEach(n, elementsPerItem: p * c) { samples in
                for bi in samples {
                    for ch in 0..<c {
                        let gemm = p * bi + p * n * ch, whcn = p * (ch + c * bi)
                        if toWHCN { for i in 0..<p { b[whcn + i] = a[gemm + i] } } else { for i in 0..<p { b[gemm + i] = a[whcn + i] } }
                    }
                }
            }
        }
        if src.dtype == .float32 { run(Float.self) } else { run(Double.self) }
    }

    /// Kernel as a (K × Cout) matrix with rows ordered (kernel offsets..., Cin), flipped if asked.
    static func flatWeight(_ w: Tensor, kprod: Int, flip: Bool) throws -> Tensor {
        let cin = w.shape[w.rank - 2], cout = w.shape[w.rank - 1]
        let out = try Tensor(uninitialized: w.dtype, Shape(kprod * cin, cout))
        func run<T: FloatElement>(_: T.Type) {
            let a = w.ptr(T.self), b = out.ptr(T.self)
            for j in 0..<(cin * cout) {
                for k in 0..<kprod { b[k + kprod * j] = a[(flip ? kprod - 1 - k : k) + kprod * j] }
            }
        }
        if w.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        return out
    }

    /// Spatial offset of kernel element `k` along each dim.
    static func unflatten(_ i: Int, _ dims: [Int]) -> [Int] {
        var r = i
        var out = [Int](repeating: 0, count: dims.count)
        for d in dims.indices { out[d] = r % dims[d]; r /= dims[d] }
        return out
    }

    /// The (P·N × K) patch matrix: row (o, b), column (k, ci) holds the input element
    /// kernel offset k reads for output o of channel ci in sample b (0 in the padding).
    static func im2col(_ x: Tensor, _ table: [Int], p: Int, kprod: Int, cin: Int, n: Int) throws -> Tensor {
        let col = try Tensor(uninitialized: x.dtype, Shape(p * n, kprod * cin))
        func run<T: FloatElement>(_: T.Type) {
            let src = x.ptr(T.self), dst = col.ptr(T.self)
            eachPatchEntry(table, inP: x.count / max(cin * n, 1), p: p, kprod: kprod, cin: cin, n: n) { entry, input in
                dst[entry] = input >= 0 ? src[input] : 0
            }
        }
        if x.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        return col
    }

    /// The adjoint of `im2col`: each patch entry adds back into the input element it was read from.
    static func col2im(_ col: Tensor, _ table: [Int], into dx: Tensor, p: Int, kprod: Int, cin: Int, n: Int) {
        func run<T: FloatElement>(_: T.Type) {
            let src = col.ptr(T.self), dst = dx.ptr(T.self)
            eachPatchEntry(table, inP: dx.count / max(cin * n, 1), p: p, kprod: kprod, cin: cin, n: n) { entry, input in
                if input >= 0 { dst[input] += src[entry] }
            }
        }
        if dx.dtype == .float32 { run(Float.self) } else { run(Double.self) }
    }

    /// Visits every patch-matrix entry in memory order with the input element it reads
    /// (-1 in the padding), through the offset table: the N-d path of im2col and col2im.
    @inline(__always)
    static func eachPatchEntry(_ table: [Int], inP: Int, p: Int, kprod: Int, cin: Int, n: Int,
                                       _ body: (_ entry: Int, _ input: Int) -> Void) {
        let rowsPN = p * n
        table.withUnsafeBufferPointer { tb in
            for ci in 0..<cin {
                for k in 0..<kprod {
                    let colBase = rowsPN * (k + kprod * ci)
                    for b in 0..<n {
                        let xBase = inP * (ci + cin * b), rowBase = colBase + p * b, tBase = k * p
                        for o in 0..<p {
                            let at = tb[tBase + o]
                            body(rowBase + o, at >= 0 ? xBase + at : -1)
                        }
                    }
                }
            }
        }
    }

    /// `colᵀ · gy` (K × Cout), the flattened weight gradient. When K and Cout are too
    /// small to split the product by rows or columns and P·N is long (a first layer on a
    /// large batch), the rows are taken in fixed groups whose products threads compute
    /// and which are then added in group order, as NNlib sums its per-sample products.
    /// The groups depend only on the shape, so the result does not depend on the thread count.
    static func weightGradient(_ col: Tensor, _ gy: Tensor) throws -> Tensor {
        let rows = col.shape[0], k = col.shape[1], cout = gy.shape[1]
        let groups = rows / weightGradientGroupRows
        guard groups >= 2, k < 2 * MatmulKernel.gemmAlignment, cout < 2 * MatmulKernel.gemmAlignment,
              col.dtype == gy.dtype, col.dtype.isFloat else {
            return try LinearAlgebra.matmul(col, transA: true, gy, tape: nil)
        }
        let parts = try (0..<groups).map { _ in try Tensor(uninitialized: col.dtype, Shape(k, cout)) }
        let operands = try (0..<groups).map { gi -> (MatOperand, MatOperand) in
            let r = (gi * rows / groups)..<((gi + 1) * rows / groups)
            return (try MatOperand(rowsOf: col, r, trans: true), try MatOperand(rowsOf: gy, r, trans: false))
        }
        // Each group keeps its own error (a product too large for BLAS), raised in group order.
        let errors = UnsafeMutableBufferPointer<Error?>.allocate(capacity: groups)
        errors.initialize(repeating: nil)
        defer { errors.deinitialize().deallocate() }
        Parallel.forEach(groups, grain: 1) { range in
            for gi in range {
                do { try MatmulKernel.multiply(operands[gi].0, operands[gi].1, into: parts[gi]) } catch { errors[gi] = error }
            }
        }
        if let error = errors.lazy.compactMap({ $0 }).first { throw error }
        var sum = parts[0]
        for part in parts.dropFirst() { sum = try Arithmetic.binary(.add, sum, part, tape: nil) }
        return sum
    }

    /// Rows (output positions × samples) per group of the split weight gradient.
    static let weightGradientGroupRows = 16_384

    static func backward(_ params: ConvParams, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a, let w = rec.b else { return }
        let geo = params.geometry
        let s = geo.kernel.count
        let inSize = Array(x.shape.dims.prefix(s))
        let outSize = Array(g.shape.dims.prefix(s))
        let cin = x.shape[s], n = x.shape[s + 1], cout = w.shape[s + 1]
        let p = outSize.reduce(1, *), kprod = geo.kernel.reduce(1, *)
        let dtype = rec.output.dtype
        let gc = g.dtype == dtype ? g : try g.converted(to: dtype)
        let gy = try Tensor(uninitialized: dtype, Shape(p * n, cout))
        reorder(gc, into: gy, p: p, n: n, c: cout, toWHCN: false)
        if tape.isTracked(w) {
            let col: Tensor
            if let kept = params.patches {
                col = kept
            } else {
                let xc = x.dtype == dtype ? x : try x.converted(to: dtype)
                col = try patches(xc, geo, inSize: inSize, outSize: outSize, cin: cin, n: n)
            }
            let dwf = try weightGradient(col, gy) // K × Cout
            // Flipping is its own inverse, so unflattening is the same reindexing.
            let dw = try flatWeight(Tensor(viewOf: dwf, shape: w.shape), kprod: kprod, flip: params.flip)
            try tape.accumulate(w, Tensor(viewOf: dw, shape: w.shape))
        }
        if tape.isTracked(x) {
            let wc = w.dtype == dtype ? w : try w.converted(to: dtype)
            let wf = try flatWeight(wc, kprod: kprod, flip: params.flip)
            let dcol = try LinearAlgebra.matmul(gy, wf, transB: true, tape: nil) // P·N × K
            if let plane = PlanarConv(geo, inSize: inSize, outSize: outSize) {
                // The planar col2im zeroes each sample's part itself, on the thread that fills it.
                let dx = try Tensor(uninitialized: dtype, x.shape)
                if dtype == .float32 {
                    plane.col2im(dcol.ptr(Float.self), dx.ptr(Float.self), cin: cin, n: n)
                } else {
                    plane.col2im(dcol.ptr(Double.self), dx.ptr(Double.self), cin: cin, n: n)
                }
                try tape.accumulate(x, dx)
            } else {
                let dx = try Tensor.zeros(dtype, x.shape)
                col2im(dcol, try sourceTable(geo, inSize: inSize, outSize: outSize), into: dx, p: p, kprod: kprod, cin: cin, n: n)
                try tape.accumulate(x, dx)
            }
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
