/// Filling a tensor's elements with random numbers, as Julia fills an `Array`.
extension Tensor {
    /// `rand(rng, T, dims...)`: a fresh tensor filled by `fillUniform` (no zeroing pass first).
    public static func uniform(_ dtype: DType, _ shape: Shape, _ g: inout Xoshiro) throws -> Tensor {
        let t = try Tensor(uninitialized: dtype, shape)
        t.fillUniform(&g)
        return t
    }

    /// `randn(rng, T, dims...)` for Float64 or Float32: a fresh tensor filled by `fillNormal`.
    public static func normal(_ dtype: DType, _ shape: Shape, _ g: inout Xoshiro) throws -> Tensor {
        let t = try Tensor(uninitialized: dtype, shape)
        try t.fillNormal(&g)
        return t
    }

    /// `rand!(rng, A)` for an Array of Float64, Float32, Int64 or Bool: Julia's bulk
    /// generation (`XoshiroBulk`), so the values depend on the array's size as Julia's do.
    public func fillUniform(_ g: inout Xoshiro) {
        let kind: XoshiroBulkKind
        switch dtype {
        case .float64: kind = .float64
        case .float32: kind = .float32
        case .int64: kind = .raw
        case .bool: kind = .bool
        }
        g.fillBulk(raw, byteCount: count * dtype.byteWidth, kind: kind)
    }

    /// `randn!(rng, A)`: one `randn()` per element in order, rounded to Float32 for a Float32
    /// array. A Float64 array of 7 or more elements is Julia's faster path for Xoshiro: the
    /// array is first filled with raw draws in bulk (lanes and all), then each element's top
    /// 52 bits are turned into a normal value, any extra draw coming from the generator.
    /// Throws for integer and Bool arrays.
    public func fillNormal(_ g: inout Xoshiro) throws {
        guard dtype == .float64, count >= 7 else { return try fillFloats(&g) { $0.normal() } }
        g.fillBulk(raw, byteCount: count * 8, kind: .raw)
        let p = ptr(Double.self)
        for i in 0..<count { p[i] = g.normal(fromBits: p[i].bitPattern >> 12) }
    }

    /// `randexp!(rng, A)`: one `randexp()` per element in order.
    public func fillExponential(_ g: inout Xoshiro) throws {
        try fillFloats(&g) { $0.exponential() }
    }

    /// Each element in order from `draw`, a Float64 rounded to Float32 for a Float32 array.
    public func fillFloats(_ g: inout Xoshiro, _ draw: (inout Xoshiro) -> Double) throws {
        switch dtype {
        case .float64:
            let p = ptr(Double.self)
            for i in 0..<count { p[i] = draw(&g) }
        case .float32:
            let p = ptr(Float.self)
            for i in 0..<count { p[i] = Float(draw(&g)) }
        case .int64, .bool:
            throw EngineError.argument("random normal or exponential values need a floating-point array, not \(dtype)")
        }
    }
}
