/// The Swift types a rule's field may have, each with the field value it stands for; a value of
/// another kind does not fit (`init` fails), which `Rule(kind, values:)` reports.
protocol RuleFieldStorable {
    init?(fieldValue value: RuleFieldValue)
    var fieldValue: RuleFieldValue { get }
}

/// The field types that hold a hyper-parameter, each read from and written as a `HyperValue`.
protocol HyperFieldStorable: RuleFieldStorable {
    init?(hyper: HyperValue)
    var hyper: HyperValue { get }
}

extension HyperFieldStorable {
    init?(fieldValue value: RuleFieldValue) {
        guard case .hyper(let h) = value else { return nil }
        self.init(hyper: h)
    }
    var fieldValue: RuleFieldValue { .hyper(hyper) }
}

extension RuleNumber: HyperFieldStorable {}
extension RulePair: HyperFieldStorable {}

/// A value kept as given.
extension HyperValue: HyperFieldStorable {
    init?(hyper: HyperValue) { self = hyper }
    var hyper: HyperValue { self }
}

extension Bool: HyperFieldStorable {
    init?(hyper: HyperValue) {
        guard case .bool(let b) = hyper else { return nil }
        self = b
    }
    var hyper: HyperValue { .bool(self) }
}

extension Int: HyperFieldStorable {
    init?(hyper: HyperValue) {
        guard case .int(let i) = hyper else { return nil }
        self = i
    }
    var hyper: HyperValue { .int(self) }
}

/// A precision: Float32 or Float64, the element types flx keeps arrays of floats in.
extension DType: RuleFieldStorable {
    init?(fieldValue value: RuleFieldValue) {
        guard case .precision(let d) = value, d.isFloat else { return nil }
        self = d
    }
    var fieldValue: RuleFieldValue { .precision(self) }
}

extension Rule: RuleFieldStorable {
    init?(fieldValue value: RuleFieldValue) {
        guard case .member(let r) = value else { return nil }
        self = r
    }
    var fieldValue: RuleFieldValue { .member(self) }
}

extension Array: RuleFieldStorable where Element == Rule {
    init?(fieldValue value: RuleFieldValue) {
        guard case .members(let rs) = value else { return nil }
        self = rs
    }
    var fieldValue: RuleFieldValue { .members(self) }
}
