/// Broadcasting elementwise loops shared by the binary ops. Each takes typed
/// pointers and a scalar function; fast paths cover equal shapes and scalars,
/// which is most of what small models do.
enum BinaryKernel {
    /// Whether `x` equals `out` on its leading dims and is 1 on the rest, so x's
    /// elements repeat in blocks of x.count along the output.
    @inline(__always)
    static func leadingMatch(_ x: Shape, _ out: Shape) -> Bool {
        var r = 0
        while r < out.rank && x[r] == out[r] { r &+= 1 }
        if r == 0 { return false }
        var i = r
        while i < Swift.max(out.rank, x.rank) { if x[i] != 1 { return false }; i &+= 1 }
        return true
    }

    @inline(__always)
    static func run<A, B, R>(_ a: Tensor, _ b: Tensor, _ out: Tensor,
                             _: A.Type, _: B.Type, _: R.Type, _ f: (A, B) -> R) where A: TensorElement, B: TensorElement, R: TensorElement {
        let pa = a.ptr(A.self), pb = b.ptr(B.self), po = out.ptr(R.self)
        let n = out.count
        if a.shape == out.shape && b.shape == out.shape {
            for i in 0..<n { po[i] = f(pa[i], pb[i]) }
        } else if b.count == 1 && a.count == n {
            let y = pb[0]
            for i in 0..<n { po[i] = f(pa[i], y) }
        } else if a.count == 1 && b.count == n {
            let x = pa[0]
            for i in 0..<n { po[i] = f(x, pb[i]) }
        } else if b.count > 1 && leadingMatch(b.shape, out.shape) && a.count == n {
            // Column-style broadcast (matrix .+ bias vector): b repeats every b.count elements.
            let m = b.count
            var i = 0
            while i < n { for r in 0..<m { po[i + r] = f(pa[i + r], pb[r]) }; i += m }
        } else {
            withBroadcastStrides(a.shape, b.shape, out.shape) { sa, sb in
                stridedWalk(out.shape, sa, sb) { i, ia, ib in po[i] = f(pa[ia], pb[ib]) }
            }
        }
    }
}
