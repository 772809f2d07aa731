/// Every rule of Optimisers.jl 0.4, plus the legacy `Flux.Optimise` rules that
/// behave differently from their Optimisers.jl namesakes. Each kind's spec, `init` and
/// `apply!` live in one file under `Rules/`, registered in `RuleKind.definition`.
public enum RuleKind: String, CaseIterable, Sendable {
    case descent, momentum, nesterov, rmsprop, rprop, adam, radam, adamax, oadam, adagrad, adadelta,
         amsgrad, nadam, adamw, adabelief, lion, weightDecay, signDecay, clipGrad, clipNorm,
         optimiserChain, accumGrad
    // Flux.Optimise (Flux ≤ 0.14)
    case expDecay, invDecay, clipValue, legacyClipNorm, legacyWeightDecay, legacyAdamW, legacyOptimiser

    public var isLegacy: Bool { definition.spec.isLegacy }
}

/// A hyper-parameter exactly as the user gave it (after Julia's `float(x)` where the
/// constructor applies one): `Adam(1f-3).eta` stays Float32, `Descent(1)` keeps an Int.
/// Values are converted to the parameter's element type only when a rule is applied.
public enum HyperValue: Equatable, Sendable {
    /// A float; `float32: true` means a Float32 (the Double holds it exactly).
    case real(Double, float32: Bool)
    case int(Int)
    case bool(Bool)
    indirect case pair(HyperValue, HyperValue)

    /// Float64 literal.
    public static func f64(_ x: Double) -> HyperValue { .real(x, float32: false) }
    /// Float32 literal (rounded to Float32 first).
    public static func f32(_ x: Float) -> HyperValue { .real(Double(x), float32: true) }

    /// The numeric value (nil for a pair).
    public var number: Double? {
        switch self {
        case .real(let d, _): return d
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .pair: return nil
        }
    }

    var isNumber: Bool { if case .pair = self { return false } else { return true } }

    /// Julia's `float(x)`: Int and Bool become Float64, floats keep their type.
    var floated: HyperValue {
        switch self {
        case .real: return self
        case .int(let i): return .real(Double(i), float32: false)
        case .bool(let b): return .real(b ? 1 : 0, float32: false)
        case .pair(let a, let b): return .pair(a.floated, b.floated)
        }
    }

    var isFloat64: Bool { if case .real(_, let f) = self { return !f } else { return false } }
    var isNegative: Bool { (number ?? 0) < 0 }
}

/// Numeric hyper-parameters cached as Doubles (exact images of the HyperValues), so
/// the update loop reads plain stored properties instead of searching `fields`.
/// `Rule` fills eta, rho, eps (`epsilon`), lambda, delta and b1/b2 (`beta`) for every rule;
/// a definition's `configure` fills the rest (or reuses a slot) from its own fields.
@usableFromInline struct RuleHyper {
    @usableFromInline var eta = 0.0, rho = 0.0, b1 = 0.0, b2 = 0.0, eps = 0.0, lambda = 0.0, delta = 0.0
    @usableFromInline var l1 = 0.0, l2 = 0.0, g1 = 0.0, g2 = 0.0
    @usableFromInline var flag = false
    @usableFromInline var n = 0, start = 0
    init() {}
}

/// An optimisation rule: Julia's name, its fields in Optimisers.jl order with Julia's
/// field names, and member rules for `OptimiserChain` / legacy `Optimiser`.
public struct Rule {
    public let kind: RuleKind
    /// Julia's type name ("Adam", "AdamW", "OptimiserChain", legacy "Optimiser").
    public let name: String
    var stored: [(name: String, value: HyperValue)]
    public let children: [Rule]
    @usableFromInline var hyper: RuleHyper
    let shared: ExpDecayShared?
    /// The kind's entry in the registry (`RuleKind.definition`), looked up once here.
    let definition: any RuleDefinition.Type

    init(kind: RuleKind, name: String, fields: [(name: String, value: HyperValue)], children: [Rule] = [],
         shared: ExpDecayShared? = nil) {
        self.kind = kind
        self.name = name
        self.stored = fields
        self.children = children
        self.shared = shared
        self.definition = kind.definition
        self.hyper = RuleHyper()
        self.hyper = makeHyper()
    }

    /// Field names and values in Julia's order (`ExpDecay`'s eta is its current, decayed value).
    public var fields: [(name: String, value: HyperValue)] {
        guard let s = shared else { return stored }
        return stored.map { $0.name == "eta" ? (name: "eta", value: .f64(s.eta)) : $0 }
    }

    /// `getfield(rule, name)`; nil for a name the rule does not have.
    public func field(_ name: String) -> HyperValue? {
        if name == "eta", let s = shared { return .f64(s.eta) }
        return stored.first { $0.name == name }?.value
    }

    /// A pair field as two Doubles (a number stands for both; missing is 0).
    static func pairNumbers(_ v: HyperValue?) -> (Double, Double) {
        if case .pair(let a, let b)? = v { return (a.number ?? 0, b.number ?? 0) }
        let x = v?.number ?? 0
        return (x, x)
    }

    /// A numeric field as a Double (0 when missing or a pair).
    func number(_ name: String) -> Double { field(name)?.number ?? 0 }

    private func makeHyper() -> RuleHyper {
        var h = RuleHyper()
        func num(_ n: String) -> Double { number(n) }
        h.eta = num("eta"); h.rho = num("rho"); h.eps = num("epsilon"); h.lambda = num("lambda"); h.delta = num("delta")
        (h.b1, h.b2) = Rule.pairNumbers(field("beta"))
        definition.configure(&h, self)
        return h
    }
}

// MARK: - Construction

extension Rule {
    static let betaDefault = HyperValue.pair(.f64(0.9), .f64(0.999))

    /// Keyword spellings accepted for a field name.
    static func canonicalKeyword(_ k: String) -> String {
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

    static func convert(_ v: HyperValue, _ c: RuleConversion, field: String, rule: String) throws -> HyperValue {
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
                guard d.rounded(.towardZero) == d, abs(d) < 9.2e18 else { throw EngineError.inexact("Int64(\(v.printText))") }
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

    static func etaError(_ v: HyperValue) -> EngineError {
        .domain("\(v.printText):\nthe learning rate cannot be negative")
    }

    /// The rule's constructor, e.g. `Adam(1f-3)`, `Adam(; eta=0.01)`, `RMSProp(0.01; centered=true)`,
    /// `ClipNorm(1, 1; throw=false)`, `AccumGrad(4)`. Positional order and defaults as in Optimisers.jl
    /// (legacy kinds: as in Flux 0.13's `Flux.Optimise`, positional only). `OptimiserChain` and
    /// legacy `Optimiser` take member rules: see `chain(_:legacy:)`.
    public static func make(_ kind: RuleKind, positional: [HyperValue] = [], keywords: [(String, HyperValue)] = []) throws -> Rule {
        let def = kind.definition, sp = def.spec
        let names = sp.fields.map(\.name)
        func tooMany() -> EngineError {
            .argument("no method matching \(sp.name)(\(positional.map { "::" + $0.juliaTypeName }.joined(separator: ", ")))")
        }
        func badKeyword(_ k: String) -> EngineError {
            .argument("no method matching \(sp.name): unsupported keyword argument \"\(k)\"")
        }
        var values = sp.fields.map(\.initial)
        switch sp.style {
        case .chain:
            guard positional.isEmpty, keywords.isEmpty else { throw EngineError.argument("\(sp.name) takes rules; use Rule.chain") }
            return try chain([], legacy: sp.isLegacy)
        case .accumGrad:
            guard keywords.isEmpty else { throw badKeyword(keywords[0].0) }
            guard positional.count == 1 else { throw tooMany() }
            let n = try convert(positional[0], .integer, field: "n", rule: sp.name)
            guard case .int(let k) = n, k > 0 else { throw EngineError.argument("AccumGrad must accumulate at least one gradient") }
            return Rule(kind: kind, name: sp.name, fields: [("n", n)])
        case .legacy:
            guard keywords.isEmpty else { throw badKeyword(keywords[0].0) }
            guard positional.count <= values.count else { throw tooMany() }
            for (i, v) in positional.enumerated() { values[i] = v }
            if let missing = values.firstIndex(where: { $0 == nil }) {
                throw EngineError.argument("no method matching \(sp.name)(): argument \(names[missing]) is required")
            }
            var out: [(name: String, value: HyperValue)] = []
            for (i, s) in sp.fields.enumerated() { out.append((s.name, try convert(values[i]!, s.conversion, field: s.name, rule: sp.name))) }
            return Rule(kind: kind, name: sp.name, fields: out, shared: def.sharedState(out))
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
        return Rule(kind: kind, name: sp.name, fields: out)
    }

    /// `OptimiserChain(rules...)` (or Flux 0.13's `Optimiser(opts...)` with `legacy: true`).
    public static func chain(_ rules: [Rule], legacy: Bool = false) throws -> Rule {
        let kind: RuleKind = legacy ? .legacyOptimiser : .optimiserChain
        return Rule(kind: kind, name: kind.definition.spec.name, fields: [], children: rules)
    }

    /// `Optimisers.adjust(rule; changes...)`: fields with matching names get the new values (through the
    /// type's plain constructor, as `ConstructionBase` rebuilds it), unknown names are ignored, chains
    /// recurse. `adjust(rule, η)` is `adjusted([("eta", η)])`. State is untouched (it lives elsewhere).
    public func adjusted(_ changes: [(String, HyperValue)]) throws -> Rule {
        let def = definition, sp = def.spec
        if sp.style == .chain {
            return Rule(kind: kind, name: name, fields: [], children: try children.map { try $0.adjusted(changes) })
        }
        guard !changes.isEmpty else { throw EngineError.argument("adjust must be given something to act on!") }
        let changes = try def.adjustChanges(changes)
        var values = stored
        var touched = false
        for i in values.indices {
            if let c = changes.last(where: { $0.0 == values[i].name }) { values[i].value = c.1; touched = true }
        }
        if !touched { return self }
        switch sp.style {
        case .def:
            // The @def positional constructor: float conversion and the eta check again.
            return try Rule.make(kind, positional: values.map(\.value))
        case .accumGrad:
            return try Rule.make(kind, positional: values.map(\.value))
        case .legacy:
            var out = values
            for (i, s) in sp.fields.enumerated() { out[i].value = try Rule.convert(values[i].value, s.conversion, field: s.name, rule: name) }
            if let s = shared {
                // A legacy rule is a mutable struct: `opt.eta = x` changes the one object.
                s.eta = out[0].value.number ?? s.eta
                out[0].value = stored[0].value
            }
            return Rule(kind: kind, name: name, fields: out, shared: shared)
        default:
            // Default struct constructor: values kept as given, Bool fields must be Bool.
            for (i, s) in sp.fields.enumerated() where s.conversion == .bool {
                values[i].value = try Rule.convert(values[i].value, .bool, field: s.name, rule: name)
            }
            return Rule(kind: kind, name: name, fields: values)
        }
    }
}
