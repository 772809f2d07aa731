/// A Julia `size` tuple. Rank ≤ 4 lives inline (no heap allocation, so creating
/// the same small shapes thousands of times is free); higher ranks spill to an array.
public struct Shape: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline var d0: Int = 0, d1: Int = 0, d2: Int = 0, d3: Int = 0
    @usableFromInline var spill: [Int]? = nil
    public private(set) var rank: Int
    /// Product of the dims (validated not to overflow at construction).
    public private(set) var count: Int

    /// Rank-0 shape: a scalar held in an array (count 1).
    public static let scalar = Shape(unchecked0: ())

    @usableFromInline init(unchecked0: ()) { rank = 0; count = 1 }

    /// Validates every dim is ≥ 0 and the product fits in an Int.
    public init(_ dims: [Int]) throws {
        rank = dims.count
        count = 1
        var product = 1
        var overflowed = false
        for d in dims {
            if d < 0 {
                throw EngineError.argument("invalid Array dimensions: negative dimension \(d) in \(dims: dims)")
            }
            let (p, o) = product.multipliedReportingOverflow(by: d)
            if o { overflowed = true }
            product = p
        }
        // A product that overflowed or leaves no room for bytes cannot be allocated.
        if overflowed || product > Int.max / 8 {
            throw EngineError.argument("invalid Array dimensions: the product of \(dims: dims) overflows")
        }
        count = product
        if dims.count > 4 { spill = dims } else {
            if dims.count > 0 { d0 = dims[0] }
            if dims.count > 1 { d1 = dims[1] }
            if dims.count > 2 { d2 = dims[2] }
            if dims.count > 3 { d3 = dims[3] }
        }
    }

    /// Rank-1 shape without allocation.
    public init(_ n: Int) throws {
        guard n >= 0 else { throw EngineError.argument("invalid Array dimensions: negative dimension \(n) in (\(n),)") }
        guard n <= Int.max / 8 else { throw EngineError.argument("invalid Array dimensions: (\(n),) is too large") }
        rank = 1; count = n; d0 = n
    }

    /// Rank-2 shape without allocation.
    public init(_ r: Int, _ c: Int) throws {
        guard r >= 0, c >= 0 else { throw EngineError.argument("invalid Array dimensions: negative dimension in (\(r), \(c))") }
        let (p, o) = r.multipliedReportingOverflow(by: c)
        guard !o, p <= Int.max / 8 else { throw EngineError.argument("invalid Array dimensions: the product of (\(r), \(c)) overflows") }
        rank = 2; count = p; d0 = r; d1 = c
    }

    /// Rank ≤ 4 shape built without an intermediate array (broadcast results).
    /// Dims must be ≥ 0; throws if the product overflows.
    init(rank: Int, _ a: Int, _ b: Int, _ c: Int, _ d: Int) throws {
        var product = 1, overflow = false
        @inline(__always) func times(_ x: Int) {
            let (p, o) = product.multipliedReportingOverflow(by: x)
            overflow = overflow || o
            product = p
        }
        if rank > 0 { times(a) }
        if rank > 1 { times(b) }
        if rank > 2 { times(c) }
        if rank > 3 { times(d) }
        guard !overflow, product <= Int.max / 8 else { throw EngineError.argument("invalid Array dimensions: the product overflows") }
        self.rank = rank
        count = product
        d0 = rank > 0 ? a : 0; d1 = rank > 1 ? b : 0; d2 = rank > 2 ? c : 0; d3 = rank > 3 ? d : 0
    }

    /// Size of dimension `i` (0-based). Julia's `size(A, d)` is 1 beyond the rank,
    /// which is what broadcasting wants, so out-of-range `i` returns 1.
    @inlinable public subscript(i: Int) -> Int {
        if i < 0 || i >= rank { return 1 }
        if let s = spill { return s[i] }
        switch i {
        case 0: return d0
        case 1: return d1
        case 2: return d2
        default: return d3
        }
    }

    public var dims: [Int] { (0..<rank).map { self[$0] } }

    /// The dims in parentheses, for engine logs and tests (the language shows sizes its own way).
    public var description: String { "(" + dims.map(String.init).joined(separator: ", ") + ")" }

    /// Column-major stride of dimension `i` (elements).
    @inlinable func stride(_ i: Int) -> Int {
        var s = 1
        var k = 0
        while k < i { s &*= self[k]; k += 1 }
        return s
    }

    /// Shape with dim `i` replaced (used by reductions keeping size-1 dims).
    /// Only called with v ≤ self[i] (reductions set dims to 1), so the count cannot grow.
    func replacing(_ i: Int, with v: Int) -> Shape {
        var s = self
        if var sp = spill {
            sp[i] = v
            s.spill = sp
        } else {
            switch i {
            case 0: s.d0 = v
            case 1: s.d1 = v
            case 2: s.d2 = v
            default: s.d3 = v
            }
        }
        var c = 1
        for k in 0..<rank { c &*= s[k] }
        s.count = c
        return s
    }

    public static func == (a: Shape, b: Shape) -> Bool {
        guard a.rank == b.rank else { return false }
        if a.rank <= 4 { return a.d0 == b.d0 && a.d1 == b.d1 && a.d2 == b.d2 && a.d3 == b.d3 }
        return a.spill == b.spill
    }

    public func hash(into h: inout Hasher) {
        h.combine(rank)
        for i in 0..<rank { h.combine(self[i]) }
    }
}
