import CFlxDatasets

/// The data behind `Iris()` and `Digits()`, decoded from the file CFlxDatasets embeds
/// (scripts/gen-datasets writes it; data/README.md gives the layout).
package struct DatasetFile {
    package static let version = 1

    /// 4 measurements per observation, in cm, observation after observation.
    package let irisFeatures: [Double]
    /// 0, 1, 2 for setosa, versicolor, virginica.
    package let irisLabels: [UInt8]
    /// 64 pixel counts (0–16) per image, row by row, image after image.
    package let digitPixels: [UInt8]
    /// 0–9.
    package let digitLabels: [UInt8]

    /// Decoded once, on the first `Iris()` or `Digits()` (a static `let` is lazy), so a
    /// run that never asks for data pays nothing at start-up. Nil only for a broken build
    /// (the build checks the file against its stamp and the tests decode it).
    package static let embedded: DatasetFile? = DatasetFile(embeddedBytes)

    /// The file as built into flx: read-only, alive for the whole run.
    package static var embeddedBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: flx_datasets_bytes(), count: flx_datasets_count())
    }

    /// nil unless `bytes` is a complete version-1 file.
    package init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        let header = 10
        guard bytes.count >= header, Array(bytes[0..<4]) == Array("FLXD".utf8), u16(4) == Self.version else { return nil }
        let nIris = u16(6), nDigits = u16(8)
        guard bytes.count == header + 5 * nIris + 65 * nDigits else { return nil }
        var at = header
        func take(_ n: Int) -> [UInt8] {
            defer { at += n }
            return Array(bytes[at..<(at + n)])
        }
        // Tenths of a cm: every measurement has one decimal, and tenths / 10 rounds to
        // the same Double as parsing the decimal text.
        irisFeatures = take(4 * nIris).map { Double($0) / 10 }
        irisLabels = take(nIris)
        digitPixels = take(64 * nDigits)
        digitLabels = take(nDigits)
        // Datasets maps labels to names by index, so a label out of range must not get through.
        guard irisLabels.allSatisfy({ $0 < 3 }), digitLabels.allSatisfy({ $0 < 10 }) else { return nil }
    }
}
