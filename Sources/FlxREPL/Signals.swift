import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C and window resizes.
///
/// The kernel hands a process-directed signal to any thread that does not block it,
/// usually the main thread, which only waits for the large-stack thread running the
/// program. A blocking call on that thread (readline's `read`, `sleep`) would never
/// see the signal, so the handler passes it on to the program thread with
/// `pthread_kill`: there the call returns EINTR and the interrupt is noticed at once.
package enum Signals {
    /// `pthread_self()` of the thread running the program (0 before it starts).
    private static let programThread = Atomic<UInt>(0)

    package static func install() {
        handle(SIGINT) { _ in
            guard Signals.forwardedToProgramThread(SIGINT) else { return }
            // At the prompt readline's key reader turns this into a Ctrl-C key (it
            // discards the pending input); while code runs the interpreter stops at
            // its next loop back-edge or call with InterruptException.
            if ReplState.atPrompt.load(ordering: .relaxed) {
                ReplState.promptInterrupted.store(true, ordering: .relaxed)
            } else {
                Interrupts.request()
            }
        }
        handle(SIGWINCH) { _ in
            guard Signals.forwardedToProgramThread(SIGWINCH) else { return }
            TerminalResize.note()
        }
    }

    /// Called on the program thread before it runs anything.
    package static func adoptCurrentThread() {
        programThread.store(UInt(pthread_self()), ordering: .relaxed)
    }

    /// False when the signal arrived on another thread and was passed on (the program
    /// thread's handler then does the work); true on the program thread itself.
    private static func forwardedToProgramThread(_ signal: Int32) -> Bool {
        let target = programThread.load(ordering: .relaxed)
        if target == 0 || pthread_equal(pthread_self(), pthread_t(target)) != 0 { return true }
        pthread_kill(pthread_t(target), signal)
        return false
    }

    /// Without SA_RESTART, so a blocking call on the program thread returns EINTR.
    private static func handle(_ signal: Int32, _ body: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = body
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(signal, &action, nil)
    }
}
