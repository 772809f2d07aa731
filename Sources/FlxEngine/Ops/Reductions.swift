#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum ReduceOp: Sendable, Hashable {
    case sum, mean, prod, maximum, minimum
}

/// sum/mean/prod/maximum/minimum over all elements (rank-0 result) or over `dims`
/// (reduced dims kept with size 1, as Julia does), argmax/argmin, softmax/logsoftmax.
public enum Reductions {
    // MARK: forward

    /// `op(x)` when `dims == .all` (a rank-0 tensor), else `op(x; dims)`.
    public static func reduce(_ op: ReduceOp, _ x: Tensor, dims: DimSet = .all, tape: Tape?) throws -> Tensor {
        let outShape = dims.reducedShape(x.shape)
        if (op == .maximum || op == .minimum) && x.count == 0 {
            throw EngineError.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer")
        }
        let outType: DType
        switch op {
        case .mean: outType = x.dtype.floatResult
        case .maximum, .minimum: outType = x.dtype
        case .sum, .prod: outType = x.dtype == .bool ? .int64 : x.dtype
        }
        let src = try x.promoted(to: outType)
        let out = try Tensor(uninitialized: outType, outShape)
        switch outType {
        case .float32: floatReduce(op, src, out, dims, Float.self)
        case .float64: floatReduce(op, src, out, dims, Double.self)
        case .int64: intReduce(op, src, out, dims)
        case .bool: boolReduce(op, src, out, dims)
        }
        if outType.isFloat, let tape, tape.isTracked(x) { tape.record(.reduce(op, dims), output: out, x) }
        return out
    }

    @inlinable public static func sum(_ x: Tensor, dims: DimSet = .all, tape: Tape?) throws -> Tensor { try reduce(.sum, x, dims: dims, tape: tape) }
    @inlinable public static func mean(_ x: Tensor, dims: DimSet = .all, tape: Tape?) throws -> Tensor { try reduce(.mean, x, dims: dims, tape: tape) }

    /// Visits x in order with the offset of the output element each input element folds into.
    @inline(__always)
    static func reduceWalk(_ x: Shape, _ dims: DimSet, _ body: (_ i: Int, _ o: Int) -> Void) {
        if dims == .all || dims.coversAll(x) {
            for i in 0..<x.count { body(i, 0) }
            return
        }
        let r = x.rank
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * r) { buf in
            var s = 1
            for i in 0..<r {
                buf[i] = dims.contains(i) ? 0 : s
                if !dims.contains(i) { s &*= x[i] }
                buf[r + i] = 0
            }
            let so = UnsafeMutableBufferPointer(rebasing: buf[0..<r])
            let unused = UnsafeMutableBufferPointer(rebasing: buf[r..<(2 * r)])
            stridedWalk(x, so, unused) { i, o, _ in body(i, o) }
        }
    }

    /// x read as (inner, kept, outer) when its kept dims (ignoring size-1 ones) form one
    /// block with only reduced dims before and after it; nil otherwise.
    static func keptBlock(_ x: Shape, _ dims: DimSet) -> (inner: Int, kept: Int, outer: Int)? {
        var inner = 1, kept = 1, outer = 1, phase = 0   // 0: before the block, 1: in it, 2: after
        for d in 0..<x.rank where x[d] != 1 {
            let reduced = dims.contains(d)
            switch (phase, reduced) {
            case (0, true): inner &*= x[d]
            case (0, false), (1, false): phase = 1; kept &*= x[d]
            case (1, true), (2, true): phase = 2; outer &*= x[d]
            default: return nil
            }
        }
        return phase == 0 ? nil : (inner, kept, outer)
    }

    /// Visits x in memory order as runs of contiguous elements: the run x[i ..< i+len]
    /// folds into out[o + k·step], step 0 when the run lies along reduced dims, 1 when
    /// along kept ones. Neighbouring dims that are both reduced or both kept merge into one.
    static func reduceRuns(_ x: Shape, _ dims: DimSet, _ body: (_ i: Int, _ o: Int, _ len: Int, _ step: Int) -> Void) {
        let r = x.rank
        if x.count == 0 { return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * r + 3) { buf in
            // Merged blocks: sizes in buf[0..<nb], output strides in buf[r+1 ..< r+1+nb] (0 = reduced).
            var nb = 0, keptStride = 1, lastReduced = false
            for d in 0..<r where x[d] != 1 {
                let reduced = dims.contains(d)
                if nb > 0 && reduced == lastReduced {
                    buf[nb - 1] &*= x[d]
                } else {
                    buf[nb] = x[d]
                    buf[r + 1 + nb] = reduced ? 0 : keptStride
                    nb &+= 1
                }
                if !reduced { keptStride &*= x[d] }
                lastReduced = reduced
            }
            if nb == 0 { body(0, 0, 1, 0); return }
            let len = buf[0], step = buf[r + 1] == 0 ? 0 : 1
            if nb == 1 { body(0, 0, len, step); return }
            // Odometer over the outer blocks 1..<nb.
            let idx = UnsafeMutableBufferPointer(rebasing: buf[(2 * r + 2)..<(3 * r + 3)])
            for d in 0..<nb { idx[d] = 0 }
            var i = 0, o = 0
            while true {
                body(i, o, len, step)
                i &+= len
                var d = 1
                while d < nb {
                    idx[d] &+= 1
                    o &+= buf[r + 1 + d]
                    if idx[d] < buf[d] { break }
                    o &-= buf[r + 1 + d] &* buf[d]
                    idx[d] = 0
                    d &+= 1
                }
                if d >= nb { return }
            }
        }
    }

    private static func floatReduce<T: FloatElement>(_ op: ReduceOp, _ x: Tensor, _ out: Tensor, _ dims: DimSet, _: T.Type) {
        let px = x.ptr(T.self), po = out.ptr(T.self), m = out.count
        switch op {
        case .sum, .mean:
            if m == 1 {
                // Whole-array sum: Julia's order (sequential, pairwise above 1024 elements).
                po[0] = juliaSum(px, x.count) { $0 }
            } else if let (inner, kept, outer) = keptBlock(x.shape, dims), kept == m {
                po.initialize(repeating: 0, count: m)
                // One block of kept dims between reduced ones (a bias gradient: Dense's
                // sum over the batch, Conv's over space and batch): outputs go to threads
                // in blocks, each summing its inputs in the memory-order walk's order.
                Parallel.forEach(kept, elementsPerItem: inner * outer, minimumItems: 4) { outputs in
                    if inner == 1 {
                        for n in 0..<outer {
                            let row = px + n &* kept
                            for c in outputs { po[c] += row[c] }
                        }
                        return
                    }
                    // Four outputs at a time: four independent chains of additions instead
                    // of one, each still in its own order.
                    var c = outputs.lowerBound
                    while c + 4 <= outputs.upperBound {
                        var t0 = po[c], t1 = po[c &+ 1], t2 = po[c &+ 2], t3 = po[c &+ 3]
                        for n in 0..<outer {
                            let r0 = px + inner &* (c &+ kept &* n), r1 = r0 + inner, r2 = r1 + inner, r3 = r2 + inner
                            for k in 0..<inner { t0 += r0[k]; t1 += r1[k]; t2 += r2[k]; t3 += r3[k] }
                        }
                        po[c] = t0; po[c &+ 1] = t1; po[c &+ 2] = t2; po[c &+ 3] = t3
                        c &+= 4
                    }
                    while c < outputs.upperBound {
                        var t = po[c]
                        for n in 0..<outer {
                            let run = px + inner &* (c &+ kept &* n)
                            for k in 0..<inner { t += run[k] }
                        }
                        po[c] = t
                        c &+= 1
                    }
                }
            } else {
                po.initialize(repeating: 0, count: m)
                // Runs in memory order, so each output adds its inputs in the same order
                // as an element-by-element walk (same rounding), in a tight inner loop.
                reduceRuns(x.shape, dims) { i, o, len, step in
                    if step == 0 {
                        var t = po[o]
                        for k in 0..<len { t += px[i &+ k] }
                        po[o] = t
                    } else {
                        for k in 0..<len { po[o &+ k] += px[i &+ k] }
                    }
                }
            }
            if op == .mean && m > 0 {
                // An empty slice gives 0/0 = NaN, as Julia's mean of an empty array does.
                let n = T(x.count / m)
                for o in 0..<m { po[o] /= n }
            }
        case .prod:
            po.initialize(repeating: 1, count: m)
            reduceWalk(x.shape, dims) { i, o in po[o] *= px[i] }
        case .maximum:
            po.initialize(repeating: -.infinity, count: m)
            reduceWalk(x.shape, dims) { i, o in let v = px[i]; if v > po[o] || v.isNaN { po[o] = v } }
            fixNaNs(px, po, x, dims)
        case .minimum:
            po.initialize(repeating: .infinity, count: m)
            reduceWalk(x.shape, dims) { i, o in let v = px[i]; if v < po[o] || v.isNaN { po[o] = v } }
            fixNaNs(px, po, x, dims)
        }
    }

    /// Once a slice has seen NaN its maximum stays NaN (Julia propagates NaN).
    private static func fixNaNs<T: FloatElement>(_ px: UnsafeMutablePointer<T>, _ po: UnsafeMutablePointer<T>, _ x: Tensor, _ dims: DimSet) {
        reduceWalk(x.shape, dims) { i, o in if px[i].isNaN { po[o] = .nan } }
    }

    private static func intReduce(_ op: ReduceOp, _ x: Tensor, _ out: Tensor, _ dims: DimSet) {
        let px = x.ptr(Int64.self), po = out.ptr(Int64.self), m = out.count
        switch op {
        case .sum, .mean:
            po.initialize(repeating: 0, count: m)
            reduceWalk(x.shape, dims) { i, o in po[o] = po[o] &+ px[i] }
        case .prod:
            po.initialize(repeating: 1, count: m)
            reduceWalk(x.shape, dims) { i, o in po[o] = po[o] &* px[i] }
        case .maximum:
            po.initialize(repeating: .min, count: m)
            reduceWalk(x.shape, dims) { i, o in po[o] = Swift.max(po[o], px[i]) }
        case .minimum:
            po.initialize(repeating: .max, count: m)
            reduceWalk(x.shape, dims) { i, o in po[o] = Swift.min(po[o], px[i]) }
        }
    }

    private static func boolReduce(_ op: ReduceOp, _ x: Tensor, _ out: Tensor, _ dims: DimSet) {
        let px = x.ptr(Bool.self), po = out.ptr(Bool.self), m = out.count
        let isMax = op == .maximum
        po.initialize(repeating: !isMax, count: m)
        reduceWalk(x.shape, dims) { i, o in po[o] = isMax ? (po[o] || px[i]) : (po[o] && px[i]) }
    }

    /// `sum(abs2, x)` in one pass (a rank-0 result), the usual loss tail.
    public static func sumAbs2(_ x: Tensor, tape: Tape?) throws -> Tensor {
        let t = x.dtype.isFloat ? x.dtype : (x.dtype == .bool ? .int64 : .int64)
        let src = try x.promoted(to: t)
        let out = try Tensor(uninitialized: t, .scalar)
        switch t {
        case .float32:
            out.ptr(Float.self)[0] = juliaSum(src.ptr(Float.self), x.count) { $0 * $0 }
        case .float64:
            out.ptr(Double.self)[0] = juliaSum(src.ptr(Double.self), x.count) { $0 * $0 }
        default:
            let p = src.ptr(Int64.self); var s: Int64 = 0
            for i in 0..<x.count { s = s &+ p[i] &* p[i] }
            out.ptr(Int64.self)[0] = s
        }
        if t.isFloat, let tape, tape.isTracked(x) { tape.record(.sumAbs2, output: out, x) }
        return out
    }

    /// 1-based linear index of the first maximum (NaN counts as largest), as `argmax(x)` for a vector.
    public static func argmax(_ x: Tensor) throws -> Int { try argExtreme(x, dims: .all, max: true).int64(at: 0).asInt }
    public static func argmin(_ x: Tensor) throws -> Int { try argExtreme(x, dims: .all, max: false).int64(at: 0).asInt }

    /// `argmax(x; dims)`: Int64 array (reduced dims kept) of 1-based linear indices into x
    /// (what `LinearIndices(x)[argmax(x; dims)]` gives in Julia).
    public static func argmax(_ x: Tensor, dims: DimSet) throws -> Tensor { try argExtreme(x, dims: dims, max: true) }
    public static func argmin(_ x: Tensor, dims: DimSet) throws -> Tensor { try argExtreme(x, dims: dims, max: false) }

    private static func argExtreme(_ x: Tensor, dims: DimSet, max: Bool) throws -> Tensor {
        guard x.count > 0 else { throw EngineError.argument("collection must be non-empty") }
        // Integers are compared as integers: through Float64, 2^60 + 5 and 2^60 are equal.
        if x.dtype == .int64 || x.dtype == .bool {
            return try argExtreme(try x.promoted(to: .int64), Int64.self, dims: dims, max: max, isNaN: { _ in false })
        }
        return try argExtreme(try x.promoted(to: .float64), Double.self, dims: dims, max: max, isNaN: { $0.isNaN })
    }

    /// The 1-based position of the first extreme element along `dims`; a NaN wins and stays.
    private static func argExtreme<T: TensorElement & Comparable>(_ src: Tensor, _: T.Type, dims: DimSet, max: Bool,
                                                                  isNaN: (T) -> Bool) throws -> Tensor {
        let outShape = dims.reducedShape(src.shape)
        let out = try Tensor(uninitialized: .int64, outShape)
        let best = try Tensor(uninitialized: src.dtype, outShape)
        let px = src.ptr(T.self), po = out.ptr(Int64.self), pb = best.ptr(T.self)
        po.initialize(repeating: 0, count: out.count)
        reduceWalk(src.shape, dims) { i, o in
            let v = px[i]
            if po[o] == 0 { po[o] = Int64(i + 1); pb[o] = v; return }
            let cur = pb[o]
            if isNaN(cur) { return }
            if isNaN(v) || (max ? v > cur : v < cur) { po[o] = Int64(i + 1); pb[o] = v }
        }
        return out
    }

    /// `softmax(x; dims)`, subtracting the maximum first so exp never overflows.
    public static func softmax(_ x: Tensor, dims: DimSet = DimSet(mask: 1), tape: Tape?) throws -> Tensor {
        let xf = try x.promoted(to: x.dtype.floatResult)
        let e = try Unary.apply(.exp, Arithmetic.binary(.sub, xf, reduce(.maximum, xf, dims: dims, tape: nil), tape: nil), tape: nil)
        let out = try Arithmetic.binary(.div, e, reduce(.sum, e, dims: dims, tape: nil), tape: nil)
        if let tape, tape.isTracked(x) { tape.record(.softmax(dims), output: out, x) }
        return out
    }

    /// `logsoftmax(x; dims)` = x .- max .- log(sum(exp(x .- max))).
    public static func logsoftmax(_ x: Tensor, dims: DimSet = DimSet(mask: 1), tape: Tape?) throws -> Tensor {
        let xf = try x.promoted(to: x.dtype.floatResult)
        let shifted = try Arithmetic.binary(.sub, xf, reduce(.maximum, xf, dims: dims, tape: nil), tape: nil)
        let lse = try Unary.apply(.log, reduce(.sum, Unary.apply(.exp, shifted, tape: nil), dims: dims, tape: nil), tape: nil)
        let out = try Arithmetic.binary(.sub, shifted, lse, tape: nil)
        if let tape, tape.isTracked(x) { tape.record(.logsoftmax(dims), output: out, x) }
        return out
    }

    /// Sums `g` over the dims where `target` has size 1 (or does not reach), then
    /// reshapes to `target`: how a broadcast operand's gradient returns to its shape.
    static func sumTo(_ g: Tensor, _ target: Shape) throws -> Tensor {
        if g.shape == target { return g }
        var dims = DimSet(mask: 0)
        for i in 0..<g.rank where target[i] == 1 && g.shape[i] != 1 { dims.mask |= 1 << UInt64(i) }
        guard dims.reducedShape(g.shape).count == target.count else {
            throw EngineError.dimensionMismatch("cannot reduce gradient of size \(g.shape) to \(target)")
        }
        if dims.mask == 0 { return Tensor(viewOf: g, shape: target) }
        // The reduced layout equals target's (they differ only by size-1 dims), so the
        // sum is written straight into a tensor of the target shape.
        let out = try Tensor(uninitialized: g.dtype, target)
        if g.dtype == .float32 {
            floatReduce(.sum, g, out, dims, Float.self)
        } else if g.dtype == .float64 {
            floatReduce(.sum, g, out, dims, Double.self)
        } else {
            return Tensor(viewOf: try reduce(.sum, g, dims: dims, tape: nil), shape: target)
        }
        return out
    }

    // MARK: backward

    static func backward(_ op: ReduceOp, _ dims: DimSet, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        let y = rec.output
        switch op {
        case .sum:
            try tape.accumulate(x, Shaping.broadcastTo(g, x.shape))
        case .mean:
            let n = Double(x.count / Swift.max(y.count, 1))
            let scale = try Tensor.filled(value: 1 / n, dtype: g.dtype, shape: .scalar)
            try tape.accumulate(x, Arithmetic.binary(.mul, Shaping.broadcastTo(g, x.shape), scale, tape: nil))
        case .prod:
            // d prod / d x_i = prod / x_i (inputs equal to zero get the product of the others).
            let dx = try Tensor(uninitialized: y.dtype, x.shape)
            func run<T: FloatElement>(_: T.Type) {
                let px = x.ptr(T.self), py = y.ptr(T.self), pg = g.ptr(T.self), pd = dx.ptr(T.self)
                reduceWalk(x.shape, dims) { i, o in pd[i] = px[i] != 0 ? pg[o] * py[o] / px[i] : 0 }
                // Zero entries: recompute the product of the others in their slice.
                reduceWalk(x.shape, dims) { i, o in
                    guard px[i] == 0 else { return }
                    var p: T = 1
                    reduceWalk(x.shape, dims) { j, o2 in if o2 == o && j != i { p *= px[j] } }
                    pd[i] = pg[o] * p
                }
            }
            if y.dtype == .float32 { run(Float.self) } else { run(Double.self) }
            try tape.accumulate(x, dx)
        case .maximum, .minimum:
            // The whole gradient goes to the first extreme element of each slice (Zygote's findmax rule).
            let dx = try Tensor.zeros(y.dtype, x.shape)
            func run<T: FloatElement>(_: T.Type) throws {
                let pg = g.ptr(T.self), pd = dx.ptr(T.self)
                try eachFirstExtreme(x, y, dims, T.self) { i, o in pd[i] = pg[o] }
            }
            if y.dtype == .float32 { try run(Float.self) } else { try run(Double.self) }
            try tape.accumulate(x, dx)
        }
    }

    /// Calls `body(i, o)` for the first element i of each slice o equal to the slice's
    /// extreme `y[o]` (a NaN matching a NaN): where `maximum`/`minimum` send the gradient,
    /// in the first-order rule and the recorded one alike. x and y are of type T.
    static func eachFirstExtreme<T: FloatElement>(_ x: Tensor, _ y: Tensor, _ dims: DimSet, _: T.Type,
                                                  _ body: (_ i: Int, _ o: Int) -> Void) throws {
        let taken = try Tensor.zeros(.bool, y.shape)
        let pt = taken.ptr(Bool.self), px = x.ptr(T.self), py = y.ptr(T.self)
        reduceWalk(x.shape, dims) { i, o in
            if !pt[o] && (px[i] == py[o] || (px[i].isNaN && py[o].isNaN)) { body(i, o); pt[o] = true }
        }
    }

    static func backwardSumAbs2(_ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        // dx = 2 g x in one pass (g is a single element).
        let dx = try Tensor(uninitialized: x.dtype, x.shape)
        let s = 2 * g.doubleAt(0)
        if x.dtype == .float32 {
            let px = x.ptr(Float.self), pd = dx.ptr(Float.self), f = Float(s)
            for i in 0..<x.count { pd[i] = f * px[i] }
        } else {
            let px = x.ptr(Double.self), pd = dx.ptr(Double.self)
            for i in 0..<x.count { pd[i] = s * px[i] }
        }
        try tape.accumulate(x, dx)
    }

    static func backwardSoftmax(_ dims: DimSet, log: Bool, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let x = rec.a else { return }
        let y = rec.output
        let dx: Tensor
        if log {
            // dx = g - softmax(x) .* sum(g; dims)
            let p = try Unary.apply(.exp, y, tape: nil)
            dx = try Arithmetic.binary(.sub, g, Arithmetic.binary(.mul, p, reduce(.sum, g, dims: dims, tape: nil), tape: nil), tape: nil)
        } else {
            // dx = y .* (g - sum(g .* y; dims))
            let gy = try Arithmetic.binary(.mul, g, y, tape: nil)
            dx = try Arithmetic.binary(.mul, y, Arithmetic.binary(.sub, g, reduce(.sum, gy, dims: dims, tape: nil), tape: nil), tape: nil)
        }
        try tape.accumulate(x, dx)
    }
}

extension Int64 {
    var asInt: Int { Int(truncatingIfNeeded: self) }
}
