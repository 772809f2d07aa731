import Testing
@testable import FlxEngine

/// Drivers for the optimiser tests: run a rule for a few steps on a small vector with a
/// fixed gradient sequence, either through `Rule.update` (fused where available) or
/// through `Rule.apply` followed by `x .-= Δ`.
enum OptimiserHarness {
    /// Gradient for step t (1-based), element i: smooth, sign-changing, one exact zero.
    static func grad(_ t: Int, _ i: Int) -> Double {
        if i == 2 && t == 3 { return 0 }
        return (1.3 * Double(i) + 0.7 * Double(t)).cosineApprox * (1 + 0.25 * Double(i))
    }

    static func grads(_ t: Int, _ n: Int) -> [Double] { (0..<n).map { grad(t, $0) } }

    static let x0: [Double] = [0.5, -1.0, 2.0, 0.25]

    static func rule(_ k: RuleKind, _ p: [HyperValue] = [], _ kw: [(String, HyperValue)] = []) -> Rule {
        try! Rule.make(k, positional: p, keywords: kw)
    }

    /// x after `steps` updates, via `update` (fused path for the hot rules).
    static func runUpdate(_ r: Rule, steps: Int, dtype: DType = .float64, x0: [Double] = x0) throws -> [Double] {
        let x = try Tensor.from(x0, dtype: dtype)
        var s = try Rule.initState(r, for: x)
        for t in 1...steps {
            let g = try Tensor.from(grads(t, x0.count), dtype: dtype)
            s = try Rule.update(r, state: s, x: x, g: g)
        }
        return x.toDoubles()
    }

    /// x after `steps` updates, via `apply` then an explicit subtraction.
    static func runApply(_ r: Rule, steps: Int, dtype: DType = .float64, x0: [Double] = x0) throws -> [Double] {
        let x = try Tensor.from(x0, dtype: dtype)
        var s = try Rule.initState(r, for: x)
        for t in 1...steps {
            let g = try Tensor.from(grads(t, x0.count), dtype: dtype)
            let (s2, d) = try Rule.apply(r, state: s, x: x, g: g)
            s = s2
            if let d {
                for i in 0..<x.count { try x.set(x.double(at: i) - d.double(at: i), at: i) }
            }
        }
        return x.toDoubles()
    }

    static func close(_ a: [Double], _ b: [Double], rel: Double = 1e-12) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where !(abs(x - y) <= rel * max(1, abs(x), abs(y))) { return false }
        return true
    }
}

fileprivate extension Double {
    /// cos via the libm shim (tests only need a smooth deterministic sequence).
    var cosineApprox: Double { Double.m_cos(self) }
}
