/// `Flux.@epochs n body` (Flux 0.13's macro): runs `body` `n` times, logging
/// `[ Info: Epoch i` before each as Flux did. On a terminal an epoch-level progress
/// line is drawn between epochs, and a `train!` inside labels its own line with the
/// epoch, so both levels share one line on stderr.
final class EpochsMacro: Node {
    let count: Node
    let body: Node
    init(count: Node, body: Node, span: Span) {
        self.count = count
        self.body = body
        super.init(span: span)
    }

    override func eval(_ x: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let n: Int64
        do {
            guard case .int(let k) = try count.eval(x, fp) else { throw Exceptions.argument("@epochs needs an integer number of epochs") }
            n = k
        } catch { throw locate(error) }
        guard n > 0 else { return .nothing }
        let saved = x.epoch
        defer { x.epoch = saved }
        let start = Clock.seconds()
        var barShown = false
        defer { if barShown { x.errorOutput("\r\u{1B}[K") } }
        var i: Int64 = 1
        while i <= n {
            x.epoch = (Int(i), Int(n))
            if barShown { x.errorOutput("\r\u{1B}[K"); barShown = false }
            x.errorOutput((try? Logging.format(level: .info, message: .str("Epoch \(i)"), pairs: [], location: nil, x)) ?? "[ Info: Epoch \(i)\n")
            _ = try body.eval(x, fp)
            if x.pending != .none {
                if x.pending == .breakLoop { x.pending = .none; break }
                if x.pending != .continueLoop { return .nothing }
                x.pending = .none
            }
            if Interrupts.requested { throw locate(Interrupts.take()) }
            if x.stderrIsTerminal {
                let line = ProgressBar.format(done: Int(i), total: Int(n), elapsed: Clock.seconds() - start, meanLoss: nil, label: "epochs")
                x.errorOutput("\r" + line + "\u{1B}[K")
                barShown = true
            }
            i += 1
        }
        return .nothing
    }
}
