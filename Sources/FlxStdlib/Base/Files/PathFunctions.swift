import FlxSyntax
import FlxCore
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// Paths as strings (`dirname`, `basename`, `splitdir`, `splitext`) and directories and
/// files made, copied and moved (`mkdir`, `mkpath`, `cp`, `mv`), as Julia's Base.Filesystem.
extension FileBuiltins {
    package static var pathFunctions: [Builtin] {
        [
            Builtin("splitdir", { _, a in
                let (d, b) = splitDirectory(try path(a, "splitdir"))
                return .tuple(TupleValue([.str(d), .str(b)]))
            }, help: BuiltinHelp("splitdir(path)", "The directory part and the last component of a path.", "splitdir(\"/a/b.txt\")  # (\"/a\", \"b.txt\")")),
            Builtin("dirname", { _, a in .str(splitDirectory(try path(a, "dirname")).0) },
                help: BuiltinHelp("dirname(path)", "The directory part of a path (\"\" when there is none).", "dirname(\"/a/b.txt\")  # \"/a\"")),
            Builtin("basename", { _, a in .str(splitDirectory(try path(a, "basename")).1) },
                help: BuiltinHelp("basename(path)", "The last component of a path (\"\" when it ends with `/`).", "basename(\"/a/b.txt\")  # \"b.txt\"")),
            Builtin("splitext", { _, a in
                let (root, ext) = splitExtension(try path(a, "splitext"))
                return .tuple(TupleValue([.str(root), .str(ext)]))
            }, help: BuiltinHelp("splitext(path)", "The path without its extension, and the extension (with its dot, or \"\").", "splitext(\"data/x.csv\")  # (\"data/x\", \".csv\")")),
            Builtin("mkdir", { _, a in
                let p = try path(a, "mkdir")
                try FileSystem.systemError { try FileSystem.checkWritesAllowed(p) }
                guard Glibc.mkdir(p, 0o777) == 0 else { throw ioError("mkdir", p, errno) }
                return .str(p)
            }, help: BuiltinHelp("mkdir(path)", "Makes a directory; an IOError if it exists or its parent does not. Returns `path`.", "mkdir(joinpath(tempdir(), \"run1\"))")),
            Builtin("mkpath", { _, a in
                let p = try path(a, "mkpath")
                try FileSystem.systemError { try FileSystem.checkWritesAllowed(p) }
                // Each missing ancestor in turn; an existing directory is fine.
                var prefix = p.hasPrefix("/") ? "/" : ""
                for part in p.split(separator: "/") {
                    prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
                    var st = stat()
                    if stat(prefix, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { continue }
                    guard Glibc.mkdir(prefix, 0o777) == 0 else { throw ioError("mkdir", prefix, errno) }
                }
                return .str(p)
            }, help: BuiltinHelp("mkpath(path)", "Makes a directory and every missing directory above it. Returns `path`.", "mkpath(joinpath(tempdir(), \"a\", \"b\"))")),
            Builtin("cp", { _, a in
                let (src, dst) = try twoPaths(a, "cp")
                try replaceable(dst, force: try a.keywordBool("force") ?? false, "copying")
                try copy(src, dst)
                return .str(dst)
            }, help: BuiltinHelp("cp(src, dst; force = false)", "Copies a file (or a directory, recursively); `force = true` replaces an existing `dst`. Returns `dst`.", "cp(\"a.txt\", \"b.txt\")")),
            Builtin("mv", { _, a in
                let (src, dst) = try twoPaths(a, "mv")
                try replaceable(dst, force: try a.keywordBool("force") ?? false, "moving")
                guard rename(src, dst) == 0 else { throw ioError("rename", src, errno, to: dst) }
                return .str(dst)
            }, help: BuiltinHelp("mv(src, dst; force = false)", "Moves (renames) a file or directory; `force = true` replaces an existing `dst`. Returns `dst`.", "mv(\"a.txt\", \"b.txt\")")),
        ]
    }

    static func path(_ a: Args, _ name: String) throws -> String {
        guard a.count == 1, case .string(let s) = a[0] else { throw Exceptions.method(.str(name), a.values) }
        return s.value
    }

    static func twoPaths(_ a: Args, _ name: String) throws -> (String, String) {
        guard a.count == 2, case .string(let s) = a[0], case .string(let d) = a[1] else { throw Exceptions.method(.str(name), a.values) }
        try FileSystem.systemError { try FileSystem.checkWritesAllowed(d.value) }
        return (s.value, d.value)
    }

    /// Julia's `splitdir`: the text before the last run of slashes (a lone leading `/` kept)
    /// and the text after it.
    static func splitDirectory(_ p: String) -> (String, String) {
        let chars = Array(p)
        guard let last = chars.lastIndex(of: "/") else { return ("", p) }
        var start = last
        while start > 0 && chars[start - 1] == "/" { start -= 1 }
        let dir = start == 0 ? String(chars[0...last]) : String(chars[0..<start])
        return (dir, String(chars[(last + 1)...]))
    }

    /// Julia's `splitext`: the last `.suffix` of the last component, unless that component
    /// starts with its only dot (`.bashrc` has no extension).
    static func splitExtension(_ p: String) -> (String, String) {
        let chars = Array(p)
        let baseStart = (chars.lastIndex(of: "/") ?? -1) + 1
        guard let dot = chars.lastIndex(of: "."), dot > baseStart else { return (p, "") }
        return (String(chars[..<dot]), String(chars[dot...]))
    }

    /// Julia refuses to overwrite `dst` unless `force`, and removes it first when forced.
    static func replaceable(_ dst: String, force: Bool, _ verb: String) throws {
        var st = stat()
        guard lstat(dst, &st) == 0 else { return }
        guard force else { throw Exceptions.argument("'\(dst)' exists. `force=true` is required to remove '\(dst)' before \(verb).") }
        try remove(dst, force: true, recursive: true)
    }

    /// A file's bytes (through the safe write, keeping nothing half-written) or a directory's
    /// contents, recursively.
    static func copy(_ src: String, _ dst: String) throws {
        var st = stat()
        guard stat(src, &st) == 0 else { throw ioError("stat", src, errno) }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            guard Glibc.mkdir(dst, 0o777) == 0 else { throw ioError("mkdir", dst, errno) }
            for entry in FileSystem.directoryEntries(src) ?? [] { try copy(src + "/" + entry.name, dst + "/" + entry.name) }
            return
        }
        var bytes: [UInt8] = []
        try FileSystem.systemError { bytes = try FileSystem.readFile(src) }
        try FileSystem.systemError { try FileSystem.writeFile(dst, bytes) }
    }

    /// Julia's libuv errors: `IOError: mkdir("x"; mode=0o777): file already exists (EEXIST)`.
    static func ioError(_ call: String, _ path: String, _ code: Int32, to: String? = nil) -> FlxError {
        let names: [Int32: (String, String)] = [EEXIST: ("EEXIST", "file already exists"), ENOENT: ("ENOENT", "no such file or directory"),
                                                EACCES: ("EACCES", "permission denied"), ENOTDIR: ("ENOTDIR", "not a directory"),
                                                EISDIR: ("EISDIR", "illegal operation on a directory"), EXDEV: ("EXDEV", "cross-device link not permitted")]
        let (name, text) = names[code] ?? ("E\(code)", String(cString: strerror(code)).lowercased())
        let args = call == "mkdir" ? "\"\(path)\"; mode=0o777" : to.map { "\"\(path)\", \"\($0)\"" } ?? "\"\(path)\""
        return Exceptions.make("IOError", [.str("\(call)(\(args)): \(text) (\(name))"), .int(Int64(-code))])
    }
}
