import FlxSyntax
import FlxCore

/// Reading text back: `readline`, `readlines`, `eachline` and `read(io, String)` from an
/// IOBuffer (from where the last read stopped) or from a file path.
extension IOBuiltins {
    package static var lineReading: [Builtin] {
        [
            Builtin("readline", { _, a in
                try a.expect("readline", 1...1)
                let keep = try a.keywordBool("keep") ?? false
                return try lines(a[0], "readline", upTo: 1, keep: keep).first.map { .str($0) } ?? .str("")
            }, help: BuiltinHelp("readline(io; keep = false)", "The next line of an IOBuffer (or the first of a file), without its newline unless `keep`; \"\" at the end.", "readline(IOBuffer(\"a\\nb\"))  # \"a\"")),
            Builtin("readlines", { interp, a in
                try a.expect("readlines", 1...1)
                let keep = try a.keywordBool("keep") ?? false
                return .array(try interp.makeVector(try lines(a[0], "readlines", upTo: nil, keep: keep).map { .str($0) }, elementType: BuiltinTypes.string))
            }, help: BuiltinHelp("readlines(io; keep = false)", "The remaining lines of an IOBuffer, or all lines of a file, as a Vector{String}.", "readlines(IOBuffer(\"a\\nb\"))  # [\"a\", \"b\"]")),
            Builtin("eachline", { interp, a in
                try a.expect("eachline", 1...1)
                let keep = try a.keywordBool("keep") ?? false
                return .native(LazyIterable(kind: .list(try lines(a[0], "eachline", upTo: nil, keep: keep).map { .str($0) }), sources: [], interp))
            }, help: BuiltinHelp("eachline(io; keep = false)", "Iterates over the lines of an IOBuffer or a file.", "for line in eachline(\"data.txt\")\n    println(line)\nend")),
            Builtin("eof", { _, a in
                guard a.count == 1, let io = try readBuffer(a[0]) else { throw Exceptions.method(.str("eof"), a.values) }
                return .bool(io.readPosition >= io.contents.utf8.count)
            }, help: BuiltinHelp("eof(io)", "Whether an IOBuffer has nothing left to read.", "eof(IOBuffer(\"\"))  # true")),
        ]
    }

    /// The lines of `source` (at most `upTo`), consuming them from an IOBuffer; a line
    /// ends at `\n` (`\r\n` is one ending too), kept with `keep`.
    static func lines(_ source: Value, _ name: String, upTo: Int?, keep: Bool) throws -> [String] {
        var bytes: [UInt8]
        var buffer: IOBuffer? = nil
        switch source {
        case .native where try readBuffer(source) != nil:
            let io = try readBuffer(source) ?? IOBuffer()
            buffer = io
            bytes = Array(io.contents.utf8.dropFirst(io.readPosition))
        case .string(let path):
            bytes = Array(try DelimitedFiles.readFile(path.value).utf8)
        default: throw Exceptions.method(.str(name), [source])
        }
        var out: [String] = []
        var start = 0
        while start < bytes.count, upTo.map({ out.count < $0 }) ?? true {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let next = min(end + 1, bytes.count)
            var stop = end
            if !keep, stop > start, bytes[stop - 1] == 0x0D, end < bytes.count { stop -= 1 }
            out.append(String(decoding: bytes[start..<(keep ? next : stop)], as: UTF8.self))
            start = next
        }
        buffer?.readPosition += start
        return out
    }
}
