import FlxSyntax
import FlxCore
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// Statistics' `quantile` (Julia's default, type 7: linear between order statistics),
/// `cov` and `cor`, of vectors and of the columns of a matrix.
extension StdlibModules {
    package static var statisticsCorrelation: [Builtin] {
        [
            Builtin("quantile", { interp, a in
                try a.expect("quantile", 2...2)
                let v = try numbers(a[0], "quantile", interp)
                guard !v.isEmpty else { throw Exceptions.argument("empty data vector") }
                guard !v.contains(where: \.isNaN) else { throw Exceptions.argument("quantiles are undefined in presence of NaNs or missing values") }
                let sorted = (try a.keywordBool("sorted") ?? false) ? v : v.sorted()
                func one(_ pv: Value) throws -> Value {
                    let p = asDouble(OperatorBuiltins.plain(pv))
                    guard scalarRank(OperatorBuiltins.plain(pv)) != nil, p >= 0, p <= 1 else { throw Exceptions.argument("input probability out of [0,1] range") }
                    return .float64(quantile(sorted, p))
                }
                switch a[1] {
                case .array, .range: return try interp.vector(try interp.collect(a[1]).map(one))
                case .tuple(let t): return .tuple(TupleValue(try t.items.map(one)))
                default: return try one(a[1])
                }
            }, help: BuiltinHelp("quantile(v, p; sorted = false)", "The p-quantile of `v` (p in [0, 1], or a collection of them), interpolating linearly between order statistics as Julia's default does.", "quantile([1, 2, 3, 4], 0.5)  # 2.5")),
            Builtin("cov", { interp, a in try covariance(a, interp, correlation: false) },
                help: BuiltinHelp("cov(x, [y]; corrected = true)  /  cov(X; dims = 1)", "The covariance of two vectors (the variance of one), or the covariance matrix of a matrix's columns (rows with `dims = 2`).", "cov([1, 2, 3], [1, 2, 4])  # 1.5")),
            Builtin("cor", { interp, a in try covariance(a, interp, correlation: true) },
                help: BuiltinHelp("cor(x, [y])  /  cor(X; dims = 1)", "Pearson's correlation of two vectors, or the correlation matrix of a matrix's columns (rows with `dims = 2`).", "cor([1, 2, 3], [1, 2, 4])  # 0.9819805060619659")),
        ]
    }

    static func numbers(_ v: Value, _ name: String, _ interp: Interpreter) throws -> [Double] {
        try interp.collect(v).map { x in
            let p = OperatorBuiltins.plain(x)
            guard scalarRank(p) != nil else { throw Exceptions.method(.str(name), [v]) }
            return asDouble(p)
        }
    }

    /// Type 7: h = (n - 1) p + 1, between the order statistics ⌊h⌋ and ⌊h⌋ + 1.
    static func quantile(_ v: [Double], _ p: Double) -> Double {
        let n = v.count
        if n == 1 { return v[0] }
        let aleph = Double(n) * p + (1 - p)
        let j = max(1, min(n - 1, Int(exactly: aleph.rounded(.towardZero)) ?? 1))
        let gamma = max(0, min(1, aleph - Double(j)))
        let (lo, hi) = (v[j - 1], v[j])
        return lo.isFinite && hi.isFinite ? lo + gamma * (hi - lo) : (1 - gamma) * lo + gamma * hi
    }

    /// `cov`/`cor` of one or two vectors, or of a matrix's variables (columns, or rows with `dims = 2`).
    static func covariance(_ a: Args, _ interp: Interpreter, correlation: Bool) throws -> Value {
        let name = correlation ? "cor" : "cov"
        try a.expect(name, 1...2)
        let corrected = try a.keywordBool("corrected") ?? true
        if correlation && a.keyword("corrected") != nil { throw Exceptions.method(.str(name), a.values, keywords: [("corrected", .bool(corrected))]) }
        if case .array(let m) = a[0], m.rank == 2, a.count == 1 {
            let dims = try a.keywordInt("dims") ?? 1
            guard dims == 1 || dims == 2 else { throw Exceptions.argument("dims must be 1 or 2") }
            let values = try numbers(a[0], name, interp)
            let (rows, cols) = (m.dims[0], m.dims[1])
            // The variables as vectors: columns for dims = 1, rows for dims = 2.
            let vars: [[Double]] = dims == 1
                ? (0..<cols).map { j in (0..<rows).map { values[j * rows + $0] } }
                : (0..<rows).map { i in (0..<cols).map { values[$0 * rows + i] } }
            var out: [Value] = []
            for j in vars.indices {
                for i in vars.indices {
                    let c = i == j && correlation ? 1.0 : pair(vars[i], vars[j], corrected: corrected, correlation: correlation)
                    out.append(.float64(c))
                }
            }
            return .array(try interp.makeArray(out, shape: try Shape([vars.count, vars.count]), elementType: BuiltinTypes.float64))
        }
        guard a.keyword("dims") == nil else { throw Exceptions.method(.str(name), a.values, keywords: [("dims", a.keyword("dims") ?? .nothing)]) }
        let x = try numbers(a[0], name, interp)
        let y = a.count == 2 ? try numbers(a[1], name, interp) : x
        guard x.count == y.count else { throw Exceptions.dimensionMismatch(correlation ? "x and y have different lengths" : "inconsistent lengths") }
        if a.count == 1 && correlation { return .float64(1) }
        return .float64(pair(x, y, corrected: corrected, correlation: correlation))
    }

    /// The covariance of two equally long vectors, or (`correlation`) Pearson's r clamped to [-1, 1].
    static func pair(_ x: [Double], _ y: [Double], corrected: Bool, correlation: Bool) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (p, q) in zip(x, y) {
            sxy += (p - mx) * (q - my)
            sxx += (p - mx) * (p - mx)
            syy += (q - my) * (q - my)
        }
        if correlation { return max(-1, min(1, sxy / (sxx.squareRoot() * syy.squareRoot()))) }
        return sxy / (corrected ? n - 1 : n)
    }
}
