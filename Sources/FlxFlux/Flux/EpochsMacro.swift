import FlxSyntax
import FlxCore
import FlxStdlib
/// `Flux.@epochs n body` (Flux 0.13's macro): runs `body` `n` times, logging
/// `[ Info: Epoch i` before each as Flux did. On a terminal an epoch-level progress
/// line is drawn between epochs, and a `train!` inside labels its own line with the
/// epoch, so both levels share one line on stderr.
package final class EpochsMacro: Node {
    package let count: Node
    package let body: Node
    package init(count: Node, body: Node, span: Span) {
        self.count = count
        self.body = body
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let n: Int64
        do {
            guard case .int(let k) = try count.eval(interp, fp) else { throw Exceptions.argument("@epochs needs an integer number of epochs") }
            n = k
        } catch { throw locate(error) }
        guard n > 0 else { return .nothing }
        let saved = interp.epoch
        defer { interp.epoch = saved }
        let start = Clock.seconds()
        var barShown = false
        defer { if barShown { interp.errorOutput("\r\u{1B}[K") } }
        var i: Int64 = 1
        while i <= n {
            interp.epoch = (Int(i), Int(n))
            if barShown { interp.errorOutput("\r\u{1B}[K"); barShown = false }
            interp.errorOutput((try? Logging.format(level: .info, message: .str("Epoch \(i)"), pairs: [], location: nil, interp)) ?? "[ Info: Epoch \(i)\n")
            _ = try body.eval(interp, fp)
            if interp.pending != .none {
                if interp.pending == .breakLoop { interp.pending = .none; break }
                if interp.pending != .continueLoop { return .nothing }
                interp.pending = .none
            }
            if Interrupts.requested { throw locate(Interrupts.take()) }
            if interp.stderrIsTerminal {
                let line = ProgressBar.fitted(done: Int(i), total: Int(n), elapsed: Clock.seconds() - start, meanLoss: nil,
                                              label: "epochs", columns: ProgressWidth.columns(interp))
                interp.errorOutput("\r" + line + "\u{1B}[K")
                barShown = true
            }
            i += 1
        }
        return .nothing
    }
}

/// The epoch `@epochs` is running, kept with the session for `train!`'s progress line.
private final class EpochBox { var value: (current: Int, total: Int)? }

extension Interpreter {
    package var epoch: (current: Int, total: Int)? {
        get { (extensions["epoch"] as? EpochBox)?.value }
        set {
            let box = (extensions["epoch"] as? EpochBox) ?? EpochBox()
            box.value = newValue
            extensions["epoch"] = box
        }
    }
}
