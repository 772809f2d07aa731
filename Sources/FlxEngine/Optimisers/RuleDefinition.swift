/// What one optimisation rule is, as in Optimisers.jl: data (Julia's name and fields, with
/// defaults and the constructor's conversions) plus two functions, `init(rule, x)` and
/// `apply!(rule, state, x, g) -> (state′, Δ)`. Each rule is one caseless enum in `Rules/`
/// conforming to this protocol, with its `RuleKind` handle beside it; the shared
/// code (`initState`, `apply`, `update`) dispatches through it once per call. The language
/// builds, adjusts and shows rules from the spec's data (no Julia text lives here).
///
/// Adding a rule: one file in `Rules/` (this conformance plus `extension RuleKind { static let
/// x = RuleKind(Rules.X.self) }`) and one line in FlxLang's `OptimiserRegistry` (Julia name,
/// kind, help text).
protocol RuleDefinition {
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

    /// Checks / rewrites the changes given to `Optimisers.adjust` (aliases; a forbidden field
    /// throws `RuleError.notAdjustable`). Default: unchanged.
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

// MARK: - Specs

extension RuleKind {
    /// Julia's name, constructor family, display form and fields of this kind.
    public var spec: RuleSpec { definition.spec }
}

/// How a constructor treats an argument.
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
    case chain          // member rules (OptimiserChain, MixedPrecision): built by their own binding; adjust recurses into them
    case legacy         // positional only, Flux 0.13 field types
}

/// How `show(rule)` lays a rule out (the language writes the text).
public enum RuleDisplay: Sendable, Equatable {
    /// `Name(eta=0.001, beta=(0.9, 0.999))`: the form Optimisers ≥ 0.4.5 gives `@def` rules.
    case keywords
    /// The same without the closing parenthesis: Optimisers.jl's `show(::RMSProp)` omits it.
    case keywordsUnclosed
    /// Julia's default struct show, `Name{T1, T2}(v1, v2, v3)`, with the types of the first
    /// `typeParameters` fields as the parameters; Flux 0.13's schedules end with the empty
    /// `IdDict` they keep their per-array state in.
    case positional(typeParameters: Int, stateDictionary: StateDictionary? = nil)
    /// `OptimiserChain(a, b)`, or Flux 0.13's `Optimiser(Any[a, b])`.
    case members(legacy: Bool)
    /// Flux 0.13's `AdamW`, which is an `Optimiser` of an `Adam` and a `WeightDecay`.
    case legacyAdamW
    /// Julia's default struct show of a rule wrapping one member, parametrised by a precision
    /// and the member's type: `MixedPrecision{Float64, Adam{Float64, ...}}(Adam(eta=0.001, ...))`.
    case wrapper(precision: DType)

    /// What a legacy schedule's IdDict maps arrays to (its shown value type differs).
    public enum StateDictionary: Sendable { case counters, steps }
}

public struct RuleFieldSpec: Sendable {
    public let name: String
    public let initial: HyperValue?   // nil = required
    public let conversion: RuleConversion
}

public struct RuleSpec: Sendable {
    public let name: String
    public let style: RuleStyle
    public let display: RuleDisplay
    public let fields: [RuleFieldSpec]
    /// A Flux 0.13 `Flux.Optimise` rule (every `.legacy` style, and the legacy `Optimiser` chain).
    public let isLegacy: Bool

    init(name: String, style: RuleStyle, display: RuleDisplay = .keywords, fields: [RuleFieldSpec], isLegacy: Bool? = nil) {
        self.name = name
        self.style = style
        self.display = display
        self.fields = fields
        self.isLegacy = isLegacy ?? (style == .legacy)
    }
}

/// A field spec: name, default (nil = required) and conversion (Julia's `float(x)` unless said).
func param(_ name: String, _ initial: HyperValue?, _ conversion: RuleConversion = .float) -> RuleFieldSpec {
    RuleFieldSpec(name: name, initial: initial, conversion: conversion)
}
