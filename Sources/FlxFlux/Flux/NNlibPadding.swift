import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's padding: `pad_constant`/`pad_zeros` (a constant border) and `pad_repeat`,
/// `pad_reflect`, `pad_symmetric`, `pad_circular` (borders read from the array).
///
/// The four that read the array are one gather: along each padded dimension the result
/// reads a list of source positions (the edge repeated, mirrored with or without the
/// edge, or wrapped round), so the element type is kept and the gradient is the
/// gather's scatter-add. `pad_constant` concatenates constant blocks on each side, so
/// its gradient is the centre of the upstream gradient, as NNlib's rule takes it.
package enum NNlibPadding {
    enum Mode { case repeatEdge, reflect, symmetric, circular }

    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        nnlib.native("pad_constant") { interp, a in
            try a.expect("pad_constant", 2...3)
            return try padConstant(a[0], a[1], value: a.count == 3 ? a[2] : .int(0), dims: a.keyword("dims"), a, interp)
        }
        nnlib.native("pad_zeros") { interp, a in
            try a.expect("pad_zeros", 2...2)
            return try padConstant(a[0], a[1], value: .int(0), dims: a.keyword("dims"), a, interp)
        }
        for (name, mode) in [("pad_repeat", Mode.repeatEdge), ("pad_reflect", .reflect), ("pad_symmetric", .symmetric), ("pad_circular", .circular)] {
            nnlib.native(name) { interp, a in
                try a.expect(name, 2...2)
                let x = try arrayTensor(a[0], name, a, interp)
                let sides = try readingPads(a[1], dims: a.keyword("dims"), rank: x.rank, name, a, interp)
                var lists: [[Int]] = []
                for d in 0..<x.rank {
                    lists.append(try sourcePositions(n: x.shape[d], lo: sides[d].0, hi: sides[d].1, mode, name))
                }
                return LayerKit.wrapArray(try interp.engine { tape in try Indexing.take(x, lists: lists, tape: tape) })
            }
        }
    }

    /// The source positions (0-based) one padded dimension of size n reads.
    static func sourcePositions(n: Int, lo: Int, hi: Int, _ mode: Mode, _ name: String) throws -> [Int] {
        guard lo >= 0, hi >= 0 else { throw Exceptions.argument("\(name): padding must be non-negative, got (\(lo), \(hi))") }
        // Reflection skips the edge, so it can reach n - 1 elements; the others n.
        let reach = mode == .reflect ? n - 1 : n
        guard mode == .repeatEdge ? (n > 0 || lo + hi == 0) : (lo <= reach && hi <= reach) else {
            throw Exceptions.argument("\(name): padding (\(lo), \(hi)) is larger than the \(reach) elements it can read along a dimension of size \(n)")
        }
        try MemoryGuard.reserve(count: lo &+ n &+ hi, bytesEach: MemoryLayout<Int>.stride)
        let inner = Array(0..<n)
        switch mode {
        case .repeatEdge: return Array(repeatElement(0, count: lo)) + inner + Array(repeatElement(n - 1, count: hi))
        case .reflect: return (1..<(lo + 1)).reversed() + inner + ((n - 1 - hi)..<(n - 1)).reversed()
        case .symmetric: return (0..<lo).reversed() + inner + ((n - hi)..<n).reversed()
        case .circular: return Array((n - lo)..<n) + inner + Array(0..<hi)
        }
    }

    /// (lo, hi) per dimension for the reading pads: a tuple (l1, r1, l2, r2, ...) for
    /// `dims` (default the first length ÷ 2), or an Int for both sides of `dims`
    /// (default all but the last two, the channel and batch dimensions).
    static func readingPads(_ pad: Value, dims: Value?, rank: Int, _ name: String, _ a: Args, _ interp: Interpreter) throws -> [(Int, Int)] {
        let amounts: [Int], padDims: [Int]
        switch pad {
        case .int(let p):
            padDims = try dims.map { try dimList($0, name, a, interp) } ?? Array(stride(from: 1, through: rank - 2, by: 1))
            amounts = Array(repeating: Int(p), count: 2 * padDims.count)
        case .tuple:
            amounts = try LayerKit.ints(pad, 0, "pad")
            padDims = try dims.map { try dimList($0, name, a, interp) } ?? Array(stride(from: 1, through: amounts.count / 2, by: 1))
            guard padDims.count == amounts.count / 2 else {
                throw Exceptions.argument("The number of dims should be equal to the number of padding dimensions")
            }
        default: throw Exceptions.method(.str(name), a.values)
        }
        var sides = Array(repeating: (0, 0), count: rank)
        for (i, d) in padDims.enumerated() {
            guard d >= 1, d <= rank else { throw Exceptions.argument("\(name): dimension \(d) is not a dimension of a \(rank)-dimensional array") }
            // Each listed dimension is padded in turn, so a repeated one pads twice.
            sides[d - 1] = (sides[d - 1].0 &+ amounts[2 * i], sides[d - 1].1 &+ amounts[2 * i + 1])
        }
        return sides
    }

    /// NNlib's `gen_pad` for `pad_constant`: an Int for both sides of every dimension in
    /// `dims` (default all), a tuple of one amount per dimension (both sides) or of a
    /// (lo, hi) pair per dimension.
    static func constantPads(_ pad: Value, dims: Value?, rank: Int, _ a: Args, _ interp: Interpreter) throws -> [(Int, Int)] {
        let padDims = try dims.map { try dimList($0, "pad_constant", a, interp) } ?? Array(stride(from: 1, through: rank, by: 1))
        let amounts: [Int]
        switch pad {
        case .int(let p): amounts = Array(repeating: Int(p), count: padDims.count)
        case .tuple: amounts = try LayerKit.ints(pad, 0, "pad")
        default: throw Exceptions.method(.str("pad_constant"), a.values)
        }
        guard amounts.count == padDims.count || amounts.count == 2 * padDims.count else {
            throw Exceptions.argument("Could not parse padding \(LayerKit.tupleText(amounts)) and dims \(LayerKit.tupleText(padDims))")
        }
        let pairs = amounts.count == padDims.count
        var sides = Array(repeating: (0, 0), count: rank)
        for d in 0..<rank {
            // The first listing of a dimension decides, as gen_pad's findfirst does.
            guard let i = padDims.firstIndex(of: d + 1) else { continue }
            sides[d] = pairs ? (amounts[i], amounts[i]) : (amounts[2 * i], amounts[2 * i + 1])
        }
        for d in padDims where d < 1 || d > rank {
            throw Exceptions.argument("pad_constant: dimension \(d) is not a dimension of a \(rank)-dimensional array")
        }
        return sides
    }

    static func padConstant(_ xv: Value, _ pad: Value, value: Value, dims: Value?, _ a: Args, _ interp: Interpreter) throws -> Value {
        var x = try arrayTensor(xv, "pad_constant", a, interp)
        let sides = try constantPads(pad, dims: dims, rank: x.rank, a, interp)
        let fill = OperatorBuiltins.plain(value)
        let v = asDouble(fill)
        // fill!(similar(x), val) converts val to x's element type.
        if x.dtype == .int64, v != v.rounded() || !v.isFinite { throw Exceptions.inexact("Int64", "Int64", fill) }
        for (d, (lo, hi)) in sides.enumerated() where lo != 0 || hi != 0 {
            guard lo >= 0, hi >= 0 else { throw Exceptions.argument("pad_constant: padding must be non-negative, got (\(lo), \(hi))") }
            var blocks: [Tensor] = []
            for amount in [lo, hi] {
                var dims = x.shape.dims
                dims[d] = amount
                blocks.append(try interp.engine { try Tensor.filled(value: v, dtype: x.dtype, shape: try Shape(dims)) })
            }
            let current = x
            x = try interp.engine { tape in try Shaping.cat([blocks[0], current, blocks[1]], dim: d + 1, tape: tape) }
        }
        return LayerKit.wrapArray(x)
    }

    /// `dims` as a list of 1-based dimensions: an Int, a tuple, a range or a vector.
    static func dimList(_ v: Value, _ name: String, _ a: Args, _ interp: Interpreter) throws -> [Int] {
        switch v {
        case .int(let d): return [Int(d)]
        case .tuple: return try LayerKit.ints(v, 0, "dims")
        case .range, .array:
            guard let t = try interp.materialize(v).tensor, t.dtype == .int64 else { break }
            return try t.toInt64s().map { Int($0) }
        default: break
        }
        throw Exceptions.method(.str(name), a.values, keywords: [("dims", v)])
    }

    /// The array argument as a tensor (ranges materialised).
    static func arrayTensor(_ v: Value, _ name: String, _ a: Args, _ interp: Interpreter) throws -> Tensor {
        switch v {
        case .array(let arr): if let t = arr.tensor { return t }
        case .range: if let t = try interp.materialize(v).tensor { return t }
        default: break
        }
        throw Exceptions.method(.str(name), a.values)
    }
}
