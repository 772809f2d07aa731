import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
@preconcurrency import CReadline
#if canImport(Glibc)
import Glibc
#endif

/// The interactive loop: GNU readline on a terminal (history, completion, the `?`,
/// `;` and `]` modes, Ctrl-C), plain lines otherwise. Incomplete input, as the parser
/// reports it, continues on the next line.
package struct REPL {
    package let session: Session
    package let out: OutputStream

    package func run() -> Int32 {
        let tty = isatty(STDIN_FILENO) == 1
        if tty { ReadlineSetup.install(session, errorOutput: { out.writeError($0) }) }
        var pending = ""
        while true {
            out.flush()
            let mode = pending.isEmpty ? ReplState.currentMode : .julia
            ReplState.continuing.store(!pending.isEmpty, ordering: .relaxed)
            let prompt = tty ? (pending.isEmpty ? mode.prompt : "      ") : ""
            guard let line = readLine(prompt: prompt, tty: tty) else {
                if tty { out.write("\n") }
                // Piped input that stops inside a block (`echo 'for i in 1:3' | flx`):
                // the unfinished input is a ParseError and the run fails, rather than
                // ending silently as if it had all run.
                if !tty && !pending.isEmpty, case .error = session.evalREPL(pending, inputEnded: true, piped: true) { return 1 }
                return 0
            }
            // Ctrl-C at any prompt: the line and the unfinished block are gone.
            if ReplState.discardInput.exchange(false, ordering: .relaxed) {
                pending = ""
                ReplState.setMode(.julia)
                continue
            }
            if pending.isEmpty, let (lineMode, text) = modeLine(line, typedIn: ReplState.currentMode), lineMode != .julia {
                runModeLine(lineMode, text, tty: tty)
                if ReplState.currentMode.isOneShot { ReplState.setMode(.julia) }
                continue
            }
            pending += pending.isEmpty ? line : "\n" + line
            if pending.trimmingCharacters(in: " \t").isEmpty { pending = ""; continue }
            let result = session.evalREPL(pending, piped: !tty)
            if case .incomplete = result { continue }
            if tty { ReplHistory.add(pending, mode: .julia) }
            switch result {
            case .incomplete: continue
            case .value(let text):
                if let text { out.write(text + "\n") }
                if tty { out.write("\n") }
            case .error:
                if tty { out.write("\n") }
            case .exit(let code):
                return code
            }
            pending = ""
        }
    }

    /// The mode a first line runs in: the prompt's, or the one its first character
    /// names when it was typed (piped input) or recalled from the history at the
    /// julia prompt (`?Dense`, `;ls`, `]st`).
    package func modeLine(_ line: String, typedIn mode: ReplMode) -> (ReplMode, String)? {
        if mode != .julia { return (mode, line) }
        guard let first = line.first, let m = ReplMode(key: first) else { return nil }
        return (m, String(line.dropFirst()))
    }

    package func runModeLine(_ mode: ReplMode, _ text: String, tty: Bool) {
        if mode != .help && text.trimmingCharacters(in: " \t").isEmpty { return }
        switch mode {
        case .julia: return
        case .help:
            out.write(HelpDocs.help(text.trimmingCharacters(in: " \t"), session: session) + "\n")
        case .shell:
            out.flush()
            ShellMode.run(text, out: out)
        case .pkg:
            let reply = PkgMode.run(text, session: session)
            if reply.isError { out.writeError(reply.text) } else { out.write(reply.text) }
        }
        if tty {
            ReplHistory.add(text, mode: mode)
            if mode != .help { out.write("\n") }
        }
    }

    package func readLine(prompt: String, tty: Bool) -> String? {
        if tty {
            ReplState.atPrompt.store(true, ordering: .relaxed)
            defer { ReplState.atPrompt.store(false, ordering: .relaxed) }
            guard let p = readline(prompt) else { return nil }
            defer { free(p) }
            return String(cString: p)
        }
        return Swift.readLine(strippingNewline: true)
    }
}

extension String {
    package func trimmingCharacters(in set: String) -> String {
        String(self.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
