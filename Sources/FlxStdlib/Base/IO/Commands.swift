import FlxSyntax
import FlxCore
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// External commands: the literal `` `echo $x` `` (Julia's `@cmd`: the text split into
/// words as a shell would, without running a shell, values interpolated with `$`), `Cmd`,
/// and `run`, `read(cmd, String)`, `readchomp`, `success`. A command's output goes through
/// flx's own streams, so it lands where `print` would.
package final class CmdObject: NativeObject, NativeShowable, NativeFields, NativeIterable {
    package let words: [String]
    package let ignoreStatus: Bool
    package init(_ words: [String], ignoreStatus: Bool = false) {
        self.words = words
        self.ignoreStatus = ignoreStatus
    }

    package static let type = FlxType(name: "Cmd", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { CmdObject.type }

    /// Julia's `print_shell_word`: quoted only when the shell would otherwise read it differently.
    static func shellWord(_ w: String) -> String {
        if w.isEmpty { return "''" }
        let special: Set<Character> = [" ", "\t", "\n", "#", "{", "}", "(", ")", "[", "]", "<", ">", "|", "&", "*", "?", "~", ";",
                                       "\"", "'", "$", "\\"]
        guard w.contains(where: { special.contains($0) }) else { return w }
        if !w.contains("'") { return "'" + w + "'" }
        var out = "\""
        for c in w {
            if c == "\"" || c == "$" || c == "\\" || c == "`" { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }

    package var text: String {
        "`" + words.map { CmdObject.shellWord($0).split(separator: "`", omittingEmptySubsequences: false).joined(separator: "\\`") }.joined(separator: " ") + "`"
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String { text }
    package func display(_ interp: Interpreter) throws -> String? { text }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        guard name == "exec" else { return nil }
        return .array(try interp.makeVector(words.map { .str($0) }, elementType: BuiltinTypes.string))
    }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }

    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator { ListIterator(words.map { .str($0) }) }
    package var iterationLength: Int? { words.count }
}

/// A finished process: what `run` returns.
package final class ProcessObject: NativeObject, NativeShowable, NativeFields {
    package let command: CmdObject
    package let exitCode: Int32
    package let signal: Int32
    init(_ command: CmdObject, exitCode: Int32, signal: Int32) {
        self.command = command
        self.exitCode = exitCode
        self.signal = signal
    }
    package static let type = FlxType(name: "Base.Process", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { ProcessObject.type }
    var statusText: String { signal != 0 ? "ProcessSignaled(\(signal))" : "ProcessExited(\(exitCode))" }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String { "Process(\(command.text), \(statusText))" }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "exitcode": return .int(Int64(exitCode))
        case "termsignal": return .int(Int64(signal))
        case "cmd": return .native(command)
        default: return nil
        }
    }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}

package enum Commands {
    /// Runs the command to its end with its standard output and error captured.
    static func execute(_ cmd: CmdObject) throws -> (out: [UInt8], err: [UInt8], exitCode: Int32, signal: Int32) {
        let r = try execute([cmd])
        return (r.out, r.err, r.statuses[0].exitCode, r.statuses[0].signal)
    }

    /// Runs commands as a shell pipeline, each one's output the next one's input, all at
    /// once (so `yes` into `head` ends); the last one's output and everyone's errors are
    /// captured, and each one's exit status returned in order.
    static func execute(_ cmds: [CmdObject]) throws -> (out: [UInt8], err: [UInt8], statuses: [(exitCode: Int32, signal: Int32)]) {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0 else { throw Exceptions.error("could not create a pipe: \(ErrorDisplay.strerror(errno))") }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw Exceptions.error("could not create a pipe: \(ErrorDisplay.strerror(errno))")
        }
        var pids: [pid_t] = []
        var spawnError: FlxError? = nil
        var input: Int32 = -1  // the read end of the previous command's output
        for (i, cmd) in cmds.enumerated() {
            guard let program = cmd.words.first else { spawnError = Exceptions.argument("cannot spawn empty command"); break }
            var link: [Int32] = [-1, -1]
            let last = i == cmds.count - 1
            if !last && pipe(&link) != 0 { spawnError = Exceptions.error("could not create a pipe: \(ErrorDisplay.strerror(errno))"); break }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            if input >= 0 { posix_spawn_file_actions_adddup2(&actions, input, 0) }
            posix_spawn_file_actions_adddup2(&actions, last ? outPipe[1] : link[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
            for fd in outPipe + errPipe + link + [input] where fd >= 0 { posix_spawn_file_actions_addclose(&actions, fd) }
            let argv: [UnsafeMutablePointer<CChar>?] = cmd.words.map { strdup($0) } + [nil]
            var pid: pid_t = 0
            let rc = posix_spawnp(&pid, program, &actions, nil, argv, environ)
            posix_spawn_file_actions_destroy(&actions)
            for p in argv { free(p) }
            if input >= 0 { close(input) }
            if !last { close(link[1]) }
            input = last ? -1 : link[0]
            guard rc == 0 else {
                let name = rc == ENOENT ? "no such file or directory (ENOENT)" : ErrorDisplay.strerror(rc).lowercased()
                spawnError = Exceptions.make("IOError", [.str("could not spawn \(cmd.text): \(name)"), .int(Int64(-rc))])
                break
            }
            pids.append(pid)
        }
        if input >= 0 { close(input) }
        close(outPipe[1])
        close(errPipe[1])
        // Both pipes drained together, so a child that fills one while flx waits on the other cannot stall.
        var out: [UInt8] = [], err: [UInt8] = []
        var open = [outPipe[0], errPipe[0]]
        var buffer = [UInt8](repeating: 0, count: 65536)
        var overflow: Error? = nil
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for p in fds where p.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(p.fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    do {
                        try MemoryGuard.reserve(count: (p.fd == outPipe[0] ? out.count : err.count) + n, bytesEach: 1)
                    } catch {
                        // Too much output: stop reading, so the children end on a closed pipe.
                        overflow = error
                        open.removeAll()
                        break
                    }
                    if p.fd == outPipe[0] { out.append(contentsOf: buffer[0..<n]) } else { err.append(contentsOf: buffer[0..<n]) }
                } else if n == 0 || errno != EINTR {
                    open.removeAll { $0 == p.fd }
                }
            }
        }
        // Closed before waiting: a child still writing then ends on a broken pipe.
        close(outPipe[0])
        close(errPipe[0])
        var statuses: [(exitCode: Int32, signal: Int32)] = []
        for pid in pids {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let signal = status & 0x7f
            statuses.append((signal == 0 ? (status >> 8) & 0xff : 0, signal))
        }
        if let spawnError { throw spawnError }
        if let overflow { throw overflow }
        return (out, err, statuses)
    }

    /// Julia's `ProcessFailedException(procs)`.
    static func failure(_ p: ProcessObject) throws -> FlxError {
        Exceptions.make("ProcessFailedException", [.array(ArrayValue(boxed: [.native(p)], shape: try Shape(1), elementType: ProcessObject.type))])
    }

    /// Runs `cmd`; its output goes to flx's streams unless `capture`. A failure (non-zero
    /// exit, a signal) is Julia's ProcessFailedException unless the command ignores its status.
    static func run(_ cmd: CmdObject, _ interp: Interpreter, capture: Bool, check: Bool = true) throws -> (ProcessObject, [UInt8]) {
        interp.flushOutput()
        let r = try execute(cmd)
        if !capture && !r.out.isEmpty { interp.output(String(decoding: r.out, as: UTF8.self)) }
        if !r.err.isEmpty { interp.errorOutput(String(decoding: r.err, as: UTF8.self)) }
        let p = ProcessObject(cmd, exitCode: r.exitCode, signal: r.signal)
        if check && !cmd.ignoreStatus && (r.exitCode != 0 || r.signal != 0) { throw try failure(p) }
        return (p, r.out)
    }

    static func command(_ v: Value, _ name: String) throws -> CmdObject {
        guard case .native(let c as CmdObject) = v else { throw Exceptions.method(.str(name), [v]) }
        return c
    }

    package static var functions: [Builtin] {
        [
            Builtin("run", differentiation: .constant, { interp, a in
                try a.expect("run", 1...1)
                let wait = try a.keywordBool("wait") ?? true
                guard wait else { throw Exceptions.argument("flx runs commands to their end: run(cmd; wait = false) is not supported") }
                return .native(try run(command(a[0], "run"), interp, capture: false).0)
            }, help: BuiltinHelp("run(cmd)", "Runs the command (a `` `...` `` literal) to its end, its output printed; a non-zero exit status is a ProcessFailedException. Returns the finished Process.", "run(`echo hello`)")),
            Builtin("success", differentiation: .constant, { interp, a in
                try a.expect("success", 1...1)
                let p = try run(command(a[0], "success"), interp, capture: false, check: false).0
                return .bool(p.exitCode == 0 && p.signal == 0)
            }, help: BuiltinHelp("success(cmd)", "Runs the command and returns whether it exited with status 0.", "success(`true`)  # true")),
            Builtin("readchomp", differentiation: .constant, { interp, a in
                try a.expect("readchomp", 1...1)
                var text = String(decoding: try run(command(a[0], "readchomp"), interp, capture: true).1, as: UTF8.self)
                if text.hasSuffix("\r\n") { text.removeLast(1) } else if text.hasSuffix("\n") { text.removeLast() }
                return .str(text)
            }, help: BuiltinHelp("readchomp(cmd)", "The command's output as a String, without its final newline.", "readchomp(`echo hi`)  # \"hi\"")),
            Builtin("ignorestatus", differentiation: .constant, { interp, a in
                try a.expect("ignorestatus", 1...1)
                return .native(CmdObject(try command(a[0], "ignorestatus").words, ignoreStatus: true))
            }, help: BuiltinHelp("ignorestatus(cmd)", "The command, marked so that a non-zero exit status is not an error.", "run(ignorestatus(`false`))")),
        ]
    }

    /// `read(cmd)` (bytes) and `read(cmd, String)`.
    static func read(_ a: Args, _ interp: Interpreter) throws -> Value? {
        guard a.count >= 1, case .native(let c as CmdObject) = a[0] else { return nil }
        let out = try run(c, interp, capture: true).1
        if a.count == 2, case .type(let t) = a[1], t === BuiltinTypes.string { return .str(String(decoding: out, as: UTF8.self)) }
        guard a.count == 1 else { return nil }
        return .array(try interp.makeVector(out.map { FixedInt(.uint8, bits: UInt128($0)).value }, elementType: BuiltinTypes.uint8))
    }

    package static func install(_ interp: Interpreter) {
        interp.base.define("Cmd", .type(CmdObject.type))
        TypeBuiltins.setConstructor(CmdObject.type) { interp, a in
            try a.expect("Cmd", 1...1)
            if case .native(let c as CmdObject) = a[0] { return .native(c) }
            return .native(CmdObject(try interp.collect(a[0]).map { v in
                guard case .string(let s) = v else { throw Exceptions.method(.type(CmdObject.type), a.values) }
                return s.value
            }))
        }
        interp.registerMacro("cmd") { compiler, args, span in try CmdMacro.compile(compiler, args, span) }
        interp.builtinHelp.add(BuiltinHelp("Cmd(args)  /  `cmd args`", "An external command: the program and its arguments, split as a shell would split the literal (no shell runs). `run` it, or `read(cmd, String)` its output.", "run(`echo hello`)"), for: "Cmd")
        interp.builtinHelp.add(BuiltinHelp("IOError(msg, code)", "An input/output failure, such as a command that cannot be started.", "try run(`no_such_program`) catch e; e end"), for: "IOError")
        interp.builtinHelp.add(BuiltinHelp("ProcessFailedException(procs)", "Thrown by `run` when a command exits with a non-zero status or is killed.", "try run(`false`) catch e; e end"), for: "ProcessFailedException")
    }
}
