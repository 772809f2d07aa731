#if canImport(Glibc)
import Glibc
#endif

/// The one way flx writes a file (`write(path, x)`, `writedlm`, `savemodel`, safetensors,
/// `savefig`): what Julia's `open(path, "w")` does to the file the path names, without
/// ever leaving half of one behind.
///
/// - A regular file is written to a temporary file beside it (flushed and fsynced) that
///   is renamed over it, so a crash or a full disk leaves the old contents or the new,
///   never a mix. The new file gets the old one's permissions and owner; when the owner
///   cannot be kept (someone else's file we may write), or other names link to the same
///   file, or its directory takes no new files, it is overwritten in place instead, as
///   Julia would.
/// - A symbolic link is followed, and the file it leads to is the one replaced (the link
///   stays a link), as `open` follows it.
/// - Devices, FIFOs and the like (`/dev/null`, `/dev/stdout`, a named pipe) are opened
///   and written directly: renaming over them would replace the device node.
/// - Every write, fsync, close and rename is checked: a failure (`/dev/full`, a full
///   disk) is Julia's SystemError naming the path, and the temporary file is removed.
///   Nothing but the named file and, for a moment, its temporary neighbour is touched.
extension FileSystem {
    package static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        try checkWritesAllowed(path)
        guard !path.isEmpty else { throw Failure(opening: path, errno: ENOENT) }
        var st = stat()
        if stat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG:
                try replaceRegularFile(named: path, at: try resolveLinks(path), existing: st, bytes)
            case S_IFDIR:
                throw Failure(opening: path, errno: EISDIR)
            default:
                // The kernel follows the link itself (`/dev/stdout` leads through
                // /proc to a pipe, which has no path to resolve to).
                try writeInPlace(named: path, at: path, bytes, sync: false)
            }
        } else if errno == ENOENT {
            // Nothing there yet, or a link to nothing: the file is created where the
            // link (if any) points, as `open(path, "w")` creates it.
            try replaceRegularFile(named: path, at: try resolveLinks(path), existing: nil, bytes)
        } else {
            throw Failure(opening: path, errno: errno)
        }
    }

    /// The path `path` leads to once every symbolic link in its last component is
    /// followed (directories on the way are left to the kernel: the file's directory is
    /// the same either way).
    static func resolveLinks(_ path: String) throws -> String {
        var current = path
        // Linux's own limit on links followed in one lookup (ELOOP beyond).
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: 4097)  // PATH_MAX and a NUL
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n > 0 else { throw Failure(opening: path, errno: errno) }
            let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : directory(of: current) + "/" + target
        }
        throw Failure(opening: path, errno: ELOOP)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Writes `bytes` to a new file beside `target` and renames it over `target`;
    /// `existing` is the current file's status (nil when there is none).
    private static func replaceRegularFile(named path: String, at target: String, existing: stat?, _ bytes: [UInt8]) throws {
        if let existing {
            // As `open(path, "w")` would: a file we may not write is an error, even
            // where its directory would let it be replaced.
            let probe = open(target, O_WRONLY | O_CLOEXEC)
            guard probe >= 0 else { throw Failure(opening: path, errno: errno) }
            close(probe)
            // Other names for the same file would keep the old contents after a rename.
            if existing.st_nlink > 1 { return try writeInPlace(named: path, at: target, bytes, sync: true) }
        }
        let fd: Int32, temporary: String
        do {
            (fd, temporary) = try createTemporary(beside: target, path: path)
        } catch let e as Failure {
            // A writable file in a directory that takes no new files: overwrite it.
            guard existing != nil, [EACCES, EPERM, EROFS].contains(e.errno) else { throw e }
            return try writeInPlace(named: path, at: target, bytes, sync: true)
        }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        if let existing {
            let sameOwner = existing.st_uid == geteuid() && existing.st_gid == getegid()
            if !sameOwner && fchown(fd, existing.st_uid, existing.st_gid) != 0 {
                // Someone else's file that we may write (through its group or mode):
                // replacing it would make it ours, so it is overwritten where it is.
                close(fd)
                return try writeInPlace(named: path, at: target, bytes, sync: true)
            }
            // After fchown, which clears the set-id bits.
            guard fchmod(fd, existing.st_mode & 0o7777) == 0 else {
                let e = errno
                close(fd)
                throw Failure(writing: path, errno: e)
            }
        }
        do {
            try writeAll(fd, bytes, path: path)
            try sync(fd, path: path)
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw Failure(writing: path, errno: errno) }
        guard rename(temporary, target) == 0 else { throw Failure(writing: path, errno: errno) }
        renamed = true
        // Make the rename itself durable; a directory that cannot be synced (some
        // file systems refuse) still holds the renamed file.
        let dfd = open(directory(of: target), O_RDONLY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// fsync, where the file system supports it (EINVAL: it does not, and there is
    /// nothing more to wait for).
    private static func sync(_ fd: Int32, path: String) throws {
        if fsync(fd) != 0 && errno != EINVAL { throw Failure(writing: path, errno: errno) }
    }

    /// A new empty file `.<name>.tmp.<pid>.<n>` in `target`'s directory, created with
    /// mode 0666 so that the umask (and any default ACL) applies as to any new file.
    private static func createTemporary(beside target: String, path: String) throws -> (Int32, String) {
        let base = target.lastIndex(of: "/").map { String(target[target.index(after: $0)...]) } ?? target
        let dir = directory(of: target)
        let prefix = (dir == "/" ? "" : dir) + "/." + base + ".tmp.\(getpid())."
        for _ in 0..<100 {
            let name = prefix + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            let fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 { return (fd, name) }
            if errno != EEXIST { break }
        }
        throw Failure(opening: path, errno: errno)
    }

    /// Opens `target` for writing, truncating a regular file, and writes `bytes` to it.
    private static func writeInPlace(named path: String, at target: String, _ bytes: [UInt8], sync: Bool) throws {
        let fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw Failure(opening: path, errno: errno) }
        do {
            try writeAll(fd, bytes, path: path)
            if sync { try self.sync(fd, path: path) }
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw Failure(writing: path, errno: errno) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var written = 0
        while written < bytes.count {
            let r = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if r < 0 {
                if errno == EINTR { continue }
                throw Failure(writing: path, errno: errno)
            }
            // write(2) returns 0 for a non-empty buffer only when nothing more fits.
            if r == 0 { throw Failure(writing: path, errno: ENOSPC) }
            written += r
        }
    }
}

extension FileSystem.Failure {
    /// Julia's wording when `open(path, "w")` fails: `opening file "path"`.
    init(opening path: String, errno: Int32) {
        self.init(prefix: "opening file " + Display.stringRepr(path), errno: errno)
    }

    /// A write, fsync, close or rename of the file failing: `writing file "path"`, in
    /// the same form (Julia itself names only the call, `close`, which says less).
    init(writing path: String, errno: Int32) {
        self.init(prefix: "writing file " + Display.stringRepr(path), errno: errno)
    }
}
