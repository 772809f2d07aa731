import ArgumentParser
import FlxLang
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// `flx FILE [args...]`, `flx -e CODE`, `flx` (REPL), `flx -i FILE`.
struct FlxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flx",
        abstract: "Run flx scripts: a Julia-like language for Flux-style training experiments.",
        version: "flx 0.1.0"
    )

    @Option(name: [.short, .customLong("eval")], help: "Evaluate CODE; prints only what the code prints.")
    var eval: String?

    @Flag(name: .short, help: "Start the REPL after running the file or code.")
    var interactive = false

    @Option(help: "Threads for matrix products and array loops (default: all cores).")
    var threads: Int?

    @Argument(parsing: .captureForPassthrough, help: "The script to run, then its arguments (ARGS).")
    var script: [String] = []

    func validate() throws {
        if let t = threads, t < 1 || t > 1024 { throw ValidationError("--threads must be between 1 and 1024") }
    }

    func run() throws {
        // Options written before a script are captured with it; answer the informational ones.
        if let first = script.first, first.hasPrefix("-") {
            if first == "--version" || first == "-v" { print(FlxCommand.configuration.version); return }
            if first == "--help" || first == "-h" { print(FlxCommand.helpMessage()); return }
            throw ValidationError("unknown option \(first)")
        }
        if let threads { try? Engine.setThreads(threads) }  // in range: validate() checked it
        let out = OutputStream()
        let session = Session(output: { out.write($0) }, errorOutput: { out.writeError($0) }, interactive: script.isEmpty && eval == nil)
        session.interp.stdoutIsTerminal = isatty(1) == 1
        session.interp.stderrIsTerminal = isatty(2) == 1
        let status = StatusBox()
        let scriptArgs = script
        let code = eval
        let wantsREPL = interactive || (scriptArgs.isEmpty && code == nil)
        Signals.install()
        runWithLargeStack {
            if let code {
                session.setArguments(programFile: "", args: scriptArgs)
                status.value = session.runText(code, name: "none")
            } else if let path = scriptArgs.first {
                session.setArguments(programFile: path, args: Array(scriptArgs.dropFirst()))
                status.value = session.runScript(path: path)
            }
            if wantsREPL && (status.value == 0 || interactive) {
                session.interp.interactive = true
                status.value = REPL(session: session, out: out).run()
            }
            out.flush()
        }
        if status.value != 0 { throw ExitCode(status.value) }
    }
}

final class StatusBox: @unchecked Sendable {
    var value: Int32 = 0
}

/// Buffered standard output; flushed before anything goes to standard error so the
/// two streams interleave as written.
final class OutputStream: @unchecked Sendable {
    private var buffer: [UInt8] = []

    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count > 1 << 16 { flush() }
    }

    func writeError(_ s: String) {
        flush()
        writeAll(2, Array(s.utf8))
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        writeAll(1, buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// `write(2)` until everything is out (pipes may take less at a time).
func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n <= 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }
}

FlxCommand.main()
