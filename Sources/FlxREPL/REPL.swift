import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
@preconcurrency import CReadline
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The interactive loop: GNU readline on a terminal (history, completion, `?` help
/// mode, Ctrl-C), plain lines otherwise. Incomplete input, as the parser reports it,
/// continues on the next line.
package struct REPL {
    package let session: Session
    package let out: OutputStream

    package func run() -> Int32 {
        let tty = isatty(STDIN_FILENO) == 1
        if tty { ReadlineSetup.install(session) }
        defer { if tty { ReadlineSetup.saveHistory() } }
        var pending = ""
        while true {
            out.flush()
            let prompt = pending.isEmpty ? (tty ? ReadlineSetup.mainPrompt : "") : (tty ? "      " : "")
            guard let line = readLine(prompt: prompt, tty: tty) else {
                if tty { out.write("\n") }
                // Piped input that stops inside a block (`echo 'for i in 1:3' | flx`):
                // the unfinished input is a ParseError and the run fails, rather than
                // ending silently as if it had all run.
                if !tty && !pending.isEmpty, case .error = session.evalREPL(pending, inputEnded: true, piped: true) { return 1 }
                return 0
            }
            if ReplState.helpMode.exchange(false, ordering: .relaxed) || (pending.isEmpty && line.hasPrefix("?")) {
                let query = line.hasPrefix("?") ? String(line.dropFirst()) : line
                out.write(HelpDocs.help(query.trimmingCharacters(in: " \t"), session: session) + "\n")
                if tty { add_history("?" + query) }
                continue
            }
            pending += pending.isEmpty ? line : "\n" + line
            if pending.trimmingCharacters(in: " \t").isEmpty { pending = ""; continue }
            let result = session.evalREPL(pending, piped: !tty)
            if case .incomplete = result { continue }
            if tty { add_history(pending) }
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

/// Flags shared with the signal handler and readline callbacks (atomics: the handler
/// may run on any thread).
package enum ReplState {
    package static let atPrompt = Atomic<Bool>(false)
    package static let helpMode = Atomic<Bool>(false)
}

/// Wiring of GNU readline: prompt colours, history file, completion, `?` key, Ctrl-C.
package enum ReadlineSetup {
    // Readline calls back through C function pointers that cannot capture context,
    // so the session and the current completion list live here; only the REPL
    // thread touches them.
    package nonisolated(unsafe) static var session: Session?
    package nonisolated(unsafe) static var candidates: [String] = []
    package nonisolated(unsafe) static var candidateIndex = 0
    package nonisolated(unsafe) static var historyPath = ""

    /// `flx> ` in bold green; \u{1}/\u{2} tell readline the escapes take no room.
    package static let mainPrompt = "\u{1}\u{1B}[32m\u{1B}[1m\u{2}flx> \u{1}\u{1B}[0m\u{2}"
    package static let helpPrompt = "\u{1}\u{1B}[33m\u{1B}[1m\u{2}help?> \u{1}\u{1B}[0m\u{2}"

    package static func install(_ s: Session) {
        session = s
        rl_readline_name = UnsafePointer(strdup("flx"))
        rl_catch_signals = 0
        rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n\"'`@$><=;|&{(,[)]}+-*/%^!~.:"))
        rl_attempted_completion_function = { text, start, end in
            rl_attempted_completion_over = 1
            rl_completion_append_character = 0
            guard let s = ReadlineSetup.session, let text else { return nil }
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            let word = String(cString: text)
            // Readline counts bytes; the completer works in characters.
            let prefixBytes = Array(line.utf8.prefix(Int(start)))
            let startChar = String(decoding: prefixBytes, as: UTF8.self).count
            ReadlineSetup.candidates = Completion.candidates(line: line, start: startChar, word: word, session: s)
            ReadlineSetup.candidateIndex = 0
            if ReadlineSetup.candidates.isEmpty { return nil }
            return rl_completion_matches(text) { _, state in
                if state == 0 { ReadlineSetup.candidateIndex = 0 }
                guard ReadlineSetup.candidateIndex < ReadlineSetup.candidates.count else { return nil }
                defer { ReadlineSetup.candidateIndex += 1 }
                return strdup(ReadlineSetup.candidates[ReadlineSetup.candidateIndex])
            }
        }
        // `?` at the start of an empty line switches to help mode, as in Julia.
        rl_bind_key(Int32(UInt8(ascii: "?"))) { count, key in
            if rl_end == 0 && !ReplState.helpMode.load(ordering: .relaxed) {
                ReplState.helpMode.store(true, ordering: .relaxed)
                rl_set_prompt(ReadlineSetup.helpPrompt)
                rl_redisplay()
                return 0
            }
            return rl_insert(count, key)
        }
        historyPath = getenv("FLX_HISTORY").map { String(cString: $0) } ?? ((getenv("HOME").map { String(cString: $0) } ?? ".") + "/.flx_history")
        using_history()
        stifle_history(5000)
        read_history(historyPath)
        installInterruptHandler()
    }

    package static func saveHistory() {
        write_history(historyPath)
    }

    /// Ctrl-C at the prompt clears the line; while code runs it asks the interpreter
    /// to stop with InterruptException at its next step.
    package static func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if ReplState.atPrompt.load(ordering: .relaxed) {
                ReplState.helpMode.store(false, ordering: .relaxed)
                _ = Glibc.write(1, "^C\n", 3)
                rl_on_new_line()
                rl_replace_line("", 0)
                rl_set_prompt(ReadlineSetup.mainPrompt)
                rl_redisplay()
            } else {
                Interrupts.request()
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }
}

extension String {
    package func trimmingCharacters(in set: String) -> String {
        String(self.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
