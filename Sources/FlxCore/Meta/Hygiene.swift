/// Julia's macro hygiene, applied to what a macro returns: the names the macro's own code
/// assigns (or declares `local`, or takes as arguments) are renamed to fresh `#N#name`
/// symbols so they cannot clash with the caller's variables, and its other free names
/// become `GlobalRef`s of the module the macro was defined in. Whatever the macro wrapped
/// in `esc(...)` is the caller's code and is left as written.
package struct Hygiene {
    package let macroModule: ModuleValue
    private var renames: [String: String] = [:]

    /// A fresh number for `gensym` and for hygienic renames, one counter a session (a
    /// session is Julia's process), so a script's names do not depend on what ran before.
    package static func nextNumber(_ interp: Interpreter) -> Int {
        let counter = (interp.extensions["gensym"] as? GensymCounter) ?? GensymCounter()
        interp.extensions["gensym"] = counter
        counter.value += 1
        return counter.value
    }

    private let interp: Interpreter

    package init(macroModule: ModuleValue, interp: Interpreter) {
        self.macroModule = macroModule
        self.interp = interp
    }

    package mutating func apply(_ v: Value) -> Value {
        collectLocals(v)
        return rewrite(v)
    }

    private mutating func declare(_ name: String) {
        if renames[name] == nil { renames[name] = "#\(Hygiene.nextNumber(interp))#\(name)" }
    }

    /// Names bound by an assignment target: `x`, `(a, b)`, `x::T`.
    private mutating func declareTarget(_ v: Value) {
        switch v {
        case .symbol(let s): declare(s.name)
        default:
            guard let e = v.exprObject else { return }
            switch e.headName {
            case "tuple", "parameters": e.args.forEach { declareTarget($0) }
            case "::" where e.args.count == 2: declareTarget(e.args[0])
            case "...", "kw": if let first = e.args.first { declareTarget(first) }
            default: break
            }
        }
    }

    /// The parameters of a signature `f(x, y::T; k = 1)`.
    private mutating func declareParameters(_ sig: Value) {
        guard let e = sig.exprObject else { declareTarget(sig); return }
        switch e.headName {
        case "call": e.args.dropFirst().forEach { declareTarget($0) }
        case "where", "::": if let first = e.args.first { declareParameters(first) }
        case "tuple": e.args.forEach { declareTarget($0) }
        default: declareTarget(sig)
        }
    }

    private mutating func collectLocals(_ v: Value) {
        guard let e = v.exprObject else { return }
        let a = e.args
        switch e.headName {
        case "escape", "quote", "inert", "meta": return
        case "=":
            if a.count == 2 {
                if let sig = a[0].exprObject, sig.headName == "call" || sig.headName == "where" {
                    declareParameters(a[0])
                } else {
                    declareTarget(a[0])
                }
            }
        case "local": a.forEach { x in
            if let ae = x.exprObject, ae.headName == "=" { declareTarget(ae.args[0]) } else { declareTarget(x) }
        }
        case "function", "->": if let sig = a.first { declareParameters(sig) }
        // `catch e` binds a local, renamed like any other unless escaped.
        case "try": if a.count >= 2, case .symbol = a[1] { declareTarget(a[1]) }
        case "for":
            if let spec = a.first {
                let specs = spec.isExpr("block") ? spec.exprObject!.args : [spec]
                for s in specs { if let se = s.exprObject, se.args.count == 2 { declareTarget(se.args[0]) } }
            }
        case "let":
            if let spec = a.first {
                let specs = spec.isExpr("block") ? spec.exprObject!.args : [spec]
                for s in specs {
                    if let se = s.exprObject, se.headName == "=" { declareTarget(se.args[0]) } else { declareTarget(s) }
                }
            }
        default: break
        }
        a.forEach { collectLocals($0) }
    }

    private static let keptAsWritten: Set<String> = ["end", "begin", ":", "true", "false"]

    private func rewrite(_ v: Value) -> Value {
        switch v {
        case .symbol(let s):
            if let r = renames[s.name] { return .sym(r) }
            if Hygiene.keptAsWritten.contains(s.name) || s.name.hasPrefix("@") { return v }
            return .native(GlobalRefObject(macroModule, s))
        default:
            guard let e = v.exprObject else { return v }
            let a = e.args
            switch e.headName {
            case "escape": return a.first ?? .nothing
            case "quote", "inert", "meta": return v
            case "kw" where a.count == 2:
                return .native(ExprObject("kw", [a[0], rewrite(a[1])]))
            case "parameters":
                return .native(ExprObject("parameters", a.map { p in
                    if case .symbol = p { return p }
                    return rewrite(p)
                }))
            case ".":
                guard a.count == 2 else { break }
                if a[1].isExpr("tuple") { return .native(ExprObject(".", [rewrite(a[0]), rewrite(a[1])])) }
                return .native(ExprObject(".", [rewrite(a[0]), a[1]]))
            case "macrocall":
                return .native(ExprObject("macrocall", Array(a.prefix(2)) + a.dropFirst(2).map { rewrite($0) }))
            case "global":
                return v
            case _ where (e.headName == "=" || e.headName == "function") && a.count == 2:
                // A method definition keeps its function's name (Julia renames only
                // variables); its parameters and body are rewritten.
                if let sig = a[0].exprObject, sig.headName == "call" {
                    let name = sig.args.first ?? .nothing
                    let newSig = ExprObject("call", [name] + sig.args.dropFirst().map { rewrite($0) })
                    return .native(ExprObject(e.headName, [.native(newSig), rewrite(a[1])]))
                }
            default: break
            }
            return .native(ExprObject(e.headName, a.map { rewrite($0) }))
        }
    }
}

private final class GensymCounter {
    var value = 0
}
