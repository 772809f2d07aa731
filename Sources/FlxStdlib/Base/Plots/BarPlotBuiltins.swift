import FlxSyntax
import FlxCore

/// `barplot(labels, heights; title, xlabel, width, margin, padding, color)`,
/// `barplot(dict)`, `barplot(label, height)` and `barplot!(plot, ...)` as UnicodePlots
/// takes them: heights are numbers ≥ 0, labels anything printable, a Dict's pairs are
/// shown in key order.
enum BarPlotBuiltins {
    static func install(_ m: ModuleValue) {
        m.native("barplot") { interp, a in
            guard a.count == 1 || a.count == 2 else { throw Exceptions.method(.str("barplot"), a.values) }
            let bars = try bars(a.values, "barplot", interp)
            let width = try bounded(a, "width", 40, 0...10_000)
            let p = BarPlot(labels: bars.labels, values: bars.values, valueTexts: bars.texts, width: width,
                            title: try PlotBuiltins.text(a, "title", interp), xlabel: try PlotBuiltins.text(a, "xlabel", interp),
                            margin: try bounded(a, "margin", 3, 0...1000), padding: try bounded(a, "padding", 1, 0...1000))
            if let c = a.keyword("color") { p.colour = try colour(c) }
            return .native(PlotObject(p))
        }
        m.native("histogram") { interp, a in
            try a.expect("histogram", 1...1)
            let vertical = try a.keywordBool("vertical") ?? false
            let closed = a.keyword("closed") ?? .sym("left")
            guard case .symbol(let side) = closed, side.name == "left" || side.name == "right" else {
                throw Exceptions.argument("closed must be :left or :right")
            }
            let items = try interp.collect(a[0]).map { OperatorBuiltins.plain($0) }
            guard !items.isEmpty else { throw Exceptions.argument("histogram needs at least one value") }
            let float32 = items.allSatisfy { if case .float32 = $0 { return true }; return false }
            let xs = try items.map { v -> Double in
                switch v {
                case .int, .float64, .float32, .bool: return asDouble(v)
                default: throw Exceptions.method(.str("histogram"), a.values)
                }
            }
            guard xs.allSatisfy({ $0.isFinite }) else { throw Exceptions.argument("histogram edges cannot be computed for non-finite data") }
            let bins = try a.keywordInt("nbins") ?? HistogramFit.sturges(xs.count)
            guard bins >= 1 else { throw Exceptions.argument("number of bins must be ≥ 1 for a non-empty array, got \(bins)") }
            guard bins <= 100_000 else { throw Exceptions.argument("nbins = \(bins) is more bins than flx draws (100000)") }
            let left = side.name == "left"
            let labels: [String], counts: [Int], edgeValues: [Double]
            let tooNarrow = Exceptions.argument("histogram: the data's range cannot be cut into bins in floating point")
            if float32 {
                let fs = xs.map { Float($0) }
                let edges = HistogramFit.edges(lo: fs.min() ?? 0, hi: fs.max() ?? 0, bins: bins, leftClosed: left)
                guard edges.count >= 2 else { throw tooNarrow }
                (labels, counts) = (HistogramFit.labels(edges: edges, leftClosed: left, float32: true), HistogramFit.counts(fs, edges: edges, leftClosed: left))
                edgeValues = edges.map(Double.init)
            } else {
                let edges = HistogramFit.edges(lo: xs.min() ?? 0, hi: xs.max() ?? 0, bins: bins, leftClosed: left)
                guard edges.count >= 2 else { throw tooNarrow }
                (labels, counts) = (HistogramFit.labels(edges: edges, leftClosed: left, float32: false), HistogramFit.counts(xs, edges: edges, leftClosed: left))
                edgeValues = edges
            }
            if vertical {
                // The statistics line is the x label unless `stats = false` or an xlabel is given.
                let info = try a.keywordBool("stats") ?? true ? VerticalHistogram.stats(xs) : ""
                let xlabel = a.keyword("xlabel") == nil ? info : try PlotBuiltins.text(a, "xlabel", interp)
                let colour = try a.keyword("color").map(colour) ?? 2
                return .native(PlotObject(try VerticalHistogram(
                    edges: edgeValues, counts: counts, height: try bounded(a, "height", 15, 1...10_000), colour: colour,
                    title: try PlotBuiltins.text(a, "title", interp), xlabel: xlabel, ylabel: try PlotBuiltins.text(a, "ylabel", interp),
                    margin: try bounded(a, "margin", 3, 0...1000), padding: try bounded(a, "padding", 1, 0...1000))))
            }
            let xlabel = a.keyword("xlabel") == nil ? "Frequency" : try PlotBuiltins.text(a, "xlabel", interp)
            let p = BarPlot(labels: labels, values: counts.map(Double.init), valueTexts: counts.map { BarPlot.thousands(Int64($0)) },
                            width: try bounded(a, "width", 40, 0...10_000), title: try PlotBuiltins.text(a, "title", interp),
                            xlabel: xlabel, margin: try bounded(a, "margin", 3, 0...1000), padding: try bounded(a, "padding", 1, 0...1000))
            p.symbols = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
            if let c = a.keyword("color") { p.colour = try colour(c) }
            return .native(PlotObject(p))
        }
        m.native("barplot!") { interp, a in
            guard a.count == 2 || a.count == 3, case .native(let object as PlotObject) = a[0], let p = object.chart as? BarPlot else {
                throw Exceptions.method(.str("barplot!"), a.values)
            }
            let bars = try bars(Array(a.values.dropFirst()), "barplot!", interp)
            guard !bars.labels.isEmpty else { throw Exceptions.argument("can't append empty array to barplot") }
            p.add(labels: bars.labels, values: bars.values, valueTexts: bars.texts)
            return a[0]
        }
    }

    /// An integer keyword within `range`, else an ArgumentError naming it.
    static func bounded(_ a: Args, _ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
        guard let v = try a.keywordInt(name) else { return fallback }
        guard range.contains(v) else { throw Exceptions.argument("`\(name)` = \(v) is outside \(range.lowerBound):\(range.upperBound)") }
        return v
    }

    /// UnicodePlots' colour names as the 256-colour palette numbers it prints, or a number.
    static func colour(_ v: Value) throws -> Int? {
        switch v {
        case .symbol(let s):
            let names = ["black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
                         "light_black": 8, "light_red": 9, "light_green": 10, "light_yellow": 11, "light_blue": 12,
                         "light_magenta": 13, "light_cyan": 14, "light_white": 15]
            if s.name == "normal" || s.name == "default" { return nil }
            guard let n = names[s.name] else { throw Exceptions.argument("unknown color :\(s.name)") }
            return n
        case .int(let n) where (0...255).contains(n):
            return Int(n)
        default:
            throw Exceptions.argument("color must be a Symbol (:green, :blue, ...) or an Int in 0:255")
        }
    }

    struct Bars { var labels: [String] = []; var values: [Double] = []; var texts: [String] = [] }

    /// `(dict)`, `(label, height)` or `(labels, heights)`.
    static func bars(_ args: [Value], _ name: String, _ interp: Interpreter) throws -> Bars {
        var pairs: [(Value, Value)] = []
        if args.count == 1 {
            for item in try interp.collect(args[0]) {
                guard case .pair(let p) = item else { throw Exceptions.method(.str(name), args) }
                pairs.append((p.first, p.second))
            }
            // A Dict's bars come in the order of its keys (UnicodePlots sorts them).
            let allNumbers = pairs.allSatisfy { isNumber($0.0) }
            pairs.sort { l, r in
                allNumbers ? asDouble(l.0) < asDouble(r.0) : (try? label(l.0, interp)) ?? "" < (try? label(r.0, interp)) ?? ""
            }
        } else if args.count == 2, isNumber(args[1]) {
            pairs = [(args[0], args[1])]
        } else if args.count == 2 {
            let labels = try interp.collect(args[0]), heights = try interp.collect(args[1])
            guard labels.count == heights.count else { throw Exceptions.dimensionMismatch("the given vectors must be of the same length") }
            pairs = Array(zip(labels, heights))
        } else {
            throw Exceptions.method(.str(name), args)
        }
        var bars = Bars()
        for (l, h) in pairs {
            let text: String, value: Double
            switch OperatorBuiltins.plain(h) {
            case .int(let n): (value, text) = (Double(n), BarPlot.thousands(n))
            case .bool(let b): (value, text) = (b ? 1 : 0, b ? "1" : "0")
            case .float64(let d): (value, text) = (d, LinePlot.niceRepr(d))
            case .float32(let f): (value, text) = (Double(f), LinePlot.niceRepr(Double(f)))
            default: throw Exceptions.method(.str(name), args)
            }
            guard value >= 0 else { throw Exceptions.argument("all values have to be ≥ 0") }
            guard value.isFinite else { throw Exceptions.argument("bar heights must be finite, got \(text)") }
            bars.labels.append(try label(l, interp))
            bars.values.append(value)
            bars.texts.append(text)
        }
        return bars
    }

    static func isNumber(_ v: Value) -> Bool {
        switch OperatorBuiltins.plain(v) {
        case .int, .float64, .float32, .bool: return true
        default: return false
        }
    }

    /// `string(x)`.
    static func label(_ v: Value, _ interp: Interpreter) throws -> String {
        switch v {
        case .string(let s): return s.value
        case .symbol(let s): return s.name
        default: return try Display.printString(v, interp)
        }
    }
}
