import Foundation

/// What went wrong with one call: the gate is that none of these happen.
struct MatrixFinding: Sendable {
    enum Kind: String, Sendable {
        case signal, hang, swiftMessage = "Swift runtime message", exitStatus = "exit status",
             notAnException = "not a Julia exception", onlyInBatch = "only after earlier calls"
    }
    var kind: Kind
    var call: MatrixCall
    var detail: String
}

/// Runs matrix calls in child `flx` processes, a batch per process, and names the call
/// behind every signal, hang or Swift runtime message. Each child runs in a fresh
/// temporary directory (its working directory, HOME and TMPDIR), with stdin from
/// /dev/null, at most `memoryKiB` of address space and `seconds` of wall time.
final class MatrixRunner: @unchecked Sendable {
    let binary: String
    let fixture: String
    let modules: [String]
    let seconds: Int
    let memoryKiB: Int
    var progress = false
    private let lock = NSLock()
    private(set) var findings: [MatrixFinding] = []
    private(set) var outcomes: [Int: String] = [:]
    private(set) var processes = 0
    private(set) var skipped = 0
    private var findingsPerTarget: [String: Int] = [:]
    let maxFindingsPerTarget = 3

    init(binary: String, fixture: String, modules: [String], seconds: Int = 20, memoryKiB: Int = 2 * 1024 * 1024) {
        self.binary = binary
        self.fixture = fixture
        self.modules = modules
        self.seconds = seconds
        self.memoryKiB = memoryKiB
    }

    /// Text the Swift runtime or the C library prints when the process traps or aborts.
    static let runtimeMarkers = [
        "Fatal error", "Swift runtime failure", "Precondition failed", "Assertion failed",
        "Unexpectedly found nil", "Simultaneous accesses", "Stack dump", "Current stack trace",
        "💣", "Program crashed", "Backtrace", "malloc(): ", "free(): ", "double free", "corrupted size",
        "Segmentation fault", "Illegal instruction",
    ]

    struct Run {
        var status: Int32
        var seconds = 0.0
        var reported: [Int: String] = [:]
        /// The call that had started when the process stopped, if it never finished.
        var unfinished: Int?
        /// Runtime text and the call during which it was printed (nil: before any call).
        var runtimeText: [(Int?, String)] = []
        var clean: Bool { status == 0 && unfinished == nil && runtimeText.isEmpty }
    }

    /// Runs `calls` (all of them, in batches of `batchSize`, on `jobs` processes at a time).
    func run(_ calls: [MatrixCall], batchSize: Int, jobs: Int) {
        let batches = stride(from: 0, to: calls.count, by: batchSize).map { Array(calls[$0..<min($0 + batchSize, calls.count)]) }
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: max(1, jobs)) { _ in
            while case let i = next.take(), i < batches.count {
                self.runLocating(batches[i])
                if progress, (i + 1) % 25 == 0 { FileHandle.standardError.write(Data("argument matrix: \(i + 1) of \(batches.count) batches, \(self.findings.count) findings\n".utf8)) }
            }
        }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func take() -> Int { lock.lock(); defer { value += 1; lock.unlock() }; return value }
    }

    /// Runs one batch; when it does not end cleanly, finds the call responsible, confirms it
    /// alone, records it and runs the rest of the batch again.
    private func runLocating(_ whole: [MatrixCall]) {
        // A name that has failed `maxFindingsPerTarget` times is not called again: its
        // remaining calls would only repeat the finding, one slow crash at a time.
        let batch = whole.filter { c in
            lock.lock(); defer { lock.unlock() }
            if (findingsPerTarget[c.target] ?? 0) < maxFindingsPerTarget { return true }
            skipped += 1
            return false
        }
        guard !batch.isEmpty else { return }
        let r = execute(batch)
        record(r.reported)
        if r.clean { return }
        let byID = Dictionary(uniqueKeysWithValues: batch.map { ($0.id, $0) })
        // The suspect: the call that never finished, or the one during which runtime text appeared.
        let suspectID = r.unfinished ?? r.runtimeText.compactMap(\.0).first
        guard let suspectID, let suspect = byID[suspectID] else {
            // Nothing to point at (the process failed outside any call): bisect.
            let pending = batch.filter { r.reported[$0.id] == nil }
            if batch.count == 1 {
                add(MatrixFinding(kind: classify(r), call: batch[0], detail: describe(r)))
            } else if !pending.isEmpty && pending.count < batch.count {
                runLocating(pending)
            } else {
                runLocating(Array(batch[..<(batch.count / 2)]))
                runLocating(Array(batch[(batch.count / 2)...]))
            }
            return
        }
        // The time limit is the batch's, so a call that was merely last when a slow batch ran
        // out of time is run alone too: a hang is a call that runs out of time by itself.
        let alone = batch.count == 1 ? r : execute([suspect])
        if batch.count > 1 { record(alone.reported) }
        if alone.clean && classify(r) == .hang {
            // Only slow in company: not a finding.
        } else if alone.clean {
            add(MatrixFinding(kind: .onlyInBatch, call: suspect, detail: "\(classify(r).rawValue): \(describe(r))"))
        } else {
            add(MatrixFinding(kind: classify(alone), call: suspect, detail: describe(alone)))
        }
        let rest = batch.filter { $0.id != suspectID && r.reported[$0.id] == nil }
        runLocating(rest)
    }

    private func classify(_ r: Run) -> MatrixFinding.Kind {
        // timeout(1) says 124, or 137 when the child ignored SIGTERM and needed SIGKILL.
        if r.status == 124 || r.seconds >= Double(seconds) { return .hang }
        if r.status > 128 { return .signal }
        if !r.runtimeText.isEmpty { return .swiftMessage }
        return .exitStatus
    }

    private func describe(_ r: Run) -> String {
        var parts: [String] = []
        if r.status == 124 || r.seconds >= Double(seconds) { parts.append("no answer within \(seconds) s") }
        else if r.status > 128 { parts.append("signal \(r.status - 128)") }
        else if r.status != 0 { parts.append("exit status \(r.status)") }
        parts += r.runtimeText.map { String($0.1.prefix(300)) }
        return parts.joined(separator: "; ")
    }

    private func record(_ reported: [Int: String]) {
        lock.lock(); defer { lock.unlock() }
        for (id, outcome) in reported { outcomes[id] = outcome }
    }

    private func add(_ f: MatrixFinding) {
        lock.lock(); defer { lock.unlock() }
        findings.append(f)
        findingsPerTarget[f.call.target, default: 0] += 1
    }

    /// One child process over `batch`: a generated script that includes the pool and makes
    /// each call through `matrix_call`, which reports its outcome on a marked line.
    func execute(_ batch: [MatrixCall]) -> Run {
        lock.lock(); processes += 1; lock.unlock()
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("flx-matrix-\(UUID().uuidString)").path
        try? fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: dir) }
        var script = "include(\"\(fixture)\")\n"
        for m in modules { script += "import \(m)\n" }
        for c in batch {
            script += "print(\"\\n\\x01MX start \(c.id)\\n\"); flush(stdout)\nmatrix_call(\(c.id), \(c.source))\n"
        }
        script += "print(\"\\n\\x01MX end\\n\")\n"
        let scriptPath = dir + "/matrix_batch.flx"
        _ = fm.createFile(atPath: scriptPath, contents: Data(script.utf8))
        let outPath = dir + "/output.txt"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The limits apply to the child alone; output beyond 64 MB ends it (SIGXFSZ).
        p.arguments = ["-c", "ulimit -v \(memoryKiB); ulimit -f 65536; exec timeout -k 5 \(seconds) \"$0\" \"$1\" >\"$2\" 2>&1 </dev/null",
                       binary, scriptPath, outPath]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = dir; env["TMPDIR"] = dir; env["TERM"] = "dumb"
        // Swift's backtracer takes seconds per crash; the runtime's own message is enough.
        env["SWIFT_BACKTRACE"] = "enable=no"
        p.environment = env
        let started = Date()
        do { try p.run() } catch { return Run(status: 127, runtimeText: [(nil, "cannot start \(binary): \(error)")]) }
        p.waitUntilExit()
        let status: Int32 = p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus
        let data = fm.contents(atPath: outPath) ?? Data()
        var run = parse(String(decoding: data, as: UTF8.self), status: status)
        run.seconds = Date().timeIntervalSince(started)
        return run
    }

    func parse(_ text: String, status: Int32) -> Run {
        var run = Run(status: status)
        var current: Int?
        var sawEnd = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("\u{1}MX ") {
                let fields = line.dropFirst(4).split(separator: " ", maxSplits: 2)
                if fields.first == "end" { sawEnd = true; continue }
                guard fields.count >= 2, let id = Int(fields[1]) else { continue }
                if fields[0] == "start" { current = id; continue }
                run.reported[id] = fields[0] + (fields.count > 2 ? " " + fields[2] : "")
                current = nil
            } else if Self.runtimeMarkers.contains(where: { line.contains($0) }) {
                run.runtimeText.append((current, String(line)))
            }
        }
        if let c = current, run.reported[c] == nil { run.unfinished = c }
        if !sawEnd && run.unfinished == nil && run.status == 0 { run.status = -1 }
        return run
    }
}
