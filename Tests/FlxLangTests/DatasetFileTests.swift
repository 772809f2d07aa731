import Testing
import FlxFlux
#if canImport(Glibc)
import Glibc
#endif

/// The embedded flx-datasets.bin against the CSV files it is generated from, so a file
/// that scripts/gen-datasets was not rerun for (or that it wrote wrongly) fails here.
@Suite struct DatasetFileTests {
    static let dataDir = GoldenFiles.directory(of: #filePath) + "/../../data"

    /// Rows of comma-separated numbers, as the CSV writes them.
    static func rows(_ text: String) -> [[Substring]] {
        text.split(separator: "\n").map { $0.split(separator: ",") }
    }

    /// The decompressed text of a gzip file (the test reads it through the gzip tool
    /// rather than linking a decompressor into the tests).
    static func gunzip(_ path: String) -> String? {
        guard let pipe = popen("gzip -dc '\(path)'", "r") else { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, pipe)
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return pclose(pipe) == 0 ? String(decoding: bytes, as: UTF8.self) : nil
    }

    @Test func countsAndKnownRows() throws {
        let file = try #require(DatasetFile.embedded)
        #expect(file.irisFeatures.count == 4 * 150 && file.irisLabels.count == 150)
        #expect(file.digitPixels.count == 64 * 1797 && file.digitLabels.count == 1797)
        #expect(Array(file.irisFeatures[0..<4]) == [5.1, 3.5, 1.4, 0.2] && file.irisLabels[0] == 0)
        // Sample 35 is one where scikit-learn's copy (Fisher's values) differs from UCI's.
        #expect(Array(file.irisFeatures[136..<140]) == [4.9, 3.1, 1.5, 0.2])
        #expect(Array(file.irisFeatures[596..<600]) == [5.9, 3.0, 5.1, 1.8] && file.irisLabels[149] == 2)
        #expect(Array(file.digitPixels[0..<8]) == [0, 0, 5, 13, 9, 1, 0, 0] && file.digitLabels[0] == 0)
        #expect(Array(file.digitPixels[(64 * 1797 - 8)...]) == [0, 1, 8, 12, 14, 12, 1, 0] && file.digitLabels[1796] == 8)
        #expect(Set(file.irisLabels) == [0, 1, 2] && Set(file.digitLabels) == Set(0...9))
        #expect(file.digitPixels.allSatisfy { $0 <= 16 })
    }

    @Test func irisMatchesItsCSV() throws {
        let text = try #require(GoldenFiles.read(Self.dataDir + "/iris.csv"))
        let rows = Self.rows(text).dropFirst()   // first line: 150,4,setosa,...
        let file = try #require(DatasetFile.embedded)
        try #require(rows.count == file.irisLabels.count)
        for (i, row) in rows.enumerated() {
            // The same Doubles as parsing the text, bit for bit.
            #expect(row.prefix(4).map { Double(String($0)) } == Array(file.irisFeatures[(4 * i)..<(4 * i + 4)]), "iris row \(i + 1)")
            #expect(UInt8(String(row[4])) == file.irisLabels[i], "iris row \(i + 1)")
        }
    }

    @Test func digitsMatchTheirCSV() throws {
        let text = try #require(Self.gunzip(Self.dataDir + "/digits.csv.gz"))
        let values = Self.rows(text).map { $0.compactMap { Double(String($0)).map { UInt8($0) } } }
        let file = try #require(DatasetFile.embedded)
        try #require(values.count == file.digitLabels.count)
        #expect(values.flatMap { $0.prefix(64) } == file.digitPixels)
        #expect(values.map { $0[64] } == file.digitLabels)
    }

    @Test func rejectsAnotherVersionOrATruncatedFile() {
        let bytes = Array(DatasetFile.embeddedBytes)
        var otherVersion = bytes
        otherVersion[4] = 2
        otherVersion.withUnsafeBufferPointer { #expect(DatasetFile($0) == nil) }
        bytes.dropLast().withUnsafeBufferPointer { #expect(DatasetFile($0) == nil) }
        bytes.withUnsafeBufferPointer { #expect(DatasetFile($0) != nil) }
    }
}
