import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's `grid_sample(input, grid; padding_mode = :zeros)`: samples `input`
/// (W, H, [D,] C, N) at the points of `grid` (2 or 3, W_out, H_out, [D_out,] N), whose
/// coordinates run from -1 to 1 over the centres of the corner pixels (align corners),
/// by bilinear (trilinear) interpolation. A point outside reads 0 (`:zeros`) or is moved
/// onto the border (`:border`).
///
/// It is built from engine ops, so it is differentiable in both arguments, as NNlib's is:
/// the corner indices are constants, the interpolation weights (from the grid) and the
/// gathered input values are on the tape. The terms are added in NNlib's order.
enum NNlibSampling {
    static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        interp.builtinHelp.add(BuiltinHelp("grid_sample(input, grid; padding_mode = :zeros)", "Samples `input` (W, H, [D,] C, N) at the points of `grid` (2 or 3, W_out, H_out, [D_out,] N), coordinates in [-1, 1] over the corner pixels' centres, by bilinear interpolation; outside points read 0 (`:zeros`) or the border (`:border`). Differentiable in both.", "grid_sample(rand(4, 4, 1, 1), zeros(2, 3, 3, 1)) |> size  # (3, 3, 1, 1)"), for: "grid_sample")
        nnlib.native("grid_sample") { interp, a in
            try a.expect("grid_sample", 2...2)
            let input = try NNlibPadding.arrayTensor(a[0], "grid_sample", a, interp)
            let grid = try NNlibPadding.arrayTensor(a[1], "grid_sample", a, interp)
            var border = false
            if let mode = a.keyword("padding_mode") {
                switch mode {
                case .symbol(let s) where s.name == "zeros": border = false
                case .symbol(let s) where s.name == "border": border = true
                default: throw Exceptions.argument("grid_sample: padding_mode must be :zeros or :border, got \(try LayerKit.text(mode, interp))")
                }
            }
            guard input.rank == 4 || input.rank == 5 else { throw Exceptions.error("grid_sample is only supported for 4D and 5D arrays.") }
            return LayerKit.wrapArray(try interp.engine { tape in try sample(input, grid, border: border, tape: tape) })
        }
    }

    static func sample(_ x: Tensor, _ grid: Tensor, border: Bool, tape: Tape?) throws -> Tensor {
        let s = x.rank - 2
        let sizes = Array(x.shape.dims.prefix(s))
        let channels = x.shape[s], n = x.shape[s + 1]
        guard grid.rank == s + 2, grid.shape[0] == s, grid.shape[s + 1] == n, x.dtype.isFloat, grid.dtype.isFloat else {
            throw EngineError.dimensionMismatch("grid_sample: for an input of size \(x.shape) the grid must be (\(s), spatial..., \(n)), got \(grid.shape)")
        }
        let outSpatial = Array(grid.shape.dims.dropFirst().prefix(s))
        let points = outSpatial.reduce(1, *)
        let dtype = DType.arithmetic(x.dtype, grid.dtype).floatResult
        // The output has a grid point's count of every channel of the input: checked before
        // the index list and the result are made (a large grid of a many-channel input).
        try AllocationGuard.reserve([points, channels, n], bytesEach: 8 + dtype.byteWidth)
        func constant(_ v: Double) throws -> Tensor { try Tensor.scalar(v, dtype: dtype) }
        // The source coordinate along each dimension, 1-based: NNlib's unnormalize (and clip).
        var source: [Tensor] = []
        var lower: [[Int]] = []
        for d in 0..<s {
            var specs: [IndexSpec] = [.scalar(d + 1)]
            specs += [IndexSpec](repeating: .all, count: s + 1)
            let coordinate = try Indexing.getindex(grid, specs, tape: tape)
            var src = try Arithmetic.binary(.mul, try Arithmetic.binary(.add, coordinate, try constant(1), tape: tape), try constant(0.5), tape: tape)
            src = try Arithmetic.binary(.add, try Arithmetic.binary(.mul, src, try constant(Double(sizes[d]) - 1), tape: tape), try constant(1), tape: tape)
            if border {
                // Ties give the constant the gradient (max to its second, min to its first
                // argument), as NNlib's ∇clip_coordinate gives 0 on the border.
                src = try Arithmetic.binary(.min, try constant(Double(sizes[d])), try Arithmetic.binary(.max, src, try constant(1), tape: tape), tape: tape)
            }
            source.append(src)
            lower.append((0..<src.count).map { k -> Int in
                // A coordinate far outside (or NaN) reads nothing, as any out-of-bounds corner.
                let v = src.numericValue(k).rounded(.down)
                guard abs(v) < 1e15, let i = Int(exactly: v) else { return Int.min / 2 }
                return i
            })
        }
        let pointShape = try Shape(outSpatial + [1, n])
        let outShape = try Shape(outSpatial + [channels, n])
        var total: Tensor? = nil
        for corner in 0..<(1 << s) {
            var weight: Tensor? = nil
            var inBounds = [Bool](repeating: true, count: points * n)  // one per grid point
            var linear = [Int](repeating: 0, count: points * n)
            for d in 0..<s {
                let up = (corner >> d) & 1 == 1
                // (src - floor) toward the upper corner, (floor + 1 - src) toward the lower.
                let floors = try Tensor.from(lower[d].map { Double($0) + (up ? 0 : 1) }, shape: source[d].shape, dtype: dtype)
                let w = up ? try Arithmetic.binary(.sub, source[d], floors, tape: tape) : try Arithmetic.binary(.sub, floors, source[d], tape: tape)
                weight = try weight.map { try Arithmetic.binary(.mul, $0, w, tape: tape) } ?? w
                let stride = sizes.prefix(d).reduce(1, *)
                for k in 0..<points * n {
                    let i = lower[d][k] &+ (up ? 1 : 0)
                    if i < 1 || i > sizes[d] { inBounds[k] = false } else { linear[k] &+= (i - 1) * stride }
                }
            }
            guard var cornerWeight = weight else { continue }
            let mask = try Tensor.from(inBounds.map { $0 ? 1 : 0 }, shape: cornerWeight.shape, dtype: dtype)
            cornerWeight = try Arithmetic.binary(.mul, cornerWeight, mask, tape: tape)
            cornerWeight = try Shaping.reshape(cornerWeight, pointShape, tape: tape)
            // The input element for every output point, channel and sample.
            let plane = sizes.reduce(1, *)
            var sources: [Int] = []
            for b in 0..<n {
                for c in 0..<channels {
                    let offset = (b * channels + c) * plane
                    for p in 0..<points { sources.append(inBounds[b * points + p] ? offset + linear[b * points + p] : 0) }
                }
            }
            let values = try BlockIndexing.gather(x, inner: 1, sources: sources, shape: outShape, tape: tape)
            let term = try Arithmetic.binary(.mul, values, cornerWeight, tape: tape)
            total = try total.map { try Arithmetic.binary(.add, $0, term, tape: tape) } ?? term
        }
        guard let total else { throw EngineError.argument("grid_sample: no spatial dimensions") }
        return total
    }
}
