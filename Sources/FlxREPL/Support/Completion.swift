import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
#if canImport(Glibc)
import Glibc
#endif

/// Tab completion for the REPL, kept apart from readline so it can be tested:
/// LaTeX and emoji symbols (`\alpha` → `α`, also mid-word), file names inside strings, members after
/// `Module.` or `value.`, and otherwise the names in scope and keywords.
public enum Completion {
    /// What to put in place of `word`, the text from `start` to the cursor.
    public static func candidates(line: String, start: Int, word: String, session: Session) -> [String] {
        let chars = Array(line)
        let before = String(chars[0..<min(start, chars.count)])
        if let symbols = symbolCompletion(before: before + word) { return symbols.candidates }
        if insideString(before) { return fileNames(matching: stringPrefix(before) + word) }
        if before.hasSuffix(".") {
            let owner = trailingName(String(before.dropLast()))
            return members(of: owner, session: session).filter { $0.hasPrefix(word) }.sorted()
        }
        return namesInScope(session).filter { $0.hasPrefix(word) }.sorted()
    }

    /// Julia's backslash completion, tried before anything else and anywhere in a word
    /// (`y\hat` → `ŷ`, `W\_1` → `W₁`): `typed` is the text from the last backslash to
    /// the cursor, provided no space or quote lies between them and the backslash is
    /// not itself escaped. Its candidates are the one symbol of an exact name (or of a
    /// run of sub- or superscripts), else the names that start with it, sorted.
    public static func symbolCompletion(before: String) -> (typed: String, candidates: [String])? {
        guard let slash = before.lastIndex(of: "\\") else { return nil }
        let typed = String(before[slash...])
        if typed.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == "`" }) { return nil }
        if slash > before.startIndex && before[before.index(before: slash)] == "\\" { return nil }
        if let exact = LaTeXSymbols.table[typed] ?? LaTeXSymbols.script(typed) { return (typed, [exact]) }
        return (typed, LaTeXSymbols.sortedNames.filter { $0.hasPrefix(typed) })
    }

    package static func insideString(_ s: String) -> Bool {
        var inside = false
        var escaped = false
        for c in s {
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "\"" { inside.toggle() }
        }
        return inside
    }

    /// The part of the open string before the word being completed (a directory path).
    package static func stringPrefix(_ s: String) -> String {
        guard let q = s.lastIndex(of: "\"") else { return "" }
        return String(s[s.index(after: q)...])
    }

    package static func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `Flux.Train` from `x = Flux.Train`: the dotted name just before the cursor.
    package static func trailingName(_ s: String) -> [String] {
        var name = ""
        for c in s.reversed() {
            if c.isLetter || c.isNumber || c == "_" || c == "!" || c == "." { name.insert(c, at: name.startIndex) } else { break }
        }
        return name.split(separator: ".").map(String.init)
    }

    /// Entries of the directory named by `prefix` whose names start with its last
    /// component (directories with a trailing `/`), as names within that directory.
    package static func fileNames(matching prefix: String) -> [String] {
        let dir = prefix.contains("/") ? String(prefix[..<prefix.lastIndex(of: "/")!]) : "."
        let base = lastComponent(prefix)
        guard let entries = FileSystem.directoryEntries(dir.isEmpty ? "/" : dir) else { return [] }
        var out: [String] = []
        for (name, isDir) in entries {
            if !name.hasPrefix(base) { continue }
            out.append(name + (isDir ? "/" : ""))
        }
        return out.sorted()
    }

    package static func members(of path: [String], session: Session) -> [String] {
        let interp = session.interp
        guard let first = path.first else { return [] }
        var value: Value = interp.main.resolve(first).value
        if case .undef = value, let m = interp.modules[first] { value = .module(m) }
        for p in path.dropFirst() {
            guard let next = try? interp.getField(value, p) else { return [] }
            value = next
        }
        switch value {
        case .module(let m):
            var names = Set(m.bindings.keys.filter { !$0.hasPrefix("#") && !isUndef(m.bindings[$0]!.value) })
            for u in m.usings where u !== interp.base { names.formUnion(u.exports) }
            return Array(names)
        case .object(let o): return o.type.fieldNames
        case .namedTuple(let nt): return nt.names
        default: return []
        }
    }

    package static func namesInScope(_ session: Session) -> [String] {
        let interp = session.interp
        var names = Set(interp.main.bindings.compactMap { isUndef($0.value.value) ? nil : $0.key })
        for m in interp.main.usings { names.formUnion(m.exports) }
        names.formUnion(interp.modules.keys)
        names.formUnion(flxKeywords)
        return names.filter { !$0.hasPrefix("#") && !$0.contains(".") }
    }
}
