import FlxSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Every file flx writes goes through here: writes are atomic (a crash leaves the old
/// file or the new one, never half of one), and the fuzzer can switch writing off so
/// generated programs cannot touch the disk.
public enum FileSystem {
    /// Off in the fuzz target; on everywhere else.
    nonisolated(unsafe) public static var writesAllowed = true

    package struct Failure: Error {
        package let message: String
        package init(_ m: String) { message = m }
    }

    /// Throws unless this session may create, replace or delete files.
    package static func checkWritesAllowed(_ path: String) throws {
        guard writesAllowed else { throw Failure("cannot write \(path): writing files is disabled in this session") }
    }

    /// The forms builtins call: a failure is Julia's SystemError with the message.
    package static func systemError(_ body: () throws -> Void) throws {
        do { try body() } catch let e as Failure { throw Exceptions.make("SystemError", [.str(e.message)]) }
    }

    package static func readFile(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else { throw Failure("cannot open \(path): \(errnoText())") }
        defer { fclose(f) }
        return try readAll(f, path: path)
    }

    /// Every byte of an open file, read in chunks: sizes from fseek/ftell are
    /// meaningless for pipes and directories (ext4 reports 2^63 - 1 for the latter).
    package static func readAll(_ f: UnsafeMutablePointer<FILE>, path: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n > 0 { bytes.append(contentsOf: buf[0..<n]) }
            if n < buf.count { break }
        }
        if ferror(f) != 0 { throw Failure("cannot read \(path): \(errnoText())") }
        return bytes
    }

    /// Writes atomically: a temporary file in the same directory, flushed and fsynced,
    /// then renamed over `path`, so a crash leaves either the old file or the new one.
    package static func writeAtomically(_ path: String, _ bytes: [UInt8]) throws {
        try checkWritesAllowed(path)
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array(((dir.isEmpty ? "" : dir) + "/." + base + ".tmp.XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        // Julia's wording, as when `open(path, "w")` fails.
        guard fd >= 0 else { throw Failure("opening file \"\(path)\": \(errnoText())") }
        let tmpPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var ok = false
        defer { if !ok { unlink(tmpPath) } }
        var written = 0
        while written < bytes.count {
            let r = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if r < 0 {
                if errno == EINTR { continue }
                let e = errnoText()
                close(fd)
                throw Failure("cannot write \(path): \(e)")
            }
            written += r
        }
        guard fsync(fd) == 0 else { let e = errnoText(); close(fd); throw Failure("cannot write \(path): fsync failed: \(e)") }
        _ = fchmod(fd, 0o644)
        guard close(fd) == 0 else { throw Failure("cannot write \(path): \(errnoText())") }
        guard rename(tmpPath, path) == 0 else { throw Failure("cannot write \(path): \(errnoText())") }
        ok = true
        // Make the rename itself durable.
        let dfd = open(dir.isEmpty ? "/" : dir, O_RDONLY)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    package static func errnoText() -> String { String(cString: strerror(errno)) }

    /// The absolute form of a directory (for `@__DIR__`).
    package static func absoluteDirectory(_ dir: String) -> String {
        if dir.hasPrefix("/") { return dir }
        var buf = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buf, buf.count) != nil else { return dir }
        let cwd = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return dir == "." ? cwd : cwd + "/" + dir
    }
}
