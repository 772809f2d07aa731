import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// Writing values as text to stdout or an IO: `print`, `println`, `show`, `display`,
/// `summary`, `sprint`, and the functions `@printf` and `@sprintf` call.
extension IOBuiltins {
    package static var printing: [Builtin] {
        [
            Builtin("print", { interp, a in
                let (io, rest) = splitIO(a)
                try write(io, try rest.map { try Display.printString($0, interp) }.joined(), interp)
                return .nothing
            }, help: BuiltinHelp("print([io], args...)", "Writes the plain text form of each argument (strings without quotes), no newline.", "print(\"a\", 1, '\\n')")),
            Builtin("println", { interp, a in
                let (io, rest) = splitIO(a)
                try write(io, try rest.map { try Display.printString($0, interp) }.joined() + "\n", interp)
                return .nothing
            }, help: BuiltinHelp("println([io], args...)", "Prints each argument with `print`, then a newline.", "println(\"x = \", 1.5f0)  # x = 1.5")),
            Builtin("show", { interp, a in
                let (io, rest) = splitIO(a)
                guard let v = rest.last else { throw Exceptions.method(.str("show"), a.values) }
                // `show(io, MIME"text/plain"(), x)` is the display form; an
                // `IOContext(io, :limit => true)` cuts it to the io's display size.
                var size: (rows: Int, cols: Int)? = nil
                if let io, case .native(let n) = io, let ctx = n as? IOContextObject, ctx.limit { size = ctx.displaySize(interp) }
                // Another MIME type (`show(io, "text/html", x)`) reaches the methods written
                // for it; with none, Julia's MethodError.
                if rest.count == 2, case .string(let m) = rest[0], m.value != "text/plain" {
                    _ = MIMEObject.type(for: m.value)
                    return try interp.call(interp.base.binding("show").value, Array(a.values.dropLast(2)) + [.native(MIMEValue(m.value)), v])
                }
                if rest.count == 2, case .native(let n) = rest[0], n is MIMEValue { throw Exceptions.method(.str("show"), a.values) }
                if rest.count == 2, MIMEObject.isTextPlain(rest[0]) {
                    try write(io, try size.map { try Display.displayString(v, interp, size: $0) } ?? Display.displayString(v, interp), interp)
                } else {
                    try write(io, try size.map { try Display.repr(v, interp, size: $0) } ?? Display.repr(v, interp), interp)
                }
                return .nothing
            }, help: BuiltinHelp("show([io], x)", "Writes the compact, re-typable form of `x` (strings in quotes, Float32 with an `f0`).", "show(1.5f0)  # 1.5f0")),
            Builtin("display", { interp, a in
                try a.expect("display", 1...1)
                // At the REPL `display` goes through the REPL's limited display, as in Julia;
                // a script's `display` prints everything.
                interp.output(try Display.displayString(a[0], interp, limit: interp.interactive) + "\n")
                return .nothing
            }, help: BuiltinHelp("display(x)", "Shows `x` the way the REPL prints a result, in its multi-line form for arrays and models.", "display(rand(2, 2))")),
            Builtin("summary", { interp, a in
                try a.expect("summary", 1...1)
                return .str(try ErrorDisplay.summary(a[0], interp))
            }, help: BuiltinHelp("summary(x)", "A short description of a value, e.g. its size and type.", "summary(zeros(Float32, 2, 3))  # \"2×3 Matrix{Float32}\"")),
            Builtin("sprint", { interp, a in
                guard a.count >= 1 else { throw Exceptions.method(.str("sprint"), a.values) }
                let io = IOBuffer()
                _ = try interp.call(a[0], [.native(io)] + Array(a.values.dropFirst()))
                return .str(io.contents)
            }, help: BuiltinHelp("sprint(f, args...)", "Calls `f(io, args...)` with a fresh IOBuffer and returns what was written, as a String.", "sprint(show, [1, 2])  # \"[1, 2]\"")),
            Builtin("#printf", { interp, a in
                let (io, rest) = splitIO(a)
                guard let fmt = rest.first, case .string(let f) = fmt else { throw Exceptions.argument("@printf needs a format string") }
                try write(io, try Format.printf(f.value, Array(rest.dropFirst()), interp), interp)
                return .nothing
            }),
            Builtin("#sprintf", { interp, a in
                guard a.count >= 1, case .string(let f) = a[0] else { throw Exceptions.argument("@sprintf needs a format string") }
                return .str(try Format.printf(f.value, Array(a.values.dropFirst()), interp))
            }),
        ]
    }
}
