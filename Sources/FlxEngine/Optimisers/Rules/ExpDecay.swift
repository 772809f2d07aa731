/// The shared, mutable part of a legacy `ExpDecay` (a mutable struct in Flux 0.13
/// whose `eta` decays globally, counted over all the arrays it updates).
final class ExpDecayShared {
    var eta: RuleNumber
    /// Julia's `o.current` IdDict: per-array step counters (arrays kept alive, as an IdDict does).
    var counters: [ObjectIdentifier: (Tensor, Int)] = [:]
    init(eta: RuleNumber) { self.eta = eta }
}

extension Rules {
    /// Flux 0.13's `ExpDecay(η = 0.001, decay = 0.1, decay_step = 1000, clip = 1e-4, start = 0)`:
    /// Δ = η·g with a current rate η; every `decay_step` steps of an array (after `start`,
    /// counted per array, applied once globally) η ← max(η·decay, clip). The rate and the
    /// counters live in an `ExpDecayShared` every copy of the rule shares (so `eta` reads the
    /// current, decayed rate, and setting it sets it for every copy); the state shown is the
    /// array's step count, and a state given is not read. Arithmetic in Float64, rounded to T.
    struct ExpDecay: TypedRule {
        let shared = ExpDecayShared(eta: .float64(0.001))
        var decay: RuleNumber = .float64(0.1), step = 1000, clip: RuleNumber = .float64(1e-4), start = 0

        static let style = RuleStyle.legacy
        static let display = RuleDisplay.positional(typeParameters: 0, stateDictionary: .counters)
        static let fields: [TypedRuleField<ExpDecay>] = [
            .number("eta", \.shared.eta, .float64), .number("decay", \.decay, .float64), .integer("step", \.step, .int64),
            .number("clip", \.clip, .float64), .integer("start", \.start, .int64),
        ]

        func initState(for x: Tensor) throws -> OptState { .int(0) }

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            let dx = g.ptr(F.self)
            guard step != 0 else { throw EngineError.divide }
            let id = ObjectIdentifier(xt)
            let k = (shared.counters[id]?.1 ?? 0) + 1
            shared.counters[id] = (xt, k)
            var η = shared.eta.double
            if k > start && k % step == 0
                && shared.counters.values.reduce(0, { $0 + ($1.1 > start && $1.1 % step == 0 ? 1 : 0) }) == 1 {
                η = Swift.max(η * decay.double, clip.double)
                shared.eta = .float64(η)
            }
            state = .int(k)
            return try Rule.delta(g, owned: owned) { i in F(Double(dx[i]) * η) }
        }
    }
}

extension RuleKind { public static let expDecay = RuleKind(Rules.ExpDecay.self) }
