#if canImport(Glibc)
import Glibc
#endif
import FlxCore
import FlxEngine

/// `histogram(x; vertical = true)` as UnicodePlots draws it: one column per bin on a
/// block canvas (2×2 pixels a character) in a box of corners only, each bar whole `█`
/// cells topped by the eighth block nearest the rest (`▁▂▃▄▅▆▇`), the count range on the
/// left, the outer bin edges under the corners and `μ ± σ` of the data below.
public final class VerticalHistogram: Chart {
    public let frame: PlotFrame
    let rows: Int, columns: Int
    /// The character and colour of each cell, row-major from the top (nil: blank).
    var cells: [(Character, Int?)?]
    let edges: [Double], counts: [Int]
    let title: String, colour: Int?

    public static let symbols: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public init(edges: [Double], counts: [Int], height: Int = 15, colour: Int? = 2,
                title: String = "", xlabel: String = "", ylabel: String = "", margin: Int = 3, padding: Int = 1) throws {
        self.edges = edges
        self.counts = counts
        self.title = title
        self.colour = colour
        // The plot is at least 5 columns wide (Plot's `min_width`) and the block canvas
        // at least 5 rows high.
        rows = max(height, 5)
        columns = max(counts.count, 5)
        try AllocationGuard.reserve([rows, columns], bytesEach: 24)
        cells = [(Character, Int?)?](repeating: nil, count: rows * columns)
        let maxCount = counts.max() ?? 0
        let (xlo, xhi) = (edges.first ?? 0, edges.last ?? 0)
        // The Plot's limits: the outer edges and 0...the largest count (a flat range widened by one).
        let (mx, Mx) = xlo == xhi ? (xlo - 1, xhi + 1) : (xlo, xhi)
        let (my, My) = maxCount == 0 ? (-1.0, 1.0) : (0.0, Double(maxCount))

        var f = PlotFrame(rows: rows, columns: columns)
        (f.title, f.xlabel, f.ylabel, f.margin, f.padding) = (title, xlabel, ylabel, margin, padding)
        f.border = .corners
        f.leftLabels[rows] = (LinePlot.niceRepr(my), .border)
        f.leftLabels[1] = (LinePlot.niceRepr(My), .border)
        f.decorations["bl"] = (LinePlot.niceRepr(mx), .border)
        f.decorations["br"] = (LinePlot.niceRepr(Mx), .border)
        frame = f

        // `annotate!` of one character at (x, y): the cell its pixel falls in.
        let pixelWidth = Double(2 * columns), pixelHeight = Double(2 * rows)
        func annotate(_ x: Double, _ y: Double, _ c: Character) {
            guard x.isFinite, y.isFinite, mx <= x, x <= Mx, my <= y, y <= My else { return }
            var px = (x - mx) / (Mx - mx) * pixelWidth, py = (1 - (y - my) / (My - my)) * pixelHeight
            if px >= pixelWidth { px -= 1 }
            if py >= pixelHeight { py -= 1 }
            let cx = Int(exactly: (px / 2).rounded(.down)) ?? -1, cy = Int(exactly: (py / 2).rounded(.down)) ?? -1
            guard 0 <= cx && cx < columns && 0 <= cy && cy < rows else { return }
            cells[cy * columns + cx] = (c, colour)
        }
        let step = Double(maxCount) / Double(rows)
        for (i, count) in counts.enumerated() {
            let centre = (edges[i] + edges[i + 1]) / 2
            let fraction = maxCount > 0 ? Double(max(count, 0)) / Double(maxCount) : 0
            let full = Int(exactly: (fraction * Double(rows)).rounded(.down)) ?? 0
            for r in stride(from: 1, through: full, by: 1) { annotate(centre, (Double(r) - 0.5) * step, "█") }
            let rest = fraction * Double(rows) - Double(full)
            if rest > 0 {
                let k = Int(exactly: (rest * Double(VerticalHistogram.symbols.count)).rounded(.toNearestOrEven)) ?? 0
                if 1 <= k && k <= VerticalHistogram.symbols.count { annotate(centre, (Double(full) + 0.5) * step, VerticalHistogram.symbols[k - 1]) }
            }
        }
    }

    /// `μ ± σ: 20.33 ± 7.18`: the mean and the population standard deviation, each
    /// rounded to two digits and padded to three characters, as `histogram` labels it.
    public static func stats(_ xs: [Double]) -> String {
        let n = Double(xs.count)
        let mean = xs.reduce(0, +) / n
        let sd = (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        func shown(_ v: Double) -> String {
            let s = FloatFormat.show(LinePlot.roundDigits(v, 2, .toNearestOrEven))
            return String(repeating: " ", count: max(0, 3 - s.count)) + s
        }
        return "μ ± σ: " + shown(mean) + " ± " + shown(sd)
    }

    public func render(color: Bool) -> String {
        frame.render(color: color) { row, color in
            var out = ""
            for col in 0..<self.columns {
                guard let (c, code) = self.cells[(row - 1) * self.columns + col] else { out += " "; continue }
                out += PlotColor.paint(String(c), code.map { .palette(UInt8(clamping: $0)) }, color: color)
            }
            return out
        }
    }

    /// A standalone SVG: one bar per bin, the edges and the largest count as labels.
    public func svg() -> String {
        let (w, h) = LinePlot.svgSize
        let esc = SVGText.escape, num = SVGText.number
        let left = 60.0, right = 20.0, top = title.isEmpty ? 20.0 : 40.0, bottom = 40.0
        let pw = Double(w) - left - right, ph = Double(h) - top - bottom
        var o = SVGText.opening(width: w, height: h, title: title, centre: left + pw / 2)
        let maxCount = Double(counts.max() ?? 0), bw = pw / Double(max(counts.count, 1))
        for (i, c) in counts.enumerated() where maxCount > 0 && c > 0 {
            let bh = Double(c) / maxCount * ph
            o += "<rect x=\"\(num(left + Double(i) * bw))\" y=\"\(num(top + ph - bh))\" width=\"\(num(bw))\" height=\"\(num(bh))\" fill=\"\(LinePlot.svgColors[0])\" stroke=\"white\" stroke-width=\"0.5\"/>\n"
        }
        o += "<line x1=\"\(num(left))\" y1=\"\(num(top + ph))\" x2=\"\(num(left + pw))\" y2=\"\(num(top + ph))\" stroke=\"black\"/>\n"
        for (text, x, y, anchor) in [(frame.decorations["bl"]?.0 ?? "", left, top + ph + 18, "start"),
                                     (frame.decorations["br"]?.0 ?? "", left + pw, top + ph + 18, "end"),
                                     (frame.leftLabels[1]?.0 ?? "", left - 8, top + 12, "end"),
                                     (frame.leftLabels[rows]?.0 ?? "", left - 8, top + ph, "end")] where !text.isEmpty {
            o += "<text x=\"\(num(x))\" y=\"\(num(y))\" text-anchor=\"\(anchor)\">\(esc(text))</text>\n"
        }
        if !frame.xlabel.isEmpty {
            o += "<text x=\"\(num(left + pw / 2))\" y=\"\(num(Double(h) - 8))\" text-anchor=\"middle\">\(esc(frame.xlabel))</text>\n"
        }
        return o + "</svg>\n"
    }
}
