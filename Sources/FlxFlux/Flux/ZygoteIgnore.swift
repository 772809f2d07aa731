import FlxSyntax
import FlxCore
import FlxEngine

/// Stopping gradients on purpose: `Zygote.ignore(f)`, `Zygote.dropgrad(x)`, `Flux.ignore_derivatives`,
/// the macros `@ignore_derivatives expr` (ChainRulesCore's) and `Zygote.@ignore expr`, and
/// `@non_differentiable f(x)`, which makes every method of `f` a constant for differentiation.
/// `using ChainRulesCore` gives `ignore_derivatives` and the macros. What they compute is a
/// constant for differentiation: it runs with recording paused and comes back as plain
/// values, so no gradient flows through it (and the `.checked` guard lets it pass).
package enum ZygoteIgnore {
    /// After Zygote and Flux: the functions go into both.
    package static func install(_ interp: Interpreter) {
        interp.modules["Zygote"]?.register(table, helpInto: interp.builtinHelp)
        let ignore = Builtin("ignore_derivatives", export: false, differentiation: .constant, ignoreDerivatives,
            help: BuiltinHelp("ignore_derivatives(f)  /  ignore_derivatives(x)", "ChainRulesCore's way to stop a gradient: calls `f()` (or takes `x`) with nothing recorded, so the result is a constant for `gradient`.", "loss(x) = x * Flux.ignore_derivatives(() -> x^2)"))
        interp.modules["Flux"]?.register([ignore], helpInto: interp.builtinHelp)
        let chainRules = ModuleValue(name: "ChainRulesCore", parent: interp.base)
        chainRules.usings = [interp.base]
        chainRules.register([Builtin("ignore_derivatives", differentiation: .constant, ignoreDerivatives, help: ignore.help)], helpInto: interp.builtinHelp)
        interp.modules["ChainRulesCore"] = chainRules
        ZygoteRules.install(interp, chainRules)
        interp.registerMacro("non_differentiable") { compiler, args, span in
            guard args.count == 1, case .call(let callee, _, _, _) = args[0].kind, case .identifier(let name) = callee.kind else {
                throw compiler.syntaxError("@non_differentiable takes a call such as `f(x)` or `f(::Any)`", span)
            }
            return NonDifferentiable(function: try compiler.compile(callee), name: name, span: span)
        }
        for name in ["ignore_derivatives", "ignore"] {
            interp.registerMacro(name) { compiler, args, span in
                guard args.count == 1 else { throw compiler.syntaxError("@\(name) takes one expression", span) }
                return IgnoreDerivatives(body: try compiler.compile(args[0]), span: span)
            }
        }
    }

    static var table: [Builtin] {
        [
        Builtin("ignore", export: false, differentiation: .constant, { interp, a in
            try a.expect("ignore", 1...1)
            return try constant(interp.recording(on: nil) { try interp.call(a[0], []) }, interp)
        }, help: BuiltinHelp("Zygote.ignore(f)", "Calls `f()` with nothing recorded: its result is a constant for `gradient`, for code such as logging or bookkeeping inside a loss. `Zygote.@ignore expr` is the same for one expression.", "gradient(x -> x * Zygote.ignore(() -> x^2), 3.0)  # (9.0,)")),
        Builtin("dropgrad", export: false, differentiation: .constant, { interp, a in
            try a.expect("dropgrad", 1...1)
            return try constant(a[0], interp)
        }, help: BuiltinHelp("Zygote.dropgrad(x)", "`x`, with no gradient flowing back through it.", "gradient(x -> x * Zygote.dropgrad(x), 3.0)  # (3.0,)")),
        ]
    }

    /// `ignore_derivatives(f)` calls `f`; `ignore_derivatives(x)` takes a value.
    static func ignoreDerivatives(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("ignore_derivatives", 1...1)
        if case .function = a[0] { return try constant(interp.recording(on: nil) { try interp.call(a[0], []) }, interp) }
        return try constant(a[0], interp)
    }

    /// `v` with every value being differentiated replaced by a plain copy.
    package static func constant(_ v: Value, _ interp: Interpreter) throws -> Value { try interp.constantValue(v) }
}

/// `@ignore_derivatives expr`: evaluates `expr` with recording paused; its value is a constant.
package final class IgnoreDerivatives: Node {
    package let body: Node
    package init(body: Node, span: Span) {
        self.body = body
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        try ZygoteIgnore.constant(interp.recording(on: nil) { try body.eval(interp, fp) }, interp)
    }
}

/// `@non_differentiable f(x)`: marks the function `f`; its calls under `gradient` run with
/// recording paused and return constants (ChainRulesCore's macro, for the whole function).
package final class NonDifferentiable: Node {
    package let function: Node
    package let name: String
    package init(function: Node, name: String, span: Span) {
        self.function = function
        self.name = name
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        guard case .function(let f) = try function.eval(interp, fp), let g = f as? GenericFunction else {
            throw locate(Exceptions.argument("@non_differentiable needs a function, and `\(name)` is not one"))
        }
        g.markNonDifferentiable()
        return .nothing
    }
}
