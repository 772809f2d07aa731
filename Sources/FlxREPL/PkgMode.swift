import FlxCore

/// `(@flx) pkg>` mode. flx ships its packages built in, so `status` lists them with
/// the upstream version each mirrors, and the commands that would change them
/// explain that instead, naming the built-in to use where flx lacks the package.
package enum PkgMode {
    package struct Reply: Equatable {
        package let text: String
        package let isError: Bool
    }

    package static func run(_ line: String, session: Session) -> Reply {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let command = words.first else { return Reply(text: "", isError: false) }
        let names = words.dropFirst().filter { !$0.hasPrefix("-") }.map(packageName)
        switch command {
        case "st", "status":
            return Reply(text: status(session), isError: false)
        case "add", "dev", "develop":
            return Reply(text: names.map { install($0, session) }.joined(), isError: names.contains { !isShipped($0, session) })
        case "up", "update":
            return Reply(text: "flx ships its packages built in: they are updated with flx itself, never one by one.\n", isError: false)
        case "rm", "remove":
            return Reply(text: "ERROR: flx ships its packages built in and cannot remove \(names.isEmpty ? "them" : names.joined(separator: ", ")).\n", isError: true)
        case "instantiate", "resolve", "precompile", "gc", "build", "pin", "free", "activate", "registry", "generate":
            return Reply(text: "flx ships its packages built in: there is nothing to \(command).\n", isError: false)
        case "?", "help":
            return Reply(text: help, isError: false)
        default:
            return Reply(text: "ERROR: `\(command)` is not a recognized command. Type ? for help with available commands\n", isError: true)
        }
    }

    /// `Flux@0.16`, `Flux#master` or a URL name a package by its first part.
    static func packageName(_ word: String) -> String {
        var name = word
        if let cut = name.firstIndex(where: { $0 == "@" || $0 == "#" }) { name = String(name[..<cut]) }
        if name.hasSuffix(".jl") { name = String(name.dropLast(3)) }
        if let slash = name.lastIndex(of: "/") { name = String(name[name.index(after: slash)...]) }
        return name
    }

    static func isShipped(_ name: String, _ session: Session) -> Bool { session.interp.modules[name] != nil }

    static func install(_ name: String, _ session: Session) -> String {
        if isShipped(name, session) {
            let version = BundledPackages.mirrored.first { $0.name == name }?.version.map { " (it mirrors \(name) v\($0))" } ?? ""
            return "\(name) is built into flx\(version): `using \(name)` loads it, there is nothing to add.\n"
        }
        return "ERROR: The package \(name) is not part of flx.\n" + BundledPackages.advice(forMissing: name) + "\n"
    }

    /// Pkg's `Status` listing, one line per built-in package in name order.
    static func status(_ session: Session) -> String {
        var s = "Status `flx` (packages built into flx; each mirrors the upstream version shown)\n"
        for entry in BundledPackages.mirrored.sorted(by: { $0.name < $1.name }) where isShipped(entry.name, session) {
            s += "  [\(entry.uuid)] \(entry.name)" + (entry.version.map { " v\($0)" } ?? "") + "\n"
        }
        return s
    }

    static let help = """
        flx ships its packages built in; package mode answers:
          status, st        list the built-in packages and the upstream version each mirrors
          add NAME          says whether NAME is built in, or which built-in to use instead
          update, up        packages update with flx itself
          rm NAME           built-in packages cannot be removed
        Backspace on an empty line (or Ctrl-C) returns to the flx> prompt.

        """
}
