import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's upsampling: `upsample_nearest` (each element repeated, a gather, so the
/// element type is kept), `upsample_linear` / `upsample_bilinear` / `upsample_trilinear`
/// (interpolation over the dimensions before channel and batch, one engine resample per
/// dimension), and `pixel_shuffle` (channels moved into space by reshape and permute).
/// All are differentiable through the engine ops they are made of.
package enum NNlibUpsample {
    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        nnlib.native("upsample_nearest") { interp, a in
            try a.expect("upsample_nearest", 1...2)
            let x = try NNlibPadding.arrayTensor(a[0], "upsample_nearest", a, interp)
            let scales: [Int]
            if a.count == 2 {
                guard case .tuple = a[1] else { throw Exceptions.method(.str("upsample_nearest"), a.values) }
                scales = try LayerKit.ints(a[1], 0, "scale")
            } else {
                guard let size = a.keyword("size") else { throw Exceptions.undefKeyword("size") }
                let target = try LayerKit.ints(size, 0, "size")
                guard target.count <= x.rank, target.indices.allSatisfy({ x.shape[$0] > 0 && target[$0] % x.shape[$0] == 0 }) else {
                    throw Exceptions.argument("expected output size divisible by input size")
                }
                scales = target.indices.map { target[$0] / x.shape[$0] }
            }
            return LayerKit.wrapArray(try nearest(x, scales, interp))
        }
        for name in ["upsample_linear", "upsample_bilinear", "upsample_trilinear"] {
            nnlib.native(name) { interp, a in
                try a.expect(name, 1...2)
                return try linear(a, name, interp)
            }
        }
        nnlib.native("pixel_shuffle") { interp, a in
            try a.expect("pixel_shuffle", 2...2)
            guard case .int(let r64) = a[1] else { throw Exceptions.method(.str("pixel_shuffle"), a.values) }
            let x = try NNlibPadding.arrayTensor(a[0], "pixel_shuffle", a, interp)
            return LayerKit.wrapArray(try pixelShuffle(x, Int(r64), interp))
        }
    }

    /// Each of the first `scales.count` dimensions repeated element by element.
    static func nearest(_ x: Tensor, _ scales: [Int], _ interp: Interpreter) throws -> Tensor {
        guard (1...x.rank).contains(scales.count), scales.allSatisfy({ $0 >= 1 }) else {
            throw Exceptions.argument("can't upsample ndims(x)=\(x.rank) with scale=\(LayerKit.tupleText(scales))")
        }
        var lists: [[Int]] = []
        for d in 0..<x.rank {
            let s = d < scales.count ? scales[d] : 1
            let (total, overflow) = x.shape[d].multipliedReportingOverflow(by: s)
            guard !overflow else { throw Exceptions.argument("invalid Array dimensions") }
            try MemoryGuard.reserve(count: total, bytesEach: MemoryLayout<Int>.stride)
            lists.append((0..<x.shape[d]).flatMap { repeatElement($0, count: s) })
        }
        return try interp.engine { tape in try Indexing.take(x, lists: lists, tape: tape) }
    }

    /// `upsample_linear(x, scale; align_corners = true)` or `(x; size, align_corners)`.
    static func linear(_ a: Args, _ name: String, _ interp: Interpreter) throws -> Value {
        let input = try NNlibPadding.arrayTensor(a[0], name, a, interp)
        let spatial = input.rank - 2
        guard spatial >= 1 else { throw Exceptions.method(.str(name), a.values) }
        let align: Bool
        switch a.keyword("align_corners") ?? .bool(true) {
        case .bool(let b): align = b
        default: throw Exceptions.method(.str(name), a.values)
        }
        let size: [Int]
        if a.count == 2 {
            // floor(Int, scale[i] * size(x, i)); one number scales every spatial dimension.
            let scales: [Double]
            switch a[1] {
            case .tuple(let t): scales = t.items.map { asDouble(OperatorBuiltins.plain($0)) }
            case .int, .float64, .float32: scales = Array(repeating: asDouble(a[1]), count: spatial)
            default: throw Exceptions.method(.str(name), a.values)
            }
            guard scales.count == spatial else {
                throw Exceptions.error("The scale argument should be an NTuple with length \(spatial), but it has length \(scales.count).")
            }
            size = try scales.indices.map { d in
                let v = (scales[d] * Double(input.shape[d])).rounded(.down)
                guard let n = Int(exactly: v) else { throw Exceptions.inexact("floor", "Int64", .float64(v)) }
                return n
            }
        } else {
            guard let s = a.keyword("size") else { throw Exceptions.undefKeyword("size") }
            size = try LayerKit.ints(s, spatial, "size")
            guard size.count == spatial else {
                throw Exceptions.error("The scale argument should be an NTuple with length \(spatial), but it has length \(size.count).")
            }
        }
        if Array(input.shape.dims.prefix(spatial)) == size { return a[0] }
        // Integer arrays are interpolated in Float64 and rounded back, as NNlib does.
        let isInt = !input.dtype.isFloat
        var y = isInt ? try interp.engine { try input.converted(to: .float64) } : input
        for d in 0..<spatial {
            let plan = try interp.engine { try LinearResample(dim: d, inSize: y.shape[d], outSize: size[d], alignCorners: align, dtype: y.dtype) }
            let current = y
            y = try interp.engine { tape in try Resample.linear(current, plan, tape: tape) }
        }
        if isInt {
            let round = interp.base.binding("round").value
            return try Broadcast.evaluate(.call(round, [.constant(.type(ArrayValue.flxType(of: input.dtype))), .leaf(0)]), [LayerKit.wrapArray(y)], interp)
        }
        return LayerKit.wrapArray(y)
    }

    /// (W, H, r²·C, N) → (r·W, r·H, C, N), and the same for any number of spatial dims.
    static func pixelShuffle(_ x: Tensor, _ r: Int, _ interp: Interpreter) throws -> Tensor {
        guard x.rank > 2 else { throw Exceptions.argument("expected x with at least 3 dimensions") }
        let d = x.rank - 2
        let cin = x.shape[d], n = x.shape[d + 1]
        var block = 1
        for _ in 0..<d {
            let (p, o) = block.multipliedReportingOverflow(by: r)
            guard !o else { throw Exceptions.overflow("r^d overflows") }
            block = p
        }
        guard r >= 1, cin % block == 0 else {
            throw Exceptions.argument("expected channel dimension to be divisible by r^d = \(block), where d=\(d) is the number of spatial dimensions. Given r=\(r), input size(x) = \(x.shape.tupleText)")
        }
        let sizeIn = Array(x.shape.dims.prefix(d))
        let grouped = sizeIn + Array(repeating: r, count: d) + [cin / block, n]
        // Interleave each spatial dimension with its factor r: (d+1, 1, d+2, 2, ..., 2d, d).
        let perm = (0..<d).flatMap { [d + $0 + 1, $0 + 1] } + [2 * d + 1, 2 * d + 2]
        let out = try sizeIn.map { w in
            let (p, o) = w.multipliedReportingOverflow(by: r)
            guard !o else { throw Exceptions.argument("invalid Array dimensions") }
            return p
        } + [cin / block, n]
        return try interp.engine { tape in
            let g = try Shaping.reshape(x, grouped, tape: tape)
            let p = try Shaping.permutedims(g, perm, tape: tape)
            return try Shaping.reshape(p, out, tape: tape)
        }
    }
}
