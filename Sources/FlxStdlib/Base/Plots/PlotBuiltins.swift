import FlxSyntax
import FlxCore
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// `using UnicodePlots`: `lineplot`, `lineplot!`, `scatterplot`, `scatterplot!` (and `barplot`, BarPlotBuiltins) and `savefig`, drawn as UnicodePlots.jl
/// draws them (a braille canvas, each character a 2×4 grid of dots, in a box with the
/// limits as tick labels), and saved as a standalone SVG.
package enum PlotBuiltins {
    package static func install(_ interp: Interpreter) {
        let m = StdlibModules.module("UnicodePlots", interp, names: [])
        m.usings = [interp.base]
        m.native("lineplot") { interp, a in
            let width = try a.keywordInt("width") ?? 40, height = try a.keywordInt("height") ?? 15
            // A function (lineplot(f), lineplot(lo, hi, f), lineplot(x, f)) is sampled first.
            let function = try functionSeries(a, from: 0, width: width, limits: nil, interp)
            guard function != nil || a.count == 1 || a.count == 2 else { throw Exceptions.method(.str("lineplot"), a.values) }
            let (xs, ys) = try function.map { ($0.0, $0.1) } ?? series(a, from: 0, "lineplot", interp)
            // The canvas holds a byte and an Int per character cell.
            try AllocationGuard.reserve([max(width, 5), max(height, 2)], bytesEach: 9)
            let xlabel = a.keyword("xlabel") == nil && function != nil ? "x" : try text(a, "xlabel", interp)
            let ylabel = a.keyword("ylabel") == nil && function != nil ? "f(x)" : try text(a, "ylabel", interp)
            let p = LinePlot(xs: xs, ys: ys, width: width, height: height,
                             title: try text(a, "title", interp), xlabel: xlabel, ylabel: ylabel)
            p.add(xs: xs, ys: ys, name: try function?.2 ?? text(a, "name", interp))
            return .native(PlotObject(p))
        }
        m.native("lineplot!") { interp, a in
            guard a.count >= 2, a.count <= 4, case .native(let object as PlotObject) = a[0], let p = object.chart as? LinePlot else {
                throw Exceptions.method(.str("lineplot!"), a.values)
            }
            // A function is sampled across the plot's x-limits (or lo to hi), one column in three.
            if let (xs, ys, name) = try functionSeries(a, from: 1, width: p.width, limits: p.xlim, interp) {
                p.add(xs: xs, ys: ys, name: name)
                return a[0]
            }
            guard a.count <= 3 else { throw Exceptions.method(.str("lineplot!"), a.values) }
            let (xs, ys) = try series(a, from: 1, "lineplot!", interp)
            p.add(xs: xs, ys: ys, name: try text(a, "name", interp))
            return a[0]
        }
        BarPlotBuiltins.install(m)
        DensityPlotBuiltins.install(m)
        HeatmapBuiltins.install(m)
        // `show(IOContext(io, :color => true), p)` and `print(...)`: the plot in colour, as
        // UnicodePlots prints it to such an io (heatmaps need it to show anything).
        for name in ["show", "print"] {
            StringBuiltins.extend(interp, name, when: { a in
                guard a.count == 2, case .native(let ctx as IOContextObject) = a[0], case .native(let n) = a[1], n is PlotObject else { return false }
                return ctx.properties.contains { $0.key == "color" }
            }) { interp, a in
                guard case .native(let ctx as IOContextObject) = a[0], case .native(let p as PlotObject) = a[1] else { return .nothing }
                let on = ctx.properties.first { $0.key == "color" }.map { if case .bool(true) = $0.value { return true }; return false } ?? false
                ctx.write(p.chart.render(color: on), interp)
                return .nothing
            }
        }
        // scatterplot([x], y) and scatterplot!(p, [x], y): lineplot's canvas and layout, points only.
        m.native("scatterplot") { interp, a in
            guard a.count == 1 || a.count == 2 else { throw Exceptions.method(.str("scatterplot"), a.values) }
            let width = try a.keywordInt("width") ?? 40, height = try a.keywordInt("height") ?? 15
            // UnicodePlots' canvas refuses unequal lengths with a DimensionMismatch.
            if a.count == 2, try interp.collect(a[0]).count != interp.collect(a[1]).count {
                throw Exceptions.dimensionMismatch("`X` and `Y` must be the same length")
            }
            let (xs, ys) = try series(a, from: 0, "scatterplot", interp)
            try AllocationGuard.reserve([max(width, 5), max(height, 2)], bytesEach: 9)
            let p = LinePlot(xs: xs, ys: ys, width: width, height: height, title: try text(a, "title", interp),
                             xlabel: try text(a, "xlabel", interp), ylabel: try text(a, "ylabel", interp))
            p.drawsPoints = true
            p.add(xs: xs, ys: ys, name: try text(a, "name", interp))
            return .native(PlotObject(p))
        }
        m.native("scatterplot!") { interp, a in
            guard a.count == 2 || a.count == 3, case .native(let object as PlotObject) = a[0], let p = object.chart as? LinePlot, p.drawsPoints else {
                throw Exceptions.method(.str("scatterplot!"), a.values)
            }
            let (xs, ys) = try series(a, from: 1, "scatterplot!", interp)
            p.add(xs: xs, ys: ys, name: try text(a, "name", interp))
            return a[0]
        }
        m.native("savefig") { interp, a in
            guard a.count == 2, case .native(let p as PlotObject) = a[0], case .string(let pathValue) = a[1] else {
                throw Exceptions.method(.str("savefig"), a.values)
            }
            let path = pathValue.value
            // The content always matches the extension: text, SVG or a rendered PNG.
            let bytes: [UInt8]
            switch extensionOf(path) {
            case "", ".txt": bytes = Array((p.chart.render(color: false) + "\n").utf8)
            case ".svg": bytes = Array(p.chart.svg().utf8)
            case ".png": bytes = try SVGRasterizer.png(svg: p.chart.svg(), width: LinePlot.svgSize.width, height: LinePlot.svgSize.height)
            case let ext:
                throw Exceptions.argument("extension \"\(ext)\" is unsupported: `savefig` writes `.txt` (or no extension), `.svg` and `.png` files")
            }
            try FileSystem.systemError { try FileSystem.writeFile(path, bytes) }
            return .nothing
        }
    }

    /// `splitext(path)[2]`, lowercased: `.png` of `plots/loss.PNG`, "" without one.
    package static func extensionOf(_ path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[dot...].lowercased()
    }

    package static func text(_ a: Args, _ name: String, _ interp: Interpreter) throws -> String {
        guard let v = a.keyword(name) else { return "" }
        if case .string(let s) = v { return s.value }
        return try Display.printString(v, interp)
    }

    /// `(y)` or `(x, y)` from position `from`; `x` defaults to `1:length(y)`.
    package static func series(_ a: Args, from: Int, _ name: String, _ interp: Interpreter) throws -> ([Double], [Double]) {
        func numbers(_ v: Value) throws -> [Double] { try interp.collect(v).map { asDouble(OperatorBuiltins.plain($0)) } }
        if a.count - from == 1 {
            let ys = try numbers(a[from])
            return (ys.indices.map { Double($0 + 1) }, ys)
        }
        let xs = try numbers(a[from]), ys = try numbers(a[from + 1])
        guard xs.count == ys.count else { throw Exceptions.argument("`x`, `y` must be the same length") }
        return (xs, ys)
    }

}

/// The value a script holds: prints as the chart.
package final class PlotObject: NativeObject, NativeShowable {
    package let chart: any Chart
    /// For a density plot: its `dscale` function (nil for identity), applied again after
    /// each `densityplot!`.
    package var densityScale: Value?
    package init(_ chart: any Chart) { self.chart = chart }
    package static let type = FlxType(name: "Plot", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { PlotObject.type }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        guard compact else { return chart.render(color: false) }
        if chart is BarPlot { return "Plot{BarplotGraphics}" }
        if chart is Heatmap { return "Plot{HeatmapCanvas}" }
        if chart is VerticalHistogram { return "Plot{BlockCanvas}" }
        return (chart as? LinePlot)?.canvas == .density ? "Plot{DensityCanvas}" : "Plot{BrailleCanvas}"
    }
    package func display(_ interp: Interpreter) throws -> String? { chart.render(color: interp.stdoutIsTerminal) }
}

/// A UnicodePlots line plot: limits fixed by the first series, a braille canvas that
/// later series draw onto, and the data kept for SVG output.
public final class LinePlot: Chart {
    public struct Series { public var xs: [Double]; public var ys: [Double]; public var name: String; public var color: Int }
    public let width: Int, height: Int
    public let title: String, xlabel: String, ylabel: String
    public let xlim: (Double, Double), ylim: (Double, Double)
    public private(set) var series: [Series] = []
    /// Braille dot bits per character, row-major; and the series (1-based) that last drew there.
    package var cells: [UInt8]
    package var cellColor: [Int]

    package static let brailleBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    /// UnicodePlots' canvases flx draws on: braille (2×4 dots a character) for `lineplot` and
    /// `scatterplot`; density (1×2 pixels a character, each character showing how many points
    /// fell in it, ` ░▒▓█`) for `densityplot`.
    public enum Canvas { case braille, density }
    public let canvas: Canvas
    /// For the density canvas: the points counted in each character, row-major, and those
    /// counts through the plot's `dscale` (what the shades are chosen from).
    package var densityCounts: [Int] = []
    package var scaledDensity: [Double] = []
    package static let densitySigns: [Character] = [" ", "░", "▒", "▓", "█"]
    /// UnicodePlots' colour cycle: green, blue, red, magenta, yellow, cyan.
    package static let ansi = [2, 4, 1, 5, 3, 6]
    package static let svgColors = ["#2ca02c", "#1f77b4", "#d62728", "#9467bd", "#bcbd22", "#17becf"]

    public init(xs: [Double], ys: [Double], width: Int = 40, height: Int = 15, title: String = "", xlabel: String = "", ylabel: String = "",
                canvas: Canvas = .braille) {
        self.canvas = canvas
        // UnicodePlots' density canvas is at least 5 characters each way.
        self.width = max(width, 5)
        self.height = max(height, canvas == .density ? 5 : 2)
        self.title = title
        self.xlabel = xlabel
        self.ylabel = ylabel
        xlim = LinePlot.extendLimits(xs.filter { $0.isFinite })
        ylim = LinePlot.extendLimits(ys.filter { $0.isFinite })
        cells = [UInt8](repeating: 0, count: self.width * self.height)
        cellColor = [Int](repeating: 0, count: self.width * self.height)
        if canvas == .density {
            // densityplot draws no grid.
            densityCounts = [Int](repeating: 0, count: self.width * self.height)
            scaledDensity = [Double](repeating: 0, count: self.width * self.height)
            return
        }
        // The grid: a line along y = 0 and x = 0 when they fall inside.
        if ylim.0 < 0 && 0 < ylim.1 { line(xlim.0, 0, xlim.1, 0, color: 0) }
        if xlim.0 < 0 && 0 < xlim.1 { line(0, ylim.0, 0, ylim.1, color: 0) }
    }

    /// `scatterplot`: each series is its points, one braille dot each, not lines between them.
    public var drawsPoints = false

    public func add(xs: [Double], ys: [Double], name: String) {
        let color = series.count + 1
        series.append(Series(xs: xs, ys: ys, name: name, color: color))
        if drawsPoints {
            for (x, y) in zip(xs, ys) where validX(x) && validY(y) { pixel(xPixel(x), yPixel(y), color: color) }
            return
        }
        for i in xs.indices.dropFirst() where xs[i].isFinite && ys[i].isFinite && xs[i - 1].isFinite && ys[i - 1].isFinite {
            line(xs[i - 1], ys[i - 1], xs[i], ys[i], color: color)
        }
        if xs.count == 1, xs[0].isFinite, ys[0].isFinite { line(xs[0], ys[0], xs[0], ys[0], color: color) }
    }

    // MARK: canvas

    package var pixelWidth: Int { width * xPixelsPerCharacter }
    package var pixelHeight: Int { height * yPixelsPerCharacter }
    package var xPixelsPerCharacter: Int { canvas == .braille ? 2 : 1 }
    package var yPixelsPerCharacter: Int { canvas == .braille ? 4 : 2 }
    package func xPixel(_ x: Double) -> Double { (x - xlim.0) / (xlim.1 - xlim.0) * Double(pixelWidth) }
    package func yPixel(_ y: Double) -> Double { (1 - (y - ylim.0) / (ylim.1 - ylim.0)) * Double(pixelHeight) }
    package func validX(_ x: Double) -> Bool { x.isFinite && xlim.0 <= x && x <= xlim.1 }
    package func validY(_ y: Double) -> Bool { y.isFinite && ylim.0 <= y && y <= ylim.1 }

    package func pixel(_ fx: Double, _ fy: Double, color: Int) {
        guard fx.isFinite, fy.isFinite, abs(fx) < 1e9, abs(fy) < 1e9 else { return }
        var px = Int(fx.rounded(.down)), py = Int(fy.rounded(.down))
        guard 0 <= px && px <= pixelWidth && 0 <= py && py <= pixelHeight else { return }
        if px >= pixelWidth { px -= 1 }
        if py >= pixelHeight { py -= 1 }
        let i = (py / yPixelsPerCharacter) * width + px / xPixelsPerCharacter
        if canvas == .density {
            densityCounts[i] += 1
        } else {
            cells[i] |= LinePlot.brailleBits[py % 4][px % 2]
        }
        if color != 0 || cellColor[i] == 0 { cellColor[i] = color }
    }

    /// UnicodePlots' digital differential analyser.
    package func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: Int) {
        guard validX(x1) || validX(x2), validY(y1) || validY(y2) else { return }
        var cx = xPixel(x1), cy = yPixel(y1)
        let dx = xPixel(x2) - cx, dy = yPixel(y2) - cy
        guard dx.isFinite, dy.isFinite else { return }
        let steps = min(max(abs(dx), abs(dy)), Double(Int32.max))
        let len = min(Int(steps.rounded(.down)), Int(Int16.max))
        let sx = dx / steps, sy = dy / steps
        pixel(cx, cy, color: color)
        guard len > 0 else { return }
        for _ in 0..<len {
            cx += sx
            cy += sy
            if cy < 0 || cy > Double(pixelHeight) || cx < 0 || cx > Double(pixelWidth) { continue }
            pixel(cx, cy, color: color)
        }
    }

    // MARK: limits and labels, as UnicodePlots computes them

    package static func extendLimits(_ v: [Double]) -> (Double, Double) {
        guard var mi = v.min(), var ma = v.max() else { return (-1, 1) }
        if mi == ma { mi -= 1; ma += 1 }
        let d = ma - mi
        guard d.isFinite, d != 0 else { return (mi, ma) }
        return (roundSubtick(mi, d, up: false), roundSubtick(ma, d, up: true))
    }

    package static func roundable(_ x: Double) -> Bool { x == x.rounded() && x >= -2147483648 && x <= 2147483647 }

    package static func ceilNegLog10(_ x: Double) -> Int {
        let v = -log10(x)
        guard v.isFinite else { return Int.min / 2 }
        return roundable(v) ? Int(v.rounded(.up)) : Int(v.rounded(.down))
    }

    /// Julia's `floor(x; digits)` / `ceil(x; digits)`.
    package static func roundDigits(_ x: Double, _ digits: Int, _ rule: FloatingPointRoundingRule) -> Double {
        if digits >= 0 {
            let s = pow(10.0, Double(digits))
            let y = (x * s).rounded(rule) / s
            return y.isFinite ? y : x
        }
        let s = pow(10.0, Double(-digits))
        let y = (x / s).rounded(rule) * s
        return y.isFinite ? y : x
    }

    package static func roundSubtick(_ x: Double, _ m: Double, up: Bool) -> Double {
        if x == 0 { return x }
        let digits = ceilNegLog10(m) + 1
        if up { return x > 0 ? roundDigits(x, digits, .up) : -roundDigits(-x, digits, .down) }
        return x > 0 ? roundDigits(x, digits, .down) : -roundDigits(-x, digits, .up)
    }

    /// UnicodePlots' `nice_repr`: integers with a thin thousands separator, other
    /// numbers in compact form with a superscript exponent.
    public static func niceRepr(_ x: Double) -> String {
        if roundable(x) {
            let n = Int(x.rounded(.toNearestOrAwayFromZero))
            if n == 0 { return "0" }
            let digits = Array(String(abs(n)))
            var out = ""
            for (i, c) in digits.enumerated() {
                if i > 0 && (digits.count - i) % 3 == 0 { out.append(" ") }
                out.append(c)
            }
            return (n < 0 ? "-" : "") + out
        }
        let s = FloatFormat.compact(x, float32: false)
        let parts = s.split(separator: "e", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return s }
        var left = String(parts[0])
        if left.hasSuffix(".0") { left.removeLast(2) }
        let sup: [Character: Character] = ["-": "⁻", "+": "⁺", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴",
                                           "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹"]
        return left + "e" + String(parts[1].map { sup[$0] ?? $0 })
    }

    // MARK: text

    /// The chart as UnicodePlots prints it (margin 3, padding 1, solid border);
    /// with `color`, series and their names in ANSI colours.
    public func render(color: Bool) -> String {
        let blank = canvas == .braille ? "\u{2800}" : " ", space = " "
        func rep(_ s: String, _ n: Int) -> String { n > 0 ? String(repeating: s, count: n) : "" }
        let margin = 3, padding = 1
        let yTop = LinePlot.niceRepr(ylim.1), yBottom = LinePlot.niceRepr(ylim.0)
        var left: [Int: String] = [0: yTop, height - 1: yBottom]
        if height == 1 { left = [0: yTop] }
        var right: [Int: (String, Int)] = [:]
        for s in series where !s.name.isEmpty {
            if let row = (0..<height).first(where: { right[$0] == nil }) { right[row] = (s.name, s.color) }
        }
        var maxLeft = left.values.map { $0.count }.max() ?? 0
        if !ylabel.isEmpty { maxLeft += ylabel.count + 1 }
        let maxRight = right.values.map { $0.0.count }.max() ?? 0
        let offset = maxLeft + margin + padding
        let leftPad = rep(space, offset)
        let rightPad = rep(space, padding + maxRight)
        let pWidth = width + 2
        func paint(_ s: String, _ c: Int) -> String {
            color && c > 0 ? "\u{1B}[38;5;\(LinePlot.ansi[(c - 1) % 6])m" + s + "\u{1B}[0m" : s
        }
        func centred(_ t: String) -> String {
            let off = Int((Double(pWidth) / 2 - Double(t.count) / 2).rounded(.toNearestOrAwayFromZero))
            let pre = max(0, off)
            return rep(blank, pre) + t + rep(blank, pWidth - pre - t.count)
        }
        var out = ""
        if !title.isEmpty { out += leftPad + centred(title) + rightPad + "\n" }
        out += leftPad + "┌" + rep("─", width) + "┐" + rightPad + "\n"
        let yLabelRow = Int((Double(height) / 2).rounded(.toNearestOrAwayFromZero)) - 1
        for row in 0..<height {
            out += rep(space, margin)
            let l = left[row] ?? ""
            if !ylabel.isEmpty && row == yLabelRow {
                out += ylabel + rep(space, maxLeft - ylabel.count - l.count)
            } else {
                out += rep(space, maxLeft - l.count)
            }
            out += l + rep(space, padding) + "│"
            var col = 0
            while col < width {
                let c = cellColor[row * width + col]
                var run = ""
                while col < width && cellColor[row * width + col] == c {
                    if canvas == .density {
                        run.append(densitySign(row * width + col))
                    } else {
                        run.unicodeScalars.append(Unicode.Scalar(0x2800 + UInt32(cells[row * width + col]))!)
                    }
                    col += 1
                }
                out += paint(run, c)
            }
            out += "│" + rep(space, padding)
            let r = right[row]
            out += paint(r?.0 ?? "", r?.1 ?? 0) + rep(space, maxRight - (r?.0.count ?? 0))
            out += "\n"
        }
        out += leftPad + "└" + rep("─", width) + "┘" + rightPad
        // x limits under the corners.
        let xl = LinePlot.niceRepr(xlim.0), xr = LinePlot.niceRepr(xlim.1)
        let borderLength = width - 2
        let cnt = Int((Double(borderLength) / 2 - Double(xl.count)).rounded(.toNearestOrAwayFromZero))
        let cnt2 = borderLength - xr.count - xl.count + 2 - cnt
        out += "\n" + leftPad + blank + xl + rep(blank, cnt) + rep(blank, cnt2) + xr + blank + rightPad
        if !xlabel.isEmpty { out += "\n" + leftPad + centred(xlabel) + rightPad }
        return out
    }

    // MARK: SVG

    /// The size of the SVG (and PNG) `savefig` writes.
    public static let svgSize = (width: 640, height: 400)

    public func svg() -> String { svg(width: LinePlot.svgSize.width, height: LinePlot.svgSize.height) }

    /// A standalone SVG of the same plot: axes with ticks, title, axis labels, one
    /// polyline per series and a legend for named series.
    public func svg(width w: Int, height h: Int) -> String {
        let esc = SVGText.escape, num = SVGText.number
        let left = 70.0, right = 20.0 + (series.contains { !$0.name.isEmpty } ? 110.0 : 0)
        let top = title.isEmpty ? 20.0 : 40.0, bottom = xlabel.isEmpty ? 40.0 : 60.0
        let pw = Double(w) - left - right, ph = Double(h) - top - bottom
        func sx(_ x: Double) -> Double { left + (x - xlim.0) / (xlim.1 - xlim.0) * pw }
        func sy(_ y: Double) -> Double { top + (1 - (y - ylim.0) / (ylim.1 - ylim.0)) * ph }
        var o = SVGText.opening(width: w, height: h, title: title, centre: left + pw / 2)
        o += "<rect x=\"\(num(left))\" y=\"\(num(top))\" width=\"\(num(pw))\" height=\"\(num(ph))\" fill=\"none\" stroke=\"black\"/>\n"
        // Ticks at round steps (1, 2 or 5 × 10^k) within the limits.
        o += "<g stroke=\"black\">\n"
        var labels = ""
        for v in LinePlot.niceTicks(xlim) {
            let px = sx(v)
            o += "<line x1=\"\(num(px))\" y1=\"\(num(top + ph))\" x2=\"\(num(px))\" y2=\"\(num(top + ph + 5))\"/>\n"
            labels += "<text x=\"\(num(px))\" y=\"\(num(top + ph + 18))\" text-anchor=\"middle\">\(esc(LinePlot.niceRepr(v)))</text>\n"
        }
        for v in LinePlot.niceTicks(ylim) {
            let py = sy(v)
            o += "<line x1=\"\(num(left - 5))\" y1=\"\(num(py))\" x2=\"\(num(left))\" y2=\"\(num(py))\"/>\n"
            labels += "<text x=\"\(num(left - 8))\" y=\"\(num(py + 4))\" text-anchor=\"end\">\(esc(LinePlot.niceRepr(v)))</text>\n"
        }
        o += "</g>\n" + labels
        if ylim.0 < 0 && 0 < ylim.1 {
            o += "<line x1=\"\(num(left))\" y1=\"\(num(sy(0)))\" x2=\"\(num(left + pw))\" y2=\"\(num(sy(0)))\" stroke=\"#bbbbbb\" stroke-dasharray=\"2,3\"/>\n"
        }
        if !xlabel.isEmpty {
            o += "<text x=\"\(num(left + pw / 2))\" y=\"\(num(Double(h) - 12))\" text-anchor=\"middle\">\(esc(xlabel))</text>\n"
        }
        if !ylabel.isEmpty {
            o += "<text x=\"16\" y=\"\(num(top + ph / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(num(top + ph / 2)))\">\(esc(ylabel))</text>\n"
        }
        o += "<defs><clipPath id=\"plotarea\"><rect x=\"\(num(left))\" y=\"\(num(top))\" width=\"\(num(pw))\" height=\"\(num(ph))\"/></clipPath></defs>\n"
        var legendRow = 0
        for s in series {
            let colour = LinePlot.svgColors[(s.color - 1) % 6]
            // Non-finite points break the line into separate polylines.
            var segments: [[String]] = [[]]
            for (x, y) in zip(s.xs, s.ys) {
                if x.isFinite && y.isFinite { segments[segments.count - 1].append("\(num(sx(x))),\(num(sy(y)))") } else if !segments[segments.count - 1].isEmpty { segments.append([]) }
            }
            for seg in segments where !seg.isEmpty {
                o += "<polyline clip-path=\"url(#plotarea)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(seg.joined(separator: " "))\"/>\n"
            }
            if !s.name.isEmpty {
                let ly = top + 10 + Double(legendRow) * 18
                o += "<line x1=\"\(num(left + pw + 10))\" y1=\"\(num(ly))\" x2=\"\(num(left + pw + 30))\" y2=\"\(num(ly))\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
                o += "<text x=\"\(num(left + pw + 35))\" y=\"\(num(ly + 4))\">\(esc(s.name))</text>\n"
                legendRow += 1
            }
        }
        o += "</svg>\n"
        return o
    }

    /// Three to about eight round values between the limits, computed as integer
    /// multiples of the step so that no 0.30000000000000004 appears.
    package static func niceTicks(_ lim: (Double, Double)) -> [Double] {
        let range = lim.1 - lim.0
        guard range > 0, range.isFinite else { return [lim.0] }
        let raw = range / 6
        let mag = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        let first = (lim.0 / step - 1e-9).rounded(.up), last = (lim.1 / step + 1e-9).rounded(.down)
        guard last >= first, last - first < 100 else { return [lim.0, lim.1] }
        let decimals = max(0, -Int(log10(step).rounded(.down)))
        let scale = pow(10, Double(decimals))
        return stride(from: first, through: last, by: 1).map { k in
            let v = (k * step * scale).rounded() / scale
            return v == 0 ? 0 : v
        }
    }
}
