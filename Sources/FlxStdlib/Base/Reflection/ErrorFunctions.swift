import FlxSyntax
import FlxCore
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// Raising and reporting exceptions: `error`, `throw`, `rethrow`, `showerror`.
extension ReflectionBuiltins {
    package static var errorFunctions: [Builtin] {
        [
            Builtin("error", { interp, a in
                throw Exceptions.error(try a.values.map { try Display.printString($0, interp) }.joined())
            }, help: BuiltinHelp("error(msg...)", "Throws an `ErrorException` with the concatenated message.", "error(\"bad value: \", 3)")),
            Builtin("throw", { _, a in
                try a.expect("throw", 1...1)
                throw FlxError(a[0])
            }, help: BuiltinHelp("throw(e)", "Throws the exception value `e`; catch it with `try ... catch`.", "throw(ArgumentError(\"negative\"))")),
            Builtin("rethrow", { interp, a in
                if a.count == 1 { throw FlxError(a[0]) }
                guard let e = interp.lastError else { throw Exceptions.error("rethrow() not allowed outside a catch block") }
                throw e
            }, help: BuiltinHelp("rethrow()", "Inside a `catch` block, throws the caught exception again.", "try f() catch e\n    @warn \"failed\"\n    rethrow()\nend")),
            Builtin("showerror", { interp, a in
                try a.expect("showerror", 2...3)
                try IOBuiltins.write(a[0], try ErrorDisplay.showError(a[1], interp), interp)
                return .nothing
            }, help: BuiltinHelp("showerror(io, e)", "Writes the message of an exception as the REPL would report it.", "try error(\"boom\") catch e\n    showerror(stdout, e)\nend")),
            // flx keeps no native frames, so the backtrace is an empty vector (a 0-dimensional
            // shape over no elements trapped when read or printed).
            Builtin("catch_backtrace", { _, a in
                try a.expect("catch_backtrace", 0...0)
                return .array(ArrayValue(boxed: [], shape: (try? Shape([0])) ?? .scalar, elementType: BuiltinTypes.any))
            },
                help: BuiltinHelp("catch_backtrace()", "Inside a `catch` block, the backtrace of the exception being handled.", "try error(\"x\") catch e\n    bt = catch_backtrace()\nend")),
        ]
    }
}
