import FlxSyntax
import FlxCore
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// An open file, as Julia's `IOStream`: `open(path, mode)` opens it at once (so "w"
/// truncates and "a" creates it there, as Julia's do), writes go to the C stream and every
/// failure (a full disk, a closed stream) is Julia's SystemError, and reads come from the
/// file's text as it was when opened, consumed as an IOBuffer's.
package final class FileStreamObject: NativeObject, IOStream, NativeShowable {
    package static let type = FlxType(name: "IOStream", supertype: BuiltinTypes.io)
    package override var flxType: FlxType { FileStreamObject.type }
    let path: String
    let readable: Bool, writable: Bool
    private var file: UnsafeMutablePointer<FILE>?
    /// What reading sees: the file's content at `open`, read from a position.
    let reader: IOBuffer
    /// A write failure not yet reported (IOStream.write cannot throw); the next builtin
    /// that wrote through this stream throws it.
    private var failure: FlxError?

    init(path: String, mode: String) throws {
        self.path = path
        let plus = mode.contains("+")
        readable = mode.hasPrefix("r") || plus
        writable = !mode.hasPrefix("r") || plus
        if writable { try FileSystem.systemError { try FileSystem.checkWritesAllowed(path) } }
        var text = ""
        // The file's text for reading ("r", "r+", "a+"; "w+" starts empty).
        if mode.hasPrefix("r") || (plus && mode.hasPrefix("a") && FileManagerless.exists(path)) {
            guard let f = fopen(path, "rb") else { throw FileStreamObject.openingError(path) }
            defer { fclose(f) }
            try FileSystem.systemError { text = String(decoding: try FileSystem.readAll(f, path: path), as: UTF8.self) }
        }
        reader = IOBuffer(text)
        if writable {
            guard let f = fopen(path, mode.hasPrefix("r") ? "r+" : mode) else { throw FileStreamObject.openingError(path) }
            file = f
        }
    }

    static func openingError(_ path: String) -> FlxError {
        Exceptions.make("SystemError", [.str("opening file \"\(path)\""), .int(Int64(errno))])
    }

    package var isOpen: Bool { !closed }
    private var closed = false

    package func write(_ text: String, _ interp: Interpreter) {
        guard failure == nil else { return }
        guard writable, !closed, let file else {
            failure = Exceptions.argument("write failed, IOStream is not writeable")
            return
        }
        let bytes = Array(text.utf8)
        if !bytes.isEmpty && fwrite(bytes, 1, bytes.count, file) != bytes.count {
            failure = Exceptions.make("SystemError", [.str("writing to \("\"" + path + "\"")"), .int(Int64(errno))])
        }
    }

    /// Throws the failure a write recorded, once.
    package func check() throws {
        if let f = failure {
            failure = nil
            throw f
        }
    }

    package func flush() throws {
        try check()
        if let file, fflush(file) != 0 { throw Exceptions.make("SystemError", [.str("flush"), .int(Int64(errno))]) }
    }

    /// `close(io)`: flushes and closes; closing twice is allowed, as in Julia.
    package func close() throws {
        defer { closed = true }
        try check()
        guard let f = file else { return }
        file = nil
        if fclose(f) != 0 { throw Exceptions.make("SystemError", [.str("closing \("\"" + path + "\"")"), .int(Int64(errno))]) }
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String { "IOStream(<file \(path)>)" }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }

    deinit { if let file { fclose(file) } }
}

/// Whether a path exists, without Foundation.
enum FileManagerless {
    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }
}

/// `open(path[, mode])`, `open(f, path[, mode])` (the `do` form: the file is closed when `f`
/// returns or throws), `close`, `isopen`; reading and flushing an open file.
extension IOBuiltins {
    package static let openModes: Set<String> = ["r", "r+", "w", "w+", "a", "a+"]

    package static var fileStreams: [Builtin] {
        [
            Builtin("open", { interp, a in
                let hasFunction: Bool = { if case .function = a[0] { return true }; return false }()
                let rest = hasFunction ? Array(a.values.dropFirst()) : a.values
                guard (1...2).contains(rest.count), case .string(let path) = rest[0] else { throw Exceptions.method(.str("open"), a.values) }
                var mode = "r"
                if rest.count == 2 {
                    guard case .string(let m) = rest[1] else { throw Exceptions.method(.str("open"), a.values) }
                    guard openModes.contains(m.value) else { throw Exceptions.argument("invalid open mode: \(m.value)") }
                    mode = m.value
                } else {
                    // Keyword flags: write/append/create/truncate/read as Julia's `open(path; write = true)`.
                    let write = try a.keywordBool("write") ?? false, append = try a.keywordBool("append") ?? false
                    let read = try a.keywordBool("read")
                    if append { mode = read == true ? "a+" : "a" } else if write { mode = read == true ? "w+" : "w" }
                }
                let stream = try FileStreamObject(path: path.value, mode: mode)
                guard hasFunction else { return .native(stream) }
                let result: Value
                do { result = try interp.call(a[0], [.native(stream)]) } catch {
                    try? stream.close()
                    throw error
                }
                try stream.close()
                return result
            }, help: BuiltinHelp("open(path, mode = \"r\")  /  open(f, path, mode)", "Opens a file: \"r\" read, \"w\" write (truncating), \"a\" append, with \"+\" both. The `do` form passes the stream to `f` and closes it afterwards, also when `f` throws.", "open(\"log.txt\", \"w\") do io\n    println(io, \"hello\")\nend")),
            Builtin("close", { _, a in
                try a.expect("close", 1...1)
                guard case .native(let s as FileStreamObject) = a[0] else { throw Exceptions.method(.str("close"), a.values) }
                try s.close()
                return .nothing
            }, help: BuiltinHelp("close(io)", "Flushes and closes an open file.", "io = open(path, \"w\"); print(io, 1); close(io)")),
            Builtin("isopen", { _, a in
                try a.expect("isopen", 1...1)
                guard case .native(let s as FileStreamObject) = a[0] else { throw Exceptions.method(.str("isopen"), a.values) }
                return .bool(s.isOpen)
            }, help: BuiltinHelp("isopen(io)", "Whether a file stream is still open.", "isopen(io)")),
        ]
    }

    /// The buffer reading functions consume: an IOBuffer itself, or an open file's text.
    package static func readBuffer(_ v: Value) throws -> IOBuffer? {
        switch v {
        case .native(let b as IOBuffer): return b
        case .native(let f as FileStreamObject):
            guard f.readable else { throw Exceptions.argument("read failed, IOStream is not readable") }
            return f.reader
        default: return nil
        }
    }
}
