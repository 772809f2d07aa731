import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// The Julia constructors of the optimiser rules (Optimisers.jl's `@def` positional and keyword
/// forms, the hand-written ones of RMSProp, AdamW, ClipNorm and AccumGrad, Flux 0.13's
/// positional-only legacy rules) and `Optimisers.adjust`'s rebuild, from each kind's
/// `RuleSpec` (field names, defaults, conversions). Errors carry Julia's wording. Rules made
/// from other rules are built by `OptimiserComposition`.
package enum OptimiserConstruction {
    package static func canonicalKeyword(_ k: String) -> String {
        switch k {
        case "η": return "eta"
        case "ρ": return "rho"
        case "β": return "beta"
        case "ϵ", "ε": return "epsilon"
        case "λ": return "lambda"
        case "γ": return "gamma"
        case "δ": return "delta"
        case "ℓ": return "ell"
        case "ω": return "omega"
        default: return k
        }
    }

    package static func convert(_ v: HyperValue, _ c: RuleConversion, field: String, rule: String) throws -> HyperValue {
        switch c {
        case .keep: return v
        case .float:
            guard v.isNumber else { throw EngineError.argument("\(v.printText) is not a number") }
            return v.floated
        case .floatPair:
            guard case .pair(let a, let b) = v else { throw EngineError.argument("\(v.printText) is not a tuple") }
            guard a.isNumber else { throw EngineError.argument("\(a.printText) is not a number") }
            guard b.isNumber else { throw EngineError.argument("\(b.printText) is not a number") }
            return .pair(a.floated, b.floated)
        case .bool:
            guard case .bool = v else {
                throw EngineError.argument("TypeError: in \(rule), in \(field), expected Bool, got a value of type \(v.juliaTypeName)")
            }
            return v
        case .integer:
            guard case .int = v else { throw EngineError.argument("no method matching \(rule)(::\(v.juliaTypeName))") }
            return v
        case .float64:
            guard let d = v.number else { throw EngineError.argument("cannot convert \(v.printText) to Float64 in \(rule).\(field)") }
            return .f64(d)
        case .int64:
            switch v {
            case .int, .bool: return .int(Int(v.number ?? 0))
            case .real(let d, _):
                guard d.rounded(.towardZero) == d, abs(d) < 9.2e18 else { throw EngineError.inexact(target: .int64, value: d, source: v.dtype) }
                return .int(Int(d))
            case .pair: throw EngineError.argument("cannot convert \(v.printText) to Int64 in \(rule).\(field)")
            }
        case .float64Pair:
            guard case .pair(let a, let b) = v, let x = a.number, let y = b.number else {
                throw EngineError.argument("cannot convert \(v.printText) to Tuple{Float64, Float64} in \(rule).\(field)")
            }
            return .pair(.f64(x), .f64(y))
        }
    }

    package static func etaError(_ v: HyperValue) -> EngineError {
        .domain(value: v.number ?? 0, v.dtype, "the learning rate cannot be negative")
    }

    /// The rule's constructor, e.g. `Adam(1f-3)`, `Adam(; eta=0.01)`, `RMSProp(0.01; centered=true)`,
    /// `ClipNorm(1, 1; throw=false)`, `AccumGrad(4)`. Positional order and defaults as in Optimisers.jl
    /// (legacy kinds: as in Flux 0.13's `Flux.Optimise`, positional only). `OptimiserChain` and
    /// legacy `Optimiser` take member rules (`OptimiserComposition.chain`); given none they are empty.
    package static func make(_ kind: RuleKind, positional: [HyperValue] = [], keywords: [(String, HyperValue)] = []) throws -> Rule {
        let sp = kind.spec
        let names = sp.fields.map(\.name)
        func tooMany() -> EngineError {
            .argument("no method matching \(sp.name)(\(positional.map { "::" + $0.juliaTypeName }.joined(separator: ", ")))")
        }
        func badKeyword(_ k: String) -> EngineError {
            .argument("no method matching \(sp.name): unsupported keyword argument \"\(k)\"")
        }
        var values = sp.fields.map(\.initial)
        switch sp.style {
        case .chain, .dispatched:
            // Rules made from other rules take flx values (OptimiserComposition); a chain of none is empty.
            guard sp.style == .chain, positional.isEmpty, keywords.isEmpty else { throw EngineError.argument("\(sp.name) takes rules") }
            return try Rule(kind, values: sp.fields.map { ($0.name, .members([])) })
        case .accumGrad:
            guard keywords.isEmpty else { throw badKeyword(keywords[0].0) }
            guard positional.count == 1 else { throw tooMany() }
            let n = try convert(positional[0], .integer, field: "n", rule: sp.name)
            guard case .int(let k) = n, k > 0 else { throw EngineError.argument("AccumGrad must accumulate at least one gradient") }
            return try Rule(kind, fields: [("n", n)])
        case .legacy:
            guard keywords.isEmpty else { throw badKeyword(keywords[0].0) }
            guard positional.count <= values.count else { throw tooMany() }
            for (i, v) in positional.enumerated() { values[i] = v }
            if let missing = values.firstIndex(where: { $0 == nil }) {
                throw EngineError.argument("no method matching \(sp.name)(): argument \(names[missing]) is required")
            }
            var out: [(name: String, value: HyperValue)] = []
            for (i, s) in sp.fields.enumerated() { out.append((s.name, try convert(values[i]!, s.conversion, field: s.name, rule: sp.name))) }
            return try Rule(kind, fields: out)
        case .def, .descent:
            if positional.isEmpty {
                for (k, v) in keywords {
                    guard let i = names.firstIndex(of: canonicalKeyword(k)) else { throw badKeyword(k) }
                    values[i] = v
                }
            } else {
                guard keywords.isEmpty else { throw badKeyword(keywords[0].0) }
                guard positional.count <= values.count else { throw tooMany() }
                for (i, v) in positional.enumerated() { values[i] = v }
            }
        case .rmsprop, .adamw, .clipNorm:
            let extra: Set<String> = sp.style == .rmsprop ? ["centred", "centered"] : sp.style == .adamw ? ["couple"] : ["throw"]
            // ClipNorm has no keyword form for ω and p; RMSProp/AdamW accept all fields as keywords when
            // no positional argument is given.
            let keywordForm = positional.isEmpty && sp.style != .clipNorm
            guard positional.count <= values.count - 1 else { throw tooMany() }
            for (i, v) in positional.enumerated() { values[i] = v }
            var centredOr = false
            for (k, v) in keywords {
                let c = canonicalKeyword(k)
                if extra.contains(c) {
                    let b = try convert(v, .bool, field: c, rule: sp.name)
                    if sp.style == .rmsprop { if b == .bool(true) { centredOr = true } } else { values[values.count - 1] = b }
                } else if keywordForm, let i = names.firstIndex(of: c) {
                    values[i] = v
                } else {
                    throw badKeyword(k)
                }
            }
            if sp.style == .rmsprop { values[3] = .bool(centredOr) }
            if sp.style != .clipNorm, let e = values[0], e.isNegative { throw etaError(e) }
        }
        var out: [(name: String, value: HyperValue)] = []
        for (i, s) in sp.fields.enumerated() {
            out.append((s.name, try convert(values[i]!, s.conversion, field: s.name, rule: sp.name)))
        }
        if sp.style == .def, let i = names.firstIndex(of: "eta"), out[i].value.isNegative { throw etaError(out[i].value) }
        return try Rule(kind, fields: out)
    }

    /// `Optimisers.adjust(rule; changes...)`: fields with matching names get the new values (through the
    /// type's plain constructor, as `ConstructionBase` rebuilds it), unknown names are ignored, chains
    /// recurse. `adjust(rule, η)` is `adjusted(rule, [("eta", η)])`. State is untouched (it lives elsewhere).
    package static func adjusted(_ rule: Rule, _ changes: [(String, HyperValue)]) throws -> Rule {
        let sp = rule.kind.spec
        if sp.hasMembers { return try rule.mappingMembers { try adjusted($0, changes) } }
        guard !changes.isEmpty else { throw EngineError.argument("adjust must be given something to act on!") }
        let changes = try rule.adjustableChanges(changes)
        var values = rule.fields
        var touched = false
        for i in values.indices {
            if let c = changes.last(where: { $0.0 == values[i].name }) { values[i].value = c.1; touched = true }
        }
        if !touched { return rule }
        switch sp.style {
        case .def, .accumGrad:
            // The @def positional constructor: float conversion and the eta check again.
            return try make(rule.kind, positional: values.map(\.value))
        case .legacy:
            for (i, s) in sp.fields.enumerated() { values[i].value = try convert(values[i].value, s.conversion, field: s.name, rule: rule.name) }
            return try rule.replacingFields(values)
        default:
            // Default struct constructor: values kept as given, Bool fields must be Bool.
            for (i, s) in sp.fields.enumerated() where s.conversion == .bool {
                values[i].value = try convert(values[i].value, .bool, field: s.name, rule: rule.name)
            }
            return try Rule(rule.kind, fields: values)
        }
    }
}
