import FlxSyntax
#if canImport(Glibc)
import Glibc
#endif
/// An exception a library implements in Swift, with its own `showerror` text
/// (Test's `TestSetException`).
package protocol NativeErrorShowable: AnyObject {
    func showError(_ interp: Interpreter) throws -> String
}

/// `showerror`: the text after `ERROR: ` for each exception, and the stack trace.
public enum ErrorDisplay {
    /// The C library's text for an errno value.
    package static func strerror(_ e: Int32) -> String {
        guard let p = Glibc.strerror(e) else { return "Unknown error \(e)" }
        return String(cString: p)
    }

    public static func message(_ e: FlxError, _ interp: Interpreter) -> String {
        do { return try showError(e.value, interp) } catch {
            // A user `showerror` that throws: still name the exception and the failure.
            let inner = (error as? FlxError).map { (try? Display.repr($0.value, interp)) ?? $0.typeName } ?? "\(error)"
            return "\(TypeNames.show(interp.typeOf(e.value))) (error while printing it: \(inner))"
        }
    }

    package static func field(_ o: StructInstance, _ i: Int) -> Value { i < o.fields.count ? o.fields[i] : .nothing }

    package static func showError(_ v: Value, _ interp: Interpreter) throws -> String {
        if case .native(let n) = v, let custom = n as? NativeErrorShowable { return try custom.showError(interp) }
        guard case .object(let o) = v else { return try Display.repr(v, interp) }
        if let custom = try userShowError(v, interp) { return custom }
        let p = { (i: Int) throws -> String in try Display.printString(field(o, i), interp) }
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
        case "IOError": return "IOError: " + (try p(0))
        case "ProcessFailedException":
            // `failed process: Process(`cmd`, ProcessExited(1)) [1]`, one line per process.
            guard case .array(let procs) = field(o, 0) else { return "ProcessFailedException" }
            return try procs.boxedValues.map { proc in
                var code = ""
                if case .native(let n) = proc, let f = n as? NativeFields, case .int(let c)? = try f.field("exitcode", interp) { code = " [\(c)]" }
                return "failed process: " + (try Display.repr(proc, interp)) + code
            }.joined(separator: "\n")
        case "PosDefException":
            // LinearAlgebra's showerror: info -1 means the matrix was not symmetric.
            if case .int(-1) = field(o, 0) { return "PosDefException: matrix is not Hermitian; Cholesky factorization failed." }
            return "PosDefException: matrix is not positive definite; Cholesky factorization failed."
        case "ZeroPivotException":
            return "ZeroPivotException: factorization encountered one or more zero pivots. Consider switching to a pivoted LU factorization."
        case "UndefRefError": return "UndefRefError: access to undefined reference"
        case "StackOverflowError": return "StackOverflowError:"
        case "OutOfMemoryError": return "OutOfMemoryError()"
        case "InterruptException": return "InterruptException:"
        case "KeyError": return "KeyError: key " + (try Display.repr(field(o, 0), interp)) + " not found"
        case "UndefKeywordError": return "UndefKeywordError: keyword argument `" + (try p(0)) + "` not assigned"
        case "UndefVarError":
            // Julia 1.10's text: the scope and the suggestion came in 1.11 (the scope is kept
            // in the exception's second field all the same).
            return "UndefVarError: `\(try p(0))` not defined"
        case "BoundsError":
            let a = field(o, 0), i = field(o, 1)
            if case .string(let m) = a, case .nothing = i { return "BoundsError: " + m.value }
            // Julia's showerror: the parts that are defined (`BoundsError()`, `BoundsError(a)`),
            // and an index that is not a tuple (destructuring stores an Int) in brackets too.
            if case .nothing = a, case .nothing = i { return "BoundsError" }
            var s = "BoundsError: attempt to access " + (try summary(a, interp))
            switch i {
            case .nothing: return s
            case .tuple(let t): s += " at index [" + (try t.items.map { try Display.repr($0, interp) }.joined(separator: ", ")) + "]"
            case .range: s += " at index [" + (try Display.printString(i, interp)) + "]"
            case .array(let v): s += " at index [" + (try v.boxedValues.map { try Display.repr($0, interp) }.joined(separator: ", ")) + "]"
            default: s += " at index [" + (try Display.repr(i, interp)) + "]"
            }
            return s
        case "InexactError":
            // Julia writes the function and the type, the type alone when it is the function
            // (`trunc(Int8, 128)`, but `Int8(3.14)`).
            let f = try p(0), t = try p(1)
            return "InexactError: " + (f == t ? t : f + "(" + t + ", ") + (f == t ? "(" : "") + (try Display.repr(field(o, 2), interp)) + ")"
        case "TypeError":
            let f = try p(0)
            if f == "if" { return "TypeError: non-boolean (\(TypeNames.show(interp.typeOf(field(o, 3))))) used in boolean context" }
            // Julia's `showerror(::TypeError)`: the context after the function when there is
            // one, and a type that was given shown as `Type{T}`.
            let context = try p(1)
            let got = field(o, 3)
            let gotText: String
            if case .type(let gt) = got { gotText = "Type{\(TypeNames.show(gt))}" } else { gotText = "a value of type \(TypeNames.show(interp.typeOf(got)))" }
            return "TypeError: in \(f)\(context.isEmpty ? "" : ", in " + context), expected \(try p(2)), got \(gotText)"
        case "MethodError": return try methodError(o, interp)
        case "StringIndexError":
            // Julia: `invalid index [2], valid nearby indices [1]=>'α', [3]=>'β'` (one index
            // when the character is the last), the characters escaped as in a string.
            guard case .string(let str) = field(o, 0), case .int(let i64) = field(o, 1) else { return "StringIndexError" }
            let bytes = Array(str.value.utf8), i = Int(truncatingIfNeeded: i64)
            var s = "StringIndexError: invalid index [\(i64)]"
            guard i >= 1 && i <= bytes.count else { return s }
            func at(_ k: Int) -> String {
                let c = StringIndices.char(bytes, at: k)
                let text = Unicode.Scalar(c).map { String(Character($0)) } ?? ""
                return "[\(k)]=>'" + Display.escapeString(text) + "'"
            }
            var prev = i
            while prev > 1 && !StringIndices.isValid(bytes, prev) { prev -= 1 }
            let next = StringIndices.lastByte(bytes, ofCharAt: prev) + 1
            if next <= bytes.count { s += ", valid nearby indices " + at(prev) + ", " + at(next) } else { s += ", valid nearby index " + at(prev) }
            return s
        case "ParseError": return try p(0)
        case "CanonicalIndexError": return "CanonicalIndexError: " + (try p(0)) + " not defined for " + (try p(1))
        case "CodePointError":
            // No showerror of its own in Julia: the default show, with the code's type.
            return "CodePointError{\(TypeNames.show(interp.typeOf(field(o, 0))))}(" + (try Display.repr(field(o, 0), interp)) + ")"
        case "LoadError": return "LoadError: " + (try showError(field(o, 2), interp))
        default:
            return try Display.repr(v, interp)
        }
    }

    /// A user `Base.showerror(io, e::MyError)`.
    package static func userShowError(_ v: Value, _ interp: Interpreter) throws -> String? {
        guard let f = interp.base.member("showerror")?.value, case .function(let g as GenericFunction) = f else { return nil }
        let t = interp.typeOf(v)
        guard g.methods.contains(where: { m in
            if case .compiled = m.body, m.signature.count == 2 { return t.isSubtype(of: m.signature[1]) && m.signature[1] !== BuiltinTypes.any }
            return false
        }) else { return nil }
        let io = IOBuffer()
        _ = try interp.call(f, [.native(io), v])
        return io.contents
    }

    package static func summary(_ v: Value, _ interp: Interpreter) throws -> String {
        switch v {
        case .array(let a): return ArrayDisplay.summary(a)
        case .tuple: return TypeNames.show(interp.preciseType(of: v))
        case .string(let s): return "\(s.value.utf8.count)-codeunit String"
        case .range(let r): return "\(r.count)-element " + TypeNames.show(interp.typeOf(v))
        default: return TypeNames.show(interp.typeOf(v))
        }
    }

    package static func methodError(_ o: StructInstance, _ interp: Interpreter) throws -> String {
        let f = field(o, 0)
        var args: [Value] = []
        if case .tuple(let t) = field(o, 1) { args = t.items }
        var name: String
        var candidates: [Method] = []
        if case .symbol(let marker) = field(o, 2), marker.name == "#notcallable" { return notCallable(f, interp) }
        switch f {
        case .function(let c):
            // A macro's function is written `var"@m"` (its name is no identifier).
            name = c.name.hasPrefix("@") ? "var\"\(c.name)\"" : c.name
            if let g = c as? GenericFunction { candidates = g.methods }
        case .string(let s): name = s.value
        case .type(let t):
            name = TypeNames.show(t)
            candidates = interp.constructor(of: t)?.methods ?? []
        case .object(let obj):
            if obj.type.callMethods == nil { return "MethodError: objects of type \(TypeNames.show(obj.type)) are not callable" }
            name = "(::\(TypeNames.show(obj.type)))"
            candidates = obj.type.callMethods?.methods ?? []
            args = Array(args.dropFirst(0))
        default:
            return notCallable(f, interp)
        }
        var keywords = ""
        if case .string(let k) = field(o, 2), !k.value.isEmpty {
            let names = k.value.split(separator: ",").map(String.init)
            // With the keyword values at hand (an unsupported keyword), show `name::Type`.
            if case .tuple(let vs) = field(o, 4), vs.items.count == names.count {
                keywords = "; " + zip(names, vs.items).map { "\($0)::" + argumentType($1, interp) }.joined(separator: ", ")
            } else {
                keywords = "; " + names.joined(separator: ", ")
            }
        }
        if name == "convert", args.count == 2, case .type(let t) = args[0] {
            // Julia's own wording for a failed conversion (e.g. storing a String in a Vector{Int64}).
            return "MethodError: Cannot `convert` an object of type \(TypeNames.show(interp.preciseType(of: args[1]))) to an object of type \(TypeNames.show(t))"
        }
        // A type argument shows as `::Type{Int64}` as in Julia, not as `::DataType`.
        let argText = args.map { "::" + argumentType($0, interp) }.joined(separator: ", ")
        if keywords.isEmpty, case .function(let g as GenericFunction) = f,
           let rivals = g.ambiguousCandidates(args.map { interp.typeOf($0) }) {
            return ambiguous(name, argText, rivals, interp)
        }
        var s = "MethodError: no method matching \(name)(\(argText)\(keywords))"
        if case .string(let note) = field(o, 3), !note.value.isEmpty { return s + "\n\n" + note.value }
        // (Julia 1.10 has no "The function exists, but ..." line; 1.11 added it.)
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

    /// Julia's report of an ambiguous call: the candidates (newest first) and the method
    /// that would settle it, whose types are the narrower of the candidates' at each place.
    private static func ambiguous(_ name: String, _ argText: String, _ rivals: [Method], _ interp: Interpreter) -> String {
        var s = "MethodError: \(name)(\(argText)) is ambiguous.\n\nCandidates:"
        for m in rivals.reversed() {
            guard case .compiled(let code) = m.body else { continue }
            let params = zip(code.paramNames, m.signature).map { (n, t) in
                (n == "_" ? "" : n) + (t === BuiltinTypes.any ? "" : "::" + TypeNames.show(t))
            }
            let loc = code.span.file.location(of: code.span.start)
            s += "\n  \(name)(\(params.joined(separator: ", ")))\n    @ Main \(code.span.file.name):\(loc.line)"
        }
        let width = rivals.map { $0.signature.count }.max() ?? 0
        let fix = (0..<width).map { i -> String in
            let ts = rivals.compactMap { i < $0.signature.count ? $0.signature[i] : nil }
            let narrowest = ts.first { t in ts.allSatisfy { t.isSubtype(of: $0) } } ?? ts.first ?? BuiltinTypes.any
            return "::" + TypeNames.show(narrowest)
        }
        return s + "\n\nPossible fix, define\n  \(name)(\(fix.joined(separator: ", ")))\n"
    }

    /// An argument's type as a MethodError shows it: a type as `Type{Int64}` (not
    /// `DataType`) and a named function as `typeof(relu)` (each has its own type in Julia).
    package static func argumentType(_ a: Value, _ interp: Interpreter) -> String {
        if case .type(let t) = a { return "Type{\(TypeNames.show(t))}" }
        if case .function(let g as GenericFunction) = a { return "typeof(\(g.name))" }
        return TypeNames.show(interp.preciseType(of: a))
    }

    package static func notCallable(_ f: Value, _ interp: Interpreter) -> String {
        let t = TypeNames.show(interp.typeOf(f))
        return "MethodError: objects of type \(t) are not callable"
    }

    /// The full report for an uncaught error: `ERROR: ...` and the frames.
    public static func report(_ e: FlxError, _ interp: Interpreter) -> String {
        let s = "ERROR: " + message(e, interp) + "\n"
        var trailer = ""
        // Julia ends a LoadError's report with the statement that was being loaded.
        if e.typeName == "LoadError", case .object(let o) = e.value, o.fields.count == 3,
           case .string(let file) = o.fields[0], case .int(let line) = o.fields[1] {
            trailer = "in expression starting at \(file.value):\(line)\n"
        }
        if e.frames.isEmpty { return s + trailer }
        return s + stackTrace(e.frames) + trailer
    }

    /// `Stacktrace:` and the frames, innermost first, one `[i] function` / `@ file:line:col`
    /// pair each (a frame outside any function is named `unnamed`); every line ends in a newline.
    package static func stackTrace(_ frames: [(function: String?, span: Span)], unnamed: String = "top-level scope") -> String {
        var s = "Stacktrace:\n"
        func same(_ a: Int, _ b: Int) -> Bool {
            frames[a].function == frames[b].function && frames[a].span.start == frames[b].span.start
                && frames[a].span.file === frames[b].span.file
        }
        func show(_ i: Int, _ note: String = "") -> String {
            let (line, col) = frames[i].span.file.location(of: frames[i].span.start)
            var name = frames[i].function ?? unnamed
            if name.hasPrefix("@"), let paren = name.firstIndex(of: "(") { name = "var\"" + name[..<paren] + "\"" + name[paren...] }
            return " [\(i + 1)] \(name)\(note)\n   @ \(frames[i].span.file.name):\(line):\(col)\n"
        }
        // Like Julia, a recursion that overflowed the stack is shown once with a repeat
        // count ("(repeats 9999 times)", "--- the last 2 lines are repeated ...") instead
        // of thirty identical frames.
        var i = 0, shown = 0
        while i < frames.count && shown < 30 {
            var period = 0, repeats = 1
            for p in 1...4 where i + 2 * p <= frames.count {
                var r = 1
                while i + (r + 1) * p <= frames.count && (0..<p).allSatisfy({ same(i + $0, i + r * p + $0) }) { r += 1 }
                if r > 1 { period = p; repeats = r; break }
            }
            if period == 1 {
                s += show(i, " (repeats \(repeats) times)")
                i += repeats; shown += 1
            } else if period > 1 {
                for k in 0..<period { s += show(i + k) }
                s += "--- the last \(period) lines are repeated \(repeats - 1) more time\(repeats == 2 ? "" : "s") ---\n"
                i += period * repeats; shown += period
            } else {
                s += show(i)
                i += 1; shown += 1
            }
        }
        if i < frames.count { s += " [...] \(frames.count - i) more frames\n" }
        return s
    }
}
