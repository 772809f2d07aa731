import FlxSyntax
import FlxCore

/// A plot `savefig` and `display` know how to show: the text chart and an SVG.
public protocol Chart: AnyObject {
    func render(color: Bool) -> String
    func svg() -> String
}

/// UnicodePlots' `barplot`: one horizontal bar of `■` per label, the value after it,
/// in a box open on the right (`┌ ┐`, `┤` at each label, `└ ┘`), laid out as
/// UnicodePlots' BarplotGraphics and Plot layout do it.
public final class BarPlot: Chart {
    public var labels: [String]
    public var values: [Double]
    /// Each value as UnicodePlots prints it: an integer with thousands separated
    /// (`1 000 000`), a float in its compact form (`2.244`).
    public var valueTexts: [String]
    public let title: String, xlabel: String
    public let margin: Int, padding: Int
    /// The bars' 256-colour palette number on a terminal (UnicodePlots' default green).
    public var colour: Int? = 2
    /// The bar glyphs: one (`■`, whole cells) or a run of partial cells ending in the
    /// full one (histogram's `▏▎▍▌▋▊▉█`), which draws the fraction of the last cell.
    public var symbols: [String] = ["■"]
    /// The bar area's width: the `width` keyword, at least 10 and room for the widest value.
    public private(set) var columns: Int
    let requestedWidth: Int

    public init(labels: [String], values: [Double], valueTexts: [String], width: Int = 40, title: String = "", xlabel: String = "",
                margin: Int = 3, padding: Int = 1) {
        self.labels = labels
        self.values = values
        self.valueTexts = valueTexts
        self.title = title
        self.xlabel = xlabel
        self.margin = margin
        self.padding = padding
        requestedWidth = width
        columns = width
        columns = BarPlot.columns(requested: width, labels: valueLabels())
    }

    /// `max(10, width, length(string(largest)) + 7)`, as BarplotGraphics sizes itself.
    static func columns(requested: Int, labels: [(Double, String)]) -> Int {
        let largest = labels.max(by: { $0.0 < $1.0 })?.1.count ?? 0
        return max(10, requested, largest + 7)
    }

    func valueLabels() -> [(Double, String)] { Array(zip(values, valueTexts)) }

    /// UnicodePlots' `nice_repr` of an integer: digits in groups of three, space-separated.
    public static func thousands(_ n: Int64) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(" ") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// `barplot!`: more bars below; the area never shrinks.
    public func add(labels more: [String], values moreValues: [Double], valueTexts moreTexts: [String]) {
        labels += more
        values += moreValues
        valueTexts += moreTexts
        columns = max(columns, BarPlot.columns(requested: requestedWidth, labels: valueLabels()))
    }

    public func render(color: Bool) -> String {
        func rep(_ s: String, _ n: Int) -> String { n > 0 ? String(repeating: s, count: n) : "" }
        func paint(_ s: String, _ code: Int) -> String { color && !s.isEmpty ? "\u{1B}[38;5;\(code)m" + s + "\u{1B}[0m" : s }
        let formatted = valueLabels()
        let maxValue = values.max() ?? 0
        // The longest label of the largest value sets the room kept after the bars.
        let maxLen = formatted.max(by: { $0.0 < $1.0 })?.1.count ?? 0
        let maxBar = max(columns - 2 - maxLen, 1)
        let maxLeft = labels.map { $0.count }.max() ?? 0
        let leftPad = rep(" ", margin + maxLeft + padding)
        let rightPad = rep(" ", padding)
        func centred(_ t: String) -> String {
            let off = max(0, Int(exactly: (Double(columns + 2) / 2 - Double(t.count) / 2).rounded(.toNearestOrAwayFromZero)) ?? 0)
            return leftPad + rep(" ", off) + t + rep(" ", columns + 2 - off - t.count) + rightPad
        }
        var out = ""
        if !title.isEmpty { out += centred(title) + "\n" }
        out += leftPad + paint("┌" + rep(" ", columns) + "┐", 8) + rightPad + "\n"
        for (row, label) in labels.enumerated() {
            let v = values[row]
            let fraction = maxValue > 0 ? max(v, 0) / maxValue : 0
            // One symbol: whole cells rounded to nearest, ties up. Several: whole cells
            // rounded down, then the partial glyph nearest the rest (a blank for none).
            let exact = fraction * Double(maxBar)
            let full = symbols.last ?? "■"
            var cells = Int(exactly: (symbols.count > 1 ? exact : exact + 0.5).rounded(.down)) ?? 0
            var bar = rep(full, cells)
            if symbols.count > 1 {
                let rest = (exact - Double(cells)) * Double(symbols.count - 2)
                let step = Int(exactly: rest.rounded(.toNearestOrEven)) ?? 0
                bar += rest > 0 ? symbols[min(step, symbols.count - 1)] : " "
                cells += 1
            }
            let text = formatted[row].1
            let pad = max(maxBar + 1 + maxLen - cells - text.count, 0)
            out += rep(" ", margin + maxLeft - label.count) + label + rep(" ", padding) + paint("┤", 8)
            out += (colour.map { paint(bar, $0) } ?? bar) + " " + text + rep(" ", pad)
            // The right border is a blank, and the (empty) right label is still coloured.
            out += paint(" ", 8) + rightPad + (color ? "\u{1B}[38;5;8m\u{1B}[0m" : "") + "\n"
        }
        out += leftPad + paint("└" + rep(" ", columns) + "┘", 8) + rightPad
        if !xlabel.isEmpty { out += "\n" + centred(xlabel) }
        return out
    }

    /// A standalone SVG of the same bars: labels on the left, values after the bars.
    public func svg() -> String {
        let (w, h) = LinePlot.svgSize
        let esc = SVGText.escape, num = SVGText.number
        let left = 20.0 + 7.0 * Double(labels.map { $0.count }.max() ?? 0), right = 80.0
        let top = title.isEmpty ? 20.0 : 40.0, bottom = xlabel.isEmpty ? 20.0 : 50.0
        let pw = Double(w) - left - right, ph = Double(h) - top - bottom
        let rowHeight = ph / Double(max(labels.count, 1))
        let maxValue = values.max() ?? 0
        var o = SVGText.opening(width: w, height: h, title: title, centre: left + pw / 2)
        o += "<line x1=\"\(num(left))\" y1=\"\(num(top))\" x2=\"\(num(left))\" y2=\"\(num(top + ph))\" stroke=\"black\"/>\n"
        for (row, label) in labels.enumerated() {
            let y = top + Double(row) * rowHeight
            let barWidth = maxValue > 0 ? max(values[row], 0) / maxValue * pw : 0
            o += "<text x=\"\(num(left - 6))\" y=\"\(num(y + rowHeight / 2 + 4))\" text-anchor=\"end\">\(esc(label))</text>\n"
            o += "<rect x=\"\(num(left))\" y=\"\(num(y + rowHeight * 0.15))\" width=\"\(num(barWidth))\" height=\"\(num(rowHeight * 0.7))\" fill=\"\(LinePlot.svgColors[0])\"/>\n"
            o += "<text x=\"\(num(left + barWidth + 4))\" y=\"\(num(y + rowHeight / 2 + 4))\">\(esc(valueLabels()[row].1))</text>\n"
        }
        if !xlabel.isEmpty {
            o += "<text x=\"\(num(left + pw / 2))\" y=\"\(num(Double(h) - 16))\" text-anchor=\"middle\">\(esc(xlabel))</text>\n"
        }
        return o + "</svg>\n"
    }
}
