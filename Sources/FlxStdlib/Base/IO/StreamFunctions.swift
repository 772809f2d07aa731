import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// Operations on a stream itself: `write`, `flush`, and `take!` of an IOBuffer.
extension IOBuiltins {
    package static var streamFunctions: [Builtin] {
        [
            Builtin("take!", { interp, a in
                guard a.count == 1, case .native(let io as IOBuffer) = a[0] else { throw Exceptions.method(.str("take!"), a.values) }
                let s = io.contents
                io.contents = ""
                return .array(try interp.makeVector(s.utf8.map { FixedInt(.uint8, bits: UInt128($0)).value }, elementType: BuiltinTypes.uint8))
            }, help: BuiltinHelp("take!(io::IOBuffer)", "Returns the bytes written to an IOBuffer and empties it; `String(take!(io))` gives the text.", "io = IOBuffer(); print(io, 42); String(take!(io))  # \"42\"")),
            Builtin("flush", { interp, a in
                guard a.count == 1, case .native(let n) = a[0], var stream = n as? IOStream else {
                    throw Exceptions.method(.str("flush"), a.values)
                }
                while let context = stream as? IOContextObject { stream = context.inner }
                if let file = stream as? FileStreamObject { try file.flush() }
                // stdout is buffered by the runner (a pipe would otherwise see nothing until
                // the buffer fills or the program ends); stderr and IOBuffers are not.
                if let std = stream as? StdStream, !std.isError { interp.flushOutput() }
                return .nothing
            }, help: BuiltinHelp("flush(io)", "Makes sure buffered output of a stream has been written.", "flush(stdout)")),
            Builtin("write", { interp, a in
                if a.count == 2, case .string(let path) = a[0] { return try FileBuiltins.write(path.value, a[1], interp) }
                let (io, rest) = splitIO(a)
                let text = try rest.map { try Display.printString($0, interp) }.joined()
                try write(io, text, interp)
                return .int(Int64(text.utf8.count))
            }, help: BuiltinHelp("write(io, x)  /  write(path, x)", "Writes the text or raw bytes of `x` to a stream, or to the file at `path` (a string's UTF-8, or a vector of byte values 0–255); returns the number of bytes.", "write(stdout, \"hi\\n\")")),
        ]
    }
}
