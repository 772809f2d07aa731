#if canImport(Glibc)
import Glibc
#endif
import FlxCore
import FlxEngine

/// UnicodePlots' `heatmap(A)`: each matrix entry one half-block "pixel" coloured by the
/// colormap (two entries per character: `▄` painted in the lower one, on a background of
/// the upper one), the row and column numbers (or `yfact`/`xfact` multiples, shifted by
/// the offsets) as axis limits, and a colour bar of the value range beside it.
public final class Heatmap: Chart {
    /// What `heatmap` was asked for; every field has UnicodePlots' default.
    public struct Options {
        public var xlim = (0.0, 0.0), ylim = (0.0, 0.0), zlim = (0.0, 0.0)
        public var xfact: Double? = nil, yfact: Double? = nil
        public var xoffset = 0.0, yoffset = 0.0
        public var width: Int? = nil, height: Int? = nil
        public var margin = 3, padding = 1
        public var colormap = PlotColormap.named["viridis"] ?? .list([])
        public var colorbar: Bool? = nil
        public var colorbarBorder = PlotBorder.solid
        public var fixAspectRatio = false, labels = true, array = false
        public var title = "", xlabel = "", ylabel = "", zlabel = ""
        public var terminal = (rows: 24, cols: 80)
        /// The matrix's element type, as the `zlim` error names it.
        public var elementType = "Float64"
        public init() {}
    }

    public private(set) var frame: PlotFrame
    /// The canvas: one colour per half-character cell, `gridRows` × `columns`, row-major
    /// from the top; unpainted cells stay black, as UnicodePlots' canvas starts.
    let gridRows: Int, columns: Int
    var cells: [PlotColor?]
    /// The data as drawn, for the SVG: values, their colours and the limits.
    let values: [[Double]]
    let options: Options
    let zRange: (Double, Double)?

    /// `A` is given row by row (`rows[i][j]` is `A[i, j]`).
    public init(_ rows: [[Double]], _ o: Options) throws {
        options = o
        let nr = rows.count, nc = rows.first?.count ?? 0
        func axis(_ n: Int, _ fact: Double?, _ offset: Double) -> [Double] {
            (0..<n).map { i in (fact.map { Double(i) * $0 } ?? Double(i + 1)) + offset }
        }
        var ys = axis(nr, o.yfact, o.yoffset), xs = axis(nc, o.xfact, o.xoffset)
        func autolims(_ lim: (Double, Double), _ v: [Double]) -> (Double, Double) {
            lim == (0, 0) && !v.isEmpty ? (v.min() ?? 0, v.max() ?? 0) : lim
        }
        let ylim = autolims(o.ylim, ys), xlim = autolims(o.xlim, xs)
        // Only the rows and columns inside the limits are drawn.
        func subset(_ lim: (Double, Double), _ v: [Double]) -> Range<Int> {
            guard let first = v.firstIndex(where: { $0 >= lim.0 }), let last = v.lastIndex(where: { $0 <= lim.1 }), first <= last else { return 0..<0 }
            return first..<(last + 1)
        }
        let yr = subset(ylim, ys), xr = subset(xlim, xs)
        ys = Array(ys[yr])
        xs = Array(xs[xr])
        let data = rows[yr].map { Array($0[xr]) }
        let dataRows = try Heatmap.count((ylim.1 - ylim.0) / (o.yfact ?? 1)), dataColumns = try Heatmap.count((xlim.1 - xlim.0) / (o.xfact ?? 1))
        // `nanless_extrema`: the range of the values, NaN left out; none for an empty matrix.
        let finite = data.joined().filter { !$0.isNaN }
        var z: (Double, Double)? = data.joined().first == nil ? nil : (finite.min() ?? .nan, finite.max() ?? .nan)
        if o.zlim != (0, 0) {
            guard z != nil else { throw Exceptions.argument("`zlim` cannot be set when the element type is \(o.elementType)") }
            z = o.zlim
        }
        zRange = z
        values = data

        // The size: the matrix's shape (each row half a character) fitted to the terminal.
        let aspect = Double(dataColumns) / Double(dataRows)
        let maxWidth = o.width ?? (o.height.map { Heatmap.ceil(Double($0) * aspect) } ?? 0)
        let maxHeight = o.height ?? (o.width.map { Heatmap.ceil(Double($0) / aspect) } ?? 0)
        let (height, width) = Heatmap.canvasSize(rows: 2 * dataRows, columns: dataColumns, maxHeight: maxHeight, maxWidth: maxWidth,
                                                 height: o.height, width: o.width, margin: o.margin, padding: o.padding,
                                                 terminal: o.terminal, fixAspectRatio: o.fixAspectRatio)
        let showBar = z != nil && (height < 7 ? (o.colorbar ?? false) : (o.colorbar ?? o.labels))
        gridRows = max(height, 1)
        columns = max(width, 1)
        try AllocationGuard.reserve([gridRows, columns], bytesEach: 9)
        cells = [PlotColor?](repeating: .palette(0), count: gridRows * columns)

        // Limits as the Plot keeps them (an empty or flat range widened by one each way).
        func extend(_ lim: (Double, Double), _ v: [Double]) -> (Double, Double) {
            // Automatic limits (both 0) come from the ends, rounded outwards as lineplot's.
            if lim == (0, 0) { return LinePlot.extendLimits(v) }
            let (mi, ma) = (min(lim.0, lim.1), max(lim.0, lim.1))
            return mi == ma ? (mi - 1, ma + 1) : (mi, ma)
        }
        let xEnds = xs.isEmpty ? [0.0, 0.0] : [xs[0], xs[xs.count - 1]]
        let yEnds = ys.isEmpty ? [0.0, 0.0] : [ys[0], ys[ys.count - 1]]
        let (mx, Mx) = extend(xlim, xEnds), (my, My) = extend(ylim, yEnds)

        var f = PlotFrame(rows: (gridRows + 1) / 2, columns: columns)
        (f.title, f.xlabel, f.ylabel, f.zlabel) = (o.title, o.xlabel, o.ylabel, o.zlabel)
        (f.margin, f.padding, f.labels) = (o.margin, o.padding, o.labels)
        let (bottom, top) = (LinePlot.niceRepr(my), LinePlot.niceRepr(My))
        // The bottom row's label first: a one-row plot shows the top one, as UnicodePlots' does.
        f.leftLabels[f.rows] = (o.array ? top : bottom, .border)
        f.leftLabels[1] = (o.array ? bottom : top, .border)
        f.decorations["bl"] = (LinePlot.niceRepr(mx), .border)
        f.decorations["br"] = (LinePlot.niceRepr(Mx), .border)
        if showBar, let z { f.colorBar = PlotColorBar(border: o.colorbarBorder, lim: z, colormap: o.colormap) }
        frame = f

        // Each value is one point at (x, y): the cell it falls in takes its colour.
        let pixelHeight = Double(2 * gridRows), pixelWidth = Double(columns)
        for (i, y) in ys.enumerated() where y.isFinite {
            let fy = o.array ? (y - my) / (My - my) * pixelHeight : (1 - (y - my) / (My - my)) * pixelHeight
            for (j, x) in xs.enumerated() where x.isFinite {
                let fx = (x - mx) / (Mx - mx) * pixelWidth
                guard fx.isFinite, fy.isFinite, abs(fx) < 1e9, abs(fy) < 1e9 else { continue }
                guard var px = Int(exactly: fx.rounded(.down)), var py = Int(exactly: fy.rounded(.down)) else { continue }
                guard 0 <= px && Double(px) <= pixelWidth && 0 <= py && Double(py) <= pixelHeight else { continue }
                if Double(px) >= pixelWidth { px -= 1 }
                if Double(py) >= pixelHeight { py -= 1 }
                let colour = z.flatMap { o.colormap.color(data[i][j], $0.0, $0.1) }
                cells[(py / 2) * columns + px] = colour
            }
        }
    }

    /// `ceil(Int, x) + 1`: how many rows or columns the limits span.
    static func count(_ span: Double) throws -> Int {
        guard span.isFinite, span > -1, span < 1e6 else { throw Exceptions.argument("heatmap: the limits span \(span) rows or columns; flx draws at most 10^6") }
        return (Int(exactly: span.rounded(.up)) ?? 0) + 1
    }

    static func ceil(_ x: Double) -> Int { x.isFinite && abs(x) < 1e9 ? Int(exactly: x.rounded(.up)) ?? 0 : 0 }
    static func round(_ x: Double) -> Int { x.isFinite && abs(x) < 1e9 ? Int(exactly: x.rounded(.toNearestOrEven)) ?? 0 : 0 }

    /// UnicodePlots' `get_canvas_dimensions_for_matrix` for the heatmap canvas (one
    /// column and two rows a character): the matrix's own size when it fits, else scaled
    /// into the terminal keeping its shape; `fix_ar` shrinks the height by 4:3.
    static func canvasSize(rows nrow: Int, columns ncol: Int, maxHeight: Int, maxWidth: Int, height: Int?, width: Int?,
                           margin: Int, padding: Int, terminal: (rows: Int, cols: Int), fixAspectRatio: Bool) -> (Int, Int) {
        let canvasHeight = Double(nrow) / 2, canvasWidth = Double(ncol)
        let ratio = canvasWidth / canvasHeight
        let minHeight = Double(ceil(canvasHeight)), minWidth = Double(ceil(canvasWidth))
        let mh = Double(maxHeight > 0 ? maxHeight : terminal.rows)
        let mw = Double(maxWidth > 0 ? maxWidth : terminal.cols - (margin + padding + String(ncol).count))
        if nrow == 0 && ncol == 0 { return (0, 0) }
        var h = height.map(Double.init), w = width.map(Double.init)
        if w == nil && h == nil {
            if minHeight > minWidth {
                var ww = min(minHeight * ratio, mw)
                let hh = min(ww / ratio, mh)
                ww = min(hh * ratio, mw)
                (h, w) = (hh, ww)
            } else {
                var hh = min(minWidth / ratio, mh)
                let ww = min(hh * ratio, mw)
                hh = min(ww / ratio, mh)
                (h, w) = (hh, ww)
            }
        }
        if w == nil, let hh = h, hh > 0 {
            w = min(hh * ratio, mw)
        } else if h == nil, let ww = w, ww > 0 {
            h = min(ww / ratio, mh)
        }
        return (round((h ?? 0) / (fixAspectRatio ? 4.0 / 3.0 : 1)), round(w ?? 0))
    }

    /// Printed row `row` (1-based): each column's lower cell as the `▄`, the one above as
    /// its background; with an odd number of cell rows the top row has no upper half.
    func canvasRow(_ row: Int, color: Bool) -> String {
        var r = row * 2
        if gridRows % 2 == 1 { r -= 1 }
        var out = ""
        for col in 0..<columns {
            let fg = cells[(r - 1) * columns + col]
            let bg = r > 1 ? cells[(r - 2) * columns + col] : nil
            out += PlotColor.paint("▄", fg, background: bg, color: color)
        }
        return out
    }

    public func render(color: Bool) -> String {
        frame.render(color: color) { row, color in self.canvasRow(row, color: color) }
    }

    /// A standalone SVG: one rectangle per drawn matrix entry in its colour, the first
    /// row at the top (at the bottom with `array = true`, as in the text plot), and the
    /// limits as labels.
    public func svg() -> String {
        let (w, h) = LinePlot.svgSize
        let esc = SVGText.escape, num = SVGText.number
        let left = 70.0, right = 30.0, top = options.title.isEmpty ? 20.0 : 40.0, bottom = 40.0
        let pw = Double(w) - left - right, ph = Double(h) - top - bottom
        var o = SVGText.opening(width: w, height: h, title: options.title, centre: left + pw / 2)
        let nr = values.count, nc = values.first?.count ?? 0
        if nr > 0 && nc > 0, let z = zRange {
            let cw = pw / Double(nc), ch = ph / Double(nr)
            for (i, row) in values.enumerated() {
                let y = options.array ? top + Double(i) * ch : top + Double(nr - 1 - i) * ch
                for (j, v) in row.enumerated() {
                    guard case .rgb(let r, let g, let b)? = options.colormap.color(v, z.0, z.1) else { continue }
                    o += "<rect x=\"\(num(left + Double(j) * cw))\" y=\"\(num(y))\" width=\"\(num(cw + 0.5))\" height=\"\(num(ch + 0.5))\" fill=\"rgb(\(r),\(g),\(b))\"/>\n"
                }
            }
        }
        o += "<rect x=\"\(num(left))\" y=\"\(num(top))\" width=\"\(num(pw))\" height=\"\(num(ph))\" fill=\"none\" stroke=\"black\"/>\n"
        for (text, x, y, anchor) in [(frame.decorations["bl"]?.0 ?? "", left, top + ph + 18, "start"),
                                     (frame.decorations["br"]?.0 ?? "", left + pw, top + ph + 18, "end"),
                                     (frame.leftLabels[1]?.0 ?? "", left - 8, top + 12, "end"),
                                     (frame.leftLabels[frame.rows]?.0 ?? "", left - 8, top + ph, "end")] where !text.isEmpty {
            o += "<text x=\"\(num(x))\" y=\"\(num(y))\" text-anchor=\"\(anchor)\">\(esc(text))</text>\n"
        }
        return o + "</svg>\n"
    }
}
