import FlxSyntax
import FlxCore
import FlxEngine

/// Stopping gradients on purpose: `Zygote.ignore(f)`, `Zygote.dropgrad(x)`, `Flux.ignore_derivatives`
/// and the macros `@ignore_derivatives expr` (ChainRulesCore's) and `Zygote.@ignore expr`. What they compute is a
/// constant for differentiation: it runs with recording paused and comes back as plain
/// values, so no gradient flows through it (and the `.checked` guard lets it pass).
package enum ZygoteIgnore {
    /// After Zygote and Flux: the functions go into both.
    package static func install(_ interp: Interpreter) {
        interp.modules["Zygote"]?.register(table, helpInto: interp.builtinHelp)
        if let flux = interp.modules["Flux"] {
            flux.register([Builtin("ignore_derivatives", export: false, differentiation: .constant, ignoreDerivatives,
                help: BuiltinHelp("ignore_derivatives(f)  /  ignore_derivatives(x)", "ChainRulesCore's way to stop a gradient: calls `f()` (or takes `x`) with nothing recorded, so the result is a constant for `gradient`.", "loss(x) = x * Flux.ignore_derivatives(() -> x^2)"))],
                helpInto: interp.builtinHelp)
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
    package static func constant(_ v: Value, _ interp: Interpreter) throws -> Value {
        switch v {
        case .tracked(let s): return s.plain
        case .array(let a) where interp.isTracked(v):
            guard let t = a.tensor else { return v }
            return .array(ArrayValue(tensor: try interp.engine { try t.converted(to: t.dtype) }))
        case .tuple(let t): return .tuple(try t.items.map { try constant($0, interp) })
        case .namedTuple(let nt): return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try constant($0, interp) }))
        default: return v
        }
    }
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
