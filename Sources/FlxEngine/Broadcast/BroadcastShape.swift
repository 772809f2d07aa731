/// Julia's broadcasting shape rule: dims are compared position by position
/// (missing trailing dims count as 1); equal dims or a 1 on either side combine.
enum BroadcastShape {
    /// Result shape of broadcasting `a` with `b`, or DimensionMismatch with Julia's message.
    @inline(__always)
    static func combine(_ a: Shape, _ b: Shape) throws -> Shape {
        if a == b { return a }
        if b.count == 1 && b.rank <= a.rank { return a }
        if a.count == 1 && a.rank <= b.rank { return b }
        let r = max(a.rank, b.rank)
        if r <= 4 {
            @inline(__always) func dim(_ i: Int) throws -> Int {
                let x = a[i], y = b[i]
                if x == y || y == 1 { return x }
                if x == 1 { return y }
                throw mismatch(a, b)
            }
            return try Shape(rank: r, dim(0), dim(1), dim(2), dim(3))
        }
        var dims = [Int](repeating: 0, count: r)
        for i in 0..<r {
            let x = a[i], y = b[i]
            if x == y || y == 1 { dims[i] = x } else if x == 1 { dims[i] = y } else { throw mismatch(a, b) }
        }
        return try Shape(dims)
    }

    static func mismatch(_ a: Shape, _ b: Shape) -> EngineError {
        .dimensionMismatch("arrays could not be broadcast to a common size: a has axes \(axesText(a)) and b has axes \(axesText(b))")
    }

    /// Julia prints axes as `Base.OneTo(3)` for a vector, `(Base.OneTo(3), Base.OneTo(2))` otherwise.
    static func axesText(_ s: Shape) -> String {
        let parts = s.dims.map { "Base.OneTo(\($0))" }
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: ", ") + ")"
    }

    /// Element strides of `operand` when iterated over `out`: 0 along broadcast dims.
    @inline(__always)
    static func strides(of operand: Shape, in out: Shape, into buf: UnsafeMutableBufferPointer<Int>) {
        var s = 1
        for i in 0..<out.rank {
            let d = operand[i]
            buf[i] = (d == 1 && out[i] != 1) || i >= operand.rank ? 0 : s
            s &*= d
        }
    }
}

/// Visits every index of `shape` in column-major order, handing `body` the linear
/// index and the offsets of two strided operands. The innermost dimension is a plain
/// loop; outer dimensions advance an odometer kept in stack memory (no heap).
@inline(__always)
func stridedWalk(_ shape: Shape, _ sA: UnsafeMutableBufferPointer<Int>, _ sB: UnsafeMutableBufferPointer<Int>,
                 _ body: (_ linear: Int, _ a: Int, _ b: Int) -> Void) {
    let r = shape.rank
    if shape.count == 0 { return }
    if r == 0 { body(0, 0, 0); return }
    let n0 = shape[0], a0 = sA[0], b0 = sB[0]
    withUnsafeTemporaryAllocation(of: Int.self, capacity: r) { idx in
        idx.initialize(repeating: 0)
        var lin = 0, offA = 0, offB = 0
        while true {
            var pa = offA, pb = offB
            for _ in 0..<n0 { body(lin, pa, pb); lin &+= 1; pa &+= a0; pb &+= b0 }
            var d = 1
            while d < r {
                idx[d] &+= 1
                offA &+= sA[d]; offB &+= sB[d]
                let n = shape[d]
                if idx[d] < n { break }
                offA &-= sA[d] &* n; offB &-= sB[d] &* n
                idx[d] = 0
                d &+= 1
            }
            if d >= r { return }
        }
    }
}

/// Runs `body` with the broadcast strides of `a` and `b` over `out`.
@inline(__always)
func withBroadcastStrides<R>(_ a: Shape, _ b: Shape, _ out: Shape,
                             _ body: (UnsafeMutableBufferPointer<Int>, UnsafeMutableBufferPointer<Int>) throws -> R) rethrows -> R {
    let r = Swift.max(out.rank, 1)
    return try withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * r) { buf in
        buf.initialize(repeating: 0)
        let sa = UnsafeMutableBufferPointer(rebasing: buf[0..<r])
        let sb = UnsafeMutableBufferPointer(rebasing: buf[r..<(2 * r)])
        BroadcastShape.strides(of: a, in: out, into: sa)
        BroadcastShape.strides(of: b, in: out, into: sb)
        return try body(sa, sb)
    }
}
