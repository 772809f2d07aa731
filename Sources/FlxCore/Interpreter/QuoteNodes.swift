import FlxSyntax

/// The place of the `n`th `$x` in a quote's template (see `Compiler.compileQuote`).
package final class QuoteHole: NativeObject {
    package let index: Int
    package let splat: Bool
    package init(index: Int, splat: Bool) {
        self.index = index
        self.splat = splat
    }
}

/// Builds a quote's `Expr` each time it runs: a fresh copy of the template (as Julia
/// copies a quoted AST) with the interpolated values in place of the holes.
package final class BuildQuote: Node {
    private let template: Value
    private let holes: [Node]

    package init(template: Value, holes: [Node], span: Span) {
        self.template = template
        self.holes = holes
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let values = try holes.map { try $0.eval(interp, fp) }
        do {
            return try fill(template, values, interp)
        } catch { throw locate(error) }
    }

    private func fill(_ v: Value, _ values: [Value], _ interp: Interpreter) throws -> Value {
        if case .native(let h as QuoteHole) = v {
            if h.splat { throw Exceptions.error("syntax: \"...\" expression outside call") }
            return values[h.index]
        }
        if case .native(let q as QuoteNodeObject) = v, case .native(let h as QuoteHole) = q.value {
            return .native(QuoteNodeObject(try fill(.native(h), values, interp)))
        }
        guard let e = v.exprObject else { return v }
        var args: [Value] = []
        for a in e.args {
            if case .native(let h as QuoteHole) = a, h.splat {
                args += try interp.collect(values[h.index])
            } else {
                args.append(try fill(a, values, interp))
            }
        }
        return .native(ExprObject(e.headName, args))
    }
}

/// `@eval`: evaluates the quoted code at the top level of a module.
package final class EvalNode: Node {
    private let code: Node
    private let target: Node?
    private unowned let module: ModuleValue

    package init(code: Node, target: Node?, module: ModuleValue, span: Span) {
        self.code = code
        self.target = target
        self.module = module
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var m = module
        if let target {
            guard case .module(let given) = try target.eval(interp, fp) else { throw locate(Exceptions.error("@eval: the first argument must be a module")) }
            m = given
        }
        let ex = try code.eval(interp, fp)
        return try interp.evaluate(ex, in: m, span: span)
    }
}

/// `@macroexpand ex` / `@macroexpand1 ex`.
package final class MacroexpandNode: Node {
    private let code: Value
    private let recursive: Bool
    private unowned let module: ModuleValue

    package init(code: Value, recursive: Bool, module: ModuleValue, span: Span) {
        self.code = code
        self.recursive = recursive
        self.module = module
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        do {
            return try interp.macroexpand(code, module: module, recursive: recursive, span: span)
        } catch { throw locate(error) }
    }
}
