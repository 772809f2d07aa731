import FlxSyntax
import FlxCore
import FlxStdlib
#if canImport(Glibc)
import Glibc
#endif

/// The progress line `train!` draws on a terminal's stderr.
public enum ProgressBar {
    package static let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// Seconds between the plain progress lines written when stderr is not a terminal.
    package static let plainLineInterval = 10.0

    /// One line, e.g. `train!  37%|████████▉               | 37/100 [0:02<0:03, 18.50 it/s, loss=0.1234]`,
    /// or without a known total `train! 37 [0:02, 18.50 it/s, loss=0.1234]`; a bar width
    /// of 0 leaves the bar out (`train!  37% 37/100 [...]`). Pure: the same arguments
    /// always give the same text.
    public static func format(done: Int, total: Int?, elapsed: Double, meanLoss: Double?, barWidth: Int = 24,
                              label: String = "train!", showRate: Bool = true) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var tail = duration(elapsed)
        if let total, total > 0 {
            let remaining = max(0, total - done)
            tail += "<" + (remaining == 0 ? duration(0) : rate > 0 ? duration(Double(remaining) / rate) : "?")
        }
        if showRate { tail += ", " + rateText(rate) + " it/s" }
        if let meanLoss { tail += ", loss=" + FloatFormat.compact(meanLoss, float32: false) }
        guard let total, total > 0 else { return "\(label) \(done) [\(tail)]" }
        let fraction = min(1, max(0, Double(done) / Double(total)))
        let percent = Int((fraction * 100).rounded(.down))
        let pct = String(percent)
        let head = label + " " + String(repeating: " ", count: 3 - pct.count) + pct + "%"
        guard barWidth > 0 else { return head + " \(done)/\(total) [\(tail)]" }
        let filled = fraction * Double(barWidth)
        let full = Int(filled.rounded(.down))
        var bar = String(repeating: "█", count: full)
        if full < barWidth {
            let eighths = Int(((filled - Double(full)) * 8).rounded(.down))
            bar += eighths > 0 ? String(partials[eighths - 1]) : " "
            bar += String(repeating: " ", count: barWidth - full - 1)
        }
        return head + "|" + bar + "| \(done)/\(total) [\(tail)]"
    }

    /// The line that fits a terminal `columns` wide without wrapping (one column is
    /// left free: a line that fills the last column wraps on some terminals). The bar
    /// takes the room left, up to 40 cells and at least 5; when there is not that
    /// much, the loss goes first, then the rate, then the bar; the last resort is the
    /// line cut at the edge.
    public static func fitted(done: Int, total: Int?, elapsed: Double, meanLoss: Double?, label: String, columns: Int) -> String {
        let limit = max(columns - 1, 1)
        let variants: [(loss: Double?, rate: Bool)] = [(meanLoss, true), (nil, true), (nil, false)]
        if let total, total > 0 {
            for v in variants {
                let bare = format(done: done, total: total, elapsed: elapsed, meanLoss: v.loss, barWidth: 0, label: label, showRate: v.rate)
                // The bar adds its cells and its two edges to the bare line.
                let room = limit - bare.count - 2
                if room >= 5 { return format(done: done, total: total, elapsed: elapsed, meanLoss: v.loss, barWidth: min(room, 40), label: label, showRate: v.rate) }
            }
        }
        var line = ""
        for v in variants {
            line = format(done: done, total: total, elapsed: elapsed, meanLoss: v.loss, barWidth: 0, label: label, showRate: v.rate)
            if line.count <= limit { return line }
        }
        return String(line.prefix(limit))
    }

    /// `m:ss`, or `h:mm:ss` from an hour on.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 1e8 else { return "?" }
        let s = Int(seconds.rounded(.down))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if s >= 3600 { return "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" }
        return "\(s / 60):\(two(s % 60))"
    }

    package static func rateText(_ r: Double) -> String {
        // Int(_:) of a rate that is not finite (or past Int) would trap.
        guard r.isFinite, abs(r) < 1e15 else { return "?" }
        if r >= 100 { return String(Int(r.rounded())) }
        let c = Int((r * 100).rounded())
        let frac = c % 100
        return "\(c / 100)." + (frac < 10 ? "0\(frac)" : "\(frac)")
    }
}

/// Live progress of one `train!` call: created only when stderr is a terminal and the
/// `progress` keyword is not `false`, so the loop pays one nil check otherwise.
package final class TrainingProgress {
    package let interp: Interpreter
    package let total: Int?
    package var done = 0
    package var lossSum = 0.0, lossCount = 0
    package let start: Double
    package var lastDraw: Double
    package var drawn = false

    package static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    package static func make(_ a: Args, data: Value, _ interp: Interpreter) throws -> TrainingProgress? {
        let wanted = try a.keywordBool("progress") ?? true
        guard wanted, interp.stderrIsTerminal || interp.stderrTakesProgressLines, !MPIModule.isQuietRank else { return nil }
        var total: Int?
        if let length = interp.base.member("length")?.value, case .int(let n)? = try? interp.call(length, [data]) { total = Int(n) }
        return TrainingProgress(interp, total: total)
    }

    package init(_ interp: Interpreter, total: Int?) {
        self.interp = interp
        self.total = total
        start = TrainingProgress.now()
        lastDraw = start
    }

    package func step(_ loss: Value) {
        done += 1
        let d = asDouble(OperatorBuiltins.plain(loss))
        if d.isFinite { lossSum += d; lossCount += 1 }
        let t = TrainingProgress.now()
        // Inside `@epochs` the line names the epoch it belongs to. (Worked out only for a
        // line that is drawn: finding the epoch is a lookup by name, and most steps draw none.)
        var label: String { interp.epoch.map { "epoch \($0.current)/\($0.total)" } ?? "train!" }
        let meanLoss = lossCount > 0 ? lossSum / Double(lossCount) : nil
        if interp.stderrIsTerminal {
            // Redrawn in place at most ten times a second, fitted to the terminal's width.
            guard t - lastDraw >= 0.1 else { return }
            lastDraw = t
            drawn = true
            let line = ProgressBar.fitted(done: done, total: total, elapsed: t - start, meanLoss: meanLoss,
                                          label: label, columns: ProgressWidth.columns(interp))
            interp.errorOutput("\r" + line + "\u{1B}[K")
        } else if t - lastDraw >= ProgressBar.plainLineInterval {
            // A log file or pipe gets a plain line now and then, never carriage returns.
            lastDraw = t
            interp.errorOutput(ProgressBar.fitted(done: done, total: total, elapsed: t - start, meanLoss: meanLoss,
                                                  label: label, columns: DisplaySize.fallback.cols) + "\n")
        }
    }

    /// Clears the line (after the last step, or when training stops with an error).
    package func finish() {
        if drawn { interp.errorOutput("\r\u{1B}[K") }
        drawn = false
    }
}

/// The columns of stderr's terminal, measured again only after the window changed
/// size (SIGWINCH), not at every redraw.
package enum ProgressWidth {
    nonisolated(unsafe) private static var measured = (resizes: -1, columns: DisplaySize.fallback.cols)

    package static func columns(_ interp: Interpreter) -> Int {
        let resizes = TerminalResize.count
        if resizes != measured.resizes { measured = (resizes, DisplaySize.stream(interp, error: true).cols) }
        return measured.columns
    }
}
