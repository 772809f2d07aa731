/// Helpers shared by the rules in `Rules/`: state arrays for `init`, the Δ array of `apply!`
/// and Flux 0.13's promotion (Julia's scalar float functions are in JuliaFloatFunctions.swift).
/// Arithmetic in the rules runs in the parameter's element type F (Float or Double), with
/// hyper-parameters converted by `F(·)` first, as Optimisers.jl's `ofeltype(x, ·)` does.
extension Rule {
    // MARK: - init

    /// A zero array shaped like x.
    static func zeros(like x: Tensor) throws -> Tensor { try Tensor.zeros(x.dtype, x.shape) }

    /// `onevalue(λ, x)`-filled array: λ converted to eltype(x).
    static func filled(_ v: Double, like x: Tensor) throws -> Tensor {
        try Tensor.filled(value: x.dtype == .float32 ? Double(Float(v)) : v, dtype: x.dtype, shape: x.shape)
    }

    // MARK: - apply!

    /// The Δ array: the gradient itself when the caller owns it (a converted copy or a previous
    /// chain member's fresh Δ), else a new array. Δ never aliases the caller's `g`.
    @inline(__always)
    static func output<F: FloatElement>(_ dx: Tensor, owned: Bool, _: F.Type) throws -> Tensor {
        owned ? dx : try Tensor(uninitialized: dx.dtype, dx.shape)
    }

    /// The Δ array (`output`) filled element by element, Δ[i] = `element(i)`.
    @inline(__always)
    static func delta<F: FloatElement>(_ dx: Tensor, owned: Bool, _ element: (Int) -> F) throws -> Tensor {
        let out = try output(dx, owned: owned, F.self), o = out.ptr(F.self)
        for i in 0..<dx.count { o[i] = element(i) }
        return out
    }

    /// Whether `t` is one of the tensors held in `state` (so a later rule must not write into it).
    static func isStateTensor(_ t: Tensor, _ state: OptState) -> Bool {
        switch state {
        case .tensor(let u): return u === t
        case .tuple(let xs): return xs.contains { isStateTensor(t, $0) }
        default: return false
        }
    }

    // MARK: - Legacy (Flux 0.13) promotion

    /// `Δ .+= wd .* x`, in Float64 when wd is a Float64 (promotion), else in T.
    static func addDecay<F: FloatElement>(_ o: UnsafeMutablePointer<F>, _ d: UnsafeMutablePointer<F>, _ x: UnsafeMutablePointer<F>,
                                          _ n: Int, _ wd: HyperValue, _: F.Type) {
        let w = wd.number ?? 0
        if wd.isFloat64 && F.self != Double.self {
            for i in 0..<n { o[i] = F(Double(d[i]) + w * Double(x[i])) }
        } else {
            let wf = F(w)
            for i in 0..<n { o[i] = d[i] + wf * x[i] }
        }
    }
}
