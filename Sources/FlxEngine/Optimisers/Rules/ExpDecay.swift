/// The shared, mutable part of a legacy `ExpDecay` (a mutable struct in Flux 0.13
/// whose `eta` decays globally, counted over all the arrays it updates).
final class ExpDecayShared {
    var eta: Double
    /// Julia's `o.current` IdDict: per-array step counters (arrays kept alive, as an IdDict does).
    var counters: [ObjectIdentifier: (Tensor, Int)] = [:]
    init(eta: Double) { self.eta = eta }
}

extension Rules {
    /// Flux 0.13's `ExpDecay(η = 0.001, decay = 0.1, decay_step = 1000, clip = 1e-4, start = 0)`:
    /// Δ = η·g with a current rate η; every `decay_step` steps of an array (after `start`,
    /// counted per array, applied once globally) η ← max(η·decay, clip). The rate and the
    /// counters live in an `ExpDecayShared` every copy of the rule shares; the state is the
    /// array's step count. Arithmetic in Float64, rounded to T.
    enum ExpDecay: RuleDefinition {
        static let spec = RuleSpec(name: "ExpDecay", style: .legacy, display: .positional(typeParameters: 0, stateDictionary: .counters), fields: [
            param("eta", .f64(0.001), .float64), param("decay", .f64(0.1), .float64), param("step", .int(1000), .int64),
            param("clip", .f64(1e-4), .float64), param("start", .int(0), .int64)])

        static func configure(_ h: inout RuleHyper, _ rule: Rule) {
            h.rho = rule.number("decay"); h.n = Int(rule.number("step")); h.delta = rule.number("clip"); h.start = Int(rule.number("start"))
        }

        static func sharedState(_ fields: [(name: String, value: HyperValue)]) -> ExpDecayShared? {
            ExpDecayShared(eta: fields[0].value.number ?? 0)
        }

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState { .int(0) }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let n = xt.count, dx = g.ptr(F.self), h = rule.hyper
            let out = try Rule.output(g, owned: owned, F.self), o = out.ptr(F.self)
            guard let box = rule.shared else { throw Rule.stateError(rule) }
            guard h.n != 0 else { throw EngineError.divide }
            let id = ObjectIdentifier(xt)
            let k = (box.counters[id]?.1 ?? 0) + 1
            box.counters[id] = (xt, k)
            var η = box.eta
            if k > h.start && k % h.n == 0
                && box.counters.values.reduce(0, { $0 + ($1.1 > h.start && $1.1 % h.n == 0 ? 1 : 0) }) == 1 {
                η = Swift.max(η * h.rho, h.delta)
                box.eta = η
            }
            for i in 0..<n { o[i] = F(Double(dx[i]) * η) }
            return (.int(k), out)
        }
    }
}

extension RuleKind {
    public static let expDecay = RuleKind(Rules.ExpDecay.self)
}
