import ArgumentParser
import FlxREPL
#if canImport(Glibc)
import Glibc
#endif

/// `flx FILE [args...]`, `flx -e CODE`, `flx` (REPL), `flx -i FILE`.
struct FlxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flx",
        abstract: "Run flx scripts: a Julia-like language for Flux-style training experiments.",
        version: "flx 0.1.0"
    )

    @Option(name: [.short, .customLong("eval")], help: "Evaluate CODE; prints only what the code prints.")
    var eval: String?

    @Flag(name: .short, help: "Start the REPL after running the file or code.")
    var interactive = false

    @Option(help: "Threads for matrix products and array loops (default: all cores; more than the cores are not used).")
    var threads: Int?

    @Argument(parsing: .captureForPassthrough, help: "The script to run, then its arguments (ARGS).")
    var script: [String] = []

    func validate() throws {
        if let t = threads, t < 1 || t > 1024 { throw ValidationError("--threads must be between 1 and 1024") }
    }

    func run() throws {
        // Options written before a script are captured with it; answer the informational ones.
        if let first = script.first, first.hasPrefix("-") {
            if first == "--version" || first == "-v" { print(FlxCommand.configuration.version); return }
            if first == "--help" || first == "-h" { print(FlxCommand.helpMessage()); return }
            throw ValidationError("unknown option \(first)")
        }
        let status = Launcher.run(script: script, code: eval, interactive: interactive, threads: threads)
        if status != 0 { throw ExitCode(status) }
    }
}

FlxCommand.main()
