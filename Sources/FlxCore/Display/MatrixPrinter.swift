import FlxSyntax
/// Julia's `print_matrix` (base/arrayshow.jl, Julia 1.10/1.11), line for line: the
/// aligned body of a displayed vector or matrix and, when the output is limited, its
/// "nine-slicing" into corners separated by `…` (columns), `⋮` (rows) and `⋱`.
///
/// Which rows and columns survive depends only on the display size: with
/// `screenheight = rows - 4` (the header, the prompt and spare lines), a taller matrix
/// keeps its first `screenheight ÷ 2` and last `(screenheight - 1) ÷ 2` rows; columns
/// are kept from the right end while they fit in half the width and then from the left
/// end in what remains. Indices here are 0-based; Julia's are 1-based, which only
/// shifts the `hmod`/`vmod` arithmetic by the first index (0 here, 1 there).
///
/// Checked against real Julia output quoted in JuliaIO/DiskArrays.jl PR #167 (a
/// 16-row, 8-column matrix at a wide terminal): `…` only on rows 1, 6, 11, 16, and the
/// row of dots ` ⋮   …   ⋱  ` with nothing after `⋱` when no right-hand column is a
/// multiple-of-5 column from the end (`r = mod(length(Ralign) - n + 1, 5)`).
package struct MatrixPrinter {
    /// One element: its text and its (left, right) split around the alignment point.
    package struct Cell { var text: String; var left: Int; var right: Int }

    package let rows: Int
    package let cols: Int
    /// The text of element (i, j), computed at most once each.
    package let element: (Int, Int) throws -> Cell
    private var cache: [Int: Cell] = [:]

    package init(rows: Int, cols: Int, element: @escaping (Int, Int) throws -> Cell) {
        self.rows = rows
        self.cols = cols
        self.element = element
    }

    package static let hdots = "  …  ", vdots = "⋮", ddots = "  ⋱  "
    package static let hmod = 5, vmod = 5

    package mutating func cell(_ i: Int, _ j: Int) throws -> Cell {
        let key = i &* cols &+ j
        if let c = cache[key] { return c }
        let c = try element(i, j)
        cache[key] = c
        return c
    }

    /// Julia's `alignment`: the widest (left, right) of each column in `colList` over
    /// `rowList`, stopping once the columns no longer fit in `ifComplete` characters and,
    /// when only some columns fit, trimming them to `otherwise`.
    package mutating func alignment(_ rowList: [Int], _ colList: [Int], ifComplete: Int, otherwise: Int, sep: Int) throws -> [(Int, Int)] {
        var a: [(Int, Int)] = []
        var total = 0
        for j in colList {
            var l = 0, r = 0
            for i in rowList {
                let c = try cell(i, j)
                l = max(l, c.left)
                r = max(r, c.right)
            }
            a.append((l, r))
            total += l + r
            if a.count > 1 && total + sep * a.count >= ifComplete {
                total -= l + r
                a.removeLast()
                break
            }
        }
        if 1 < a.count && a.count < cols {
            while let last = a.last, total + sep * a.count >= otherwise {
                total -= last.0 + last.1
                a.removeLast()
            }
        }
        return a
    }

    package static func spaces(_ n: Int) -> String { n > 0 ? String(repeating: " ", count: n) : "" }

    /// Julia's `print_matrix_row`: row `i` of the columns `colList`, padded to `a`.
    package mutating func row(_ out: inout String, _ a: [(Int, Int)], _ i: Int, _ colList: [Int], _ sep: String) throws {
        for (k, j) in colList.enumerated() {
            if k >= a.count { break }
            let c = try cell(i, j)
            out += MatrixPrinter.spaces(a[k].0 - c.left) + c.text
            if j != cols - 1 { out += MatrixPrinter.spaces(a[k].1 - c.right) }
            if k < a.count - 1 { out += sep }
        }
    }

    /// Julia's `print_matrix_vdots`: `⋮` under every `m`-th (mod `every`) column.
    package static func vdotsLine(_ out: inout String, _ a: [(Int, Int)], _ sep: String, every: Int, at m: Int, padRight: Bool) {
        for k in 1...max(1, a.count) where k <= a.count {
            let w = a[k - 1].0 + a[k - 1].1
            let isLast = k == a.count
            if k % every == m {
                let l = max(0, a[k - 1].0 - 1)
                out += spaces(l) + vdots
                if !(isLast && !padRight) { out += spaces(w - 1 - l) }
            } else if !isLast || padRight {
                out += spaces(w)
            }
            if !isLast { out += sep }
        }
    }

    /// The body; `size` is the display size when limited, nil to print everything.
    package mutating func print(limit size: (rows: Int, cols: Int)?, pre: String = " ", sep: String = "  ", post: String = "") throws -> String {
        var screenHeight = Int.max / 4, screenWidth = Int.max / 4
        if let size { screenHeight = size.rows - 4; screenWidth = size.cols }
        screenWidth -= pre.unicodeScalars.count + post.unicodeScalars.count
        let presp = MatrixPrinter.spaces(pre.unicodeScalars.count)
        let sepSize = sep.count
        let hdotsWidth = MatrixPrinter.hdots.unicodeScalars.count
        let m = rows, n = cols
        // Only the rows and columns that could reach the screen are measured.
        let halfHeight = screenHeight / 2
        var rowList = Array(0..<m)
        if m > screenHeight {
            let bottom = max(0, (screenHeight - 1) / 2)
            rowList = Array(0..<max(0, halfHeight)) + Array((m - bottom)..<m)
        }
        let maxPossibleCols = screenWidth / (1 + sepSize)
        var colList = Array(0..<n)
        if n > maxPossibleCols {
            let k = max(0, maxPossibleCols)
            colList = Array(0..<k) + Array((n - k)..<n)
        }
        var out = ""
        let a = try alignment(rowList, colList, ifComplete: screenWidth, otherwise: screenWidth, sep: sepSize)
        // Column alignments either side of the `…` when not every column fits.
        var lalign: [(Int, Int)] = [], ralign: [(Int, Int)] = [], rightCols: [Int] = []
        let cutCols = n > a.count
        if cutCols {
            var c = (screenWidth - hdotsWidth + 1) / 2 + 1
            ralign = try alignment(rowList, colList.reversed(), ifComplete: c, otherwise: c, sep: sepSize).reversed()
            c = screenWidth - ralign.reduce(0) { $0 + $1.0 + $1.1 } - (ralign.count - 1) * sepSize - hdotsWidth
            lalign = try alignment(rowList, colList, ifComplete: c, otherwise: c, sep: sepSize)
            rightCols = colList.map { (n - ralign.count) + $0 }
        }
        func line(_ p: inout MatrixPrinter, _ out: inout String, _ i: Int) throws {
            if cutCols {
                try p.row(&out, lalign, i, Array(colList.prefix(lalign.count)), sep)
                out += (i - (rowList.first ?? 0)) % MatrixPrinter.hmod == 0 ? MatrixPrinter.hdots : MatrixPrinter.spaces(hdotsWidth)
                try p.row(&out, ralign, i, rightCols, sep)
            } else {
                try p.row(&out, a, i, colList, sep)
            }
        }
        if m <= screenHeight {
            for (k, i) in rowList.enumerated() {
                out += k == 0 ? pre : presp
                try line(&self, &out, i)
                if k == rowList.count - 1 { out += post } else { out += "\n" }
            }
            return out
        }
        // Rows don't fit: a line of `⋮` (and `⋱` when columns are cut too) after row halfHeight.
        let r = cutCols ? (((ralign.count - n + 1) % MatrixPrinter.vmod) + MatrixPrinter.vmod) % MatrixPrinter.vmod : 0
        for (k, i) in rowList.enumerated() {
            out += k == 0 ? pre : presp
            try line(&self, &out, i)
            let isLast = k == rowList.count - 1
            if isLast { out += post }
            if !isLast || k == halfHeight - 1 { out += "\n" }
            if k == halfHeight - 1 {
                out += k == 0 ? pre : presp
                if cutCols {
                    MatrixPrinter.vdotsLine(&out, lalign, sep, every: MatrixPrinter.vmod, at: 1, padRight: true)
                    out += MatrixPrinter.ddots
                    MatrixPrinter.vdotsLine(&out, ralign, sep, every: MatrixPrinter.vmod, at: r, padRight: false)
                } else {
                    MatrixPrinter.vdotsLine(&out, a, sep, every: MatrixPrinter.vmod, at: 1, padRight: false)
                }
                out += isLast ? post : "\n"
            }
        }
        if rowList.isEmpty {
            out += pre + MatrixPrinter.vdots
            if colList.count > 1 { out += "    " + MatrixPrinter.ddots }
            out += post
        }
        return out
    }
}
