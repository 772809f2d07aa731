import FlxCore

/// A terminal colour as UnicodePlots stores one: a 256-colour palette entry (named colours
/// such as the dark grey of borders become `38;5;8`) or a 24-bit RGB triple.
public enum PlotColor: Equatable, Sendable {
    case palette(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    /// UnicodePlots' border and tick-label colour, `:dark_gray`.
    public static let border = PlotColor.palette(8)

    func sgr(background: Bool) -> String {
        switch self {
        case .palette(let n): return (background ? "48;5;" : "38;5;") + String(n)
        case .rgb(let r, let g, let b): return (background ? "48;2;" : "38;2;") + "\(r);\(g);\(b)"
        }
    }

    /// `print_color`: the text between an SGR sequence and a reset when colour is on and
    /// either colour is set (even for empty text, as UnicodePlots does), else the text.
    static func paint(_ text: String, _ fg: PlotColor?, background bg: PlotColor? = nil, color: Bool) -> String {
        guard color, fg != nil || bg != nil else { return text }
        let codes = [fg?.sgr(background: false), bg?.sgr(background: true)].compactMap { $0 }
        return "\u{1B}[" + codes.joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }
}

/// A box style (UnicodePlots' `BORDERMAP`): corners, then the top, left, bottom and right edges.
public struct PlotBorder: Sendable {
    let tl: String, tr: String, bl: String, br: String, t: String, l: String, b: String, r: String
    public static let solid = PlotBorder(tl: "┌", tr: "┐", bl: "└", br: "┘", t: "─", l: "│", b: "─", r: "│")
    public static let corners = PlotBorder(tl: "┌", tr: "┐", bl: "└", br: "┘", t: " ", l: " ", b: " ", r: " ")
    public static let bold = PlotBorder(tl: "┏", tr: "┓", bl: "┗", br: "┛", t: "━", l: "┃", b: "━", r: "┃")
    public static let dashed = PlotBorder(tl: "┌", tr: "┐", bl: "└", br: "┘", t: "╌", l: "┊", b: "╌", r: "┊")
    public static let dotted = PlotBorder(tl: "⡤", tr: "⢤", bl: "⠓", br: "⠚", t: "⠤", l: "⡇", b: "⠒", r: "⢸")
    public static let ascii = PlotBorder(tl: "+", tr: "+", bl: "+", br: "+", t: "-", l: "|", b: "-", r: "|")
    public static let none = PlotBorder(tl: " ", tr: " ", bl: " ", br: " ", t: " ", l: " ", b: " ", r: " ")

    public static let named: [String: PlotBorder] = ["solid": solid, "corners": corners, "bold": bold, "dashed": dashed,
                                                     "dotted": dotted, "ascii": ascii, "none": none]
}

/// The colour bar beside a heatmap: its box, the value range and the colormap that
/// shades it from the bottom (minimum) to the top (maximum).
public struct PlotColorBar {
    public var border: PlotBorder
    public var lim: (Double, Double)
    public var colormap: PlotColormap
}

/// What UnicodePlots' `Plot` draws around a canvas, and its `show`: the title, the box,
/// tick labels left of the rows and under the corners, the axis labels and an optional
/// colour bar, each painted as UnicodePlots paints it when colour is on.
public struct PlotFrame {
    public var rows: Int, columns: Int
    public var title = "", xlabel = "", ylabel = "", zlabel = ""
    public var margin = 3, padding = 1
    public var border = PlotBorder.solid
    /// Whether labels are drawn at all (`labels = false` hides them).
    public var labels = true
    /// Labels left and right of the rows (1-based rows).
    public var leftLabels: [Int: (String, PlotColor?)] = [:]
    public var rightLabels: [Int: (String, PlotColor?)] = [:]
    /// Labels under the box: "bl", "b" and "br" (left corner, middle, right corner).
    public var decorations: [String: (String, PlotColor?)] = [:]
    public var colorBar: PlotColorBar? = nil

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    /// UnicodePlots' `nice_repr` of a colour-bar limit: integers as they are, other
    /// values rounded to their own magnitude first (`float_round_log10(x)`).
    static func colorBarText(_ x: Double) -> String {
        if LinePlot.roundable(x) || x == 0 || !x.isFinite { return LinePlot.niceRepr(x) }
        let digits = LinePlot.ceilNegLog10(abs(x)) + 1
        let r = LinePlot.roundDigits(abs(x), digits, .toNearestOrEven)
        return LinePlot.niceRepr(x > 0 ? r : -r)
    }

    /// `round(Int, n / 2)` in integers: halves go up (RoundNearestTiesUp) or away from
    /// zero (RoundNearestTiesAway), as UnicodePlots rounds its centring offsets.
    static func halfRounded(_ n: Int, tiesAway: Bool) -> Int {
        if n >= 0 { return (n + 1) / 2 }
        if tiesAway { return -((-n + 1) / 2) }
        // Ties up: floor((n + 1) / 2) for a negative n.
        let m = n + 1
        return m >= 0 ? m / 2 : -((-m + 1) / 2)
    }

    /// The whole plot; `row(r, color)` gives canvas row `r` (1-based) already painted.
    public func render(color: Bool, row canvasRow: (Int, Bool) -> String) -> String {
        func rep(_ s: String, _ n: Int) -> String { n > 0 ? String(repeating: s, count: n) : "" }
        func paint(_ s: String, _ c: PlotColor?) -> String { PlotColor.paint(s, c, color: color) }
        let bc = PlotColor.border
        let maxLeftLabel = labels ? (leftLabels.values.map { $0.0.count }.max() ?? 0) : 0
        let maxRight = labels ? (rightLabels.values.map { $0.0.count }.max() ?? 0) : 0
        let maxAxes = labels ? [xlabel, ylabel, zlabel].map(\.count).max() ?? 0 : 0
        let maxLeft = maxLeftLabel + (labels && !ylabel.isEmpty ? ylabel.count + 1 : 0)
        let hasLabels = labels && (maxLeft > 0 || maxRight > 0 || maxAxes > 0 || !decorations.isEmpty)
        let plotOffset = maxLeft + margin + padding
        let borderLeftPad = rep(" ", plotOffset)
        let plotPadding = rep(" ", padding)
        // The colour bar's column: the widest of its limits and the bar with its label.
        var barWidth = 0, maxText = "", minText = ""
        if let bar = colorBar {
            (minText, maxText) = (PlotFrame.colorBarText(bar.lim.0), PlotFrame.colorBarText(bar.lim.1))
            barWidth = max(minText.count, maxText.count, 4 + (zlabel.isEmpty ? 0 : padding + zlabel.count))
        }
        let barPad = rep(" ", barWidth)
        let borderRightPad = colorBar != nil ? rep(" ", maxRight) : plotPadding + rep(" ", maxRight)
        let borderRightBarPad = plotPadding + rep(" ", maxRight) + barPad
        let pWidth = columns + 2

        // A title or the x label, centred over the box (ties rounded up).
        func centred(_ text: String, leftPad: String, rightPad: String, _ c: PlotColor?, crayon: String? = nil) -> String {
            let offset = PlotFrame.halfRounded(pWidth - text.count, tiesAway: false)
            let pre = rep(" ", max(0, offset))
            let painted = crayon.map { color ? "\u{1B}[" + $0 + "m" + text + "\u{1B}[0m" : text } ?? paint(text, c)
            return leftPad + pre + painted + rep(" ", pWidth - pre.count - text.count) + rightPad
        }
        // The limit printed beside the colour bar's top or bottom edge.
        func barLimit(_ text: String, trail: String) -> String {
            let len = text.count
            var lpad = padding + (len >= 4 ? -((len - 4) / 2) : (text.first == "-" || text.first == "+" ? 0 : 1))
            lpad = max(0, lpad)
            let rpad = max(0, barWidth - (lpad - padding) - len)
            return rep(" ", lpad) + paint(text, bc) + rep(" ", rpad) + trail
        }

        var out = ""
        if !title.isEmpty { out += centred(title, leftPad: borderLeftPad, rightPad: borderRightBarPad + "\n", nil, crayon: "97;1") }
        out += borderLeftPad + paint(border.tl + rep(border.t, columns) + border.tr, bc) + borderRightPad
        out += colorBar != nil ? barLimit(maxText, trail: "\n") : "\n"
        let yLabelRow = PlotFrame.halfRounded(rows, tiesAway: false)
        for row in 1...max(rows, 1) where rows > 0 {
            out += rep(" ", margin)
            let (leftText, leftColour) = leftLabels[row] ?? ("", bc)
            let (rightText, rightColour) = rightLabels[row] ?? ("", bc)
            if hasLabels {
                if !ylabel.isEmpty && row == yLabelRow {
                    out += ylabel + rep(" ", maxLeft - ylabel.count - leftText.count)
                } else {
                    out += rep(" ", maxLeft - leftText.count)
                }
                out += paint(leftText, leftColour)
            }
            out += plotPadding + paint(border.l, bc) + canvasRow(row, color) + paint(border.r, bc) + plotPadding
            if hasLabels { out += paint(rightText, rightColour) + rep(" ", maxRight - rightText.count) }
            if let bar = colorBar { out += barRow(row, bar, color: color) }
            if row < rows { out += "\n" }
        }
        out += "\n"
        out += borderLeftPad + paint(border.bl + rep(border.b, columns) + border.br, bc) + borderRightPad
        if colorBar != nil { out += barLimit(minText, trail: "") }
        if hasLabels {
            let (l, lc) = decorations["bl"] ?? ("", bc), (m, mc) = decorations["b"] ?? ("", bc), (r, rc) = decorations["br"] ?? ("", bc)
            if !(l.isEmpty && m.isEmpty && r.isEmpty) {
                let borderLength = columns - 2
                out += "\n" + borderLeftPad + " " + paint(l, lc)
                let cnt = PlotFrame.halfRounded(borderLength - m.count - 2 * l.count, tiesAway: true)
                out += rep(" ", cnt) + paint(m, mc)
                let cnt2 = borderLength - r.count - l.count - m.count + 2 - cnt
                out += rep(" ", cnt2) + paint(r, rc) + " " + borderRightBarPad
            }
            if !xlabel.isEmpty { out += centred(xlabel, leftPad: "\n" + borderLeftPad, rightPad: borderRightBarPad, nil) }
        }
        return out

        // One row of the colour bar: its top or bottom edge, or two half-block cells of
        // the gradient between its sides, with the z label half-way down.
        func barRow(_ row: Int, _ bar: PlotColorBar, color: Bool) -> String {
            var lab = ""
            var s = ""
            let b = bar.border
            if row == 1 || row == rows {
                s += paint(row == 1 ? b.tl + b.t + b.t + b.tr : b.bl + b.b + b.b + b.br, bc)
            } else {
                s += paint(b.l, bc)
                let fg: PlotColor?, bg: PlotColor?
                if abs(bar.lim.0 - bar.lim.1) <= 1.4901161193847656e-8 * max(abs(bar.lim.0), abs(bar.lim.1)) {
                    fg = bar.colormap.color(1, 1, 1)
                    bg = fg
                } else {
                    let n = Double(2 * (rows - 2)), r = Double(row - 2)
                    fg = bar.colormap.color(n - 2 * r - 1, 1, n)
                    bg = bar.colormap.color(n - 2 * r, 1, n)
                }
                s += PlotColor.paint("▄▄", fg, background: bg, color: color)
                s += paint(b.r, bc)
                if row == rows / 2 + 1 { lab = zlabel }
            }
            let lpad = zlabel.isEmpty ? 0 : padding
            return s + rep(" ", lpad) + lab + rep(" ", barWidth - lpad - 4 - lab.count)
        }
    }
}
