import FlxSyntax
import FlxCore
import FlxEngine

/// UnicodePlots' function forms: `lineplot(f)`, `lineplot(lo, hi, f)` (or the older
/// `lineplot(f, lo, hi)`), `lineplot(x, f)`,
/// `lineplot!(plot, f)` and `lineplot!(plot, lo, hi, f)`. f is sampled on
/// `lo:(|hi - lo| / 3width):hi` (three points per character column; by default
/// -10 to 10, or the plot's x-limits when adding), the series is named `"f(x)"`, and a
/// new plot's axes are labelled `x` and `f(x)`.
extension PlotBuiltins {
    /// The (x, y, name) of a function form starting at argument `from`, or nil when the
    /// arguments are data, not a function. `limits` is the plot's x range when adding.
    package static func functionSeries(_ a: Args, from: Int, width: Int, limits: (Double, Double)?, _ interp: Interpreter) throws -> ([Double], [Double], String)? {
        var rest = Array(a.values.dropFirst(from))
        // lineplot(f, lo, hi), the older UnicodePlots order Flux's docs still use.
        if rest.count == 3, case .function = rest[0], !isFunction(rest[2]) { rest = [rest[1], rest[2], rest[0]] }
        guard case .function(let f)? = rest.last else { return nil }
        let xs: [Double]
        switch rest.count {
        case 1:
            let (lo, hi) = limits ?? (-10, 10)
            xs = try samples(.float64(lo), .float64(hi), width: width, interp)
        case 2:
            xs = try interp.collect(rest[0]).map { asDouble(OperatorBuiltins.plain($0)) }
        case 3:
            xs = try samples(rest[0], rest[1], width: width, interp)
        default:
            return nil
        }
        // (float ∘ f).(x)
        let ys = try xs.map { x -> Double in asDouble(OperatorBuiltins.plain(try interp.call(.function(f), [.float64(x)]))) }
        let name = a.keyword("name") == nil ? f.name + "(x)" : try text(a, "name", interp)
        return (xs, ys, name)
    }

    static func isFunction(_ v: Value) -> Bool {
        if case .function = v { return true }
        return false
    }

    /// `lo:(abs(hi - lo) / 3width):hi`, through the language's range so the points are Julia's.
    static func samples(_ lo: Value, _ hi: Value, width: Int, _ interp: Interpreter) throws -> [Double] {
        let span = try OperatorBuiltins.binaryValues(.sub, hi, lo, interp)
        let step = try OperatorBuiltins.binaryValues(.div, try interp.call(interp.base.binding("abs").value, [span]), .int(Int64(3 * width)), interp)
        let range = try interp.call(interp.base.binding(":").value, [lo, step, hi])
        let xs = try interp.collect(range).map { asDouble(OperatorBuiltins.plain($0)) }
        try MemoryGuard.reserve(count: xs.count, bytesEach: MemoryLayout<Double>.stride)
        return xs
    }
}
