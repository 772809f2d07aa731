import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// `shell>` mode: the line runs with the user's shell (`$SHELL -c`, else `/bin/sh`)
/// on the REPL's terminal. `cd` changes flx's own directory and prints it, as Julia's
/// shell mode does; a command that fails is reported as Julia reports a failed process.
package enum ShellMode {
    package static func run(_ line: String, out: OutputStream) {
        let command = line.trimmingCharacters(in: " \t")
        if command == "cd" || command.hasPrefix("cd ") {
            changeDirectory(String(command.dropFirst(2)).trimmingCharacters(in: " \t"), out: out)
            return
        }
        let shell = getenv("SHELL").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/bin/sh"
        switch spawnAndWait([shell, "-c", command]) {
        case .exited(0): break
        case .exited(let code):
            out.writeError("ERROR: failed process: Process(`\(command)`, ProcessExited(\(code))) [\(code)]\n")
        case .signaled(let sig):
            out.writeError("ERROR: failed process: Process(`\(command)`, ProcessSignaled(\(sig))) [0]\n")
        case .failed(let code):
            out.writeError("ERROR: IOError: could not spawn `\(shell) -c \(command)`: \(String(cString: strerror(code)))\n")
        }
        // The child had the terminal's Ctrl-C; it is not also an interrupt of the next input.
        if Interrupts.requested { _ = Interrupts.take() }
    }

    /// Julia's `cd` in shell mode: no argument means the home directory; `~` expands.
    static func changeDirectory(_ arg: String, out: OutputStream) {
        let home = getenv("HOME").map { String(cString: $0) } ?? "/"
        var dir = arg.isEmpty ? home : arg
        if dir == "~" || dir.hasPrefix("~/") { dir = home + dir.dropFirst() }
        if chdir(dir) != 0 {
            out.writeError("ERROR: IOError: cd(\(dir)): \(String(cString: strerror(errno)))\n")
            return
        }
        guard let cwd = getcwd(nil, 0) else { return }
        defer { free(cwd) }
        out.write(String(cString: cwd) + "\n")
    }

    enum Outcome { case exited(Int32), signaled(Int32), failed(Int32) }

    static func spawnAndWait(_ argv: [String]) -> Outcome {
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArgs.append(nil)
        defer { for p in cArgs { free(p) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, argv[0], nil, nil, cArgs, environ)
        if rc != 0 { return .failed(rc) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .failed(errno) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let termSignal = status & 0x7f
        if termSignal == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(termSignal)
    }
}
