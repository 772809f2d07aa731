/// What one optimisation rule is, as in Optimisers.jl: data (Julia's name and fields, with
/// defaults and the constructor's conversions) plus two functions, `init(rule, x)` and
/// `apply!(rule, state, x, g) -> (state′, Δ)`. Each rule is one caseless enum in `Rules/`
/// conforming to this protocol; `RuleKind.definition` is the one registry, and the shared
/// code (`Rule.make`, `initState`, `apply`, `update`, `adjusted`, `juliaShow`) dispatches
/// through it once per call.
///
/// Adding a rule: a `RuleKind` case, a file in `Rules/`, and one line in the registry.
protocol RuleDefinition {
    /// The kind this definition is registered for.
    static var kind: RuleKind { get }
    /// Julia's type name, constructor family and fields (order, defaults, conversions).
    static var spec: RuleSpec { get }

    /// Caches rule-specific hyper-parameters (beyond `eta`, `rho`, `epsilon`, `lambda`, `delta`,
    /// `beta`, which `Rule` fills for every rule) as Doubles for the loops. Default: nothing.
    static func configure(_ h: inout RuleHyper, _ rule: Rule)

    /// `Optimisers.init(rule, x)`; `x` is a floating-point array (checked by the caller).
    static func initState(_ rule: Rule, for x: Tensor) throws -> OptState

    /// `Optimisers.apply!(rule, state, x, g) -> (state′, Δ)` in element type F (x and g both
    /// of type F, same size). Δ nil means "no update this step". `owned` says `g` may be
    /// overwritten and returned as Δ (see `Rule.output`).
    static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ x: Tensor, _ g: Tensor, owned: Bool,
                                       _: F.Type) throws -> (OptState, Tensor?)

    /// `apply!` then `x .-= Δ` as one in-place loop, returning true; false (the default) when
    /// the rule has no fused loop, and `Rule.update` falls back to `apply` and a subtraction.
    static func fusedUpdate<F: FloatElement & SIMDScalar>(_ rule: Rule, _ state: inout OptState, _ x: Tensor, _ g: Tensor,
                                                          _: F.Type) throws -> Bool

    /// Julia's `show(rule)`. Default: `Name(field=value, ...)` as Optimisers ≥ 0.4.5 prints.
    static func show(_ rule: Rule, compact: Bool) -> String

    /// Checks / rewrites the changes given to `Optimisers.adjust` (aliases, forbidden fields).
    /// Default: unchanged.
    static func adjustChanges(_ changes: [(String, HyperValue)]) throws -> [(String, HyperValue)]

    /// The mutable object a legacy rule shares between its copies (ExpDecay's decaying rate).
    /// Default: none.
    static func sharedState(_ fields: [(name: String, value: HyperValue)]) -> ExpDecayShared?

    // Type-erased entry points used by the shared code. Not implemented by rules: the defaults
    // below instantiate `apply` / `fusedUpdate` for Float and Double per conforming type, so the
    // loops are specialised and the only dynamic dispatch is this one call.
    static func applyErased(_ rule: Rule, _ state: OptState, _ x: Tensor, _ g: Tensor, owned: Bool) throws -> (OptState, Tensor?)
    static func fusedErased(_ rule: Rule, _ state: inout OptState, _ x: Tensor, _ g: Tensor) throws -> Bool
}

extension RuleDefinition {
    static func configure(_ h: inout RuleHyper, _ rule: Rule) {}

    static func fusedUpdate<F: FloatElement & SIMDScalar>(_ rule: Rule, _ state: inout OptState, _ x: Tensor, _ g: Tensor,
                                                          _: F.Type) throws -> Bool { false }

    static func show(_ rule: Rule, compact: Bool) -> String { "\(rule.name)(\(rule.namedFieldsText()))" }

    static func adjustChanges(_ changes: [(String, HyperValue)]) throws -> [(String, HyperValue)] { changes }

    static func sharedState(_ fields: [(name: String, value: HyperValue)]) -> ExpDecayShared? { nil }

    @inline(__always)
    static func applyErased(_ rule: Rule, _ state: OptState, _ x: Tensor, _ g: Tensor, owned: Bool) throws -> (OptState, Tensor?) {
        if x.dtype == .float32 { return try apply(rule, state, x, g, owned: owned, Float.self) }
        return try apply(rule, state, x, g, owned: owned, Double.self)
    }

    @inline(__always)
    static func fusedErased(_ rule: Rule, _ state: inout OptState, _ x: Tensor, _ g: Tensor) throws -> Bool {
        if x.dtype == .float32 { return try fusedUpdate(rule, &state, x, g, Float.self) }
        return try fusedUpdate(rule, &state, x, g, Double.self)
    }
}

/// Namespace of the rule definitions (one file each in `Rules/`).
enum Rules {}

extension RuleKind {
    /// The registry: the definition of every rule kind.
    var definition: any RuleDefinition.Type {
        switch self {
        case .descent: return Rules.Descent.self
        case .momentum: return Rules.Momentum.self
        case .nesterov: return Rules.Nesterov.self
        case .rmsprop: return Rules.RMSProp.self
        case .rprop: return Rules.Rprop.self
        case .adam: return Rules.Adam.self
        case .radam: return Rules.RAdam.self
        case .adamax: return Rules.AdaMax.self
        case .oadam: return Rules.OAdam.self
        case .adagrad: return Rules.AdaGrad.self
        case .adadelta: return Rules.AdaDelta.self
        case .amsgrad: return Rules.AMSGrad.self
        case .nadam: return Rules.NAdam.self
        case .adamw: return Rules.AdamW.self
        case .adabelief: return Rules.AdaBelief.self
        case .lion: return Rules.Lion.self
        case .weightDecay: return Rules.WeightDecay.self
        case .signDecay: return Rules.SignDecay.self
        case .clipGrad: return Rules.ClipGrad.self
        case .clipNorm: return Rules.ClipNorm.self
        case .optimiserChain: return Rules.OptimiserChain.self
        case .accumGrad: return Rules.AccumGrad.self
        case .expDecay: return Rules.ExpDecay.self
        case .invDecay: return Rules.InvDecay.self
        case .clipValue: return Rules.ClipValue.self
        case .legacyClipNorm: return Rules.LegacyClipNorm.self
        case .legacyWeightDecay: return Rules.LegacyWeightDecay.self
        case .legacyAdamW: return Rules.LegacyAdamW.self
        case .legacyOptimiser: return Rules.LegacyOptimiser.self
        }
    }
}

// MARK: - Specs

/// How a constructor treats an argument.
enum RuleConversion: Sendable {
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
enum RuleStyle: Sendable {
    case def            // @def: positional (first required) or all keywords; eta ≥ 0 checked after float
    case descent        // Descent(η) / Descent(; eta): no conversion, no check
    case rmsprop        // positional η, ρ, ϵ + keywords centred/centered; η checked before float
    case adamw          // positional η, β, λ, ϵ + keyword couple; η checked before float
    case clipNorm       // positional ω, p + keyword throw
    case accumGrad      // AccumGrad(n::Int), n > 0
    case chain          // member rules
    case legacy         // positional only, Flux 0.13 field types
}

struct RuleFieldSpec: Sendable {
    let name: String
    let initial: HyperValue?   // nil = required
    let conversion: RuleConversion
}

struct RuleSpec: Sendable {
    let name: String
    let style: RuleStyle
    let fields: [RuleFieldSpec]
    /// A Flux 0.13 `Flux.Optimise` rule (every `.legacy` style, and the legacy `Optimiser` chain).
    let isLegacy: Bool

    init(name: String, style: RuleStyle, fields: [RuleFieldSpec], isLegacy: Bool? = nil) {
        self.name = name
        self.style = style
        self.fields = fields
        self.isLegacy = isLegacy ?? (style == .legacy)
    }
}

/// A field spec: name, default (nil = required) and conversion (Julia's `float(x)` unless said).
func param(_ name: String, _ initial: HyperValue?, _ conversion: RuleConversion = .float) -> RuleFieldSpec {
    RuleFieldSpec(name: name, initial: initial, conversion: conversion)
}
