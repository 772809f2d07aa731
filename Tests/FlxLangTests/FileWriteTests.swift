import Testing
import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// `FileSystem.writeFile`, under every writer (`write`, `writedlm`, `savemodel`,
/// safetensors, `savefig`): what the path names is what changes, with its
/// permissions, links and owner kept, and every failure is Julia's SystemError.
@Suite(.serialized)
struct FileWriteTests {
    /// A fresh directory, removed with everything in it after `body`.
    func inDirectory(_ body: (String) throws -> Void) throws {
        var template = Array("/tmp/flx-write-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        try #require(made)
        let dir = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer {
            for entry in FileSystem.directoryEntries(dir) ?? [] { unlink(dir + "/" + entry.name) }
            rmdir(dir)
        }
        try body(dir)
    }

    func names(_ dir: String) -> [String] {
        (FileSystem.directoryEntries(dir) ?? []).map(\.name).sorted()
    }

    func mode(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode : 0
    }

    func text(_ path: String) throws -> String {
        String(decoding: try FileSystem.readFile(path), as: UTF8.self)
    }

    @Test func aSymlinkStaysALinkAndItsTargetIsWritten() throws {
        try inDirectory { dir in
            try FileSystem.writeFile(dir + "/target.txt", Array("old".utf8))
            #expect(symlink("target.txt", dir + "/link.txt") == 0)
            try FileSystem.writeFile(dir + "/link.txt", Array("new".utf8))
            #expect(mode(dir + "/link.txt") & S_IFMT == S_IFLNK)
            #expect(try text(dir + "/target.txt") == "new")
            #expect(names(dir) == ["link.txt", "target.txt"])
        }
    }

    @Test func aLinkToNothingCreatesItsTarget() throws {
        try inDirectory { dir in
            #expect(symlink("made.txt", dir + "/dangling.txt") == 0)
            try FileSystem.writeFile(dir + "/dangling.txt", Array("x".utf8))
            #expect(mode(dir + "/dangling.txt") & S_IFMT == S_IFLNK)
            #expect(try text(dir + "/made.txt") == "x")
        }
    }

    @Test func linksInALoopAreJuliasSystemError() throws {
        try inDirectory { dir in
            #expect(symlink("b", dir + "/a") == 0)
            #expect(symlink("a", dir + "/b") == 0)
            #expect(throws: FileSystem.Failure.self) { try FileSystem.writeFile(dir + "/a", [1]) }
            #expect(names(dir) == ["a", "b"])
        }
    }

    @Test func permissionsAreKept() throws {
        try inDirectory { dir in
            let path = dir + "/secret.txt"
            try FileSystem.writeFile(path, Array("old".utf8))
            #expect(chmod(path, 0o600) == 0)
            try FileSystem.writeFile(path, Array("new".utf8))
            #expect(mode(path) & 0o7777 == 0o600)
            #expect(try text(path) == "new")
            #expect(names(dir) == ["secret.txt"])
        }
    }

    @Test func aReadOnlyFileIsNotReplaced() throws {
        // root may write any file, as Julia's `open` may then too.
        guard geteuid() != 0 else { return }
        try inDirectory { dir in
            let path = dir + "/locked.txt"
            try FileSystem.writeFile(path, Array("old".utf8))
            #expect(chmod(path, 0o444) == 0)
            #expect(throws: FileSystem.Failure.self) { try FileSystem.writeFile(path, Array("new".utf8)) }
            #expect(try text(path) == "old")
            #expect(names(dir) == ["locked.txt"])
        }
    }

    @Test func aNewFileGetsTheUsualModeForTheUmask() throws {
        try inDirectory { dir in
            let mask = umask(0o022)
            defer { umask(mask) }
            try FileSystem.writeFile(dir + "/new.txt", [1, 2])
            #expect(mode(dir + "/new.txt") & 0o7777 == 0o644)
        }
    }

    @Test func aHardLinkedFileIsWrittenInPlace() throws {
        try inDirectory { dir in
            try FileSystem.writeFile(dir + "/one.txt", Array("old".utf8))
            #expect(link(dir + "/one.txt", dir + "/two.txt") == 0)
            try FileSystem.writeFile(dir + "/one.txt", Array("new".utf8))
            #expect(try text(dir + "/two.txt") == "new")
        }
    }

    @Test func aFullDeviceIsAnErrorNotASuccess() throws {
        guard access("/dev/full", W_OK) == 0 else { return }
        // A broken writeFile run as root would have replaced the device with a file;
        // writing to that again proves nothing (restore: mknod -m 666 /dev/full c 1 7).
        try #require(mode("/dev/full") & S_IFMT == S_IFCHR, "/dev/full is not a character device")
        do {
            try FileSystem.writeFile("/dev/full", Array("x".utf8))
            Issue.record("writing /dev/full succeeded")
        } catch let e as FileSystem.Failure {
            #expect(e.errno == ENOSPC)
            #expect(e.message == "writing file \"/dev/full\": No space left on device")
        }
        // The device itself is untouched (no rename over it).
        #expect(mode("/dev/full") & S_IFMT == S_IFCHR)
    }

    @Test func aFifoIsWrittenDirectly() throws {
        try inDirectory { dir in
            let path = dir + "/fifo"
            #expect(mkfifo(path, 0o600) == 0)
            // A reader first, so opening the FIFO for writing does not wait.
            let reader = open(path, O_RDONLY | O_NONBLOCK)
            try #require(reader >= 0)
            defer { close(reader) }
            try FileSystem.writeFile(path, Array("through".utf8))
            var buffer = [UInt8](repeating: 0, count: 16)
            let n = read(reader, &buffer, buffer.count)
            #expect(n == 7 && String(decoding: buffer[0..<max(n, 0)], as: UTF8.self) == "through")
            #expect(mode(path) & S_IFMT == S_IFIFO)
            #expect(names(dir) == ["fifo"])
        }
    }

    @Test func failuresNameThePathAsJuliaDoes() throws {
        try inDirectory { dir in
            func failure(_ path: String) -> String? {
                do { try FileSystem.writeFile(path, [1]); return nil } catch { return (error as? FileSystem.Failure)?.message }
            }
            #expect(failure(dir) == "opening file \"\(dir)\": Is a directory")
            #expect(failure(dir + "/no/x") == "opening file \"\(dir)/no/x\": No such file or directory")
            #expect(failure("") == "opening file \"\": No such file or directory")
            #expect(names(dir) == [])
        }
    }
}
