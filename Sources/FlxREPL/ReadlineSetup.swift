import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
@preconcurrency import CReadline
#if canImport(Glibc)
import Glibc
#endif

/// Wiring of GNU readline to behave as Julia's REPL: the mode keys, Ctrl-C and Ctrl-D,
/// prefix history search on Up/Down, and Tab (symbols anywhere in a word, then names).
package enum ReadlineSetup {
    // Readline calls back through C function pointers that cannot capture context,
    // so the session and the current completion list live here; only the REPL
    // thread touches them.
    package nonisolated(unsafe) static var session: Session?
    package nonisolated(unsafe) static var candidates: [String] = []
    package nonisolated(unsafe) static var candidateIndex = 0
    nonisolated(unsafe) static var resizesSeen = 0

    package static func install(_ s: Session, errorOutput: @escaping (String) -> Void) {
        session = s
        rl_readline_name = UnsafePointer(strdup("flx"))
        // Readline binds the terminal's erase key when it first initialises; doing that
        // now keeps it from undoing the Backspace binding below.
        rl_initialize()
        // ... and again each time it prepares the terminal, unless told not to.
        rl_variable_bind("bind-tty-special-chars", "off")
        // flx's own handlers (Signals) keep SIGINT and SIGWINCH; the key reader below
        // turns them into readline actions.
        rl_catch_signals = 0
        rl_catch_sigwinch = 0
        rl_getc_function = { stream in ReadlineSetup.readKey(stream) }
        installCompletion()
        for key in ["?", ";", "]"] { rl_bind_key(Int32(UInt8(ascii: key.unicodeScalars.first!))) { count, key in ReadlineSetup.modeKey(count, key) } }
        for key: Int32 in [127, 8] { rl_bind_key(key) { count, key in ReadlineSetup.backspace(count, key) } }
        rl_bind_key(3) { _, _ in ReadlineSetup.interruptKey() }
        // Up and Down recall the entries that start with what is before the cursor
        // (all entries on an empty line), as Julia's prefix history search.
        for seq in ["\\e[A", "\\eOA"] { rl_bind_keyseq(seq, rl_history_search_backward) }
        for seq in ["\\e[B", "\\eOB"] { rl_bind_keyseq(seq, rl_history_search_forward) }
        ReplHistory.open(path: ReplHistory.defaultPath(), errorOutput: errorOutput)
    }

    /// Readline's key reader. A signal cuts `read` short (the handler does not restart
    /// it): Ctrl-C becomes the Ctrl-C key, a resize makes readline re-measure the
    /// screen. Ctrl-D on the empty line of an unfinished block is ignored, as in Julia,
    /// where only an empty first line ends the session.
    static func readKey(_ stream: UnsafeMutablePointer<FILE>?) -> Int32 {
        let fd = stream.map { fileno($0) } ?? STDIN_FILENO
        while true {
            if ReplState.promptInterrupted.exchange(false, ordering: .relaxed) { return 3 }
            if TerminalResize.count != resizesSeen {
                resizesSeen = TerminalResize.count
                rl_resize_terminal()
            }
            var c: UInt8 = 0
            let n = Glibc.read(fd, &c, 1)
            if n == 1 {
                if c == 4 && rl_end == 0 && ReplState.continuing.load(ordering: .relaxed) { rl_ding(); continue }
                return Int32(c)
            }
            if n == 0 || errno != EINTR { return EOF }
        }
    }

    /// Ctrl-C: Julia shows `^C` after the line, drops the line and any unfinished
    /// block, and starts over at the julia prompt.
    static func interruptKey() -> Int32 {
        rl_point = rl_end
        rl_redisplay()
        fputs("^C\n\n", rl_outstream)
        fflush(rl_outstream)
        rl_replace_line("", 0)
        ReplState.discardInput.store(true, ordering: .relaxed)
        ReplState.setMode(.julia)
        rl_done = 1
        return 0
    }

    /// `?`, `;` or `]` at the start of an empty first line switches the prompt's mode.
    static func modeKey(_ count: Int32, _ key: Int32) -> Int32 {
        guard rl_end == 0, ReplState.currentMode == .julia, !ReplState.continuing.load(ordering: .relaxed),
              let scalar = Unicode.Scalar(UInt32(key)), let mode = ReplMode(key: Character(scalar)) else {
            return rl_insert(count, key)
        }
        ReplState.setMode(mode)
        showPrompt(mode)
        return 0
    }

    /// Backspace on an empty line leaves a mode for the julia prompt.
    static func backspace(_ count: Int32, _ key: Int32) -> Int32 {
        guard rl_end == 0, ReplState.currentMode != .julia, !ReplState.continuing.load(ordering: .relaxed) else {
            return rl_rubout(count, key)
        }
        ReplState.setMode(.julia)
        showPrompt(.julia)
        return 0
    }

    /// Redraws the (empty) line with the mode's prompt in place of the old one.
    static func showPrompt(_ mode: ReplMode) {
        rl_set_prompt(mode.prompt)
        fputs("\r\u{1B}[K", rl_outstream)
        rl_on_new_line()
        rl_redisplay()
    }

    static func installCompletion() {
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
        rl_bind_key(9) { count, key in ReadlineSetup.tab(count, key) }
    }

    /// Tab: a `\name` ending at the cursor (even inside a word) becomes its symbol, or
    /// grows to the names' common prefix, or lists them; anything else is readline's
    /// completion of names, members and files.
    static func tab(_ count: Int32, _ key: Int32) -> Int32 {
        guard let buffer = rl_line_buffer else { return rl_complete(count, key) }
        let point = Int(rl_point)
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: point)
        let before = String(decoding: bytes, as: UTF8.self)
        guard let (typed, names) = Completion.symbolCompletion(before: before) else { return rl_complete(count, key) }
        if names.isEmpty { rl_ding(); return 0 }
        let common = names.count == 1 ? names[0] : commonPrefix(names)
        if names.count == 1 || common.count > typed.count {
            let start = Int32(point - typed.utf8.count)
            rl_begin_undo_group()
            rl_delete_text(start, rl_point)
            rl_point = start
            rl_insert_text(common)
            rl_end_undo_group()
            return 0
        }
        listNames(names)
        return 0
    }

    static func commonPrefix(_ names: [String]) -> String {
        guard var prefix = names.first.map(Array.init) else { return "" }
        for n in names.dropFirst() {
            let chars = Array(n)
            var i = 0
            while i < prefix.count && i < chars.count && prefix[i] == chars[i] { i += 1 }
            prefix = Array(prefix[0..<i])
        }
        return String(prefix)
    }

    /// Readline's own list display (columns, `--More--` for long lists).
    static func listNames(_ names: [String]) {
        var list: [UnsafeMutablePointer<CChar>?] = [strdup("")] + names.map { strdup($0) }
        list.append(nil)
        defer { for p in list { free(p) } }
        let widest = names.map { $0.count }.max() ?? 0
        list.withUnsafeMutableBufferPointer { rl_display_match_list($0.baseAddress, Int32(names.count), Int32(widest)) }
        rl_forced_update_display()
    }
}
