/// The typed shape of a rule, the one every rule moves to: a struct whose stored properties are
/// Julia's fields (typed: `RuleNumber` keeps Float32, Float64 or Int as given), declared once
/// with their key paths (`fields`), and a typed per-array `State`. The struct says only what
/// Optimisers.jl's `init` and `apply!` say; walking trees of states is the shared code's job.
///
/// Until every rule is moved, a typed rule reaches the shared code through `TypedRuleBridge`,
/// which adapts it to `RuleDefinition` (the untyped `Rule` and `OptState` the language still
/// passes around), converting the state only at that boundary.
protocol TypedRule {
    /// What `init` returns for one array; `shown` gives the value Julia's state is.
    associatedtype State

    static var name: String { get }
    static var style: RuleStyle { get }
    static var display: RuleDisplay { get }
    /// Julia's fields in Julia's order: name, default, constructor conversion, key path.
    static var fields: [TypedRuleField<Self>] { get }

    /// Every field at its default (a required field holds a placeholder until set).
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
}

extension TypedRule {
    func fusedUpdate<F: FloatElement & SIMDScalar>(_ state: inout State, _ x: Tensor, _ g: Tensor, _: F.Type) throws -> Bool { false }

    /// The error for a state that does not match the rule and the array.
    static var stateMismatch: EngineError { .argument("optimiser state does not match the rule \(name) and this array") }

    /// A state tensor of element type F and n elements, as a raw pointer.
    @inline(__always)
    static func buffer<F: FloatElement>(_ t: Tensor, _ n: Int, _: F.Type) throws -> UnsafeMutablePointer<F> {
        guard t.dtype == F.dtype, t.count == n else { throw stateMismatch }
        return t.ptr(F.self)
    }
}

/// A state that is Julia's value itself (a rule that keeps no state of its own returns what
/// it was given, as `apply!(::Descent, state, x, dx)` does).
extension TypedRule where State == OptState {
    static func shown(_ state: OptState) -> OptState { state }
    static func state(_ shown: OptState) -> OptState? { shown }
}
