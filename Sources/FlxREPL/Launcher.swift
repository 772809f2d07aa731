import FlxCore
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// What the `flx` command runs once its options are parsed: a script, `-e` code, the
/// REPL, or a script then the REPL (`-i`). Returns the process exit status.
public enum Launcher {
    public static func run(script: [String], code: String?, interactive: Bool, threads: Int?) -> Int32 {
        if let threads { EngineAdapter.setThreads(threads) }  // the command line checked the range
        let out = OutputStream()
        let session = Session(output: { out.write($0) }, errorOutput: { out.writeError($0) }, interactive: script.isEmpty && code == nil)
        session.interp.flushOutput = { out.flush() }
        session.interp.stdoutIsTerminal = isatty(1) == 1
        session.interp.stderrIsTerminal = isatty(2) == 1
        session.interp.stderrTakesProgressLines = isatty(2) != 1
        let status = StatusBox()
        let scriptArgs = script
        let wantsREPL = interactive || (scriptArgs.isEmpty && code == nil)
        Signals.install()
        runWithLargeStack {
            Signals.adoptCurrentThread()
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
        // A script that failed on one rank of an MPI job ends the whole job (its message is
        // already written): the other ranks may be waiting in a collective for this one.
        if status.value != 0 { OpenMPI.abortJob(code: status.value) }
        return status.value
    }
}

package final class StatusBox: @unchecked Sendable {
    package var value: Int32 = 0
}

/// Buffered standard output; flushed before anything goes to standard error so the
/// two streams interleave as written.
package final class OutputStream: @unchecked Sendable {
    private var buffer: [UInt8] = []

    package func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count > 1 << 16 { flush() }
    }

    package func writeError(_ s: String) {
        flush()
        writeAll(2, Array(s.utf8))
    }

    package func flush() {
        guard !buffer.isEmpty else { return }
        writeAll(1, buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// `write(2)` until everything is out (pipes may take less at a time).
package func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n <= 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }
}

