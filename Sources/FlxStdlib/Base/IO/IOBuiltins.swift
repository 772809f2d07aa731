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
    package static func printf(_ format: String, _ args: [Value]) -> String {
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
            let arg: Value = argIndex < args.count ? args[argIndex] : .nothing
            argIndex += 1
            out += formatOne(spec, conv, arg)
        }
        return out
    }

    package static func formatOne(_ spec: String, _ conv: Character, _ arg: Value) -> String {
        var buf = [CChar](repeating: 0, count: 512)
        let v = OperatorBuiltins.plain(arg)
        switch conv {
        case "d", "i":
            let n: Int64 = { if case .int(let k) = v { return k }; return Int64(asDouble(v).rounded()) }()
            _ = withVaList([n]) { vsnprintf(&buf, 512, spec + "lld", $0) }
        case "x", "X", "o":
            _ = withVaList([asInt(v)]) { vsnprintf(&buf, 512, spec + "ll" + String(conv), $0) }
        case "f", "F", "e", "E", "g", "G", "a":
            _ = withVaList([asDouble(v)]) { vsnprintf(&buf, 512, spec + String(conv), $0) }
        case "c":
            if case .char(let ch) = v { return String(Character(Unicode.Scalar(ch) ?? " ")) }
            return ""
        default:
            var text: String
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
            // Width and `-` flag for %s.
            let digits = spec.filter { $0.isNumber || $0 == "." }
            let widthText = digits.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            if let w = Int(widthText), text.count < w {
                let padding = String(repeating: " ", count: w - text.count)
                text = spec.contains("-") ? text + padding : padding + text
            }
            return text
        }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
