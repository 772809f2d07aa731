#if canImport(Glibc)
import Glibc
#endif
import FlxCore
import FlxREPL
import Synchronization

// libFuzzer drives this target: each input is the bytes of a source file, which goes
// through the same decoding, lexing, parsing, compiling and evaluation as `flx file.flx`.
// Anything that traps, overflows a native stack or trips AddressSanitizer is a finding.

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Loops in generated programs must end, so each input gets a wall-clock budget; when it
/// runs out the watchdog raises the same interrupt that Ctrl-C does, which the
/// interpreter polls at loop back-edges and calls.
enum Watchdog {
    /// Nanosecond deadline of the input being run; 0 while idle.
    static let deadline = Atomic<Int>(0)
    static let budgetNanoseconds = 250_000_000

    static func now() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1_000_000_000 + ts.tv_nsec
    }

    static func start() {
        var thread = pthread_t()
        pthread_create(&thread, nil, { _ in
            while true {
                usleep(10_000)
                let d = Watchdog.deadline.load(ordering: .relaxed)
                if d != 0 && Watchdog.now() > d { Interrupts.request() }
            }
        }, nil)
    }
}

func runOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let session = Session(output: { _ in }, errorOutput: { _ in })
    Watchdog.deadline.store(Watchdog.now() + Watchdog.budgetNanoseconds, ordering: .relaxed)
    switch SourceLoader.decode(bytes, name: "fuzz.flx") {
    case .success(let text): _ = session.runText(text, name: "fuzz.flx")
    case .failure: break
    }
    Watchdog.deadline.store(0, ordering: .relaxed)
    if Interrupts.requested { _ = Interrupts.take() }
    return 0
}

/// SwiftPM links executables with `main` renamed to `<target>_main`; libFuzzer's own
/// `main` is then unused and we start its driver ourselves, on a thread with the same
/// large stack `flx` runs scripts on.
@_cdecl("FlxFuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    nonisolated(unsafe) var count = argc
    nonisolated(unsafe) var arguments = argv
    nonisolated(unsafe) var status: CInt = 0
    // Generated programs may call rm, write or savemodel with any path.
    FileSystem.writesAllowed = false
    Watchdog.start()
    runWithLargeStack {
        status = LLVMFuzzerRunDriver(&count, &arguments) { data, size in runOneInput(data, size) }
    }
    return status
}
