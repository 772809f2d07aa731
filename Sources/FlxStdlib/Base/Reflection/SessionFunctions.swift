import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// The running session: loading a file, the clock, sleeping, exiting, and `gc`.
extension ReflectionBuiltins {
    package static var sessionFunctions: [Builtin] {
        [
            Builtin("include", { interp, a in
                try a.expect("include", 1...1)
                guard case .string(let path) = a[0] else { throw Exceptions.method(.str("include"), a.values) }
                return try interp.include(path.value)
            }, help: BuiltinHelp("include(path)", "Runs the file at `path` (relative to the current file) in the current module; returns its last value.", "include(\"model.jl\")")),
            Builtin("include_string", { interp, a in
                try a.expect("include_string", 2...3)
                guard case .module(let m) = a[0], case .string(let code) = a[1] else { throw Exceptions.method(.str("include_string"), a.values) }
                var name = "string"
                if a.count == 3 {
                    guard case .string(let n) = a[2] else { throw Exceptions.method(.str("include_string"), a.values) }
                    name = n.value
                }
                return try interp.runSource(code.value, name: name, in: m)
            }, help: BuiltinHelp("include_string(m::Module, code, filename = \"string\")", "Runs the code in the string as `include` runs a file's, in module `m`; returns the last value.", "include_string(Main, \"x = 1; x + 1\")  # 2")),
            Builtin("time", { _, _ in .float64(Clock.wallSeconds()) },
                help: BuiltinHelp("time()", "Seconds since the Unix epoch, as a Float64.", "t = time(); sleep(0.1); time() - t")),
            Builtin("time_ns", { _, _ in
                // A UInt64, as Julia's; the monotonic clock is positive and far below 2^64 ns.
                let ns = Clock.seconds() * 1e9
                return FixedInt(.uint64, bits: UInt128(ns > 0 && ns < 1.8e19 ? UInt64(ns) : 0)).value
            }, help: BuiltinHelp("time_ns()", "A monotonic clock in nanoseconds (a UInt64), for timing code.", "t0 = time_ns(); f(); (time_ns() - t0) / 1e9")),
            Builtin("sleep", { _, a in
                try a.expect("sleep", 1...1)
                try interruptibleSleep(seconds: asDouble(a[0]))
                return .nothing
            }, help: BuiltinHelp("sleep(seconds)", "Pauses for the given number of seconds; Ctrl-C ends the pause with InterruptException.", "sleep(0.5)")),
            Builtin("exit", { _, a in
                let code = a.count == 1 ? Int32(truncatingIfNeeded: asInt(a[0])) : 0
                throw ExitRequest(code: code)
            }, help: BuiltinHelp("exit(code = 0)", "Ends the program (or the REPL) with the given status code.", "exit(1)")),
            Builtin("gc", { _, _ in .nothing },
                help: BuiltinHelp("gc()", "Julia's `GC.gc()` runs the garbage collector; in flx it does nothing, since memory is freed by reference counting as soon as a value is unreachable.", "gc()")),
        ]
    }
}

/// Sleeps in slices of at most a tenth of a second, so a Ctrl-C is answered with
/// InterruptException within one slice even when the signal went to another thread
/// (on the program's own thread it cuts the slice short with EINTR).
package func interruptibleSleep(seconds: Double) throws {
    let end = Clock.seconds() + max(0, min(seconds, 3600))
    while true {
        if Interrupts.requested { throw Interrupts.take() }
        let left = end - Clock.seconds()
        if left <= 0 { return }
        let slice = min(left, 0.1)
        var ts = timespec(tv_sec: 0, tv_nsec: Int(exactly: (slice * 1e9).rounded(.down)) ?? 0)
        nanosleep(&ts, nil)
    }
}
