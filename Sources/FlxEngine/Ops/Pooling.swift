/// Max and mean pooling in WHCN layout (NNlib's `maxpool`/`meanpool`): windows over
/// the spatial dims, channels and batch untouched. Mean pooling divides by the full
/// window size, padding included, as NNlib does.
public enum PoolMode: Sendable, Equatable { case max, mean }

struct PoolParams: Sendable {
    var mode: PoolMode
    var geometry: ConvGeometry
    /// For max pooling: the input element each output came from (-1 if only padding).
    var argmax: [Int]
}

public enum Pooling {
    public static func pool(_ mode: PoolMode, _ x: Tensor, geometry g: ConvGeometry, tape: Tape?) throws -> Tensor {
        let s = g.kernel.count
        guard x.rank == s + 2 else {
            throw EngineError.dimensionMismatch("pooling with a \(s)-d window expects a \(s + 2)-dimensional input, got size \(x.shape)")
        }
        let inSize = Array(x.shape.dims.prefix(s))
        try g.validate()
        guard let outSize = try g.outputSize(inSize), outSize.allSatisfy({ $0 > 0 }) else {
            throw EngineError.dimensionMismatch("pooling window \(g.kernel) does not fit the input of size \(x.shape)")
        }
        // The result's shape checks the output sizes before anything is multiplied.
        let outShape = try Shape(outSize + [x.shape[s], x.shape[s + 1]])
        let channels = x.shape[s] * x.shape[s + 1]
        let xc = x.dtype.isFloat ? x : try x.converted(to: .float64)
        let p = outSize.reduce(1, *), kprod = g.kernel.reduce(1, *)
        let out = try Tensor(uninitialized: xc.dtype, outShape)
        // Both max-pooling loops write every entry.
        let slots = mode == .max ? out.count : 0
        // The argmax table is an Int per output: twice a Float32 output's bytes.
        try AllocationGuard.reserve(count: slots, bytesEach: MemoryLayout<Int>.stride)
        var argmax = [Int](unsafeUninitializedCapacity: slots) { _, count in count = slots }
        let inP = inSize.reduce(1, *)
        if mode == .max, let plane = PlanarWindow(g, inSize: inSize, outSize: outSize) {
            if xc.dtype == .float32 {
                maxPool2D(xc.ptr(Float.self), out.ptr(Float.self), &argmax, plane, channels: channels)
            } else {
                maxPool2D(xc.ptr(Double.self), out.ptr(Double.self), &argmax, plane, channels: channels)
            }
            if let tape, tape.isTracked(x), x.dtype.isFloat {
                tape.record(.pool(PoolParams(mode: mode, geometry: g, argmax: argmax)), output: out, x)
            }
            return out
        }
        // Window table shared with convolution: index k·P + o, -1 for padding.
        let table = try Convolution.sourceTable(g, inSize: inSize, outSize: outSize)
        func run<T: FloatElement>(_: T.Type) {
            let src = xc.ptr(T.self), dst = out.ptr(T.self)
            for c in 0..<channels {
                let base = inP * c
                for o in 0..<p {
                    if mode == .max {
                        var best: T = 0, at = -1
                        for k in 0..<kprod {
                            let off = table[k * p + o]
                            if off < 0 { continue }
                            let v = src[base + off]
                            if at < 0 || v > best || v.isNaN { best = v; at = base + off }
                        }
                        dst[o + p * c] = at < 0 ? -T.infinity : best
                        argmax[o + p * c] = at
                    } else {
                        var sum: T = 0
                        for k in 0..<kprod {
                            let off = table[k * p + o]
                            if off >= 0 { sum += src[base + off] }
                        }
                        dst[o + p * c] = sum / T(kprod)
                    }
                }
            }
        }
        if xc.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        if let tape, tape.isTracked(x), x.dtype.isFloat {
            tape.record(.pool(PoolParams(mode: mode, geometry: g, argmax: argmax)), output: out, x)
        }
        return out
    }

    /// Max pooling over unpadded, undilated 2-d windows (Flux's `MaxPool((k, k))`), as
    /// direct loops: the same window order and NaN rule as the table-driven loop above
    /// (first dim fastest; the last NaN wins), without a table lookup per element.
    static func maxPool2D<T: FloatElement>(_ src: UnsafeMutablePointer<T>, _ dst: UnsafeMutablePointer<T>,
                                           _ argmax: inout [Int], _ w: PlanarWindow, channels: Int) {
        let inP = w.inW * w.inH, p = w.outW * w.outH
        argmax.withUnsafeMutableBufferPointer { am in
          // Channels go to threads in blocks; each writes only its channels' outputs.
          Parallel.forEach(channels, elementsPerItem: p * w.kernelX * w.kernelY) { block in
            for c in block {
                let base = inP &* c
                for oy in 0..<w.outH {
                    for ox in 0..<w.outW {
                        let corner = base &+ (oy &* w.strideY) &* w.inW &+ ox &* w.strideX
                        // Selects rather than branches: on real data `v > best` is a coin
                        // toss the branch predictor loses. NaNs are rare, so a window that
                        // holds one is redone with the exact rule.
                        var best = src[corner], at = corner, nans = 0
                        for ky in 0..<w.kernelY {
                            let row = corner &+ ky &* w.inW
                            for kx in 0..<w.kernelX {
                                let v = src[row &+ kx]
                                let take = v > best
                                best = take ? v : best
                                at = take ? row &+ kx : at
                                nans &+= v != v ? 1 : 0
                            }
                        }
                        if nans > 0 {
                            best = src[corner]; at = corner
                            for ky in 0..<w.kernelY {
                                let row = corner &+ ky &* w.inW
                                for kx in 0..<w.kernelX where ky > 0 || kx > 0 {
                                    let v = src[row &+ kx]
                                    if v > best || v.isNaN { best = v; at = row &+ kx }
                                }
                            }
                        }
                        let o = ox &+ w.outW &* oy &+ p &* c
                        dst[o] = best
                        am[o] = at
                    }
                }
            }
          }
        }
    }

    static func backward(_ params: PoolParams, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        // Max pooling's loop zeroes each channel block itself, on the thread that fills it.
        let dx = params.mode == .max ? try Tensor(uninitialized: x.dtype, x.shape) : try Tensor.zeros(x.dtype, x.shape)
        let gc = g.dtype == x.dtype ? g : try g.converted(to: x.dtype)
        func run<T: FloatElement>(_: T.Type) throws {
            let gp = gc.ptr(T.self), dp = dx.ptr(T.self)
            switch params.mode {
            case .max:
                // An output's source lies in its own channel's input, so channel blocks
                // go to threads without sharing an element (same order within each).
                let s = params.geometry.kernel.count
                let channels = x.shape[s] * x.shape[s + 1], p = g.count / Swift.max(channels, 1)
                let inP = x.count / Swift.max(channels, 1)
                params.argmax.withUnsafeBufferPointer { am in
                    Parallel.forEach(channels, elementsPerItem: p) { block in
                        (dp + inP &* block.lowerBound).update(repeating: 0, count: inP &* block.count)
                        for o in (block.lowerBound * p)..<(block.upperBound * p) {
                            let src = am[o]
                            if src >= 0 { dp[src] += gp[o] }
                        }
                    }
                }
            case .mean:
                let geo = params.geometry
                let s = geo.kernel.count
                let inSize = Array(x.shape.dims.prefix(s)), outSize = Array(g.shape.dims.prefix(s))
                let channels = x.shape[s] * x.shape[s + 1]
                let p = outSize.reduce(1, *), inP = inSize.reduce(1, *), kprod = geo.kernel.reduce(1, *)
                let table = try Convolution.sourceTable(geo, inSize: inSize, outSize: outSize)
                let scale = 1 / T(kprod)
                for c in 0..<channels {
                    for o in 0..<p {
                        let gv = gp[o + p * c] * scale
                        for k in 0..<kprod {
                            let off = table[k * p + o]
                            if off >= 0 { dp[inP * c + off] += gv }
                        }
                    }
                }
            }
        }
        if x.dtype == .float32 { try run(Float.self) } else { try run(Double.self) }
        try tape.accumulate(x, dx)
    }
}

/// The geometry of a 2-d pooling window with no padding and no dilation, the case that
/// gets direct loops; nil for anything else.
struct PlanarWindow {
    let inW: Int, inH: Int, outW: Int, outH: Int
    let kernelX: Int, kernelY: Int, strideX: Int, strideY: Int

    init?(_ g: ConvGeometry, inSize: [Int], outSize: [Int]) {
        guard g.kernel.count == 2, g.dilation == [1, 1], g.padLo == [0, 0], g.padHi == [0, 0] else { return nil }
        inW = inSize[0]; inH = inSize[1]; outW = outSize[0]; outH = outSize[1]
        kernelX = g.kernel[0]; kernelY = g.kernel[1]; strideX = g.stride[0]; strideY = g.stride[1]
    }
}
