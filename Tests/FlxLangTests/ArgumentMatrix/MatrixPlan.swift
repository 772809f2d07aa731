import FlxCore
import FlxREPL

/// One call of the argument matrix: `source` is the flx expression the child process runs
/// (inside `matrix_call`), `label` how a report names it.
struct MatrixCall: Sendable {
    var id: Int
    var target: String
    var label: String
    var source: String
}

/// Which names the matrix calls and with what: every function and type bound in Base's
/// exports and in every library module, each called with 0–3 arguments and keywords drawn
/// from the pool in `Tests/Fixtures/hostile_values.flx`.
enum MatrixPlan {
    /// Names left out, each with why: they end or stall the child, or reach outside the
    /// sandbox (a temporary directory as working directory and HOME, stdin from /dev/null).
    static let skipped: [String: String] = [
        "exit": "ends the process by design",
        "quit": "ends the process by design",
        "atexit": "runs hooks when the process ends, after the matrix has finished reporting",
        "sleep": "sleep(typemax(Int)) waits as asked, not a hang",
        "wait": "waits for an event that never comes",
        "run": "runs external commands",
        "download": "reaches the network",
        "edit": "opens an editor", "less": "opens a pager", "clipboard": "touches the desktop clipboard",
        "redirect_stdout": "would swallow the matrix's own report lines",
        "redirect_stderr": "would swallow the matrix's own report lines",
        "close": "close(stdout) would end the matrix's report",
        "throw": "throws its argument, which is allowed to be any value in Julia",
        "rethrow": "rethrows its argument, which is allowed to be any value in Julia",
    ]

    struct Target {
        var module: String
        var name: String
        /// An expression that evaluates to the function or type.
        var reference: String
    }

    /// Every callable name, once: a function reachable from several modules is called under
    /// its first name only.
    static func targets(_ s: Session) -> [Target] {
        var seen = Set<ObjectIdentifier>()
        var result: [Target] = []
        let libraries = s.interp.modules.keys.filter { $0 != "Base" && $0 != "Main" }.sorted()
        for moduleName in ["Base"] + libraries {
            guard let module = s.interp.modules[moduleName] else { continue }
            let names = moduleName == "Base" ? module.exports : Set(module.bindings.keys)
            for name in names.sorted() where skipped[name] == nil && !name.hasPrefix("_") && !name.hasPrefix("#") && !name.hasPrefix("@") {
                let id: ObjectIdentifier
                switch module.ownBinding(name)?.value ?? module.member(name)?.value {
                case .function(let f)?: id = ObjectIdentifier(f)
                case .type(let t)?: id = ObjectIdentifier(t)
                default: continue
                }
                guard seen.insert(id).inserted else { continue }
                let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                result.append(Target(module: moduleName, name: name, reference: "getproperty(\(moduleName), Symbol(\"\(escaped)\"))"))
            }
        }
        return result
    }

    /// The calls for one target: none, every pool value alone, then pairs, triples and
    /// keyword calls drawn by a generator seeded with the name (so a run is reproducible).
    static func calls(for t: Target, pool: [String], keywords: [String], scale: Double, firstID: Int) -> [MatrixCall] {
        var rng = SplitMix64(seed: fnv1a("\(t.module).\(t.name)"))
        var out: [MatrixCall] = []
        func add(_ args: [Int], _ kw: (String, Int)?) {
            var text = args.map { "hostile(\($0 + 1))" }.joined(separator: ", ")
            var shown = args.map { pool[$0] }.joined(separator: ", ")
            if let (k, v) = kw {
                text += "; \(k) = hostile(\(v + 1))"
                shown += "; \(k) = \(pool[v])"
            }
            out.append(MatrixCall(id: firstID + out.count, target: "\(t.module).\(t.name)",
                                  label: "\(t.module).\(t.name)(\(shown))",
                                  source: "() -> \(t.reference)(\(text))"))
        }
        let p = pool.count
        let pairs = Int(Double(p) * scale), triples = Int(Double(p) * scale / 2), keyworded = Int(30 * scale)
        add([], nil)
        for i in 0..<p { add([i], nil) }
        for _ in 0..<pairs { add([rng.below(p), rng.below(p)], nil) }
        for _ in 0..<triples { add([rng.below(p), rng.below(p), rng.below(p)], nil) }
        for _ in 0..<keyworded {
            let args = (0..<rng.below(3)).map { _ in rng.below(p) }
            add(args, (keywords[rng.below(keywords.count)], rng.below(p)))
        }
        return out
    }

    /// A fixed sample: `perTarget` calls of each target's plan, chosen by the same seed.
    static func sample(_ calls: [MatrixCall], perTarget: Int, target: String) -> [MatrixCall] {
        var rng = SplitMix64(seed: fnv1a("sample " + target))
        var picked = Set<Int>()
        while picked.count < min(perTarget, calls.count) { picked.insert(rng.below(calls.count)) }
        return picked.sorted().map { calls[$0] }
    }

    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}

/// A small deterministic generator (Swift's own hashing is seeded per process).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
