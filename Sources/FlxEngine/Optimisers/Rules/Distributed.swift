/// What averages gradients across the processes of a data-parallel job (the language's MPI
/// backend): each tensor is replaced in place by its mean over all processes.
public protocol GradientAverager: AnyObject {
    func average(_ gradients: [Tensor]) throws
}

extension Rules {
    /// Flux's `DistributedUtils.DistributedOptimizer(backend, opt)`: averages the gradient
    /// over all processes (Flux's `allreduce!(backend, y, avg)`, which overwrites y) and then
    /// applies `opt`; its state is `opt`'s. Julia's fields are `backend` and `opt`; the
    /// backend is the language's object behind `averager`, which the constructor always sets.
    /// One `apply!` averages one array; `OptimiserBinding.update` averages all of a step's
    /// gradients with one call instead (`Rule.distributedParts`).
    struct Distributed: TypedRule {
        var opt = Rule.chain([])
        var averager: (any GradientAverager)?

        static let name = "DistributedOptimizer"
        static let style = RuleStyle.dispatched
        static let display = RuleDisplay.positional(typeParameters: 0)
        static let fields: [TypedRuleField<Distributed>] = [.member("opt", \.opt)]
        var distributed: (opt: Rule, averager: any GradientAverager)? { averager.map { (opt, $0) } }

        func initState(for x: Tensor) throws -> OptState { try Rule.initState(opt, for: x) }

        func apply<F: FloatElement>(_ state: inout OptState, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            guard let averager else { throw EngineError.argument("DistributedOptimizer has no backend") }
            try averager.average([g])
            let (s, d) = try Rule.step(opt, state, xt, g, owned: owned)
            state = s
            return d
        }
    }
}

extension RuleKind { public static let distributed = RuleKind(Rules.Distributed.self) }

extension Rule {
    /// `DistributedOptimizer(backend, opt)`.
    public static func distributed(_ opt: Rule, averager: any GradientAverager) -> Rule {
        Rule(Rules.Distributed(opt: opt, averager: averager))
    }

    /// The inner rule and the averager of a `DistributedOptimizer`; nil for any other rule.
    public var distributedParts: (opt: Rule, averager: any GradientAverager)? {
        typed.distributed
    }
}
