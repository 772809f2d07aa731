import FlxSyntax
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Julia's `displaysize`: the rows and columns a limited `show` may fill.
///
/// Julia asks the terminal (libuv's `uv_tty_get_winsize`, i.e. TIOCGWINSZ) when the
/// stream is a TTY and falls back to `displaysize()` for a zero dimension; any other
/// stream gets `displaysize()` itself, which is ENV "LINES"/"COLUMNS" or (24, 80)
/// (base/stream.jl `displaysize(::TTY)`, base/io.jl `displaysize()`).
public enum DisplaySize {
    public static let fallback = (rows: 24, cols: 80)

    /// `displaysize()`: the environment's LINES and COLUMNS, else 24 × 80.
    public static func environment() -> (rows: Int, cols: Int) {
        func number(_ name: String, _ d: Int) -> Int {
            guard let p = getenv(name), let n = Int(String(cString: p)) else { return d }
            return clamp(n)
        }
        return (number("LINES", fallback.rows), number("COLUMNS", fallback.cols))
    }

    /// Sizes are kept within ±2^30 so the display arithmetic (`rows - 4`, ...) never overflows.
    package static func clamp(_ n: Int) -> Int { min(max(n, -(1 << 30)), 1 << 30) }

    /// `displaysize(io)` of a file descriptor: the window size of a terminal, else `environment()`.
    public static func of(fd: Int32, isTerminal: Bool) -> (rows: Int, cols: Int) {
        let env = environment()
        guard isTerminal, isatty(fd) == 1 else { return env }
        var ws = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0 else { return env }
        return (ws.ws_row == 0 ? env.rows : Int(ws.ws_row), ws.ws_col == 0 ? env.cols : Int(ws.ws_col))
    }

    /// The size limited output of `interp`'s stdout (or stderr) uses.
    package static func stream(_ interp: Interpreter, error: Bool = false) -> (rows: Int, cols: Int) {
        error ? of(fd: 2, isTerminal: interp.stderrIsTerminal) : of(fd: 1, isTerminal: interp.stdoutIsTerminal)
    }
}

/// Counts the terminal's resizes (SIGWINCH): whoever keeps the width of the terminal
/// re-reads it when the count moved.
public enum TerminalResize {
    private static let resizes = Atomic<Int>(0)

    /// From the signal handler; a lock-free atomic add is async-signal-safe.
    public static func note() { resizes.wrappingAdd(1, ordering: .relaxed) }

    public static var count: Int { resizes.load(ordering: .relaxed) }
}
