import FlxSyntax
import FlxCore
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// `randsubseq([rng,] A, p)`: each element of `A` kept, in order, with probability `p`,
/// drawn as Julia 1.10's `randsubseq!` draws: above p = 0.15 one `rand() <= p` per element;
/// at or below it, skips between kept elements of `ceil(randexp() * L)` with
/// L = -1/log1p(-p) (the geometric distribution by inverse transform), so a small p costs
/// draws in proportion to what is kept. `randsubseq(Xoshiro(123), 1:8, 0.3)` is [4, 7].
extension RandomBuiltins {
    package static var randomSubsequence: Builtin {
        Builtin("randsubseq", { interp, a in
            let (rng, rest) = splitRNG(a)
            guard rest.count == 2 else { throw Exceptions.method(.str("randsubseq"), a.values) }
            let p = asDouble(OperatorBuiltins.plain(rest[1]))
            guard p >= 0 && p <= 1 else { throw Exceptions.argument("probability \(try Display.printString(rest[1], interp)) not in [0,1]") }
            let items = try interp.collect(rest[0])
            let n = items.count
            var kept: [Value] = []
            if p == 1 {
                kept = items
            } else if p > 0.15 {
                withGenerator(rng, interp) { g in
                    for v in items where g.float64() <= p { kept.append(v) }
                }
            } else if p > 0 {
                let scale = -1 / log1p(-p)
                withGenerator(rng, interp) { g in
                    var i = 0
                    while true {
                        let s = g.exponential() * scale
                        // Compared before rounding up, as Julia does, so a huge skip cannot overflow.
                        guard s < Double(n - i), let step = Int(exactly: s.rounded(.up)) else { break }
                        i += step
                        kept.append(items[i - 1])
                    }
                }
            }
            var elementType: FlxType? = nil
            if case .array(let arr) = rest[0] { elementType = arr.elementType }
            return .array(try interp.makeVector(kept, elementType: elementType ?? (kept.isEmpty ? try interp.makeVector(items).elementType : nil)))
        }, help: BuiltinHelp("randsubseq([rng,] A, p)", "A random subsequence of `A`: each element is kept, in order, with probability `p`.", "randsubseq(1:10, 0.3)"))
    }
}
