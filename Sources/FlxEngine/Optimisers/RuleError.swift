/// Optimiser failures as data: the language turns each into the exception Julia throws
/// (the engine holds no Julia wording or number formatting).
public enum RuleError: Error, Equatable {
    /// `ClipNorm(; throw = true)` met a gradient whose p-norm is not finite: Julia's DomainError.
    case nonFiniteNorm(p: HyperValue, norm: HyperValue, shape: Shape, dtype: DType)
    /// `Optimisers.adjust` was asked to change a field the state layout depends on.
    case notAdjustable(rule: String, field: String)
    /// `Rule(kind, values:)` was given other field names than the kind's, in another order, or a
    /// value of a kind its field cannot hold (a pair for Descent's η, an Int64 precision).
    case fieldsMismatch(rule: String)
}
