import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C asks the interpreter to stop at its next loop back-edge or call, where it
/// raises InterruptException.
package enum Signals {
    package static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupts.request() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }
}
