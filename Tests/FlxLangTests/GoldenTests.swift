import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// Every `Tests/Golden/**/*.flx` runs in a fresh interpreter; its stdout must equal
/// the `.out` beside it, its stderr the `.err` (when there is one), and its exit
/// status the `.status` (else 0). `FLX_UPDATE_GOLDEN=1` rewrites the files instead.
@Suite(.serialized)
struct GoldenTests {
    static let root: String = {
        // This file is Tests/FlxLangTests/GoldenTests.swift; the scripts are in Tests/Golden.
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(2)
        return parts.joined(separator: "/") + "/Golden"
    }()

    static let cases: [String] = GoldenFiles.list(root)

    @Test("golden script", arguments: cases)
    func golden(_ relative: String) throws {
        let path = GoldenTests.root + "/" + relative
        guard let source = GoldenFiles.readBytes(path) else {
            Issue.record("cannot read \(path)")
            return
        }
        let result = GoldenRun.run(source: source, name: relative, directory: GoldenFiles.directory(of: path))
        let base = String(path.dropLast(4))
        if GoldenFiles.updating {
            GoldenFiles.write(base + ".out", result.stdout)
            if !result.stderr.isEmpty || GoldenFiles.read(base + ".err") != nil { GoldenFiles.write(base + ".err", result.stderr) }
            if result.status != 0 { GoldenFiles.write(base + ".status", "\(result.status)\n") } else { GoldenFiles.remove(base + ".status") }
            return
        }
        let expectedOut = GoldenFiles.read(base + ".out") ?? ""
        if expectedOut != result.stdout {
            Issue.record(Comment(rawValue: "stdout of \(relative) differs:\n" + Diff.unified(expected: expectedOut, actual: result.stdout)))
        }
        if let expectedErr = GoldenFiles.read(base + ".err"), expectedErr != result.stderr {
            Issue.record(Comment(rawValue: "stderr of \(relative) differs:\n" + Diff.unified(expected: expectedErr, actual: result.stderr)))
        }
        let expectedStatus = GoldenFiles.read(base + ".status").flatMap { Int32($0.trimmingCharacters(in: " \n")) } ?? 0
        if expectedStatus != result.status {
            Issue.record("exit status of \(relative): expected \(expectedStatus), got \(result.status)\nstderr:\n\(result.stderr)")
        }
    }

    @Test("there are golden scripts to run")
    func goldenScriptsExist() {
        #expect(GoldenTests.cases.count >= 25)
    }
}

enum GoldenRun {
    struct Result: Sendable {
        var stdout = ""
        var stderr = ""
        var status: Int32 = 0
    }

    /// Runs a script on a large stack, as the `flx` binary does.
    /// `configure` sees the session before the script runs, `inspect` after.
    static func run(source: [UInt8], name: String, directory: String,
                    configure: @escaping (Session) -> Void = { _ in }, inspect: @escaping (Session) -> Void = { _ in }) -> Result {
        final class Box: @unchecked Sendable { var result = Result() }
        let box = Box()
        runWithLargeStack {
            let session = Session(output: { box.result.stdout += $0 }, errorOutput: { box.result.stderr += $0 })
            // flx starts from system entropy, as Julia does; a golden starts as after
            // `Random.seed!(42)` so that what an unseeded script draws is reproducible.
            RandomBuiltins.seedDefault(session.interp, Xoshiro(seed: 42))
            session.setArguments(programFile: name, args: [])
            session.interp.currentFileDirectory = directory
            configure(session)
            box.result.status = session.runBytes(source, name: name)
            inspect(session)
        }
        return box.result
    }
}
