/// Which rule a `Rule` is: a handle on its definition (one file under `Rules/`, which also
/// declares the handle, e.g. `RuleKind.adam`). The language's optimiser registry lists the
/// kinds it offers; the engine keeps no list of its own.
// Unchecked: a definition is a caseless enum with only static, immutable members.
public struct RuleKind: Hashable, @unchecked Sendable, CustomStringConvertible {
    let definition: any RuleDefinition.Type

    init(_ definition: any RuleDefinition.Type) { self.definition = definition }

    public static func == (a: RuleKind, b: RuleKind) -> Bool { ObjectIdentifier(a.definition) == ObjectIdentifier(b.definition) }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(definition)) }

    public var isLegacy: Bool { definition.spec.isLegacy }
    /// The definition's Swift name (`Adam`, `LegacyAdamW`), for messages and test output.
    public var description: String { "\(definition)" }
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

    public var isNumber: Bool { if case .pair = self { return false } else { return true } }

    /// Julia's `float(x)`: Int and Bool become Float64, floats keep their type.
    public var floated: HyperValue {
        switch self {
        case .real: return self
        case .int(let i): return .real(Double(i), float32: false)
        case .bool(let b): return .real(b ? 1 : 0, float32: false)
        case .pair(let a, let b): return .pair(a.floated, b.floated)
        }
    }

    public var isFloat64: Bool { if case .real(_, let f) = self { return !f } else { return false } }
    public var isNegative: Bool { (number ?? 0) < 0 }
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
    /// The kind's definition, kept here so each step dispatches through it directly.
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

    /// A rule of `kind` with its fields in Julia's order, already converted as the Julia
    /// constructor converts them (the language does that: see FlxLang's OptimiserConstruction).
    public init(_ kind: RuleKind, fields: [(name: String, value: HyperValue)]) throws {
        let spec = kind.spec
        guard fields.map(\.name) == spec.fields.map(\.name) else { throw RuleError.fieldsMismatch(rule: spec.name) }
        self.init(kind: kind, name: spec.name, fields: fields, shared: kind.definition.sharedState(fields))
    }

    /// `OptimiserChain(rules...)` (or Flux 0.13's `Optimiser(opts...)` with `legacy: true`).
    public static func chain(_ rules: [Rule], legacy: Bool = false) -> Rule {
        let kind: RuleKind = legacy ? .legacyOptimiser : .optimiserChain
        return Rule(kind: kind, name: kind.spec.name, fields: [], children: rules)
    }

    /// A chain with the same kind and new members (`adjust` recursing into a chain).
    public func withChildren(_ rules: [Rule]) -> Rule { Rule(kind: kind, name: name, fields: [], children: rules) }

    /// The changes given to `Optimisers.adjust` after the rule's own aliases, or a
    /// `RuleError.notAdjustable` for a field that must not change (RMSProp's `centred`).
    public func adjustableChanges(_ changes: [(String, HyperValue)]) throws -> [(String, HyperValue)] {
        try definition.adjustChanges(changes)
    }

    /// The same rule with new field values, as Flux 0.13's mutable legacy structs are changed
    /// in place: a legacy rule with a shared decaying rate (`ExpDecay`) sets that rate for
    /// every copy and keeps its stored initial eta.
    public func replacingFields(_ values: [(name: String, value: HyperValue)]) -> Rule {
        var out = values
        if let s = shared {
            s.eta = out[0].value.number ?? s.eta
            out[0].value = stored[0].value
        }
        return Rule(kind: kind, name: name, fields: out, children: children, shared: shared)
    }
}
