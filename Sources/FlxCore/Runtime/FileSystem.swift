import FlxSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Every file flx writes goes through here: `writeFile` (FileWrite.swift) never leaves
/// half a file, and the fuzzer can switch writing off so generated programs cannot
/// touch the disk.
public enum FileSystem {
    /// Off in the fuzz target; on everywhere else.
    nonisolated(unsafe) public static var writesAllowed = true

    /// A failed file operation. From a system call it keeps Julia's SystemError parts,
    /// the prefix (`opening file "x.csv"`) and the errno, so `e.errnum` reads as in Julia.
    package struct Failure: Error {
        package let message: String
        package let prefix: String
        package let errno: Int32?
        package init(_ m: String) { message = m; prefix = m; errno = nil }
        package init(prefix: String, errno: Int32) {
            self.prefix = prefix
            self.errno = errno
            message = prefix + ": " + String(cString: strerror(errno))
        }
    }

    /// Throws unless this session may create, replace or delete files.
    package static func checkWritesAllowed(_ path: String) throws {
        guard writesAllowed else { throw Failure("cannot write \(path): writing files is disabled in this session") }
    }

    /// The forms builtins call: a failure is Julia's SystemError with the message.
    package static func systemError(_ body: () throws -> Void) throws {
        do { try body() } catch let e as Failure {
            guard let n = e.errno else { throw Exceptions.make("SystemError", [.str(e.message)]) }
            throw Exceptions.make("SystemError", [.str(e.prefix), .int(Int64(n))])
        }
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
