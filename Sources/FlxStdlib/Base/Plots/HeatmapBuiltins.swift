import FlxSyntax
import FlxCore

/// `heatmap(A; xfact, yfact, xoffset, yoffset, xlim, ylim, zlim, colormap, colorbar,
/// colorbar_border, title, xlabel, ylabel, zlabel, width, height, margin, padding,
/// labels, array, fix_ar)` with UnicodePlots' keyword names and defaults.
enum HeatmapBuiltins {
    static func install(_ m: ModuleValue) {
        m.native("heatmap") { interp, a in
            guard a.count == 1, case .array(let arr) = a[0], arr.rank == 2 else { throw Exceptions.method(.str("heatmap"), a.values) }
            let (nr, nc) = (arr.dims[0], arr.dims[1])
            let flat = try interp.collect(a[0]).map { v -> Double in
                let p = OperatorBuiltins.plain(v)
                // UnicodePlots asks each value `isfinite` to colour it.
                guard scalarRank(p) != nil else { throw Exceptions.method(.str("isfinite"), [v]) }
                return asDouble(p)
            }
            let rows = (0..<nr).map { i in (0..<nc).map { j in flat[j * nr + i] } }
            var o = Heatmap.Options()
            o.elementType = TypeNames.show(arr.elementType)
            o.terminal = DisplaySize.stream(interp)
            if let v = a.keyword("xlim") { o.xlim = try limits(v, "xlim", interp) }
            if let v = a.keyword("ylim") { o.ylim = try limits(v, "ylim", interp) }
            if let v = a.keyword("zlim") { o.zlim = try limits(v, "zlim", interp) }
            o.xfact = try number(a, "xfact")
            o.yfact = try number(a, "yfact")
            o.xoffset = try number(a, "xoffset") ?? 0
            o.yoffset = try number(a, "yoffset") ?? 0
            o.width = try size(a, "width")
            o.height = try size(a, "height")
            o.margin = try size(a, "margin") ?? 3
            o.padding = try size(a, "padding") ?? 1
            if let v = a.keyword("colormap") { o.colormap = try colormap(v, interp) }
            o.colorbar = try a.keywordBool("colorbar")
            if let v = a.keyword("colorbar_border") { o.colorbarBorder = try border(v) }
            o.fixAspectRatio = try a.keywordBool("fix_ar") ?? false
            o.labels = try a.keywordBool("labels") ?? true
            o.array = try a.keywordBool("array") ?? false
            o.title = try PlotBuiltins.text(a, "title", interp)
            o.xlabel = try PlotBuiltins.text(a, "xlabel", interp)
            o.ylabel = try PlotBuiltins.text(a, "ylabel", interp)
            o.zlabel = try PlotBuiltins.text(a, "zlabel", interp)
            return .native(PlotObject(try Heatmap(rows, o)))
        }
    }

    static func limits(_ v: Value, _ name: String, _ interp: Interpreter) throws -> (Double, Double) {
        let items = try interp.collect(v).map(OperatorBuiltins.plain)
        guard items.count == 2, items.allSatisfy({ scalarRank($0) != nil }) else {
            throw Exceptions.argument("`xlim` and `ylim` must be tuples or vectors of length 2")
        }
        return (asDouble(items[0]), asDouble(items[1]))
    }

    static func number(_ a: Args, _ name: String) throws -> Double? {
        guard let v = a.keyword(name) else { return nil }
        if case .nothing = v { return nil }
        let p = OperatorBuiltins.plain(v)
        guard scalarRank(p) != nil else { throw Exceptions.typeError(name, expected: "Number", got: v) }
        return asDouble(p)
    }

    /// A width, height, margin or padding: a non-negative Int of a size flx can draw.
    static func size(_ a: Args, _ name: String) throws -> Int? {
        guard let v = a.keyword(name) else { return nil }
        if case .nothing = v { return nil }
        guard case .int(let n) = v else { throw Exceptions.typeError(name, expected: "Integer", got: v) }
        guard (0...10_000).contains(n) else { throw Exceptions.argument("`\(name)` = \(n) is outside 0:10000") }
        return Int(n)
    }

    /// `:viridis`, or a vector of colours: palette numbers, colour names or RGB tuples
    /// (integers 0-255 or floats 0-1).
    static func colormap(_ v: Value, _ interp: Interpreter) throws -> PlotColormap {
        switch v {
        case .symbol(let s):
            guard let m = PlotColormap.named[s.name] else {
                let known = PlotColormap.named.keys.sorted().map { ":" + $0 }.joined(separator: ", ")
                throw Exceptions.argument("colormap :\(s.name) is not available in flx (\(known), or a vector of colors)")
            }
            return m
        case .array, .tuple:
            return .list(try interp.collect(v).map(colour))
        default:
            throw Exceptions.argument("colormap must be a Symbol (:viridis) or a vector of colors")
        }
    }

    static func colour(_ v: Value) throws -> PlotColor {
        if case .tuple(let t) = v, t.items.count == 3 {
            let parts = t.items.map(OperatorBuiltins.plain)
            if parts.allSatisfy({ $0.fixedInt != nil }) {
                return .rgb(UInt8(clamping: asInt(parts[0])), UInt8(clamping: asInt(parts[1])), UInt8(clamping: asInt(parts[2])))
            }
            if parts.allSatisfy({ scalarRank($0) != nil }) {
                func c256(_ x: Value) -> UInt8 { UInt8(clamping: Int(exactly: (255 * asDouble(x)).rounded(.toNearestOrEven)) ?? 0) }
                return .rgb(c256(parts[0]), c256(parts[1]), c256(parts[2]))
            }
        }
        guard let n = try BarPlotBuiltins.colour(v) else { throw Exceptions.argument("a colormap entry cannot be :normal") }
        return .palette(UInt8(clamping: n))
    }

    static func border(_ v: Value) throws -> PlotBorder {
        guard case .symbol(let s) = v, let b = PlotBorder.named[s.name] else {
            let shown = if case .symbol(let s) = v { ":" + s.name } else { "of that type" }
            throw Exceptions.argument("unknown border style \(shown): try :solid, :bold, :dashed, :dotted, :ascii, :corners or :none")
        }
        return b
    }
}
