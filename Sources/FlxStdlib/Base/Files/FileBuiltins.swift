import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// Files and temporary paths, as Julia's Base: `tempdir`, `tempname`, `mktempdir`,
/// `isfile`, `isdir`, `rm`, `filesize`, `read(path)` / `read(path, String)` and
/// `write(path, x)`. Bytes are Int64 values 0...255 here (flx has no UInt8), as `take!`.
package enum FileBuiltins {
    package static func install(_ interp: Interpreter) {
        let b = interp.base
        b.native("tempdir") { _, a in
            try a.expect("tempdir", 0...0)
            return .str(tempDirectory())
        }
        b.native("tempname") { _, a in
            try a.expect("tempname", 0...1)
            let dir: String
            if a.count == 1 {
                guard case .string(let s) = a[0] else { throw Exceptions.method(.str("tempname"), a.values) }
                dir = s.value
            } else { dir = tempDirectory() }
            // A fresh name (the file is not created), as Julia's `tempname()`.
            try FileSystem.systemError { try FileSystem.checkWritesAllowed(dir) }
            var template = Array((dir + "/jl_XXXXXX").utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw Exceptions.error("tempname: cannot create a file in \(dir): \(errnoText())") }
            close(fd)
            let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            unlink(path)
            return .str(path)
        }
        b.native("mktempdir") { _, a in
            try a.expect("mktempdir", 0...1)
            var dir = tempDirectory()
            if a.count == 1 {
                guard case .string(let s) = a[0] else { throw Exceptions.method(.str("mktempdir"), a.values) }
                dir = s.value
            }
            try FileSystem.systemError { try FileSystem.checkWritesAllowed(dir) }
            var template = Array((dir + "/jl_XXXXXX").utf8CString)
            let ok = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
            guard ok else { throw Exceptions.error("mktempdir: cannot create a directory in \(dir): \(errnoText())") }
            return .str(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        b.native("isfile") { _, a in
            try a.expect("isfile", 1...1)
            guard case .string(let p) = a[0] else { throw Exceptions.method(.str("isfile"), a.values) }
            var st = stat()
            return .bool(stat(p.value, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG)
        }
        b.native("isdir") { _, a in
            try a.expect("isdir", 1...1)
            guard case .string(let p) = a[0] else { throw Exceptions.method(.str("isdir"), a.values) }
            var st = stat()
            return .bool(stat(p.value, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR)
        }
        b.native("filesize") { _, a in
            try a.expect("filesize", 1...1)
            guard case .string(let p) = a[0] else { throw Exceptions.method(.str("filesize"), a.values) }
            var st = stat()
            guard stat(p.value, &st) == 0 else { return .int(0) }
            return .int(Int64(st.st_size))
        }
        b.native("joinpath") { _, a in
            var out = ""
            for i in 0..<a.count {
                guard case .string(let s) = a[i] else { throw Exceptions.method(.str("joinpath"), a.values) }
                let part = s.value
                if part.hasPrefix("/") || out.isEmpty { out = part } else { out += (out.hasSuffix("/") ? "" : "/") + part }
            }
            return .str(out)
        }
        b.native("readdir") { interp, a in
            try a.expect("readdir", 0...1)
            var path = "."
            if a.count == 1 {
                guard case .string(let s) = a[0] else { throw Exceptions.method(.str("readdir"), a.values) }
                path = s.value
            }
            guard let entries = FileSystem.directoryEntries(path) else {
                throw Exceptions.make("SystemError", [.str("readdir(\"\(path)\"): \(errnoText())")])
            }
            return .array(try interp.makeVector(entries.map { $0.name }.sorted().map { .str($0) }, elementType: BuiltinTypes.string))
        }
        b.native("codeunits") { interp, a in
            guard a.count == 1, case .string(let s) = a[0] else { throw Exceptions.method(.str("codeunits"), a.values) }
            return .array(try interp.makeVector(s.value.utf8.map { .int(Int64($0)) }, elementType: BuiltinTypes.int64))
        }
        b.native("read") { interp, a in
            guard let v = try read(a, interp) else { throw Exceptions.method(.str("read"), a.values) }
            return v
        }
        b.native("rm") { _, a in
            try a.expect("rm", 1...1)
            guard case .string(let p) = a[0] else { throw Exceptions.method(.str("rm"), a.values) }
            let force = (try a.keywordBool("force")) ?? false
            let recursive = (try a.keywordBool("recursive")) ?? false
            try remove(p.value, force: force, recursive: recursive)
            return .nothing
        }
    }

    /// `read(path)` (bytes) and `read(path, String)`; nil when the arguments are not a path.
    package static func read(_ a: Args, _ interp: Interpreter) throws -> Value? {
        guard a.count >= 1, case .string(let p) = a[0] else { return nil }
        var bytes: [UInt8] = []
        try FileSystem.systemError { bytes = try FileSystem.readFile(p.value) }
        if a.count == 2, case .type(let t) = a[1], t === BuiltinTypes.string {
            return .str(String(decoding: bytes, as: UTF8.self))
        }
        guard a.count == 1 else { return nil }
        return .array(try interp.makeVector(bytes.map { .int(Int64($0)) }, elementType: BuiltinTypes.int64))
    }

    /// `write(path, x)`: a string's UTF-8 bytes, or a vector of byte values 0...255.
    package static func write(_ path: String, _ content: Value, _ interp: Interpreter) throws -> Value {
        var bytes: [UInt8] = []
        if case .array(let arr) = content, arr.tensor?.dtype == .int64 {
            for v in arr.boxedValues {
                guard case .int(let n) = v, n >= 0, n <= 255 else { throw Exceptions.inexact("convert", "UInt8", v) }
                bytes.append(UInt8(n))
            }
        } else {
            bytes = Array(try Display.printString(content, interp).utf8)
        }
        // Atomic, so an interrupted write leaves the old file whole.
        try FileSystem.systemError { try FileSystem.writeAtomically(path, bytes) }
        return .int(Int64(bytes.count))
    }

    package static func remove(_ path: String, force: Bool, recursive: Bool) throws {
        try FileSystem.systemError { try FileSystem.checkWritesAllowed(path) }
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if force { return }
            throw Exceptions.make("SystemError", [.str("unlink(\"\(path)\"): \(errnoText())")])
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            if recursive, let entries = FileSystem.directoryEntries(path) {
                for entry in entries { try remove(path + "/" + entry.name, force: force, recursive: true) }
            }
            guard rmdir(path) == 0 else { throw Exceptions.make("SystemError", [.str("rmdir(\"\(path)\"): \(errnoText())")]) }
            return
        }
        guard unlink(path) == 0 else { throw Exceptions.make("SystemError", [.str("unlink(\"\(path)\"): \(errnoText())")]) }
    }

    package static func tempDirectory() -> String {
        for name in ["TMPDIR", "TMP", "TEMP"] {
            if let v = getenv(name), let s = Optional(String(cString: v)), !s.isEmpty {
                return s.count > 1 && s.hasSuffix("/") ? String(s.dropLast()) : s
            }
        }
        return "/tmp"
    }

    package static func errnoText() -> String { String(cString: strerror(errno)) }
}
