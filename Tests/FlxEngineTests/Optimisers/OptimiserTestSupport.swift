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
    static let beta = HyperValue.pair(.f64(0.9), .f64(0.999))

    /// Every rule kind the engine defines (the language's registry lists them for users).
    static let allKinds: [RuleKind] = [
        .descent, .momentum, .nesterov, .rmsprop, .rprop, .adam, .radam, .adamax, .oadam, .adagrad, .adadelta,
        .amsgrad, .nadam, .adamw, .adabelief, .lion, .weightDecay, .signDecay, .clipGrad, .clipNorm,
        .optimiserChain, .accumGrad, .expDecay, .invDecay, .clipValue, .legacyClipNorm, .legacyWeightDecay,
        .legacyAdamW, .legacyOptimiser,
    ]

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

extension Rule {
    /// A rule for the engine tests: defaults, then `positional` in field order, then `keywords`
    /// by field name, with Julia's `float` applied where the constructor applies it. (The
    /// language's constructors, with every Julia form and error, are tested in FlxLangTests.)
    static func make(_ kind: RuleKind, positional: [HyperValue] = [], keywords: [(String, HyperValue)] = []) throws -> Rule {
        let spec = kind.spec
        if spec.style == .chain { return Rule.chain([], legacy: spec.isLegacy) }
        var values = spec.fields.map(\.initial)
        for (i, v) in positional.enumerated() { values[i] = v }
        for (k, v) in keywords {
            let k = k == "centered" ? "centred" : k
            guard let i = spec.fields.firstIndex(where: { $0.name == k }) else { throw EngineError.argument("no field \(k)") }
            values[i] = v
        }
        var fields: [(name: String, value: HyperValue)] = []
        for (i, f) in spec.fields.enumerated() {
            guard let v = values[i] else { throw EngineError.argument("\(f.name) is required") }
            switch f.conversion {
            case .float, .floatPair: fields.append((f.name, v.floated))
            case .float64: fields.append((f.name, .f64(v.number ?? 0)))
            case .int64: fields.append((f.name, .int(Int(v.number ?? 0))))
            default: fields.append((f.name, v))
            }
        }
        return try Rule(kind, fields: fields)
    }
}
