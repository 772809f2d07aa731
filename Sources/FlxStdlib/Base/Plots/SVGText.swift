/// The pieces every SVG `savefig` writes shares: escaped text, short coordinates, and
/// the document's opening (white page, sans-serif, the title on top).
enum SVGText {
    static func escape(_ s: String) -> String {
        var r = ""
        for c in s {
            switch c {
            case "&": r += "&amp;"
            case "<": r += "&lt;"
            case ">": r += "&gt;"
            case "\"": r += "&quot;"
            default: r.append(c)
            }
        }
        return r
    }

    /// A coordinate to two decimals, without a trailing `.0`.
    static func number(_ d: Double) -> String {
        let r = (d * 100).rounded() / 100
        return r == r.rounded() ? (Int(exactly: r).map(String.init) ?? String(r)) : String(r)
    }

    /// The XML declaration, the `<svg>` element, the white background and, when there
    /// is one, the title centred over `centre`.
    static func opening(width w: Int, height h: Int, title: String, centre: Double) -> String {
        var o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        o += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" font-family=\"sans-serif\" font-size=\"12\">\n"
        o += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        if !title.isEmpty {
            o += "<text x=\"\(number(centre))\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">\(escape(title))</text>\n"
        }
        return o
    }
}
