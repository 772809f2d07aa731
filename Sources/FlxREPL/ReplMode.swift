import Synchronization

/// The REPL's modes, as Julia's: `?` help, `;` shell and `]` package mode, entered by
/// typing the key at the start of an empty first line and left with Backspace on an
/// empty line or Ctrl-C. Help and shell mode last one line; package mode stays.
package enum ReplMode: Int, Sendable {
    case julia, help, shell, pkg

    /// The key that enters the mode, also the prefix its lines keep in the history.
    package var key: String {
        switch self {
        case .julia: return ""
        case .help: return "?"
        case .shell: return ";"
        case .pkg: return "]"
        }
    }

    package init?(key: Character) {
        switch key {
        case "?": self = .help
        case ";": self = .shell
        case "]": self = .pkg
        default: return nil
        }
    }

    /// Julia's name for the mode in its history file (`# mode: shell`).
    package var historyName: String {
        switch self {
        case .julia: return "julia"
        case .help: return "help"
        case .shell: return "shell"
        case .pkg: return "pkg"
        }
    }

    package init?(historyName: String) {
        switch historyName {
        case "julia": self = .julia
        case "help": self = .help
        case "shell": self = .shell
        case "pkg": self = .pkg
        default: return nil
        }
    }

    /// The bold, coloured prompt; \u{1}/\u{2} tell readline the escapes take no room.
    package var prompt: String {
        let (colour, text): (String, String)
        switch self {
        case .julia: (colour, text) = ("32", "flx> ")
        case .help: (colour, text) = ("33", "help?> ")
        case .shell: (colour, text) = ("31", "shell> ")
        case .pkg: (colour, text) = ("34", "(@flx) pkg> ")
        }
        return "\u{1}\u{1B}[\(colour)m\u{1B}[1m\u{2}\(text)\u{1}\u{1B}[0m\u{2}"
    }

    /// Whether the mode goes back to the julia prompt after one line.
    package var isOneShot: Bool { self == .help || self == .shell }
}

/// State shared by the REPL loop, readline's callbacks and the signal handler
/// (atomics: the handler may run at any moment).
package enum ReplState {
    /// True while readline waits for a line.
    package static let atPrompt = Atomic<Bool>(false)
    /// Set by Ctrl-C at the prompt; the key reader turns it into a Ctrl-C key.
    package static let promptInterrupted = Atomic<Bool>(false)
    /// Set by that key: the line and any unfinished block are to be thrown away.
    package static let discardInput = Atomic<Bool>(false)
    /// True while the prompt continues an unfinished block.
    package static let continuing = Atomic<Bool>(false)
    /// `ReplMode.rawValue` of the prompt's mode (the keys `?`, `;`, `]` change it).
    package static let mode = Atomic<Int>(ReplMode.julia.rawValue)

    package static var currentMode: ReplMode { ReplMode(rawValue: mode.load(ordering: .relaxed)) ?? .julia }
    package static func setMode(_ m: ReplMode) { mode.store(m.rawValue, ordering: .relaxed) }
}
