import FlxSyntax
#if canImport(Glibc)
import Glibc
#endif

extension FileSystem {
    /// The entries of a directory (without `.` and `..`), in the order the system gives
    /// them, or nil when it cannot be opened (errno says why).
    ///
    /// The name is read where it lies in the record: glibc packs records to their
    /// length, so copying `d_name` out as its full 256-byte field read past the last
    /// record of the buffer (AddressSanitizer: heap-buffer-overflow).
    package static func directoryEntries(_ path: String) -> [(name: String, isDirectory: Bool)]? {
        guard let d = opendir(path) else { return nil }
        defer { closedir(d) }
        guard let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) else { return [] }
        var out: [(name: String, isDirectory: Bool)] = []
        while let e = readdir(d) {
            let name = String(cString: UnsafeRawPointer(e).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self))
            if name == "." || name == ".." { continue }
            out.append((name, e.pointee.d_type == UInt8(DT_DIR)))
        }
        return out
    }
}
