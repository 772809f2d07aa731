#if canImport(Glibc)
import Glibc
#endif
/// `showerror`: the text after `ERROR: ` for each exception, and the stack trace.
public enum ErrorDisplay {
    /// The C library's text for an errno value.
    static func strerror(_ e: Int32) -> String {
        guard let p = Glibc.strerror(e) else { return "Unknown error \(e)" }
        return String(cString: p)
    }

    public static func message(_ e: FlxError, _ x: Interpreter) -> String {
        (try? showError(e.value, x)) ?? "(error while printing an exception)"
    }

    static func field(_ o: StructInstance, _ i: Int) -> Value { i < o.fields.count ? o.fields[i] : .nothing }

    static func showError(_ v: Value, _ x: Interpreter) throws -> String {
        guard case .object(let o) = v else { return try Display.repr(v, x) }
        if let custom = try userShowError(v, x) { return custom }
        let p = { (i: Int) throws -> String in try Display.printString(field(o, i), x) }
        switch o.type.name {
        case "ErrorException": return try p(0)
        case "ArgumentError", "DimensionMismatch", "AssertionError", "OverflowError", "InitError":
            return o.type.name + ": " + (try p(0))
        case "DomainError":
            var s = "DomainError with " + (try p(0))
            if case .string(let m) = field(o, 1), !m.value.isEmpty { s += ":\n" + m.value }
            return s
        case "SystemError":
            // Julia: `SystemError: <prefix>: <strerror(errnum)>`.
            guard case .int(let errnum) = field(o, 1) else { return "SystemError: " + (try p(0)) }
            return "SystemError: " + (try p(0)) + ": " + ErrorDisplay.strerror(Int32(truncatingIfNeeded: errnum))
        case "DivideError": return "DivideError: integer division error"
        case "StackOverflowError": return "StackOverflowError:"
        case "OutOfMemoryError": return "OutOfMemoryError()"
        case "InterruptException": return "InterruptException:"
        case "KeyError": return "KeyError: key " + (try Display.repr(field(o, 0), x)) + " not found"
        case "UndefKeywordError": return "UndefKeywordError: keyword argument `" + (try p(0)) + "` not assigned"
        case "UndefVarError":
            let scope = try p(1)
            if scope == "local" { return "UndefVarError: `\(try p(0))` not defined in local scope\nSuggestion: check for an assignment to a local variable that shadows a global of the same name." }
            return "UndefVarError: `\(try p(0))` not defined in `\(scope.isEmpty ? "Main" : scope)`\nSuggestion: check for spelling errors or missing imports."
        case "BoundsError":
            let a = field(o, 0)
            if case .string(let m) = a, case .nothing = field(o, 1) { return "BoundsError: " + m.value }
            var idx = ""
            if case .tuple(let t) = field(o, 1) {
                idx = "[" + (try t.items.map { try Display.repr($0, x) }.joined(separator: ", ")) + "]"
            }
            return "BoundsError: attempt to access " + (try summary(a, x)) + " at index " + idx
        case "InexactError":
            return "InexactError: " + (try p(1)) + "(" + (try Display.repr(field(o, 2), x)) + ")"
        case "TypeError":
            let f = try p(0)
            if f == "if" { return "TypeError: non-boolean (\(TypeNames.show(x.typeOf(field(o, 3))))) used in boolean context" }
            return "TypeError: in \(f), expected \(try p(2)), got a value of type \(TypeNames.show(x.typeOf(field(o, 3))))"
        case "MethodError": return try methodError(o, x)
        case "ParseError": return try p(0)
        case "LoadError": return "LoadError: " + (try showError(field(o, 2), x))
        default:
            return try Display.repr(v, x)
        }
    }

    /// A user `Base.showerror(io, e::MyError)`.
    static func userShowError(_ v: Value, _ x: Interpreter) throws -> String? {
        guard let f = x.base.member("showerror")?.value, case .function(let g as GenericFunction) = f else { return nil }
        let t = x.typeOf(v)
        guard g.methods.contains(where: { m in
            if case .compiled = m.body, m.signature.count == 2 { return t.isSubtype(of: m.signature[1]) && m.signature[1] !== BuiltinTypes.any }
            return false
        }) else { return nil }
        let io = IOBuffer()
        _ = try x.call(f, [.native(io), v])
        return io.contents
    }

    static func summary(_ v: Value, _ x: Interpreter) throws -> String {
        switch v {
        case .array(let a): return ArrayDisplay.summary(a)
        case .tuple: return TypeNames.show(x.preciseType(of: v))
        case .string(let s): return "\(s.value.utf8.count)-codeunit String"
        case .range(let r): return "\(r.count)-element " + TypeNames.show(x.typeOf(v))
        default: return TypeNames.show(x.typeOf(v))
        }
    }

    static func methodError(_ o: StructInstance, _ x: Interpreter) throws -> String {
        let f = field(o, 0)
        var args: [Value] = []
        if case .tuple(let t) = field(o, 1) { args = t.items }
        var name: String
        var candidates: [Method] = []
        switch f {
        case .function(let c):
            name = c.name
            if let g = c as? GenericFunction { candidates = g.methods }
        case .string(let s): name = s.value
        case .type(let t):
            name = TypeNames.show(t)
            candidates = t.constructor?.methods ?? []
        case .object(let obj):
            if obj.type.callMethods == nil { return "MethodError: objects of type \(TypeNames.show(obj.type)) are not callable" }
            name = "(::\(TypeNames.show(obj.type)))"
            candidates = obj.type.callMethods?.methods ?? []
            args = Array(args.dropFirst(0))
        default:
            return "MethodError: objects of type \(TypeNames.show(x.typeOf(f))) are not callable\nThe object of type `\(TypeNames.show(x.typeOf(f)))` exists, but no method is defined for this combination of argument types when trying to treat it as a callable object."
        }
        var keywords = ""
        if case .string(let k) = field(o, 2), !k.value.isEmpty {
            keywords = "; " + k.value.split(separator: ",").map { "\($0)" }.joined(separator: ", ")
        }
        let argText = args.map { "::" + TypeNames.show(x.preciseType(of: $0)) }.joined(separator: ", ")
        var s = "MethodError: no method matching \(name)(\(argText)\(keywords))"
        if !candidates.isEmpty {
            s += "\nThe function `\(name)` exists, but no method is defined for this combination of argument types."
        }
        let compiled = candidates.filter { if case .compiled = $0.body { return true }; return false }
        if !compiled.isEmpty {
            s += "\n\nClosest candidates are:"
            for m in compiled.prefix(3) {
                guard case .compiled(let code) = m.body else { continue }
                let params = zip(code.paramNames, m.signature).map { (n, t) in
                    (n == "_" ? "" : n) + (t === BuiltinTypes.any ? "" : "::" + TypeNames.show(t))
                }
                let loc = code.span.file.location(of: code.span.start)
                s += "\n  \(name)(\(params.joined(separator: ", ")))\n   @ Main \(code.span.file.name):\(loc.line)"
            }
        }
        return s
    }

    /// The full report for an uncaught error: `ERROR: ...` and the frames.
    public static func report(_ e: FlxError, _ x: Interpreter) -> String {
        var s = "ERROR: " + message(e, x) + "\n"
        if e.frames.isEmpty { return s }
        s += "Stacktrace:\n"
        for (i, frame) in e.frames.prefix(30).enumerated() {
            let (line, col) = frame.span.file.location(of: frame.span.start)
            s += " [\(i + 1)] \(frame.function ?? "top-level scope")\n   @ \(frame.span.file.name):\(line):\(col)\n"
        }
        if e.frames.count > 30 { s += " [...] \(e.frames.count - 30) more frames\n" }
        return s
    }
}
