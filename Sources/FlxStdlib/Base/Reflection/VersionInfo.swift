import FlxSyntax
import FlxCore
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// `versioninfo()`: what flx is running on, in the layout of Julia's (version, then
/// `Platform Info:`), with the two lines benchmark tables are asked to carry: the CPU
/// model and the kernel set OpenBLAS picked for it.
extension ReflectionBuiltins {
    package static var versionFunctions: [Builtin] {
        [
            Builtin("versioninfo", differentiation: .constant, { interp, a in
                try a.expect("versioninfo", 0...1)
                var lines = ["flx Version \(flxVersion)", "Platform Info:"]
                lines.append("  OS: Linux (x86_64-linux-gnu)")
                lines.append("  CPU: \(Engine.availableCPUs) × \(cpuModel())")
                lines.append("  WORD_SIZE: 64")
                lines.append("  BLAS: OpenBLAS (core \(Engine.blasCoreName), \(Engine.blasKernelExplanation))")
                lines.append("  Threads: \(Engine.threads) on \(Engine.availableCPUs) virtual cores")
                let text = lines.joined(separator: "\n") + "\n"
                if a.count == 1 {
                    _ = try interp.call(interp.base.binding("print").value, [a[0], .str(text)])
                } else {
                    interp.output(text)
                }
                return .nothing
            }, help: BuiltinHelp("versioninfo([io])", "Prints flx's version and the platform: the CPU model, OpenBLAS's kernel set and the engine's threads.", "versioninfo()")),
        ]
    }

    static let flxVersion = "0.1.0"

    /// The first `model name` of /proc/cpuinfo ("unknown" where there is none).
    static func cpuModel() -> String {
        guard let bytes = try? FileSystem.readFile("/proc/cpuinfo") else { return "unknown" }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return String(line[line.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" }))
            }
        }
        return "unknown"
    }
}
