/// One position of a Julia index expression `A[i, j, …]`, 1-based as the user wrote it.
public enum IndexSpec: Sendable, Hashable {
    /// `:`
    case all
    /// `i` — drops the dimension from the result.
    case scalar(Int)
    /// `start:step:stop` (inclusive, as Julia ranges are).
    case range(start: Int, step: Int, stop: Int)
    /// `[i, j, …]`
    case list([Int])
    /// A Bool vector selecting positions where it is true.
    case mask([Bool])

    /// `start:stop`.
    public static func range(_ start: Int, _ stop: Int) -> IndexSpec { .range(start: start, step: 1, stop: stop) }
}

/// Resolved indices: a 0-based position list per dimension of the (normalised)
/// source, and which dims the result keeps. A class so a tape record holding one
/// stays small (records of every other op pay for the largest payload otherwise).
final class IndexPlan {
    /// Source shape the lists index (after linear/trailing-dim normalisation).
    let source: Shape
    let lists: [[Int]]
    /// Result shape (scalar-indexed dims dropped).
    let resultShape: Shape
    /// Shape of the selection with dropped dims kept as 1 (same count as result).
    let selectionShape: Shape

    /// Plan from explicit 0-based lists (all kept), used by `repeat`.
    init(lists: [[Int]], source: Shape) throws {
        self.source = source
        self.lists = lists
        resultShape = try Shape(lists.map(\.count))
        selectionShape = resultShape
    }

    /// Resolves Julia index specs against `shape`; throws BoundsError naming the array.
    init(specs: [IndexSpec], shape: Shape, dtype: DType) throws {
        guard !specs.isEmpty else {
            // A[] reads the only element of a one-element array.
            guard shape.count == 1 else {
                throw EngineError.bounds(shape, dtype, index: [])
            }
            source = .scalar; lists = []; resultShape = .scalar; selectionShape = .scalar
            return
        }
        // Julia's linear and partial-linear indexing: fold trailing dims into the last index.
        var srcDims: [Int]
        if specs.count >= shape.rank {
            srcDims = shape.dims + Array(repeating: 1, count: specs.count - shape.rank)
        } else {
            srcDims = (0..<(specs.count - 1)).map { shape[$0] }
            srcDims.append((specs.count - 1..<shape.rank).reduce(1) { $0 &* shape[$1] }) // exact unless a dim is 0, then 0
        }
        let boundsError = EngineError.bounds(shape, dtype, index: specs)
        // Pass 1 validates and measures every dim without materialising `:` or ranges:
        // an empty array may have huge dims, and an empty selection must not allocate them.
        enum Pending { case iota(Int), range(Int, Int, Int), list([Int]) }
        var pending: [Pending] = []
        var kept: [Int] = [], selection: [Int] = []
        for (d, spec) in specs.enumerated() {
            let n = srcDims[d]
            let item: Pending, len: Int
            switch spec {
            case .all:
                item = .iota(n); len = n
            case .scalar(let i):
                guard i >= 1 && i <= n else { throw boundsError }
                item = .list([i - 1]); len = 1
            case .range(let a, let s, let b):
                guard s != 0 else { throw EngineError.argument("step cannot be zero") }
                // Length without overflow, then both ends checked against the dim.
                let span = s > 0 ? b.subtractingReportingOverflow(a) : a.subtractingReportingOverflow(b)
                guard !span.overflow else { throw boundsError }
                len = span.partialValue < 0 ? 0 : span.partialValue / s.magnitude.asIntClamped + 1
                if len > 0 {
                    let last = a.addingReportingOverflow((len - 1).multipliedReportingOverflow(by: s).partialValue)
                    guard a >= 1, a <= n, !last.overflow, last.partialValue >= 1, last.partialValue <= n, len <= n else { throw boundsError }
                }
                item = .range(a, s, len)
            case .list(let l):
                item = .list(try l.map { i in
                    guard i >= 1 && i <= n else { throw boundsError }
                    return i - 1
                })
                len = l.count
            case .mask(let m):
                guard m.count == n else { throw boundsError }
                let l = m.indices.filter { m[$0] }
                item = .list(l); len = l.count
            }
            if case .scalar = spec {} else { kept.append(len) }
            selection.append(len)
            pending.append(item)
        }
        let selectionShape = try Shape(selection)
        // Pass 2: index lists, only for a non-empty selection (then every dim is ≤ its count).
        let lists: [[Int]] = selectionShape.count == 0 ? Array(repeating: [], count: pending.count) : pending.map { item in
            switch item {
            case .iota(let n): return Array(0..<n)
            case .list(let l): return l
            case .range(let a, let s, let len):
                var v = a
                return (0..<len).map { _ in defer { v &+= s }; return v - 1 }
            }
        }
        source = try Shape(srcDims)
        self.lists = lists
        resultShape = try Shape(kept)
        self.selectionShape = selectionShape
    }

    /// Calls `body(resultLinearIndex, sourceOffset)` for every selected element, in
    /// column-major order of the selection.
    func forEach(_ body: (Int, Int) -> Void) {
        let r = lists.count
        if r == 0 { body(0, 0); return }
        if selectionShape.count == 0 { return }
        var idx = [Int](repeating: 0, count: r)
        var strides = [Int](repeating: 0, count: r)
        for d in 0..<r { strides[d] = source.stride(d) }
        let inner = lists[0], s0 = strides[0]
        var lin = 0
        while true {
            var base = 0
            for d in 1..<r { base += lists[d][idx[d]] * strides[d] }
            for i in inner { body(lin, base + i * s0); lin += 1 }
            var d = 1
            while d < r {
                idx[d] += 1
                if idx[d] < lists[d].count { break }
                idx[d] = 0
                d += 1
            }
            if d >= r { return }
        }
    }
}

extension UInt {
    /// Int.min's magnitude does not fit in Int; a step that large indexes at most one element anyway.
    var asIntClamped: Int { self > UInt(Int.max) ? Int.max : Int(self) }
}
