#if canImport(Glibc)
import Glibc
#endif
import FlxCore

/// `histogram(x)` as UnicodePlots draws it: StatsBase's `fit(Histogram, x; nbins,
/// closed)` with its "nice" bin edges (`histrange`: a width of 1, 2 or 5 times a power
/// of ten), shown as a barplot of eighth-block bars whose labels are the bins
/// (`[0.05, 0.1 )`), aligned on the decimal point as UnicodePlots' horizontal_histogram.
/// Float32 data keeps Float32 edges, as StatsBase does (`F = float(T)`).
public enum HistogramFit {
    /// `sturges(n)`: StatsBase's default number of bins.
    public static func sturges(_ n: Int) -> Int { n <= 1 ? 1 : (Int(exactly: log2(Double(n)).rounded(.up)) ?? 1) + 1 }

    /// StatsBase's `histrange(lo, hi, n, closed)`, computed in `F`: the bin edges.
    public static func edges<F: BinaryFloatingPoint>(lo: F, hi: F, bins n: Int, leftClosed: Bool) -> [F] {
        var start: F, step: F, divisor: F, len: F
        if hi == lo {
            (start, step, divisor, len) = (hi, 1, 1, 1)
        } else {
            let bw = (hi - lo) / F(n)
            let lbw = F(log10(Double(bw)))
            if lbw >= 0 {
                step = F(pow(10.0, Double(lbw.rounded(.down))))
                let r = bw / step
                if r <= 1.1 {} else if r <= 2.2 { step *= 2 } else if r <= 5.5 { step *= 5 } else { step *= 10 }
                divisor = 1
                start = step * (lo / step).rounded(.down)
                len = ((hi - start) / step).rounded(.up)
            } else {
                divisor = F(pow(10.0, Double(-lbw.rounded(.down))))
                let r = bw * divisor
                if r <= 1.1 {} else if r <= 2.2 { divisor /= 2 } else if r <= 5.5 { divisor /= 5 } else { divisor /= 10 }
                step = 1
                start = (lo * divisor).rounded(.down)
                len = (hi * divisor - start).rounded(.up)
            }
        }
        // A range so narrow or wide that the arithmetic overflows has no edges (the
        // caller reports it) rather than a loop that never ends.
        guard start.isFinite, len.isFinite, divisor.isFinite, divisor > 0, len <= 1e7 else { return [] }
        // The end points cover lo and hi on the closed side (a step or two at most).
        for _ in 0..<64 where leftClosed ? lo < start / divisor : lo <= start / divisor { start -= step }
        for _ in 0..<64 {
            let last = (start + (len - 1) * step) / divisor
            guard leftClosed ? last <= hi : last < hi else { break }
            len += 1
        }
        // Each edge is (start + k step) / divisor, rounded once (StepRangeLen's twice precision).
        let count = Int(exactly: len) ?? 0
        let (s, st, d) = (Double(start), Double(step), Double(divisor))
        return (0..<count).map { F((s + Double($0) * st) / d) }
    }

    /// How many values fall in each bin: `[a, b)` when left-closed, `(a, b]` otherwise.
    public static func counts<F: BinaryFloatingPoint>(_ xs: [F], edges: [F], leftClosed: Bool) -> [Int] {
        var counts = [Int](repeating: 0, count: max(edges.count - 1, 0))
        for x in xs {
            // Binary search for the bin; values outside the edges are not counted.
            var lo = 0, hi = edges.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if leftClosed ? edges[mid] <= x : edges[mid] < x { lo = mid + 1 } else { hi = mid }
            }
            let bin = lo - 1
            if bin >= 0 && bin < counts.count { counts[bin] += 1 }
        }
        return counts
    }

    /// UnicodePlots' `float_round_log10(x, m)`: `x` rounded to the digits the width `m` needs.
    static func roundLog10<F: BinaryFloatingPoint>(_ x: F, _ m: F) -> F {
        if x == 0 { return x }
        let digits = LinePlot.ceilNegLog10(Double(m)) + 1
        let r = LinePlot.roundDigits(Double(abs(x)), digits, .toNearestOrEven)
        return F(x > 0 ? r : -r)
    }

    /// The bin labels, `[0.0 , 0.05)`: each number padded so the decimal points line up
    /// (Base.alignment of its `show` form), printed in its compact form.
    public static func labels<F: BinaryFloatingPoint>(edges: [F], leftClosed: Bool, float32: Bool) -> [String] {
        func shown(_ v: F) -> String { float32 ? FloatFormat.show(Float(v), typed: true) : FloatFormat.show(Double(v)) }
        func compact(_ v: F) -> String { FloatFormat.compact(Double(v), float32: float32) }
        func alignment(_ v: F) -> (Int, Int) {
            let s = Array(shown(v))
            let cut = s.firstIndex(where: { ".eEfF".contains($0) }) ?? s.count
            return (cut, s.count - cut)
        }
        var pairs: [(F, F)] = []
        for i in 0..<max(edges.count - 1, 0) {
            let width = edges[i + 1] - edges[i]
            let v1 = roundLog10(edges[i], width)
            pairs.append((v1, roundLog10(v1 + width, width)))
        }
        var padLeft = 0, padRight = 0
        for (a, b) in pairs {
            for v in [a, b] {
                let (l, r) = alignment(v)
                padLeft = max(padLeft, l)
                padRight = max(padRight, r)
            }
        }
        func pad(_ n: Int) -> String { n > 0 ? String(repeating: " ", count: n) : "" }
        func cell(_ v: F) -> String {
            let (l, r) = alignment(v)
            return pad(padLeft - l) + compact(v) + pad(padRight - r)
        }
        return pairs.map { (leftClosed ? "[" : "(") + cell($0.0) + ", " + cell($0.1) + (leftClosed ? ")" : "]") }
    }
}
