import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL

@Suite(.serialized) struct HelpDocsTests {
    func session() -> Session {
        Session(output: { _ in }, errorOutput: { _ in }, interactive: true)
    }

    /// Every exported name of the main modules has a written docstring, so the table
    /// cannot fall behind when a builtin is added.
    @Test func everyExportedNameHasADocstring() {
        let s = session()
        let docs = HelpDocs.allDocs(session: s)
        var missing: [String] = []
        for m in ["Base", "Flux", "Optimisers", "Zygote", "NNlib"] {
            guard let module = s.interp.modules[m] else { Issue.record("module \(m) is missing"); continue }
            for name in module.exports where !name.hasPrefix("#") && docs[name] == nil {
                missing.append("\(m).\(name)")
            }
        }
        #expect(missing.isEmpty, "no docstring for: \(missing.sorted().joined(separator: " "))")
    }

    /// Stricter: every binding, exported or not, of every module a fresh session has,
    /// including submodules such as `Flux.Train`, `Flux.Losses` and `Flux.Optimise`.
    @Test func everyModuleBindingHasADocstring() {
        let s = session()
        let docs = HelpDocs.allDocs(session: s)
        var missing: Set<String> = []
        var seen: Set<ObjectIdentifier> = []
        var queue = Array(s.interp.modules.values)
        while let m = queue.popLast() {
            guard seen.insert(ObjectIdentifier(m)).inserted else { continue }
            for name in m.exports.union(m.bindings.keys) where !name.hasPrefix("#") {
                if case .module(let sub)? = m.bindings[name]?.value { queue.append(sub) }
                if docs[name] == nil { missing.insert("\(m.name).\(name)") }
            }
        }
        #expect(missing.isEmpty, "no docstring for: \(missing.sorted().joined(separator: " "))")
    }

    /// The public but unexported names the brief singles out.
    @Test func publicUnexportedNamesHaveDocstrings() {
        let docs = HelpDocs.allDocs(session: session())
        for name in ["train!", "setup", "update!", "params", "mse", "crossentropy", "adjust!", "freeze!", "thaw!",
                     "FluxState", "∂⃖¹", "explicit_withgradient", "@show", "@info", "@time", "@.", "@layer",
                     "function", "for", "struct", "do"] {
            #expect(docs[name] != nil, "no docstring for \(name)")
        }
    }

    @Test func everyEntryHasSignatureTextAndExample() {
        let s = session()
        let docs = HelpDocs.allDocs(session: s)
        for (name, d) in docs {
            #expect(!d.signature.isEmpty && !d.text.isEmpty && !d.example.isEmpty, "incomplete entry \(name)")
            #expect(HelpDocs.help(name, session: s).contains(d.signature), "help(\"\(name)\") does not show its entry")
        }
        #expect(docs.count >= 500)
    }

    @Test func helpPrintsSignatureTextAndExample() {
        let s = session()
        let h = HelpDocs.help("Flux.train!", session: s)
        #expect(h.contains("Flux.train!(loss, model, data, opt)"))
        #expect(h.contains("Example"))
        #expect(!HelpDocs.help("zeros", session: s).contains("no docstring"))
        #expect(HelpDocs.help("@.", session: s).contains("@. expr"))
        #expect(HelpDocs.help("Diffractor.∂⃖¹", session: s).contains("∂⃖¹(f, args...)"))
        #expect(HelpDocs.help("Iterators.take", session: s).contains("take(itr, n)"))
    }
}
