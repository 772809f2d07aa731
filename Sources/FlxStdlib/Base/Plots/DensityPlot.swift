import FlxSyntax
import FlxCore
import FlxEngine

/// UnicodePlots' `densityplot(x, y; dscale)` and `densityplot!`: the scatter plot's limits
/// and layout on a density canvas, where each character counts the points that fall in it
/// and shows the count (through `dscale`) relative to the largest as one of ` ░▒▓█`.
enum DensityPlotBuiltins {
    static func install(_ m: ModuleValue) {
        m.native("densityplot") { interp, a in
            guard a.count == 2 else { throw Exceptions.method(.str("densityplot"), a.values) }
            if try interp.collect(a[0]).count != interp.collect(a[1]).count {
                throw Exceptions.dimensionMismatch("`X` and `Y` must be the same length")
            }
            let width = try a.keywordInt("width") ?? 40, height = try a.keywordInt("height") ?? 15
            let (xs, ys) = try PlotBuiltins.series(a, from: 0, "densityplot", interp)
            try AllocationGuard.reserve([max(width, 5), max(height, 5)], bytesEach: 25)
            let p = LinePlot(xs: xs, ys: ys, width: width, height: height, title: try PlotBuiltins.text(a, "title", interp),
                             xlabel: try PlotBuiltins.text(a, "xlabel", interp), ylabel: try PlotBuiltins.text(a, "ylabel", interp),
                             canvas: .density)
            let object = PlotObject(p)
            object.densityScale = try scale(a.keyword("dscale"), interp)
            p.drawsPoints = true
            p.add(xs: xs, ys: ys, name: try PlotBuiltins.text(a, "name", interp))
            try rescale(object, interp)
            return .native(object)
        }
        m.native("densityplot!") { interp, a in
            guard a.count == 3, case .native(let object as PlotObject) = a[0], let p = object.chart as? LinePlot, p.canvas == .density else {
                throw Exceptions.method(.str("densityplot!"), a.values)
            }
            let (xs, ys) = try PlotBuiltins.series(a, from: 1, "densityplot!", interp)
            p.add(xs: xs, ys: ys, name: try PlotBuiltins.text(a, "name", interp))
            try rescale(object, interp)
            return a[0]
        }
    }

    /// `dscale`: `:identity` (the default), `:ln`, `:log2`, `:log10` (UnicodePlots' named
    /// scales), or any function of a count.
    private static func scale(_ v: Value?, _ interp: Interpreter) throws -> Value? {
        guard let v else { return nil }
        switch v {
        case .symbol(let symbol):
            let name = symbol.name
            switch name {
            case "identity": return nil
            case "ln": return interp.base.binding("log").value
            case "log2", "log10": return interp.base.binding(name).value
            default: throw Exceptions.argument("unknown dscale :\(name); use :identity, :ln, :log2, :log10 or a function")
            }
        default: return v
        }
    }

    /// The counts through the plot's `dscale`, as UnicodePlots computes them when it prints;
    /// a scaled count that is not finite has no shade (Julia's `round(Int, ...)` fails).
    private static func rescale(_ object: PlotObject, _ interp: Interpreter) throws {
        guard let p = object.chart as? LinePlot else { return }
        for (i, count) in p.densityCounts.enumerated() {
            var v = Double(count)
            if let f = object.densityScale {
                let r = try interp.call(f, [.int(Int64(count))])
                guard scalarRank(r) != nil else { throw Exceptions.typeError("densityplot", expected: "Real", got: r) }
                v = asDouble(r)
            }
            guard v.isFinite else { throw Exceptions.inexact("round", "Int64", .float64(v)) }
            p.scaledDensity[i] = v
        }
    }
}

extension LinePlot {
    /// The shade of character `i`: its scaled count relative to the largest (at least eps),
    /// rounded half up to one of the five signs.
    func densitySign(_ i: Int) -> Character {
        let peak = max(Double.ulpOfOne, scaledDensity.max() ?? 0)
        let top = Double(LinePlot.densitySigns.count - 1)
        let level = (top / peak * scaledDensity[i] + 0.5).rounded(.down)
        return LinePlot.densitySigns[Int(min(max(level, 0), top))]
    }
}
