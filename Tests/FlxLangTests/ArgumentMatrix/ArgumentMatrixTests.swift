import Testing
import Foundation
import FlxCore
import FlxREPL

/// The argument matrix (issue 25): every exported function and type of Base and of every
/// library module is called with 0–3 arguments and keywords drawn from a pool of hostile
/// values (`Tests/Fixtures/hostile_values.flx`), in child `flx` processes so that a trap
/// ends one batch and names its call instead of ending the test. The gate: no signal, no
/// hang, no Swift runtime message, and whatever a call throws is a Julia exception.
///
/// `swift test` runs a fixed sample (four calls per name, the same every run) on the debug
/// binary; `scripts/fuzz --matrix` runs every call on the release binary, with
///   FLX_MATRIX=full       all calls instead of the sample
///   FLX_MATRIX_BIN=path   the flx binary to run (default .build/debug/flx)
///   FLX_MATRIX_SCALE=x    pairs, triples and keyword calls per name, relative to the pool size
///   FLX_MATRIX_JOBS=n     child processes at a time (default 2)
///   FLX_MATRIX_REPORT=path  where the full report goes (default .build/matrix-report.txt)
@Suite(.serialized) struct ArgumentMatrixTests {
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(4)
        return parts.joined(separator: "/")
    }()

    struct Setup: Sendable {
        var targets: [String]
        var calls: [MatrixCall]
        var modules: [String]
        var pool: [String]
    }

    /// Enumerates the names in-process and plans their calls.
    static func plan(full: Bool, scale: Double) -> Setup {
        final class Box: @unchecked Sendable { var setup = Setup(targets: [], calls: [], modules: [], pool: []); var out = "" }
        let box = Box()
        runWithLargeStack {
            let s = Session(output: { box.out += $0 }, errorOutput: { box.out += $0 })
            _ = s.runText("include(\"\(root)/Tests/Fixtures/hostile_values.flx\")\nforeach(p -> println(\"POOL \", p.first), HOSTILE_VALUES)\nforeach(k -> println(\"KW \", k), HOSTILE_KEYWORDS)\n", name: "matrix.flx")
            let lines = box.out.split(separator: "\n")
            let pool = lines.filter { $0.hasPrefix("POOL ") }.map { String($0.dropFirst(5)) }
            let keywords = lines.filter { $0.hasPrefix("KW ") }.map { String($0.dropFirst(3)) }
            let targets = MatrixPlan.targets(s)
            var calls: [MatrixCall] = []
            for t in targets {
                let all = MatrixPlan.calls(for: t, pool: pool, keywords: keywords, scale: scale, firstID: 0)
                var chosen = full ? all : MatrixPlan.sample(all, perTarget: 4, target: "\(t.module).\(t.name)")
                for i in chosen.indices { chosen[i].id = calls.count + i }
                calls += chosen
            }
            let modules = s.interp.modules.keys.filter { $0 != "Base" && $0 != "Main" }.sorted()
            box.setup = Setup(targets: targets.map { "\($0.module).\($0.name)" }, calls: calls, modules: modules, pool: pool)
        }
        return box.setup
    }

    @Test func noCallTrapsHangsOrThrowsANonException() throws {
        let env = ProcessInfo.processInfo.environment
        let full = env["FLX_MATRIX"] == "full"
        let scale = env["FLX_MATRIX_SCALE"].flatMap(Double.init) ?? 1
        let binary = env["FLX_MATRIX_BIN"] ?? "\(Self.root)/.build/debug/flx"
        let jobs = env["FLX_MATRIX_JOBS"].flatMap(Int.init) ?? 2
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no flx binary at \(binary)")

        let setup = Self.plan(full: full, scale: scale)
        // The matrix must reach what it is for; a broken plan would pass vacuously.
        #expect(setup.pool.count > 60, "pool: \(setup.pool.count) values")
        #expect(setup.targets.count > 500, "names: \(setup.targets.count)")
        for must in ["Base.sum", "Base.lpad", "Base.ntuple", "Base.cat", "Base.range", "Flux.Conv", "Flux.DataLoader"] {
            #expect(setup.targets.contains(must), "\(must) is not in the matrix")
        }

        let seconds = env["FLX_MATRIX_SECONDS"].flatMap(Int.init) ?? 20
        let runner = MatrixRunner(binary: binary, fixture: "\(Self.root)/Tests/Fixtures/hostile_values.flx", modules: setup.modules, seconds: seconds)
        runner.progress = full
        // The pool itself must load in a child, or every batch would fail for one reason.
        let probe = runner.execute([])
        try #require(probe.clean, "an empty batch does not run cleanly: status \(probe.status) \(probe.runtimeText)")

        let started = Date()
        runner.run(setup.calls, batchSize: full ? 400 : 250, jobs: jobs)
        let elapsed = Date().timeIntervalSince(started)

        let outcomes = runner.outcomes
        let ok = outcomes.values.filter { $0 == "ok" }.count
        let errors = outcomes.values.filter { $0.hasPrefix("err") }
        let bad = setup.calls.filter { outcomes[$0.id]?.hasPrefix("bad ") == true }
        var findings = runner.findings
        for c in bad { findings.append(MatrixFinding(kind: .notAnException, call: c, detail: outcomes[c.id] ?? "")) }
        let summary = "argument matrix: \(setup.targets.count) names, \(setup.calls.count) calls (\(ok) returned, \(errors.count) threw a Julia exception), \(runner.processes) processes in \(Int(elapsed)) s, \(findings.count) findings, \(runner.skipped) calls skipped after \(runner.maxFindingsPerTarget) findings of their name"
        print(summary)

        var report = summary + "\n"
        for f in findings.sorted(by: { $0.call.id < $1.call.id }) { report += "FINDING \(f.kind.rawValue): \(f.call.label) — \(f.detail)\n" }
        var byException: [String: Int] = [:]
        for e in errors { byException[String(e.dropFirst(4).prefix { $0 != ":" }), default: 0] += 1 }
        for (name, n) in byException.sorted(by: { $0.value > $1.value }) { report += "exception \(name): \(n)\n" }
        if full || env["FLX_MATRIX_REPORT"] != nil {
            let path = env["FLX_MATRIX_REPORT"] ?? "\(Self.root)/.build/matrix-report.txt"
            _ = FileManager.default.createFile(atPath: path, contents: Data(report.utf8))
            print("argument matrix report: \(path)")
        }
        // A call still running after the time limit is reported, not failed: some are as slow
        // in Julia (prod(1:10^15) multiplies 10^15 numbers); each is judged by hand.
        for f in findings where f.kind == .hang { print("argument matrix: slow: \(f.call.label)") }
        for f in findings where f.kind != .hang { Issue.record("\(f.kind.rawValue): \(f.call.label) — \(f.detail)") }
        // Every planned call reported an outcome, or is a finding.
        let unaccounted = setup.calls.filter { outcomes[$0.id] == nil }.count - runner.findings.count - runner.skipped
        #expect(unaccounted <= 0, "\(unaccounted) calls neither reported nor named in a finding")
    }
}
