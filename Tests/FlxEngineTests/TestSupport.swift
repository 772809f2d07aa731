import Testing
@testable import FlxEngine

/// Helpers shared by the engine tests.
enum T {
    static func vec(_ v: [Double]) throws -> Tensor { try Tensor(v) }
    static func mat(_ r: Int, _ c: Int, _ v: [Double]) throws -> Tensor { try Tensor(v, shape: Shape(r, c)) }
    static func shaped(_ dims: [Int], _ v: [Double]) throws -> Tensor { try Tensor(v, shape: Shape(dims)) }

    /// Deterministic pseudo-random values in [-1, 1) (xorshift), so failures reproduce.
    static func random(_ dims: [Int], seed: UInt64 = 1, dtype: DType = .float64, awayFromZero: Bool = false) throws -> Tensor {
        var s = seed &* 0x9E3779B97F4A7C15 | 1
        let n = try Shape(dims).count
        var v = [Double]()
        for _ in 0..<n {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17
            var x = Double(s % 2_000_000) / 1_000_000 - 1
            if awayFromZero { x = x < 0 ? x - 0.2 : x + 0.2 }
            v.append(x)
        }
        let t = try Tensor(v, shape: Shape(dims))
        return dtype == .float64 ? t : try t.converted(to: dtype)
    }

    static func close(_ a: [Double], _ b: [Double], tol: Double = 1e-9) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where !(abs(x - y) <= tol * max(1, abs(x), abs(y))) { return false }
        return true
    }

    /// Compares the tape gradient of `f` (reduced to a scalar by `sum(w .* f(xs))`
    /// with fixed random weights, so every output element matters) with central
    /// finite differences for every input, in Float64.
    static func gradcheck(_ name: String, _ inputs: [Tensor], eps: Double = 1e-6, tol: Double = 1e-5,
                          sourceLocation: SourceLocation = #_sourceLocation,
                          _ f: ([Tensor], Tape?) throws -> Tensor) throws {
        let probe = try f(inputs, nil)
        let weights = try random(probe.shape.dims, seed: 99)
        func scalar(_ xs: [Tensor], _ tape: Tape?) throws -> Tensor {
            let y = try f(xs, tape)
            let w = y.dtype == .float64 ? weights : try weights.converted(to: y.dtype)
            return try Reductions.sum(Arithmetic.mul(y, w, tape: tape), tape: tape)
        }
        let tape = Tape()
        for x in inputs { tape.watch(x) }
        let out = try scalar(inputs, tape)
        try tape.backward(from: out)
        for (k, x) in inputs.enumerated() {
            let analytic = tape.gradient(of: x)?.toDoubles() ?? Array(repeating: 0, count: x.count)
            for i in 0..<x.count {
                let orig = try x.double(at: i)
                try x.set(orig + eps, at: i)
                let up = try scalar(inputs, nil).double(at: 0)
                try x.set(orig - eps, at: i)
                let down = try scalar(inputs, nil).double(at: 0)
                try x.set(orig, at: i)
                let numeric = (up - down) / (2 * eps)
                let ok = abs(numeric - analytic[i]) <= tol * max(1, abs(numeric))
                #expect(ok, "\(name): d/d input\(k)[\(i)] analytic \(analytic[i]) vs numeric \(numeric)", sourceLocation: sourceLocation)
            }
        }
    }
}
