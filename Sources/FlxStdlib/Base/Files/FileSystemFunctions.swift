import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// Files and directories: temporary names, tests (`isfile`, `isdir`), paths, listing,
/// reading whole files and removing them.
extension FileBuiltins {
    package static var fileSystem: [Builtin] {
        [
            Builtin("tempdir", { _, a in
                try a.expect("tempdir", 0...0)
                return .str(tempDirectory())
            }, help: BuiltinHelp("tempdir()", "The directory for temporary files: the `TMPDIR` environment variable, else `/tmp`.", "tempdir()  # \"/tmp\"")),
            Builtin("tempname", temporaryPath,
                help: BuiltinHelp("tempname([dir])", "A fresh path in `tempdir()` (or `dir`) that does not exist yet; the file is not created.", "path = tempname()\nwrite(path, \"hello\")")),
            Builtin("mktempdir", { _, a in
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
            }, help: BuiltinHelp("mktempdir([parent])", "Creates a new, empty temporary directory and returns its path.", "dir = mktempdir()\nrm(dir; recursive = true)")),
            Builtin("isfile", { _, a in
                try a.expect("isfile", 1...1)
                guard case .string(let p) = a[0] else { throw Exceptions.method(.str("isfile"), a.values) }
                var st = stat()
                return .bool(stat(p.value, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG)
            }, help: BuiltinHelp("isfile(path)", "`true` when `path` is an existing regular file.", "isfile(\"/etc/hostname\")")),
            Builtin("isdir", { _, a in
                try a.expect("isdir", 1...1)
                guard case .string(let p) = a[0] else { throw Exceptions.method(.str("isdir"), a.values) }
                var st = stat()
                return .bool(stat(p.value, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR)
            }, help: BuiltinHelp("isdir(path)", "`true` when `path` is an existing directory.", "isdir(tempdir())  # true")),
            Builtin("filesize", { _, a in
                try a.expect("filesize", 1...1)
                guard case .string(let p) = a[0] else { throw Exceptions.method(.str("filesize"), a.values) }
                var st = stat()
                guard stat(p.value, &st) == 0 else { return .int(0) }
                return .int(Int64(st.st_size))
            }, help: BuiltinHelp("filesize(path)", "The size of the file in bytes (0 if it does not exist).", "filesize(path)")),
            Builtin("joinpath", { _, a in
                var out = ""
                for i in 0..<a.count {
                    guard case .string(let s) = a[i] else { throw Exceptions.method(.str("joinpath"), a.values) }
                    let part = s.value
                    if part.hasPrefix("/") || out.isEmpty { out = part } else { out += (out.hasSuffix("/") ? "" : "/") + part }
                }
                return .str(out)
            }, help: BuiltinHelp("joinpath(parts...)", "Joins path components with `/`; an absolute component starts over.", "joinpath(tempdir(), \"model.safetensors\")")),
            Builtin("readdir", { interp, a in
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
            }, help: BuiltinHelp("readdir([dir])", "The names in a directory (sorted, without `.` and `..`).", "readdir(tempdir())")),
            Builtin("read", { interp, a in
                guard let v = try read(a, interp) else { throw Exceptions.method(.str("read"), a.values) }
                return v
            }, help: BuiltinHelp("read(path)  /  read(path, String)", "The bytes of a file (a `Vector{UInt8}`), or its text.", "read(path, String)")),
            Builtin("rm", { _, a in
                try a.expect("rm", 1...1)
                guard case .string(let p) = a[0] else { throw Exceptions.method(.str("rm"), a.values) }
                let force = (try a.keywordBool("force")) ?? false
                let recursive = (try a.keywordBool("recursive")) ?? false
                try remove(p.value, force: force, recursive: recursive)
                return .nothing
            }, help: BuiltinHelp("rm(path; force = false, recursive = false)", "Deletes a file, or a directory with `recursive = true`; `force = true` ignores a missing path.", "rm(path; force = true)")),
        ]
    }

    static func temporaryPath(_ interp: Interpreter, _ a: Args) throws -> Value {
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
}
