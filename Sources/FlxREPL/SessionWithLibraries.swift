import FlxCore
import FlxFlux

extension Session {
    /// A session with every library installed (what `flx` runs).
    public convenience init(output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void, interactive: Bool = false) {
        self.init(output: output, errorOutput: errorOutput, interactive: interactive, libraries: Libraries.install)
    }
}
