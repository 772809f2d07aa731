import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// The constructors of rules made from other rules and types, whose arguments are flx values
/// rather than numbers: chains (`OptimiserChain(rules...)`, Flux 0.13's `Optimiser(opts...)`)
/// and the `.dispatched` rules, whose Julia methods take typed positional arguments
/// (`MixedPrecision([T = Float32,] rule)`). Each is read off the kind's `RuleSpec`: the roles
/// of its fields say what an argument must be.
package enum OptimiserComposition {
    /// Every positional argument a member rule, no keywords; a rule that must wrap a whole chain
    /// is refused as a member.
    package static func chain(_ kind: RuleKind, _ a: Args, _ interp: Interpreter) throws -> Rule {
        let spec = kind.spec
        guard a.keywords.isEmpty, let field = spec.fields.first(where: { $0.role == .members }) else {
            throw Exceptions.method(.str(spec.name), a.values)
        }
        let members = try a.values.map { try OptimiserBinding.rule(of: $0, interp) }
        if let wrapper = members.first(where: { $0.kind.spec.wrapsWholeChain }) {
            throw Exceptions.argument("\(wrapper.name) optimisers should wrap the entire \(spec.name), not be inside it.")
        }
        return try Rule(kind, values: [(field.name, .members(members))])
    }

    /// Positional arguments matched to the fields from the end (the leading fields with defaults
    /// may be left out), each of its field's kind, else a MethodError as Julia's dispatch gives;
    /// then converted, a precision that is not Float32 or Float64 being an ArgumentError.
    package static func dispatched(_ kind: RuleKind, _ a: Args, _ interp: Interpreter) throws -> Rule {
        let spec = kind.spec, values = a.values
        func noMethod() -> FlxError { Exceptions.method(.str(spec.name), values) }
        let omitted = spec.fields.count - values.count
        let defaults = spec.fields.prefix(max(omitted, 0)).compactMap(\.defaultValue)
        guard a.keywords.isEmpty, omitted >= 0, defaults.count == omitted else { throw noMethod() }
        let given = Array(zip(spec.fields.dropFirst(omitted), values))
        for (field, value) in given where !(try dispatches(field, value, interp)) { throw noMethod() }
        var out = zip(spec.fields, defaults).map { ($0.name, $1) }
        for (field, value) in given { out.append((field.name, try converted(value, field, spec, interp))) }
        return try Rule(kind, values: out)
    }

    /// Whether `value` is of the kind `field` takes (what Julia's method signature checks).
    private static func dispatches(_ field: RuleFieldSpec, _ value: Value, _ interp: Interpreter) throws -> Bool {
        switch field.role {
        case .hyper:
            switch value {
            case .int, .float64, .float32, .bool, .tuple: return true
            default: return false
            }
        case .precision:
            if case .type = value { return true }
            return false
        case .member:
            // An Optimisers.jl rule: a Flux 0.13 legacy rule is not an `AbstractRule`.
            guard isRule(value) else { return false }
            return !(try OptimiserBinding.rule(of: value, interp).kind.isLegacy)
        case .members:
            guard case .tuple(let t) = value else { return false }
            return t.items.allSatisfy(isRule)
        }
    }

    private static func isRule(_ v: Value) -> Bool {
        if case .native(let n) = v { return n is RuleObject || n is FluxState }
        return false
    }

    private static func converted(_ value: Value, _ field: RuleFieldSpec, _ spec: RuleSpec, _ interp: Interpreter) throws -> RuleFieldValue {
        switch field.role {
        case .hyper:
            let h = try OptimiserBinding.hyper(value, interp)
            return .hyper(try interp.engine {
                try OptimiserConstruction.convert(h, field.conversion, field: field.name, rule: spec.name)
            })
        case .precision:
            guard case .type(let t) = value, let d = ArrayValue.dtype(of: t), d.isFloat else {
                throw Exceptions.argument("\(spec.name) keeps its copies in Float32 or Float64, not \(try Display.repr(value, interp))")
            }
            return .precision(d)
        case .member:
            return .member(try OptimiserBinding.rule(of: value, interp))
        case .members:
            guard case .tuple(let t) = value else { throw Exceptions.method(.str(spec.name), [value]) }
            return .members(try t.items.map { try OptimiserBinding.rule(of: $0, interp) })
        }
    }
}
