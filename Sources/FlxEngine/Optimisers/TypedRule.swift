/// One optimisation rule in Optimisers.jl's shape: a struct whose stored properties are Julia's
/// fields, typed (`RuleNumber` keeps the Float32, Float64 or Int given, a flag is a `Bool`, a
/// member rule a `Rule`) and declared once with their key paths in `fields`, and a typed
/// per-array `State`. The struct says only what Optimisers.jl's `init` and `apply!` say;
/// converting gradients, subtracting Δ and walking trees of states is the shared code's job.
///
/// Adding a rule: one file in `Rules/` holding its struct and its handle
/// (`extension RuleKind { public static let x = RuleKind(Rules.X.self) }`), and one `Entry`
/// line (Julia name, kind, help) in FlxFlux's `OptimiserRegistry`. The language builds,
/// adjusts, reads and shows rules from the declarations here (`RuleKind.spec`), so nothing
/// else changes.
protocol TypedRule {
    /// What `init` returns for one array; `shown` gives the value Julia's state is. Default:
    /// Julia's value itself, `nothing` for a rule that keeps no state.
    associatedtype State = OptState

    /// Julia's type name. Default: the struct's own name.
    static var name: String { get }
    /// Default: Optimisers.jl's `@def` constructor.
    static var style: RuleStyle { get }
    /// Default: the keyword form Optimisers.jl gives `@def` rules.
    static var display: RuleDisplay { get }
    /// Julia's fields in Julia's order (precision fields, Julia's type parameters, included).
    static var fields: [TypedRuleField<Self>] { get }
    /// For DistributedOptimizer: its inner rule and averager (a witness call, so `update!`
    /// asks every leaf's rule without a dynamic cast). Default: nil.
    var distributed: (opt: Rule, averager: any GradientAverager)? { get }
    /// A Flux 0.13 `Flux.Optimise` rule. Default: its constructor is `.legacy`.
    static var isLegacy: Bool { get }
    /// Must wrap a whole chain, never stand inside one. Default: false.
    static var wrapsWholeChain: Bool { get }

    /// Every field at its default; a required field holds a value the constructor replaces.
    init()

    /// `Optimisers.init(rule, x)`; `x` is a floating-point array (checked by the caller).
    func initState(for x: Tensor) throws -> State

    /// `Optimisers.apply!`: updates `state` in place and returns Δ (nil: no update this step),
    /// in element type F (x and g both of type F, same size). `owned`: g may be returned as Δ.
    func apply<F: FloatElement>(_ state: inout State, _ x: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor?

    /// `apply!` then `x .-= Δ` in one loop, returning true; false (the default) when the rule has
    /// no fused loop.
    func fusedUpdate<F: FloatElement & SIMDScalar>(_ state: inout State, _ x: Tensor, _ g: Tensor, _: F.Type) throws -> Bool

    /// The state as Julia's value (what `Optimisers.init` returns and a `Leaf` shows).
    static func shown(_ state: State) -> OptState
    /// The state from Julia's value (a state given to `apply!`); nil when it does not fit the rule.
    static func state(_ shown: OptState) -> State?
    /// Writes a state stepped from `shown` back into it. Default: `shown = Self.shown(state)`;
    /// states that can be written back without building new tuples say so (`InPlaceState`,
    /// the Adam family's `AdamState`), which keeps the training loop free of allocations.
    static func store(_ state: State, into shown: inout OptState)

    /// Checks / rewrites the changes given to `Optimisers.adjust` (aliases; a forbidden field
    /// throws `RuleError.notAdjustable`). Default: unchanged.
    static func adjustChanges(_ changes: [(String, HyperValue)]) throws -> [(String, HyperValue)]

    // The type-erased entry points `Rule` calls (TypedRuleErasure.swift). Not implemented by
    // rules: being requirements, their defaults are instantiated for each rule's own type, so
    // its loops are specialised and the only dynamic dispatch is this one call.
    static var spec: RuleSpec { get }
    static func built(from values: [RuleFieldValue]) throws -> any TypedRule
    func rewritten(_ values: [(index: Int, value: RuleFieldValue)]) throws -> any TypedRule
    var fieldValues: [RuleFieldValue] { get }
    func initShown(for x: Tensor) throws -> OptState
    func applyShown(_ state: OptState, _ x: Tensor, _ g: Tensor, owned: Bool) throws -> (OptState, Tensor?)
    func updateShown(_ state: inout OptState, _ x: Tensor, _ g: Tensor, owned: Bool) throws
}

/// Namespace of the rules (one file each in `Rules/`).
enum Rules {}

extension TypedRule {
    var distributed: (opt: Rule, averager: any GradientAverager)? { nil }
    static var name: String { "\(Self.self)" }
    static var style: RuleStyle { .def }
    static var display: RuleDisplay { .keywords }
    static var isLegacy: Bool { style == .legacy }
    static var wrapsWholeChain: Bool { false }

    func fusedUpdate<F: FloatElement & SIMDScalar>(_ state: inout State, _ x: Tensor, _ g: Tensor, _: F.Type) throws -> Bool { false }

    static func store(_ state: State, into shown: inout OptState) { shown = Self.shown(state) }

    static func adjustChanges(_ changes: [(String, HyperValue)]) throws -> [(String, HyperValue)] { changes }

    /// The error for a state that does not match the rule and the array.
    static var stateMismatch: EngineError { .argument("optimiser state does not match the rule \(name) and this array") }

    /// A state tensor of element type F and n elements, as a raw pointer.
    @inline(__always)
    static func buffer<F: FloatElement>(_ t: Tensor, _ n: Int, _: F.Type) throws -> UnsafeMutablePointer<F> {
        guard t.dtype == F.dtype, t.count == n else { throw stateMismatch }
        return t.ptr(F.self)
    }
}

/// A state that is Julia's value itself: a rule that keeps no state of its own starts from
/// `nothing` and returns what it was given, as `apply!(::Descent, state, x, dx)` does.
extension TypedRule where State == OptState {
    func initState(for x: Tensor) throws -> OptState { .nothing }
    static func shown(_ state: OptState) -> OptState { state }
    static func state(_ shown: OptState) -> OptState? { shown }
}

/// A state made only of arrays the rule updates in place (Momentum's velocity, RMSProp's
/// running means): after a step the value it was read from still holds it, so nothing is
/// written back.
protocol InPlaceState {}

extension TypedRule where State: InPlaceState {
    static func store(_ state: State, into shown: inout OptState) {}
}
