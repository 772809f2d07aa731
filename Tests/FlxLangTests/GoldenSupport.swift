import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL
#if canImport(Glibc)
import Glibc
#endif

enum GoldenFiles {
    static var updating: Bool { getenv("FLX_UPDATE_GOLDEN").map { String(cString: $0) == "1" } ?? false }

    /// Paths of `*.flx` files below `root`, relative to it, sorted.
    static func list(_ root: String) -> [String] {
        var out: [String] = []
        func walk(_ dir: String, _ prefix: String) {
            guard let entries = FileSystem.directoryEntries(dir) else { return }
            for (name, isDir) in entries.sorted(by: { $0.name < $1.name }) where !name.hasPrefix(".") {
                if isDir { walk(dir + "/" + name, prefix + name + "/") } else if name.hasSuffix(".flx") { out.append(prefix + name) }
            }
        }
        walk(root, "")
        return out
    }

    static func read(_ path: String) -> String? {
        readBytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The file's bytes as they are (scripts may hold invalid UTF-8 on purpose).
    static func readBytes(_ path: String) -> [UInt8]? {
        try? FileSystem.readFile(path)
    }

    static func write(_ path: String, _ text: String) {
        guard let f = fopen(path, "wb") else { return }
        defer { fclose(f) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    }

    static func remove(_ path: String) { unlink(path) }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}

/// A small unified diff (line based) for mismatch reports.
enum Diff {
    static func unified(expected: String, actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Longest common subsequence table.
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out = "--- expected\n+++ actual\n"
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count && j < b.count && a[i] == b[j] { out += "  " + a[i] + "\n"; i += 1; j += 1 }
            else if j < b.count && (i == a.count || lcs[i][j + 1] >= lcs[i + 1][j]) { out += "+ " + b[j] + "\n"; j += 1 }
            else { out += "- " + a[i] + "\n"; i += 1 }
        }
        return out
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        String(self.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
