import FlxSyntax
import FlxCore

/// Flux's macros: `@layer`/`@functor` (record a type's layer options) and Flux 0.13's
/// `@epochs` (see EpochsMacro.swift).
package enum FluxMacros {
    package static func install(_ interp: Interpreter) {
        for name in ["layer", "functor"] {
            interp.registerMacro(name) { compiler, args, span in
                guard let t = args.first(where: { if case .symbol = $0.kind { return false }; if case .assign = $0.kind { return false }; return true }) else {
                    throw compiler.syntaxError("@\(name) needs a type", span)
                }
                var options: [(String, Node)] = []
                for a in args {
                    switch a.kind {
                    case .symbol(let s): options.append((s, Literal(.bool(true), span: a.span)))
                    case .assign(let target, let v):
                        guard case .identifier(let k) = target.kind else { break }
                        // `trainable=(W, b)` names fields, it does not read variables.
                        if k == "trainable" {
                            var names: [Value] = []
                            switch v.kind {
                            case .tuple(let items): for i in items { if case .identifier(let n) = i.kind { names.append(.sym(n)) } }
                            case .identifier(let n): names.append(.sym(n))
                            default: break
                            }
                            options.append((k, Literal(.tuple(names), span: v.span)))
                        } else {
                            options.append((k, try compiler.compile(v)))
                        }
                    case .tuple(let items) where name == "functor":
                        // `@functor T (a, c)` names the children, it does not read variables.
                        var names: [Value] = []
                        for i in items { if case .identifier(let n) = i.kind { names.append(.sym(n)) } }
                        options.append(("trainable", Literal(.tuple(names), span: a.span)))
                        options.append(("#children", Literal(.tuple(names), span: a.span)))
                    default: break
                    }
                }
                return LayerMacro(type: try compiler.compile(t), options: options, isFunctor: name == "functor", span: span)
            }
        }
        interp.registerMacro("epochs") { compiler, args, span in
            guard args.count == 2 else { throw compiler.syntaxError("@epochs takes a number of epochs and an expression", span) }
            return EpochsMacro(count: try compiler.compile(args[0]), body: try compiler.compile(args[1]), span: span)
        }
    }
}

/// `Flux.@layer T` / `@functor T`: records the options on the type.
package final class LayerMacro: Node {
    package let type: Node
    package let options: [(String, Node)]
    package let isFunctor: Bool
    package init(type: Node, options: [(String, Node)], isFunctor: Bool, span: Span) {
        self.type = type
        self.options = options
        self.isFunctor = isFunctor
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        guard case .type(let t) = try type.eval(interp, fp) else { throw locate(Exceptions.argument("@layer needs a type")) }
        t.layerOptions["#layer"] = .bool(true)
        for (k, n) in options { t.layerOptions[k] = try n.eval(interp, fp) }
        return .nothing
    }
}
