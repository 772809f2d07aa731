/// Max and mean pooling in WHCN layout (NNlib's `maxpool`/`meanpool`): windows over
/// the spatial dims, channels and batch untouched. Mean pooling divides by the full
/// window size, padding included, as NNlib does.
public enum PoolMode: Sendable, Equatable { case max, mean }

public struct PoolParams: Sendable {
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
        guard let outSize = g.outputSize(inSize), outSize.allSatisfy({ $0 > 0 }) else {
            throw EngineError.dimensionMismatch("pooling window \(g.kernel) does not fit the input of size \(x.shape)")
        }
        let channels = x.shape[s] * x.shape[s + 1]
        let dtype = x.dtype.floatResult
        let p = outSize.reduce(1, *)
        let out = try Tensor(uninitialized: dtype, Shape(outSize + [x.shape[s], x.shape[s + 1]]))
        var argmax = [Int](repeating: -1, count: mode == .max ? out.count : 0)
        let kprod = g.kernel.reduce(1, *)
        let inP = inSize.reduce(1, *)
        forEachWindow(g, inSize: inSize, outSize: outSize) { o, sources in
            for c in 0..<channels {
                let base = inP * c
                if mode == .max {
                    var best = -Double.infinity, at = -1
                    for src in sources where src >= 0 {
                        let v = x.numericValue(base + src)
                        if at < 0 || v > best || v.isNaN { best = v; at = base + src }
                    }
                    out.setNumeric(best, o + p * c)
                    argmax[o + p * c] = at
                } else {
                    var sum = 0.0
                    for src in sources where src >= 0 { sum += x.numericValue(base + src) }
                    out.setNumeric(sum / Double(kprod), o + p * c)
                }
            }
        }
        if let tape, tape.isTracked(x), x.dtype.isFloat {
            tape.record(.pool(PoolParams(mode: mode, geometry: g, argmax: argmax)), output: out, x)
        }
        return out
    }

    /// Calls `body(output position, window input offsets (-1 = padding))` per output position.
    static func forEachWindow(_ g: ConvGeometry, inSize: [Int], outSize: [Int], _ body: (Int, [Int]) -> Void) {
        let s = g.kernel.count
        let p = outSize.reduce(1, *), kprod = g.kernel.reduce(1, *)
        let kOffsets = (0..<kprod).map { Convolution.unflatten($0, g.kernel) }
        var sources = [Int](repeating: -1, count: kprod)
        for o in 0..<p {
            let op = Convolution.unflatten(o, outSize)
            for k in 0..<kprod {
                var lin = 0, mul = 1, inside = true
                for d in 0..<s {
                    let pos = op[d] * g.stride[d] + kOffsets[k][d] * g.dilation[d] - g.padLo[d]
                    if pos < 0 || pos >= inSize[d] { inside = false; break }
                    lin += pos * mul
                    mul *= inSize[d]
                }
                sources[k] = inside ? lin : -1
            }
            body(o, sources)
        }
    }

    static func backward(_ params: PoolParams, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        let dx = try Tensor.zeros(x.dtype, x.shape)
        switch params.mode {
        case .max:
            for (o, src) in params.argmax.enumerated() where src >= 0 {
                dx.setNumeric(dx.numericValue(src) + g.numericValue(o), src)
            }
        case .mean:
            let geo = params.geometry
            let s = geo.kernel.count
            let inSize = Array(x.shape.dims.prefix(s)), outSize = Array(g.shape.dims.prefix(s))
            let channels = x.shape[s] * x.shape[s + 1]
            let p = outSize.reduce(1, *), inP = inSize.reduce(1, *)
            let scale = 1 / Double(geo.kernel.reduce(1, *))
            forEachWindow(geo, inSize: inSize, outSize: outSize) { o, sources in
                for c in 0..<channels {
                    let gv = g.numericValue(o + p * c) * scale
                    for src in sources where src >= 0 {
                        dx.setNumeric(dx.numericValue(inP * c + src) + gv, inP * c + src)
                    }
                }
            }
        }
        try tape.accumulate(x, dx)
    }
}
