@preconcurrency import CReadline
import FlxLang
#if canImport(Glibc)
import Glibc
#endif

/// The interactive loop: reads with GNU readline on a terminal (plain lines
/// otherwise), continues incomplete input on the next line, echoes values.
struct REPL {
    let session: Session
    let out: OutputStream

    func run() -> Int32 {
        let tty = isatty(STDIN_FILENO) == 1
        var pending = ""
        while true {
            out.flush()
            let prompt = pending.isEmpty ? "flx> " : "      "
            guard let line = readLine(prompt: prompt, tty: tty) else {
                if tty { out.write("\n") }
                return 0
            }
            pending += pending.isEmpty ? line : "\n" + line
            if pending.trimmingCharacters(in: " \t").isEmpty { pending = ""; continue }
            switch session.evalREPL(pending) {
            case .incomplete:
                continue
            case .value(let text):
                if tty, !pending.isEmpty { add_history(pending) }
                if let text { out.write(text + "\n") }
                if tty { out.write("\n") }
            case .error:
                if tty { add_history(pending); out.write("\n") }
            case .exit(let code):
                return code
            }
            pending = ""
        }
    }

    func readLine(prompt: String, tty: Bool) -> String? {
        if tty {
            guard let p = readline(prompt) else { return nil }
            defer { free(p) }
            return String(cString: p)
        }
        return Swift.readLine(strippingNewline: true)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        String(self.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
