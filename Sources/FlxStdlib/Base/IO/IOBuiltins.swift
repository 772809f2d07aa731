import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// Output: print/println/show/display, IO streams and buffers, @printf.
package enum IOBuiltins {
    package static var tables: [[Builtin]] {
        [printing, streamFunctions]
    }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        b.define("stdout", .native(StdStream(isError: false)))
        b.define("stderr", .native(StdStream(isError: true)))
        b.define("IOBuffer", .type(IOBuffer.type))
        TypeBuiltins.setConstructor(IOBuffer.type) { _, _ in .native(IOBuffer()) }
        b.define("MIME", .type(MIMEObject.type))
        TypeBuiltins.setConstructor(MIMEObject.type) { _, a in
            // `MIME"text/plain"()` calls the type without arguments.
            if a.count == 0 { return .native(MIMEObject.textPlain) }
            guard a.count == 1, case .string(let s) = a[0], s.value == "text/plain" else {
                throw Exceptions.argument("only MIME(\"text/plain\") is supported")
            }
            return .native(MIMEObject.textPlain)
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
    }
}

/// C-style formatting for `@printf` / `@sprintf` (and `@time`'s number).
package enum Format {
    package static func printf(_ format: String, _ args: [Value]) throws -> String {
        var out = ""
        var i = format.startIndex
        var argIndex = 0
        while i < format.endIndex {
            let c = format[i]
            guard c == "%" else { out.append(c); i = format.index(after: i); continue }
            var j = format.index(after: i)
            if j < format.endIndex && format[j] == "%" { out.append("%"); i = format.index(after: j); continue }
            var spec = "%"
            while j < format.endIndex, "-+ #0123456789.".contains(format[j]) { spec.append(format[j]); j = format.index(after: j) }
            guard j < format.endIndex else { out += spec; break }
            let conv = format[j]
            i = format.index(after: j)
            // Specifiers beyond the arguments are only counted: Printf.format checks the
            // counts before it writes anything.
            if argIndex < args.count { out += try formatOne(spec, conv, args[argIndex]) }
            argIndex += 1
        }
        guard argIndex == args.count else {
            throw Exceptions.argument("Number of format specifiers and number of provided args differ: \(argIndex) != \(args.count)")
        }
        return out
    }

    package static func formatOne(_ spec: String, _ conv: Character, _ arg: Value) throws -> String {
        // The buffer holds the widest field the spec asks for (vsnprintf would cut a
        // longer one short); a width the machine cannot hold is Julia's OutOfMemoryError.
        let afterFlags = spec.dropFirst().drop { "-+ #0".contains($0) }
        let widthDigits = afterFlags.prefix(while: \.isNumber)
        let precisionDigits = afterFlags.dropFirst(widthDigits.count).drop { $0 == "." }.prefix(while: \.isNumber)
        let (field, overflow) = (Int(widthDigits) ?? (widthDigits.isEmpty ? 0 : Int.max))
            .addingReportingOverflow(Int(precisionDigits) ?? (precisionDigits.isEmpty ? 0 : Int.max))
        let longest = overflow ? Int.max : field
        try MemoryGuard.reserve(count: longest, bytesEach: 1)
        var buf = [CChar](repeating: 0, count: 512 + longest)
        let v = OperatorBuiltins.plain(arg)
        switch conv {
        case "d", "i":
            switch v {
            case .float64, .float32:
                // Printf formats a float given to %d as %.0f (its `floatfmt`).
                let x = asDouble(v)
                guard x.isFinite else { return try padded(x.isNaN ? "NaN" : x < 0 ? "-Inf" : "Inf", spec) }
                let floatSpec = String(spec.prefix { $0 != "." })
                _ = withVaList([x]) { vsnprintf(&buf, buf.count, floatSpec + ".0f", $0) }
            case .int, .bool:
                _ = withVaList([asInt(v)]) { vsnprintf(&buf, buf.count, spec + "lld", $0) }
            default:
                throw Exceptions.method(.str("ndigits"), [v])
            }
        case "x", "X", "o":
            _ = withVaList([asInt(v)]) { vsnprintf(&buf, buf.count, spec + "ll" + String(conv), $0) }
        case "f", "F", "e", "E", "g", "G", "a":
            _ = withVaList([asDouble(v)]) { vsnprintf(&buf, buf.count, spec + String(conv), $0) }
        case "c":
            if case .char(let ch) = v { return String(Character(Unicode.Scalar(ch) ?? " ")) }
            return ""
        default:
            let text: String
            switch v {
            case .string(let s): text = s.value
            case .int(let n): text = String(n)
            case .float64(let d): text = FloatFormat.show(d)
            case .float32(let f): text = FloatFormat.print(f)
            case .bool(let b): text = b ? "true" : "false"
            case .symbol(let s): text = s.name
            case .char(let ch): text = String(Character(Unicode.Scalar(ch) ?? " "))
            case .nothing: text = "nothing"
            default: text = "?"
            }
            return try padded(text, spec)
        }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `text` padded with spaces to the spec's width (on the right with the `-` flag).
    static func padded(_ text: String, _ spec: String) throws -> String {
        let digits = spec.filter { $0.isNumber || $0 == "." }
        let widthText = digits.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard let w = Int(widthText), text.count < w else { return text }
        try MemoryGuard.reserve(count: w, bytesEach: 1)
        let padding = String(repeating: " ", count: w - text.count)
        return spec.contains("-") ? text + padding : padding + text
    }
}
