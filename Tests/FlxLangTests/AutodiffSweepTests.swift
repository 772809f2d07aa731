import Testing
#if canImport(Glibc)
import Glibc
#endif
import FlxCore
import FlxREPL

/// Every exported function of Base and the loaded libraries, called under `withgradient`
/// with Float64 arguments of a dozen shapes (`Tests/Fixtures/ad_sweep.flx` holds the
/// driver): a function either refuses to be differentiated with an error naming the call,
/// or gives the plain forward value and a gradient that agrees with finite differences.
/// Its differentiation status (`Differentiation` on the builtin) is what decides which;
/// this test is what keeps every status honest, including the ones for names added later.
@Suite(.serialized) struct AutodiffSweepTests {
    static let fixtures: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(2)
        return parts.joined(separator: "/") + "/Fixtures"
    }()

    /// Names whose call has an effect outside the session (files, the process, the
    /// terminal, time) or waits; they take no numbers to differentiate anyway.
    static let effectful: Set<String> = [
        "exit", "quit", "sleep", "readline", "readlines", "read", "readavailable", "run", "cd", "rm",
        "mkdir", "mkpath", "touch", "cp", "mv", "write", "open", "include", "include_string", "wait",
        "atexit", "savefig", "writedlm", "readdlm", "savemodel", "loadmodel!", "safetensors_save",
        "eachline", "flush", "close", "redirect_stdout", "redirect_stderr", "mktemp", "mktempdir",
        "chmod", "symlink", "tempname", "edit", "less", "clipboard", "download", "gc", "seed!",
    ]

    /// Functions whose purpose is to stop a gradient: `nothing` is their documented answer.
    static let stopsGradient: Set<String> = ["ignore_derivatives", "dropgrad", "ignore"]

    /// Random (some only while differentiating: training mode switches on under `gradient`),
    /// where three equal plain calls in a row can happen by chance (`rand` of 3 elements).
    static let randomUnderGradient: Set<String> = ["dropout", "alpha_dropout", "rand", "shuffle", "shuffleobs", "rrelu", "randsubseq"]

    /// Calls where finite differences and the derivative legitimately part, with the reason.
    static let expectedDifferences: [String: String] = [
        "normalise(s)": "a number has zero variance; std's derivative there is 0/0 = NaN, as in Zygote",
        "normalise(s>1)": "a number has zero variance; std's derivative there is 0/0 = NaN, as in Zygote",
        "normalise(s32)": "a number has zero variance; std's derivative there is 0/0 = NaN, as in Zygote",
        "unique(abs2,m)": "m holds x and -x, whose abs2 tie: unique keeps the first, while any perturbation parts them (finite differences see both)",
        "unique(abs2,m32)": "m32 holds x and -x, whose abs2 tie: unique keeps the first, while any perturbation parts them (finite differences see both)",
    ]

    /// A failure is silence or a wrong number; an error under `gradient` is allowed (it names
    /// the problem) unless it is a MethodError the plain call did not raise, the sign of a
    /// tracked number reaching code that does not accept it.
    static func isFailure(_ o: Outcome) -> Bool {
        let base = o.name.split(separator: ".").last.map(String.init) ?? o.name
        if o.result == "ok" || o.result == "refused" { return false }
        if stopsGradient.contains(base), o.result.hasPrefix("gradient nothing") { return false }
        if randomUnderGradient.contains(base) { return false }
        if expectedDifferences["\(base)(\(o.pattern))"] != nil { return false }
        if o.result.hasPrefix("error under gradient: ") { return o.result.contains("MethodError") }
        return true
    }

    struct Outcome { var name: String; var pattern: String; var result: String }

    func sweep() -> (outcomes: [Outcome], names: Int) {
        final class Box: @unchecked Sendable { var out = "", err = "", names = 0 }
        let box = Box()
        runWithLargeStack {
            let s = Session(output: { box.out += $0 }, errorOutput: { box.err += $0 })
            _ = s.runText("using Flux, Zygote, Statistics, LinearAlgebra, NNlib\ninclude(\"\(Self.fixtures)/ad_sweep.flx\")\n", name: "sweep.flx")
            var seen = Set<ObjectIdentifier>()
            // Base's exported names, then every function of the libraries (Flux's losses
            // and utilities are reached as `Flux.mse`, not exported).
            let libraries = s.interp.modules.keys.filter { $0 != "Base" && $0 != "Main" }.sorted()
            for moduleName in ["Base"] + libraries {
                guard let module = s.interp.modules[moduleName] else { continue }
                let names = moduleName == "Base" ? module.exports : Set(module.bindings.keys)
                for name in names.sorted() where !Self.effectful.contains(name) && !name.hasPrefix("_") && !name.hasPrefix("#") {
                    guard case .function(let f)? = module.ownBinding(name)?.value,
                          seen.insert(ObjectIdentifier(f)).inserted else { continue }
                    box.names += 1
                    s.interp.main.define("__sweep_f", .function(f))
                    _ = s.runText("sweep(\"\(moduleName).\(name)\", __sweep_f)\n", name: "sweep.flx")
                }
            }
        }
        var outcomes: [Outcome] = []
        for line in box.out.split(separator: "\n") {
            guard let colon = line.range(of: ": ") else { continue }
            let head = line[..<colon.lowerBound].split(separator: " ", maxSplits: 1)
            guard head.count == 2 else { continue }
            outcomes.append(Outcome(name: String(head[0]), pattern: String(head[1]), result: String(line[colon.upperBound...])))
        }
        return (outcomes, box.names)
    }

    @Test func noFunctionLosesAGradientOrGetsItWrong() {
        let (outcomes, names) = sweep()
        let checked = outcomes.filter { $0.result == "ok" }
        let refused = outcomes.filter { $0.result == "refused" }
        let failures = outcomes.filter(Self.isFailure)
        let errors = outcomes.filter { $0.result.hasPrefix("error under gradient: ") && !Self.isFailure($0) }
        print("autodiff sweep: \(names) functions, \(checked.count) calls checked against finite differences, \(refused.count) refused by name, \(errors.count) other errors, \(failures.count) failing")
        if getenv("FLX_SWEEP_REPORT") != nil {
            for o in outcomes where o.result != "ok" { print("sweep: \(o.name)(\(o.pattern)): \(o.result)") }
        }
        for f in failures { Issue.record("\(f.name)(\(f.pattern)): \(f.result)") }
        // The sweep must reach the functions it is for; a broken driver would pass vacuously.
        #expect(names > 400)
        for must in ["sum", "map", "std", "det", "softmax", "sort", "mse", "logitcrossentropy"] {
            #expect(checked.contains { $0.name.hasSuffix("." + must) }, "\(must) was never checked")
        }
    }

    /// 1000 random compositions (fixed seed) of the blocks in `Tests/Fixtures/ad_random.flx`:
    /// generators, comprehensions, map, push!/setindex! loops, literals, sort, softmax,
    /// statistics, Dict and NamedTuple values, try/catch, closures. Each forward value under
    /// `withgradient` equals the plain one and each gradient agrees with finite differences.
    @Test func randomCompositionsMatchFiniteDifferences() {
        final class Box: @unchecked Sendable { var out = "", err = "" }
        let box = Box()
        runWithLargeStack {
            let s = Session(output: { box.out += $0 }, errorOutput: { box.err += $0 })
            _ = s.runText("using Flux\ninclude(\"\(Self.fixtures)/ad_random.flx\")\nrandom_check(1000)\n", name: "random.flx")
        }
        #expect(box.err.isEmpty, "\(box.err)")
        for line in box.out.split(separator: "\n") where line.hasPrefix("FAIL ") { Issue.record(Comment(rawValue: String(line))) }
        let summary = box.out.split(separator: "\n").first { $0.hasPrefix("RANDOM ") }
        print(summary ?? "no summary")
        #expect(summary == "RANDOM checked=1000 failed=0 skipped=0")
    }
}
