/// What the language knows of a rule kind: Julia's type name, constructor family, display form
/// and fields (order, roles, defaults, conversions), read off the typed rule's declarations
/// (`TypedRule.name`, `style`, `display`, `fields`). The language builds, adjusts, reads and
/// shows every rule from this data alone, so a rule needs no code outside its own file.
public struct RuleSpec: Sendable {
    public let name: String
    public let style: RuleStyle
    public let display: RuleDisplay
    public let fields: [RuleFieldSpec]
    /// A Flux 0.13 `Flux.Optimise` rule (every `.legacy` style, and the legacy `Optimiser` chain).
    public let isLegacy: Bool
    /// Must wrap a whole chain, never stand inside one (`MixedPrecision`): a chain refuses it.
    public let wrapsWholeChain: Bool

    /// Whether some field holds member rules (a chain, a wrapper): `adjust` recurses into them.
    public var hasMembers: Bool { fields.contains { $0.role.holdsRules } }
}

extension RuleKind {
    /// Julia's name, constructor family, display form and fields of this kind.
    public var spec: RuleSpec { type.spec }
}

public struct RuleFieldSpec: Sendable {
    public let name: String
    public let role: RuleFieldRole
    /// A hyper-parameter's default; nil when it is required or the field is not a hyper-parameter.
    public let initial: HyperValue?
    /// How the constructor treats a hyper-parameter's argument.
    public let conversion: RuleConversion

    /// The value a constructor that leaves the field out gives it; nil when it is required.
    public var defaultValue: RuleFieldValue? {
        switch role {
        case .hyper: return initial.map(RuleFieldValue.hyper)
        case .precision(let d): return .precision(d)
        case .member, .members: return nil
        }
    }
}

/// What a field holds.
public enum RuleFieldRole: Sendable, Equatable {
    /// A number, a pair of numbers or a Bool (`HyperValue`).
    case hyper
    /// The element type the rule keeps its copies of the parameters in (MixedPrecision's `T`),
    /// Float32 or Float64 as flx keeps arrays in no other; a type parameter in Julia, not a field.
    case precision(default: DType)
    /// One rule of Optimisers.jl (an `AbstractRule`, so not a Flux 0.13 legacy rule).
    case member
    /// Any number of rules, applied in turn (a chain's).
    case members

    /// Whether Julia's struct has it as a field (`getfield`, the default show's arguments).
    public var isJuliaField: Bool { if case .precision = self { return false } else { return true } }

    var holdsRules: Bool { self == .member || self == .members }
}

/// How a constructor treats a hyper-parameter's argument.
public enum RuleConversion: Sendable {
    case float        // Julia float(x); non-numbers are an ArgumentError
    case floatPair    // a tuple, each member float(x)
    case keep         // stored as given
    case bool         // must be a Bool
    case integer      // must be an Int
    case float64      // legacy ::Float64 field
    case int64        // legacy ::Int64 field (exact)
    case float64Pair  // legacy ::Tuple{Float64,Float64}
}

/// The constructor families of Optimisers.jl / Flux.Optimise.
public enum RuleStyle: Sendable {
    case def            // @def: positional (first required) or all keywords; eta ≥ 0 checked after float
    case descent        // Descent(η) / Descent(; eta): no conversion, no check
    case rmsprop        // positional η, ρ, ϵ + keywords centred/centered; η checked before float
    case adamw          // positional η, β, λ, ϵ + keyword couple; η checked before float
    case clipNorm       // positional ω, p + keyword throw
    case accumGrad      // AccumGrad(n::Int), n > 0
    case chain          // every positional argument is a member rule: OptimiserChain(rules...), Flux 0.13's Optimiser(opts...)
    case dispatched     // positional only, each argument of its field's kind or a MethodError, as Julia's methods
                        // dispatch; leading fields with defaults may be left out (MixedPrecision([T,] rule))
    case legacy         // positional only, Flux 0.13 field types
}

/// How `show(rule)` lays a rule out (the language writes the text).
public enum RuleDisplay: Sendable, Equatable {
    /// `Name(eta=0.001, beta=(0.9, 0.999))`: the form Optimisers ≥ 0.4.5 gives `@def` rules.
    case keywords
    /// The same without the closing parenthesis: Optimisers.jl's `show(::RMSProp)` omits it.
    case keywordsUnclosed
    /// Julia's default struct show, `Name{T1, T2}(v1, v2, v3)`, with the types of the first
    /// `typeParameters` fields as the parameters (a precision field is its type, a member rule
    /// its rule's type) and the Julia fields as the arguments; Flux 0.13's schedules end with
    /// the empty `IdDict` they keep their per-array state in.
    case positional(typeParameters: Int, stateDictionary: StateDictionary? = nil)
    /// `OptimiserChain(a, b)`, or Flux 0.13's `Optimiser(Any[a, b])`.
    case members(legacy: Bool)
    /// Flux 0.13's `AdamW`, which is an `Optimiser` of an `Adam` and a `WeightDecay`.
    case legacyAdamW

    /// What a legacy schedule's IdDict maps arrays to (its shown value type differs).
    public enum StateDictionary: Sendable { case counters, steps }
}
