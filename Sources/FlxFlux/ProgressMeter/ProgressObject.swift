import FlxSyntax
import FlxCore
import FlxStdlib
#if canImport(Glibc)
import Glibc
#endif

/// ProgressMeter's `Progress`: a meter of `total` steps that redraws its line on
/// stderr at most every `dt` seconds (`next!`, `update!`), and leaves the finished
/// line when the count reaches the total (`finish!`) or a message (`cancel`).
///
/// On a terminal the line is redrawn in place and its bar sized to the terminal's
/// width; when the `flx` command's stderr is a file or a pipe, a plain line is written
/// every ten seconds instead; a session whose output is captured draws nothing.
package final class ProgressObject: NativeObject, NativeShowable, NativeFields {
    package let total: Int
    package var counter: Int
    package let start: Int
    package let dt: Double
    package var desc: String
    package let barLength: Int?
    package let enabled: Bool
    package let showSpeed: Bool
    package var colour: String?
    package let began: Double
    package var lastDraw: Double
    package var printed = false
    package unowned let interp: Interpreter

    package static let type = FlxType(name: "Progress", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { ProgressObject.type }

    package init(total: Int, start: Int, dt: Double, desc: String, barLength: Int?, enabled: Bool, showSpeed: Bool,
                 colour: String?, _ interp: Interpreter) {
        self.total = total
        self.counter = start
        self.start = start
        self.dt = dt
        self.desc = desc
        self.barLength = barLength
        self.enabled = enabled
        self.showSpeed = showSpeed
        self.colour = colour
        self.interp = interp
        began = Clock.seconds()
        lastDraw = began
    }

    /// How this meter shows itself: in place on a terminal, plain lines, or not at all.
    enum Output { case terminal, plainLines, none }
    var output: Output {
        guard enabled else { return .none }
        if interp.stderrIsTerminal { return .terminal }
        return interp.stderrTakesProgressLines ? .plainLines : .none
    }

    func columns(_ output: Output) -> Int {
        output == .terminal ? ProgressWidth.columns(interp) : DisplaySize.fallback.cols
    }

    func bar(_ output: Output) -> Int {
        barLength ?? ProgressMeterFormat.barLength(columns: columns(output), desc: desc, showSpeed: showSpeed)
    }

    /// `next!` / `update!`: the count moved (or not); redraw when it is time.
    package func advance(to newCount: Int, force: Bool = false) {
        counter = newCount
        let out = output
        guard out != .none else { return }
        let now = Clock.seconds()
        if counter >= total {
            if counter == total && printed {
                emit(ProgressMeterFormat.finished(desc: desc, counter: counter, total: total, start: start, elapsed: now - began,
                                                  barLength: bar(out), showSpeed: showSpeed), out, final: true)
                printed = false
            }
            return
        }
        let interval = out == .terminal ? dt : max(dt, ProgressBar.plainLineInterval)
        guard force || now > lastDraw + interval else { return }
        lastDraw = now
        printed = true
        emit(ProgressMeterFormat.running(desc: desc, counter: counter, total: total, start: start, elapsed: now - began,
                                         barLength: bar(out), showSpeed: showSpeed), out, final: false)
    }

    /// `cancel`: the message in place of the line, if a line was shown.
    package func cancel(_ message: String, colour: String?) {
        let out = output
        guard printed, out != .none else { return }
        let saved = self.colour
        self.colour = colour
        emit(message, out, final: true)
        self.colour = saved
        printed = false
    }

    /// Leaves a half-drawn line behind without being overwritten by what follows
    /// (a `break` out of a `@showprogress` loop, or an error in it).
    package func abandon() {
        guard printed, output == .terminal else { return }
        interp.errorOutput("\n")
        printed = false
    }

    func emit(_ text: String, _ out: Output, final: Bool) {
        switch out {
        case .terminal:
            let styled = colour.map { "\u{1B}[\($0)m" + text + "\u{1B}[39m" } ?? text
            interp.errorOutput("\r" + styled + "\u{1B}[K" + (final ? "\n" : ""))
        case .plainLines:
            interp.errorOutput(text + "\n")
        case .none:
            break
        }
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        "Progress(\(total); counter = \(counter), desc = " + (try Display.repr(.str(desc), interp)) + ")"
    }

    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "n": return .int(Int64(total))
        case "counter": return .int(Int64(counter))
        case "start": return .int(Int64(start))
        case "dt": return .float64(dt)
        case "desc": return .str(desc)
        case "enabled": return .bool(enabled)
        case "showspeed": return .bool(showSpeed)
        case "printed": return .bool(printed)
        default: return nil
        }
    }

    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        switch (name, value) {
        case ("counter", .int(let n)): counter = Int(n); return true
        case ("desc", .string(let s)): desc = s.value; return true
        default: return false
        }
    }
}

/// What `@showprogress` iterates instead of the loop's collection: the same items,
/// with `next!` as each new one is taken (the one before it is done) and `finish!`
/// at the end, as ProgressMeter's `ProgressWrapper`.
package final class ProgressWrapper: NativeObject, NativeIterable {
    package let inner: Value
    package let meter: ProgressObject
    package let length: Int

    package init(inner: Value, meter: ProgressObject, length: Int) {
        self.inner = inner
        self.meter = meter
        self.length = length
    }

    package var iterationLength: Int? { length }

    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator {
        Stepper(try interp.makeIterator(inner), meter)
    }

    final class Stepper: ValueIterator {
        let inner: ValueIterator
        let meter: ProgressObject
        var started = false
        var ended = false
        init(_ inner: ValueIterator, _ meter: ProgressObject) {
            self.inner = inner
            self.meter = meter
        }
        override func next() throws -> Value? {
            if started { meter.advance(to: meter.counter + 1) }
            started = true
            guard let v = try inner.next() else {
                ended = true
                if meter.counter < meter.total { meter.advance(to: meter.total) }
                return nil
            }
            return v
        }
        deinit { if !ended { meter.abandon() } }
    }
}
