import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// Output: print/println/show/display, IO streams and buffers, @printf.
package enum IOBuiltins {
    package static var tables: [[Builtin]] {
        [printing, streamFunctions, lineReading, Commands.functions, fileStreams]
    }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        Commands.install(interp)
        b.define("stdout", .native(StdStream(isError: false)))
        b.define("stderr", .native(StdStream(isError: true)))
        b.define("IOBuffer", .type(IOBuffer.type))
        TypeBuiltins.setConstructor(IOBuffer.type) { _, a in
            // `IOBuffer()` to write, `IOBuffer(s)` to read `s` (or a vector of bytes).
            guard a.count <= 1 else { throw Exceptions.method(.type(IOBuffer.type), a.values) }
            switch a.count == 1 ? a[0] : .nothing {
            case .nothing: return .native(IOBuffer())
            case .string(let s): return .native(IOBuffer(s.value))
            case .array(let arr) where arr.elementType === BuiltinTypes.uint8:
                return .native(IOBuffer(String(decoding: arr.boxedValues.map { UInt8(truncatingIfNeeded: asInt($0)) }, as: UTF8.self)))
            default: throw Exceptions.method(.type(IOBuffer.type), a.values)
            }
        }
        b.define("MIME", .type(MIMEObject.type))
        TypeBuiltins.setConstructor(MIMEObject.type) { _, a in
            // `MIME"text/plain"()` calls the type without arguments.
            if a.count == 0 { return .native(MIMEObject.textPlain) }
            guard a.count == 1, case .string(let s) = a[0] else { throw Exceptions.method(.type(MIMEObject.type), a.values) }
            if s.value == "text/plain" { return .native(MIMEObject.textPlain) }
            _ = MIMEObject.type(for: s.value)
            return .native(MIMEValue(s.value))
        }

        for table in tables { b.register(table, helpInto: interp.builtinHelp) }
        // `@printf io fmt args...` / `@sprintf fmt args...` call the hidden functions above.
        for (macro, function) in [("printf", "#printf"), ("sprintf", "#sprintf")] {
            let binding = b.binding(function)
            interp.registerMacro(macro) { compiler, args, span in
                Call(callee: GlobalGet(binding, span: span), args: try args.map(compiler.compile), span: span)
            }
        }
    }

    package static func splitIO(_ a: Args) -> (Value?, [Value]) {
        if a.count >= 1, case .native(let n) = a[0], n is IOStream { return (a[0], Array(a.values.dropFirst())) }
        return (nil, a.values)
    }

    package static func write(_ io: Value?, _ text: String, _ interp: Interpreter) throws {
        guard let io, case .native(let n) = io, let stream = n as? IOStream else { interp.output(text); return }
        stream.write(text, interp)
        // An open file reports a failed write here (IOStream.write cannot throw).
        if let file = stream as? FileStreamObject { try file.check() }
    }
}
