import FlxSyntax
import FlxCore
import FlxStdlib

/// ChainRulesCore's side of user-defined rules: `rrule` (its fallback returns `nothing`;
/// a method on `::typeof(f)` makes `f` use the rule under `gradient`, see
/// `Interpreter.callWithCustomRule`), the tangents `NoTangent()` and `ZeroTangent()` a
/// pullback returns for what has no gradient, `unthunk` and `@thunk` (evaluated at once:
/// flx has no lazy tangents, so a thunk is its value).
package final class TangentMarker: NativeObject, NativeShowable {
    package let type: FlxType
    init(_ type: FlxType) { self.type = type }
    package override var flxType: FlxType { type }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String { type.name + "()" }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }

    static let abstractTangent = FlxType(name: "AbstractTangent", kind: .abstract, supertype: BuiltinTypes.any)
    static let abstractZero = FlxType(name: "AbstractZero", kind: .abstract, supertype: abstractTangent)
    static let noTangentType = FlxType(name: "NoTangent", supertype: abstractZero)
    static let zeroTangentType = FlxType(name: "ZeroTangent", supertype: abstractZero)
    nonisolated(unsafe) static let noTangent = TangentMarker(noTangentType)
    nonisolated(unsafe) static let zeroTangent = TangentMarker(zeroTangentType)
}

package enum ZygoteRules {
    package static func install(_ interp: Interpreter, _ chainRules: ModuleValue) {
        chainRules.register(table, helpInto: interp.builtinHelp)
        let typeHelp: [(FlxType, BuiltinHelp)] = [
            (TangentMarker.abstractTangent, BuiltinHelp("AbstractTangent", "The supertype of ChainRulesCore's tangent types.", "NoTangent() isa ChainRulesCore.AbstractTangent  # true")),
            (TangentMarker.abstractZero, BuiltinHelp("AbstractZero", "The tangents that stand for a zero gradient: `NoTangent` and `ZeroTangent`.", "ZeroTangent() isa ChainRulesCore.AbstractZero  # true")),
            (TangentMarker.noTangentType, BuiltinHelp("NoTangent()", "What a pullback returns for something that has no gradient at all (the function itself, an integer, a flag); `gradient` shows `nothing` for it.", "ȳ -> (NoTangent(), 2ȳ)")),
            (TangentMarker.zeroTangentType, BuiltinHelp("ZeroTangent()", "What a pullback returns for an argument whose gradient is zero; `gradient` shows `nothing` for it.", "ȳ -> (NoTangent(), ȳ, ZeroTangent())")),
        ]
        for (t, help) in typeHelp {
            chainRules.define(t.name, .type(t))
            interp.builtinHelp.add(help, for: t.name)
        }
        TangentObject.install(interp, chainRules)
        TypeBuiltins.setConstructor(TangentMarker.noTangentType) { _, a in try a.expect("NoTangent", 0...0); return .native(TangentMarker.noTangent) }
        TypeBuiltins.setConstructor(TangentMarker.zeroTangentType) { _, a in try a.expect("ZeroTangent", 0...0); return .native(TangentMarker.zeroTangent) }
        guard case .function(let c)? = chainRules.ownBinding("rrule")?.value, let rrule = c as? GenericFunction else { return }
        interp.ruleFunction = .function(rrule)
        // A method `rrule(::typeof(f), ...)` marks f, whose calls then look for a rule.
        rrule.onMethodAdded = { m in
            guard let first = m.signature.first, let f = first.singletonOf else { return }
            f.markCustomRule()
        }
        interp.registerMacro("thunk") { compiler, args, span in
            guard args.count == 1 else { throw compiler.syntaxError("@thunk takes one expression", span) }
            return try compiler.compile(args[0])
        }
    }

    static var table: [Builtin] {
        [
            Builtin("rrule", differentiation: .forwarded, { _, _ in .nothing },
                help: BuiltinHelp("rrule(f, args...)", "A derivative rule: define `ChainRulesCore.rrule(::typeof(f), x)` to return `(f(x), ȳ -> (NoTangent(), x̄))`, and `gradient` uses it for every call of `f` (this fallback returns `nothing`: no rule).", "ChainRulesCore.rrule(::typeof(f), x) = (f(x), ȳ -> (NoTangent(), 2ȳ))")),
            Builtin("unthunk", differentiation: .forwarded, { _, a in try a.expect("unthunk", 1...1); return a[0] },
                help: BuiltinHelp("unthunk(x)", "The value of a possibly lazy tangent; in flx tangents are never lazy, so `x` itself.", "unthunk(ȳ)")),
        ]
    }
}
