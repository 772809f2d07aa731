import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's `gather`, `gather!`, `scatter` and `scatter!` (public, not exported).
///
/// An index array holds Ints, or tuples of M Ints; the source's last M dimensions are
/// the ones indexed and its leading dimensions are moved whole, so each index moves a
/// block: `dst[:, ..., k] = src[:, ..., idx[k]...]` for gather, and
/// `dst[:, ..., idx[k]...] = op(dst[:, ..., idx[k]...], src[:, ..., k])` for scatter.
///
/// `gather` and `scatter` with `+`, `-` or `mean` are engine ops (`BlockIndexing`) and
/// differentiable. Other reductions (`*`, `/`, `max`, `min`, any function given with
/// `init`) call the function element by element; NNlib has rules for some of them,
/// flx has not, so inside `gradient` they raise the "Can't differentiate" error.
package enum NNlibGatherScatter {
    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        nnlib.native("gather", export: false) { interp, a in
            try a.expect("gather", 2...Int.max)
            let src = try NNlibPadding.arrayTensor(a[0], "gather", a, interp)
            let idx = try indexList(Array(a.values.dropFirst()), a, interp)
            return LayerKit.wrapArray(try gather(src, idx, a, interp))
        }
        nnlib.native("gather!", export: false) { interp, a in
            try a.expect("gather!", 3...Int.max)
            let dst = try NNlibPadding.arrayTensor(a[0], "gather!", a, interp)
            let src = try NNlibPadding.arrayTensor(a[1], "gather!", a, interp)
            let idx = try indexList(Array(a.values.dropFirst(2)), a, interp)
            try checkShapes(dst: src, src: dst, idx)
            try overwrite(dst, with: try gather(src, idx, a, interp), interp)
            return a[0]
        }
        nnlib.native("scatter", export: false) { interp, a in
            try a.expect("scatter", 3...3)
            let src = try NNlibPadding.arrayTensor(a[1], "scatter", a, interp)
            let idx = try indexList([a[2]], a, interp)
            let dims = src.rank - idx.shape.count
            guard dims >= 0 else { throw Exceptions.argument("dims must be non-negative but got dims=\(dims).") }
            var size = Array(src.shape.dims.prefix(dims)) + idx.maximum
            if let s = a.keyword("dstsize") {
                if case .int(let n) = s { size = [Int(n)] } else { size = try LayerKit.ints(s, 0, "dstsize") }
            }
            let shape = try interp.engine { try Shape(size) }
            let fill = try a.keyword("init").map { try element($0, src.dtype) } ?? (try emptyValue(a[0], src.dtype, interp))
            let base = try interp.engine { try Tensor.filled(value: 0.0, dtype: src.dtype, shape: shape) }
            for i in 0..<base.count { try store(fill, in: base, at: i) }
            return LayerKit.wrapArray(try scatter(a[0], base, src, idx, a, interp))
        }
        nnlib.native("scatter!", export: false) { interp, a in
            try a.expect("scatter!", 4...4)
            let dst = try NNlibPadding.arrayTensor(a[1], "scatter!", a, interp)
            let src = try NNlibPadding.arrayTensor(a[2], "scatter!", a, interp)
            let idx = try indexList([a[3]], a, interp)
            try overwrite(dst, with: try scatter(a[0], dst, src, idx, a, interp), interp)
            return a[1]
        }
    }

    /// An index array read: its shape, M (Ints per index), and each index's Ints (1-based).
    struct IndexList {
        var shape: [Int]
        var m: Int
        var items: [[Int]]
        /// NNlib's `maximum_dims`: the largest index along each indexed dimension.
        var maximum: [Int] { (0..<m).map { d in items.map { $0[d] }.max() ?? 0 } }
    }

    /// `idx` (Ints or tuples of Ints), or several Int vectors `I, J, K...` read as tuples.
    static func indexList(_ vs: [Value], _ a: Args, _ interp: Interpreter) throws -> IndexList {
        func array(_ v: Value) throws -> ArrayValue {
            switch v {
            case .array(let arr): return arr
            case .range: return try interp.materialize(v)
            default: throw Exceptions.method(.str("gather"), a.values)
            }
        }
        func int(_ v: Value) throws -> Int {
            guard case .int(let i) = v else { throw Exceptions.method(.str("gather"), a.values) }
            return Int(i)
        }
        if vs.count >= 2 {
            let columns = try vs.map { try array($0) }
            guard columns.allSatisfy({ $0.rank == 1 && $0.count == columns[0].count }) else { throw Exceptions.method(.str("gather"), a.values) }
            let items = try (0..<columns[0].count).map { k in try columns.map { try int($0.element(k)) } }
            return IndexList(shape: [columns[0].count], m: vs.count, items: items)
        }
        guard let v = vs.first else { throw Exceptions.method(.str("gather"), a.values) }
        let arr = try array(v)
        var items: [[Int]] = []
        for k in 0..<arr.count {
            switch arr.element(k) {
            case .int(let i): items.append([Int(i)])
            case .tuple(let t): items.append(try t.items.map(int))
            default: throw Exceptions.method(.str("gather"), a.values)
            }
        }
        let m = items.first?.count ?? 1
        guard items.allSatisfy({ $0.count == m }) else { throw Exceptions.method(.str("gather"), a.values) }
        return IndexList(shape: arr.shape.dims, m: m, items: items)
    }

    /// The 0-based block each index names in an array whose last M dimensions are `trailing`.
    static func blocks(_ idx: IndexList, _ trailing: [Int], _ array: Tensor) throws -> [Int] {
        try idx.items.map { item in
            var lin = 0, mul = 1
            for (d, i) in item.enumerated() {
                guard i >= 1, i <= trailing[d] else {
                    throw Exceptions.bounds(LayerKit.wrapArray(array), .tuple(item.map { .int(Int64($0)) }))
                }
                lin += (i - 1) * mul
                mul *= trailing[d]
            }
            return lin
        }
    }

    static func gather(_ src: Tensor, _ idx: IndexList, _ a: Args, _ interp: Interpreter) throws -> Tensor {
        let dims = src.rank - idx.m
        guard dims >= 0 else { throw Exceptions.argument("dims must be non-negative but got dims=\(dims).") }
        let lead = Array(src.shape.dims.prefix(dims))
        let sources = try blocks(idx, Array(src.shape.dims.suffix(idx.m)), src)
        let shape = try interp.engine { try Shape(lead + idx.shape) }
        return try interp.engine { tape in
            try BlockIndexing.gather(src, inner: lead.reduce(1, *), sources: sources, shape: shape, tape: tape)
        }
    }

    /// NNlib's `scatter_dims`: dst and src agree on the leading dimensions, and src's
    /// trailing dimensions are the index array's.
    static func checkShapes(dst: Tensor, src: Tensor, _ idx: IndexList) throws {
        guard dst.rank - idx.m == src.rank - idx.shape.count else {
            throw Exceptions.assertion("Incompatible input shapes of (dst, src, idx) = (\(dst.rank), \(src.rank), \(idx.shape.count)).")
        }
        let dims = dst.rank - idx.m
        guard dims >= 0 else { throw Exceptions.argument("dims must be non-negative but got dims=\(dims).") }
        guard Array(dst.shape.dims.prefix(dims)) == Array(src.shape.dims.prefix(dims)), Array(src.shape.dims.dropFirst(dims)) == idx.shape else {
            throw Exceptions.argument("Incompatible input shapes.")
        }
    }

    /// `base` with `src`'s blocks combined into it by `op`.
    static func scatter(_ op: Value, _ base: Tensor, _ src: Tensor, _ idx: IndexList, _ a: Args, _ interp: Interpreter) throws -> Tensor {
        try checkShapes(dst: base, src: src, idx)
        let dims = base.rank - idx.m
        let inner = Array(base.shape.dims.prefix(dims)).reduce(1, *)
        let targets = try blocks(idx, Array(base.shape.dims.suffix(idx.m)), base)
        switch baseOperator(op, interp) {
        case "+":
            return try interp.engine { tape in try BlockIndexing.scatterAdd(src, inner: inner, targets: targets, into: base, tape: tape) }
        case "-":
            return try interp.engine { tape in
                try BlockIndexing.scatterAdd(try Unary.apply(.neg, src, tape: tape), inner: inner, targets: targets, into: base, tape: tape)
            }
        case "mean":
            // base .+ sums ./ counts; a block nothing reaches keeps count 1 and sum 0.
            // Integer arrays are averaged in Float64 and must come back whole, as Julia's
            // `dst .+= safe_div.(...)` into an Int array requires.
            let nBlocks = inner == 0 ? 0 : base.count / inner
            var seen = [Int](repeating: 0, count: nBlocks)
            for t in targets { seen[t] += 1 }
            let floatType = base.dtype.isFloat ? base.dtype : .float64
            let counts = try interp.engine { try Tensor.filled(value: 1.0, dtype: floatType, shape: base.shape) }
            for (t, n) in seen.enumerated() where n > 1 { for i in 0..<inner { counts.setNumeric(Double(n), t * inner + i) } }
            let mean = try interp.engine { tape in
                let b = try base.converted(to: floatType), x = src.dtype == floatType ? src : try src.converted(to: floatType)
                let sums = try BlockIndexing.scatterAdd(x, inner: inner, targets: targets, into: try Tensor.zeros(floatType, base.shape), tape: tape)
                return try Arithmetic.binary(.add, b, try Arithmetic.binary(.div, sums, counts, tape: tape), tape: tape)
            }
            if base.dtype.isFloat { return mean }
            let out = try interp.engine { try Tensor.zeros(base.dtype, base.shape) }
            for i in 0..<mean.count { try store(.float64(try mean.double(at: i)), in: out, at: i) }
            return out
        default:
            // Any other function, element by element, in the destination's element type.
            let out = try interp.engine { try base.converted(to: base.dtype) }
            let dstArray = ArrayValue(tensor: out), srcArray = ArrayValue(tensor: src)
            for (k, t) in targets.enumerated() {
                for i in 0..<inner {
                    let v = try interp.call(op, [dstArray.element(t * inner + i), srcArray.element(k * inner + i)])
                    try store(v, in: out, at: t * inner + i)
                }
            }
            return out
        }
    }

    /// "+", "-" or "mean" when `op` is that function, else nil.
    static func baseOperator(_ op: Value, _ interp: Interpreter) -> String? {
        guard case .function(let c) = op else { return nil }
        for name in ["+", "-"] {
            if case .function(let f) = interp.base.binding(name).value, f === c { return name }
        }
        return c.name == "mean" ? "mean" : nil
    }

    /// NNlib's `scatter_empty`: the starting value of each destination element.
    static func emptyValue(_ op: Value, _ dtype: DType, _ interp: Interpreter) throws -> Value {
        let float = dtype == .float32 ? Value.float32(0) : .float64(0)
        switch (baseOperator(op, interp), op) {
        case ("+"?, _), ("-"?, _), ("mean"?, _): return dtype.isFloat ? float : .int(0)
        case (nil, .function(let c)):
            switch c.name {
            case "*", "/": return try element(.int(1), dtype)
            case "max": return dtype.isFloat ? try element(.float64(-.infinity), dtype) : .int(.min)
            case "min": return dtype.isFloat ? try element(.float64(.infinity), dtype) : .int(.max)
            default: break
            }
        default: break
        }
        throw Exceptions.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer")
    }

    /// `v` converted to the element type `dtype` (InexactError as Julia's `convert`).
    static func element(_ v: Value, _ dtype: DType) throws -> Value {
        let plain = OperatorBuiltins.plain(v)
        switch dtype {
        case .float32: return .float32(Float(asDouble(plain)))
        case .float64: return .float64(asDouble(plain))
        case .bool, .int64:
            if case .int = plain { return plain }
            let d = asDouble(plain)
            guard let i = Int64(exactly: d) else { throw Exceptions.inexact("Int64", "Int64", plain) }
            return .int(i)
        }
    }

    static func store(_ v: Value, in t: Tensor, at i: Int) throws {
        switch try element(v, t.dtype) {
        case .int(let n): if t.dtype == .bool { t.setNumeric(Double(n), i) } else { t.setInt(n, i) }
        case let e: t.setNumeric(asDouble(e), i)
        }
    }

    /// `dst .= value` in place (refused, as Zygote refuses mutation, when dst is tracked).
    static func overwrite(_ dst: Tensor, with value: Tensor, _ interp: Interpreter) throws {
        guard dst.shape == value.shape else { throw Exceptions.dimensionMismatch("destination of size \(dst.shape.tupleText) cannot hold \(value.shape.tupleText)") }
        let all = [IndexSpec](repeating: .all, count: dst.rank)
        try interp.engine { tape in try Indexing.setindex(dst, all, value: value, tape: tape) }
    }
}
