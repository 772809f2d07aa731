import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help mode (`?name` at the REPL): a docstring per built-in, and close matches for
/// names it does not know.
public enum HelpDocs {
    /// One entry; the same type the libraries' tables carry beside each built-in.
    package typealias Doc = BuiltinHelp

    /// The entries written here, merged from the per-area tables (`HelpDocsBase.swift`,
    /// ...) for the families whose help is not yet beside their functions. A name that
    /// appears in two tables keeps the first table's text.
    package static let docs: [String: Doc] = {
        var all: [String: Doc] = [:]
        for table in [flux, layers, nnlib, optimisers, autodiff, collections, strings, math, operators, types, syntax, plots, data, meta, distributed] {
            all.merge(table) { first, _ in first }
        }
        return all
    }()

    /// The help for `name`: what its library registered beside the function, else the
    /// tables here.
    package static func doc(_ name: String, session: Session) -> Doc? {
        session.interp.builtinHelp[name] ?? docs[name]
    }

    /// Every entry a session can show, registered and written here alike.
    package static func allDocs(session: Session) -> [String: Doc] {
        session.interp.builtinHelp.all.merging(docs) { registered, _ in registered }
    }

    /// The help text for a query such as `Dense`, `Flux.train!` or `?Adam`.
    public static func help(_ query: String, session: Session) -> String {
        // `@.`, `Iterators.take` and `...` are looked up whole; `Flux.train!` by its last part.
        let name = doc(query, session: session) != nil ? query : (query.split(separator: ".").last.map(String.init) ?? query)
        if let d = doc(name, session: session) {
            let example = d.example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
            return "  \(d.signature)\n\n  \(d.text)\n\n  Example\n  ≡≡≡≡≡≡≡\n\n\(example)\n"
        }
        let known = Set(docs.keys).union(session.interp.builtinHelp.names).union(Completion.namesInScope(session))
            .union(session.interp.modules.values.flatMap { $0.exports })
        if known.contains(name) {
            return "  \(name)\n\n  A built-in of flx; no docstring has been written for it yet.\n"
        }
        let close = known.filter { editDistance($0.lowercased(), name.lowercased()) <= 2 }.sorted().prefix(8)
        var s = "  No documentation found for `\(name)`.\n"
        if !close.isEmpty { s += "\n  Perhaps you meant " + close.joined(separator: ", ") + "\n" }
        return s
    }

    package static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        for i in 1...x.count {
            var cur = [i] + [Int](repeating: 0, count: y.count)
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[y.count]
    }
}
