import FlxCore
@preconcurrency import CReadline
#if canImport(Glibc)
import Glibc
#endif

/// The REPL history, kept as Julia keeps its own: a file of entries that is appended
/// to as each entry is run, each with its time and mode and its lines indented by a
/// tab, so a multi-line block comes back whole after a restart:
///
///     # time: 2026-12-07 19:30:46 UTC
///     # mode: julia
///     \tfunction f(x)
///     \t    2x
///     \tend
///
/// The file is `$FLX_HISTORY`, else `~/.flx_history`; with neither `FLX_HISTORY`
/// nor `HOME` there is no file (the history lasts the session). A file that cannot
/// be written is reported once and the session goes on without it, as Julia does.
package enum ReplHistory {
    // Only the REPL thread touches these.
    nonisolated(unsafe) private static var fd: Int32 = -1
    nonisolated(unsafe) private static var report: (String) -> Void = { _ in }

    /// Entries kept in memory (readline's list); the file keeps them all.
    package static let memoryLimit: Int32 = 10_000

    package static func defaultPath() -> String? {
        if let p = getenv("FLX_HISTORY") { return String(cString: p) }
        guard let home = getenv("HOME"), home.pointee != 0 else { return nil }
        return String(cString: home) + "/.flx_history"
    }

    /// Loads the file into readline's history and opens it for appending.
    package static func open(path: String?, errorOutput: @escaping (String) -> Void) {
        report = errorOutput
        using_history()
        stifle_history(memoryLimit)
        guard let path else { return }
        if let bytes = try? FileSystem.readFile(path) {
            let text = String(decoding: bytes, as: UTF8.self)
            for (mode, entry) in parse(text) { add_history(mode.key + entry) }
        }
        fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { disable("opening file \(juliaQuoted(path))", errno) }
    }

    /// Records a run entry: in memory (with its mode's key, so recalling `]st` at the
    /// julia prompt runs it in package mode) and at the end of the file.
    package static func add(_ entry: String, mode: ReplMode) {
        add_history(mode.key + entry)
        guard fd >= 0 else { return }
        let bytes = Array(format(entry, mode: mode, time: timestamp()).utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { disable("writing the history file", errno); return }
            offset += n
        }
    }

    /// One entry in Julia's history format.
    package static func format(_ entry: String, mode: ReplMode, time: String) -> String {
        var s = "# time: \(time)\n# mode: \(mode.historyName)\n"
        for line in entry.split(separator: "\n", omittingEmptySubsequences: false) { s += "\t\(line)\n" }
        return s
    }

    /// The entries of a history file, oldest first. Lines a plain readline history
    /// wrote (no `#` header, no tab) are one-line julia entries.
    package static func parse(_ text: String) -> [(ReplMode, String)] {
        var entries: [(ReplMode, String)] = []
        var mode = ReplMode.julia
        var lines: [Substring] = []
        func flush() {
            if !lines.isEmpty { entries.append((mode, lines.joined(separator: "\n"))) }
            lines = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("\t") {
                lines.append(line.dropFirst())
            } else if line.hasPrefix("#") {
                flush()
                if line.hasPrefix("# mode: ") { mode = ReplMode(historyName: String(line.dropFirst(8))) ?? .julia }
                if line.hasPrefix("# time: ") { mode = .julia }
            } else {
                flush()
                if !line.isEmpty { entries.append((.julia, String(line))) }
            }
        }
        flush()
        return entries
    }

    private static func disable(_ what: String, _ code: Int32) {
        if fd >= 0 { close(fd) }
        fd = -1
        report("ERROR: SystemError: \(what): \(String(cString: strerror(code)))\n[ Info: Disabling history file for this session\n")
    }

    private static func juliaQuoted(_ s: String) -> String { "\"" + s + "\"" }

    /// Julia writes the local time as `%Y-%m-%d %H:%M:%S %Z`.
    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let n = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S %Z", &parts)
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
