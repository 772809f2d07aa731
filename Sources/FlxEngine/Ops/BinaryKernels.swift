/// Broadcasting elementwise loops shared by the binary ops. Each takes typed
/// pointers and a scalar function; fast paths cover equal shapes and scalars,
/// which is most of what small models do.
enum BinaryKernel {
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
        } else {
            withBroadcastStrides(a.shape, b.shape, out.shape) { sa, sb in
                stridedWalk(out.shape, sa, sb) { i, ia, ib in po[i] = f(pa[ia], pb[ib]) }
            }
        }
    }
}
