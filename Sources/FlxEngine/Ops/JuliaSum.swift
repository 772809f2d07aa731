/// Summation in the order Julia's `sum`/`mapreduce` uses for arrays: sequential
/// from the first element (so `sum([-0.0]) == -0.0`), and pairwise halving for
/// ranges of 1024+ elements (Base.pairwise_blocksize). Julia additionally lets LLVM
/// vectorise blocks of 16…1023 elements (`@simd`), whose lane order depends on the
/// CPU, so those sums can differ from Julia in the last bit.
@inline(__always)
func juliaSum<T: FloatElement>(_ p: UnsafeMutablePointer<T>, _ n: Int, _ f: (T) -> T) -> T {
    if n == 0 { return 0 }
    return juliaSumRange(p, 0, n - 1, f)
}

@inline(__always)
private func juliaSumRange<T: FloatElement>(_ p: UnsafeMutablePointer<T>, _ first: Int, _ last: Int, _ f: (T) -> T) -> T {
    if first == last { return f(p[first]) }
    if last - first < 1024 {
        var s = f(p[first]) + f(p[first + 1])
        var i = first + 2
        while i <= last { s += f(p[i]); i += 1 }
        return s
    }
    let mid = first + (last - first) >> 1
    return juliaSumPairwise(p, first, mid, f) + juliaSumPairwise(p, mid + 1, last, f)
}

/// Out-of-line recursion step (recursive generic closures cannot be force-inlined).
private func juliaSumPairwise<T: FloatElement>(_ p: UnsafeMutablePointer<T>, _ first: Int, _ last: Int, _ f: (T) -> T) -> T {
    juliaSumRange(p, first, last, f)
}
