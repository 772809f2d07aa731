import FlxSyntax
import FlxCore
import FlxStdlib
#if canImport(Glibc)
import Glibc
#endif

/// The progress line `train!` draws on a terminal's stderr.
public enum ProgressBar {
    package static let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// One line, e.g. `train!  37%|████████▉               | 37/100 [0:02<0:03, 18.50 it/s, loss=0.1234]`,
    /// or without a known total `train! 37 [0:02, 18.50 it/s, loss=0.1234]`. Pure: the
    /// same arguments always give the same text.
    public static func format(done: Int, total: Int?, elapsed: Double, meanLoss: Double?, barWidth: Int = 24,
                              label: String = "train!") -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var tail = duration(elapsed)
        if let total, total > 0 {
            let remaining = max(0, total - done)
            tail += "<" + (remaining == 0 ? duration(0) : rate > 0 ? duration(Double(remaining) / rate) : "?")
        }
        tail += ", " + rateText(rate) + " it/s"
        if let meanLoss { tail += ", loss=" + FloatFormat.compact(meanLoss, float32: false) }
        guard let total, total > 0 else { return "\(label) \(done) [\(tail)]" }
        let fraction = min(1, max(0, Double(done) / Double(total)))
        let percent = Int((fraction * 100).rounded(.down))
        let filled = fraction * Double(barWidth)
        let full = Int(filled.rounded(.down))
        var bar = String(repeating: "█", count: full)
        if full < barWidth {
            let eighths = Int(((filled - Double(full)) * 8).rounded(.down))
            bar += eighths > 0 ? String(partials[eighths - 1]) : " "
            bar += String(repeating: " ", count: barWidth - full - 1)
        }
        let pct = String(percent)
        return label + " " + String(repeating: " ", count: 3 - pct.count) + pct + "%|" + bar + "| \(done)/\(total) [\(tail)]"
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
        guard wanted, interp.stderrIsTerminal, !MPIModule.isQuietRank else { return nil }
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
        // Redrawn at most ten times a second.
        if t - lastDraw >= 0.1 {
            lastDraw = t
            drawn = true
            // Inside `@epochs` the line names the epoch it belongs to.
            let label = interp.epoch.map { "epoch \($0.current)/\($0.total)" } ?? "train!"
            let line = ProgressBar.format(done: done, total: total, elapsed: t - start,
                                          meanLoss: lossCount > 0 ? lossSum / Double(lossCount) : nil, label: label)
            interp.errorOutput("\r" + line + "\u{1B}[K")
        }
    }

    /// Clears the line (after the last step, or when training stops with an error).
    package func finish() {
        if drawn { interp.errorOutput("\r\u{1B}[K") }
        drawn = false
    }
}
