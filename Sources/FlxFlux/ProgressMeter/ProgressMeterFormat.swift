/// The text of ProgressMeter.jl's `Progress` meter, as its `updateProgress!` lays it
/// out: `Progress:  37%|███████████▏                  |  ETA: 0:00:03` while running,
/// `Progress: 100%|██████████████████████████████| Time: 0:00:05` when done. Pure:
/// the same arguments always give the same text.
public enum ProgressMeterFormat {
    public static let fill: Character = "█"
    public static let fronts: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The bar ProgressMeter sizes to the terminal: what is left of the width after
    /// the description and 29 columns for the percentage and the ETA (14 more for
    /// the speed).
    public static func barLength(columns: Int, desc: String, showSpeed: Bool) -> Int {
        max(0, columns - desc.count - 29 - (showSpeed ? 14 : 0))
    }

    /// The widest bar drawn (`barlen` beyond it is an ArgumentError).
    public static let widestBar = 10_000

    /// `|████▍    |` for `percent` of `length` cells; empty when `length` is 0. The
    /// partial cell is the one of eight steps nearest the fraction, as `compute_front`.
    public static func bar(length: Int, percent: Double) -> String {
        guard length > 0 else { return "" }
        if percent >= 100 { return "|" + String(repeating: fill, count: length) + "|" }
        let cells = Double(length) * max(0, percent) / 100
        let solid = min(length, Int(exactly: cells.rounded(.towardZero)) ?? 0)
        let step = Int(exactly: ((cells - Double(solid)) * Double(fronts.count + 1)).rounded(.toNearestOrEven)) ?? 0
        let front: Character = step > fronts.count ? fill : step == 0 ? " " : fronts[step - 1]
        return "|" + String(repeating: fill, count: solid) + String(front) + String(repeating: " ", count: max(0, length - solid - 1)) + "|"
    }

    /// The running line; `counter` counts from `start` towards `total`.
    public static func running(desc: String, counter: Int, total: Int, start: Int, elapsed: Double, barLength: Int,
                               showSpeed: Bool) -> String {
        let percent = total == 0 ? 100 : 100.0 * Double(counter) / Double(total)
        let done = counter - start
        let estimate = done > 0 ? elapsed * Double(total - start) / Double(done) : .infinity
        let eta = estimate >= 0 && estimate <= 9.2e18 ? duration((estimate - elapsed).rounded(.toNearestOrEven)) : "N/A"
        var line = desc + percentText(percent) + bar(length: barLength, percent: percent) + "  ETA: " + eta
        if showSpeed { line += " (" + speed(secondsPerIteration: done > 0 ? elapsed / Double(done) : .infinity) + ")" }
        return line
    }

    /// The line left on the screen when the meter reaches its total.
    public static func finished(desc: String, counter: Int, total: Int, start: Int, elapsed: Double, barLength: Int,
                                showSpeed: Bool) -> String {
        let percent = total == 0 ? 100 : 100.0 * Double(counter) / Double(total)
        var line = desc + percentText(percent) + bar(length: barLength, percent: percent) + " Time: " + duration(elapsed)
        let done = counter - start
        if showSpeed { line += " (" + speed(secondsPerIteration: done > 0 ? elapsed / Double(done) : .infinity) + ")" }
        return line
    }

    /// `%3u%%` of the rounded percentage.
    static func percentText(_ percent: Double) -> String {
        let p = percent.isFinite ? min(max(percent.rounded(.toNearestOrEven), 0), 1e6) : 0
        let text = String(Int(exactly: p) ?? 0)
        return String(repeating: " ", count: max(0, 3 - text.count)) + text + "%"
    }

    /// `h:mm:ss`, `N days, h:mm:ss` from a day on, `N.NN days` from ten days on.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 1e15 else { return "N/A" }
        let whole = Int(exactly: seconds.rounded(.down)) ?? 0
        let days = whole / 86_400
        let rest = whole - days * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let hms = "\(rest / 3600):\(two(rest / 60 % 60)):\(two(rest % 60))"
        if days > 9 { return twoDecimals(seconds / 86_400) + " days" }
        if days > 0 { return "\(days) days, " + hms }
        return hms
    }

    /// `%5.2f %2s/it` in the largest unit that keeps the number under 100.
    public static func speed(secondsPerIteration: Double) -> String {
        guard secondsPerIteration.isFinite else { return "  N/A  s/it" }
        let ns = secondsPerIteration * 1e9
        let units: [(Double, String)] = [(1, "ns"), (1e3, "μs"), (1e6, "ms"), (1e9, " s"), (60e9, " m"), (3600e9, "hr"), (86_400e9, " d")]
        for (scale, unit) in units where (ns / scale).rounded() < 100 {
            let text = twoDecimals(ns / scale)
            return String(repeating: " ", count: max(0, 5 - text.count)) + text + " " + unit + "/it"
        }
        return " >100  d/it"
    }

    /// `%.2f` of `x`.
    static func twoDecimals(_ x: Double) -> String {
        let scaled = (abs(x) * 100).rounded(.toNearestOrEven)
        guard let n = Int(exactly: scaled) else { return "?" }
        let whole = n / 100, frac = n % 100
        return (x < 0 ? "-" : "") + "\(whole)." + (frac < 10 ? "0\(frac)" : "\(frac)")
    }
}
