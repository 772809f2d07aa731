import FlxSyntax
/// Julia's `show_nd` (base/arrayshow.jl): an N-d array as its 2-d slices `[:, :, k, ...]`.
/// When the output is limited, a trailing dimension longer than 10 shows only its first
/// three and last three slices, with one `;;; … ` marker (as many `;` as the dimension
/// number) where the rest were left out.
package enum SliceDisplay {
    package enum Item {
        /// A slice: its 1-based trailing indices and its linear offset.
        case slice([Int], Int)
        /// The marker for left-out slices of trailing dimension `d` (1-based from the third).
        case skipped(Int)
    }

    /// The slices `show_nd` prints, in order, and where its markers go.
    package static func plan(dims: [Int], limit: Bool) -> [Item] {
        let tail = Array(dims.dropFirst(2))
        let nd = tail.count
        let sliceSize = dims[0] * dims[1]
        let total = tail.reduce(1, *)
        guard sliceSize > 0, total > 0 else { return [] }
        var items: [Item] = []
        var idxs = [Int](repeating: 1, count: nd)
        outer: for s in 0..<total {
            if s > 0 {
                // Next Cartesian index, first trailing dimension fastest.
                for d in 0..<nd { if idxs[d] < tail[d] { idxs[d] += 1; break }; idxs[d] = 1 }
            }
            if limit {
                for i in 0..<nd where tail[i] > 10 {
                    let ii = idxs[i]
                    if ii == 4 && (0..<i).allSatisfy({ idxs[$0] == 1 }) {
                        for j in (i + 1)..<max(i + 1, nd) where tail[j] > 10 && 3 < idxs[j] && idxs[j] <= tail[j] - 3 {
                            continue outer
                        }
                        items.append(.skipped(i + 1))
                        continue outer
                    }
                    if 3 < ii && ii <= tail[i] - 3 { continue outer }
                }
            }
            items.append(.slice(idxs, s * sliceSize))
        }
        return items
    }

    /// The 3-arg body: each slice labelled `[:, :, k] =`, blank lines between.
    package static func slices(_ a: ArrayValue, _ interp: Interpreter, size: (rows: Int, cols: Int)?, body: (Int) throws -> String) throws -> String {
        let dims = a.dims
        let lastIdxs = Array(dims.dropFirst(2))
        var out = ""
        for item in plan(dims: dims, limit: size != nil) {
            switch item {
            case .skipped(let d):
                out += String(repeating: ";", count: d + 2) + " … \n\n"
            case .slice(let idxs, let offset):
                out += "[:, :, " + idxs.map(String.init).joined(separator: ", ") + "] =\n"
                out += try body(offset)
                if idxs != lastIdxs { out += "\n\n" }
            }
        }
        return out
    }
}
